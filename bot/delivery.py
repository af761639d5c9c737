"""Sends what the outbox holds: after commit, once, retried with backoff until it arrives.

A channel provides a :class:`Sender`; it raises ``RetryLater`` for transient
failures (Telegram's 429, a dropped connection), ``Undeliverable`` when the
chat will never take the message (the user blocked the bot), and ``Rejected``
when the channel refuses that one message (it is dropped; the chat is fine).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from handlers.errors import Rejected, RetryLater, Undeliverable
from handlers.types import Reply, Sent
from storage import AsyncSession, SessionFactory, customers, outbox, tickets
from storage.base import utcnow

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
MAX_BACKOFF_SECONDS = 300.0


class Sender(Protocol):
    """Delivers replies on one channel."""

    channel: str

    async def send(self, chat_id: str, reply: Reply) -> Sent:
        """Send; report the channel's id for the message (and a new forum topic's thread)."""


def _relay_ticket(reply: Reply) -> int | None:
    relay = reply.meta.get("relay") or {}
    ticket_id = relay.get("ticket_id")
    return int(ticket_id) if ticket_id is not None else None


async def _remember_desk_message(
    session: AsyncSession, message: outbox.OutboxMessage, reply: Reply, sent: Sent
) -> None:
    """Record what a desk message belongs to, so a staff reply to it finds its ticket or draft."""
    relay = reply.meta.get("relay")
    if relay and sent.message_id is not None:
        tickets.record_relay(
            session,
            message.channel,
            message.chat_id,
            sent.message_id,
            ticket_id=relay.get("ticket_id"),
            draft_id=relay.get("draft_id"),
            purpose=relay.get("purpose"),
        )
    topic = reply.meta.get("topic")
    if topic and sent.thread_id is not None:
        await tickets.set_desk_thread(session, int(topic["ticket_id"]), sent.thread_id)


def backoff(attempts: int) -> float:
    """Seconds before the next try: 1, 2, 4, … capped at five minutes."""
    return float(min(2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS))


class OutboxDispatcher:
    """Claims due outbox rows, hands them to their channel's sender, records the outcome."""

    def __init__(
        self,
        sessions: SessionFactory,
        senders: Iterable[Sender],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.senders = {sender.channel: sender for sender in senders}
        self.clock = clock
        self._wake = asyncio.Event()
        self._stopping = False

    def notify(self) -> None:
        """Wake :meth:`run` because new rows were committed."""
        self._wake.set()

    def stop(self) -> None:
        """Make :meth:`run` return once the message in hand is sent and recorded (await its task).

        Cancelling it instead could cut a delivery between the send and its record: the
        message would go again after a restart, and a desk reply would not find its ticket.
        """
        self._stopping = True
        self._wake.set()

    async def deliver_due(self, limit: int = 50) -> int:
        """Send every message due now (up to ``limit``); returns how many were sent or given up on.

        A claim takes one message per chat, so a chat's next message is claimed
        in the next round, once the one before it has gone out.
        """
        settled = 0
        remaining = limit
        while remaining > 0 and not self._stopping:
            async with self.sessions() as session, session.begin():
                claimed = await outbox.claim_due(
                    session, now=self.clock(), channels=set(self.senders), limit=remaining, lease=LEASE
                )
            if not claimed:
                break
            remaining -= len(claimed)
            for message in claimed:
                if self._stopping:
                    await self._retry(message, self.clock(), "the sender stopped before sending it")  # due again now
                    continue
                if await self._deliver(message) is None:
                    settled += 1
        return settled

    async def _deliver(self, message: outbox.OutboxMessage) -> datetime | None:
        """Send one message; returns when to try again, or None once it is settled."""
        sender = self.senders[message.channel]
        reply = Reply.from_json(message.payload)
        if reply.thread_id is None and "topic" not in reply.meta and (ticket_id := _relay_ticket(reply)):
            # The ticket's topic may have been created after this message was queued.
            async with self.sessions() as session:
                thread_id = await tickets.desk_thread_of(session, ticket_id)
            if thread_id is not None:
                reply = replace(reply, thread_id=thread_id)
        try:
            sent = await sender.send(message.chat_id, reply)
        except RetryLater as error:
            delay = error.retry_after if error.retry_after is not None else backoff(message.attempts)
            logger.warning("outbox %s: %s; retrying in %.0fs", message.id, error, delay)
            retry_at = self.clock() + timedelta(seconds=delay)
            await self._retry(message, retry_at, str(error))
            return retry_at
        except Undeliverable as error:
            logger.warning("outbox %s: undeliverable: %s", message.id, error)
            async with self.sessions() as session, session.begin():
                await outbox.mark_dead(session, message.id, error=str(error))
                await customers.mark_blocked(session, message.channel, message.chat_id)
            return None
        except Rejected as error:
            logger.error("outbox %s: the channel refused the message, dropped: %s", message.id, error)
            async with self.sessions() as session, session.begin():
                await outbox.mark_dead(session, message.id, error=str(error))
            return None
        except Exception as error:
            logger.exception("outbox %s: sender failed", message.id)
            retry_at = self.clock() + timedelta(seconds=backoff(message.attempts))
            await self._retry(message, retry_at, repr(error))
            return retry_at
        async with self.sessions() as session, session.begin():
            await outbox.mark_sent(session, message.id, sent_message_id=sent.message_id, now=self.clock())
            await _remember_desk_message(session, message, reply, sent)
        return None

    async def _retry(self, message: outbox.OutboxMessage, at: datetime, error: str) -> None:
        async with self.sessions() as session, session.begin():
            await outbox.mark_retry(session, message.id, at=at, error=error)

    async def run(self, idle_seconds: float = 1.0) -> None:
        """Deliver until :meth:`stop`: at once when notified, otherwise every ``idle_seconds`` (for retries)."""
        while not self._stopping:
            try:
                while not self._stopping and await self.deliver_due():
                    pass
            except Exception:
                logger.exception("outbox delivery failed; will try again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=idle_seconds)
            self._wake.clear()
