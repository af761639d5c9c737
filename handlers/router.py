"""The router: one update, one transaction, one flow.

For each :class:`Incoming` it opens a session and a transaction, records the
update id (a redelivery stops here), reads a number or label typed on a
text-only channel as the option it names (handlers/numbered.py), finds the
person and the chat's state, offers the update to the routes in their
registered order, then writes the new state, the outgoing messages to the
outbox and the numbered options they show — all in that transaction
(docs/architecture.md, "Decisions"). It returns the outbox ids to send now.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from copy import deepcopy

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.context import ChatState, FlowContext, Services
from handlers.errors import InputError
from handlers.i18n import resolve_language, text_language
from handlers.numbered import OUT_OF_RANGE, read_typed, remember_shown
from handlers.types import ChatKind, Incoming
from storage import conversations, customers, outbox, staff
from storage.conversations import StaleStateError

logger = logging.getLogger(__name__)

Route = Callable[[FlowContext], Awaitable[bool]]

MAX_ATTEMPTS = 5


def conversation_of(incoming: Incoming) -> str:
    """Whose state an update reads: the chat's, but in a group each member's own (two staff, two flows)."""
    if incoming.chat_kind is ChatKind.PRIVATE:
        return incoming.chat_id
    return f"{incoming.chat_id}:{incoming.user_id}"


class Router:
    """Dispatches updates to the routes; safe to share between concurrent tasks."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], services: Services, routes: Sequence[Route]) -> None:
        self.sessions = sessions
        self.services = services
        self.routes = tuple(routes)

    async def handle(self, incoming: Incoming) -> list[int]:
        """Handle one update; returns the ids of the outbox rows it wrote (none for a duplicate)."""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return await self._handle_once(incoming)
            except StaleStateError:
                if attempt == MAX_ATTEMPTS:
                    raise
                logger.info("chat %s changed under update %s; retrying", incoming.chat_id, incoming.update_id)
        raise AssertionError("unreachable")

    async def _handle_once(self, incoming: Incoming) -> list[int]:
        async with self.sessions() as session, session.begin():
            if incoming.update_id is not None and not await conversations.claim_update(
                session, incoming.channel, incoming.update_id, now=self.services.clock()
            ):
                logger.info("duplicate update %s on %s ignored", incoming.update_id, incoming.channel)
                return []
            typed = await read_typed(session, incoming, self.services.config.text_only_channels)
            incoming = typed.incoming
            identity, customer = await customers.identify(
                session,
                incoming.channel,
                incoming.user_id,
                display_name=incoming.user_name,
                language=resolve_language(incoming.language_code, self.services.config.default_language),
            )
            row = await conversations.load_state(session, incoming.channel, conversation_of(incoming))
            state = self._fresh_state(row)
            before = (state.flow, state.step, deepcopy(state.data))
            await self.services.knowledge.refresh(session)
            ctx = FlowContext(
                session=session,
                incoming=incoming,
                services=self.services,
                identity=identity,
                customer=customer,
                language=self._language(incoming, customer, state),
                state=state,
                role=await staff.role_of(session, identity.id),
            )
            if typed.out_of_range:
                ctx.say(ctx._(OUT_OF_RANGE, count=typed.options))
            else:
                await self._dispatch(ctx)
            if row is None or (state.flow, state.step, state.data) != before:
                await conversations.save_state(
                    session,
                    incoming.channel,
                    conversation_of(incoming),
                    flow=state.flow,
                    step=state.step,
                    data=state.data,
                    read_version=row.version if row is not None else None,
                    now=self.services.clock(),
                )
            now = self.services.clock()
            messages = [outbox.enqueue(session, o.channel, o.chat_id, o.reply.to_json(), now=now) for o in ctx.outgoing]
            await session.flush()
            shown = [(o.channel, o.chat_id, o.reply, m.id) for o, m in zip(ctx.outgoing, messages, strict=True)]
            await remember_shown(session, shown, self.services.config.text_only_channels, now=now)
            return [message.id for message in messages]

    def _fresh_state(self, row: conversations.ConversationState | None) -> ChatState:
        """The stored state; a flow abandoned too long ago starts over (and holds nothing)."""
        if row is None:
            return ChatState()
        if row.flow is not None and self.services.clock() - row.updated_at > self.services.config.flow_timeout:
            return ChatState()
        return ChatState(row.flow, row.step, deepcopy(row.data))

    def _language(self, incoming: Incoming, customer: customers.Customer, state: ChatState) -> str:
        """The person's language; a message outside a flow written in the other one switches it (``/language`` too).

        Kept on the customer, so the flow it starts, its buttons and later reminders go on in that language.
        """
        written = text_language(incoming.text) if state.flow is None else None
        if written is not None and incoming.chat_kind is ChatKind.PRIVATE:
            customer.language = written
        return customer.language or resolve_language(incoming.language_code, self.services.config.default_language)

    async def _dispatch(self, ctx: FlowContext) -> None:
        """Offer the update to each route in order until one takes it.

        An :class:`InputError` undoes whatever the flow did (its database
        changes, state and replies) and answers with the error's sentence.
        """
        before = ChatState(ctx.state.flow, ctx.state.step, deepcopy(ctx.state.data))
        try:
            async with ctx.session.begin_nested():
                for route in self.routes:
                    if await route(ctx):
                        return
        except InputError as error:
            ctx.state.flow, ctx.state.step, ctx.state.data = before.flow, before.step, before.data
            ctx.outgoing.clear()
            ctx.say(ctx._(error.message, **error.params))
