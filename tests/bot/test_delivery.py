"""Stopping the outbox dispatcher (a shutdown, a redeploy) never cuts a delivery between sending and recording it."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.delivery import OutboxDispatcher
from handlers.types import Reply, Sent
from storage.outbox import OutboxMessage, OutboxStatus
from tests.harness import Chat, RecordingSender

STOP_TIMEOUT = 10.0  # seconds; only reached if the dispatcher never stops, which fails the test


class GatedSender(RecordingSender):
    """Holds each send until the test releases it, so the test can stop the dispatcher mid-send."""

    def __init__(self) -> None:
        super().__init__()
        self.sending = asyncio.Event()
        self.release = asyncio.Event()

    async def send(self, chat_id: str, reply: Reply) -> Sent:
        self.sending.set()
        await self.release.wait()
        return await super().send(chat_id, reply)


async def _statuses(runtime) -> list[str]:
    async with runtime.sessions() as session:
        return list(await session.scalars(select(OutboxMessage.status).order_by(OutboxMessage.id)))


async def test_a_message_being_sent_when_the_dispatcher_stops_is_recorded_as_sent_and_the_rest_wait(runtime) -> None:
    chat = Chat(runtime)
    await runtime.router.handle(chat.incoming(text="/help"))
    await runtime.router.handle(chat.incoming(text="/start"))
    sender = GatedSender()
    dispatcher = OutboxDispatcher(runtime.sessions, [sender], clock=runtime.services.clock)
    delivery = asyncio.create_task(dispatcher.run())
    async with asyncio.timeout(STOP_TIMEOUT):
        await sender.sending.wait()
        dispatcher.stop()
        sender.release.set()
        await delivery
    assert len(sender.sent) == 1, "nothing is sent after the stop"
    [first, *rest] = await _statuses(runtime)
    assert first == OutboxStatus.SENT, "the message on the wire when the stop came is recorded, not sent again"
    assert rest
    assert set(rest) == {OutboxStatus.PENDING}
    again = OutboxDispatcher(runtime.sessions, [RecordingSender()], clock=runtime.services.clock)
    assert await again.deliver_due() == len(rest), "what the stopped dispatcher had claimed is due again at once"
