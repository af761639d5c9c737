"""The Telegram bot: python-telegram-bot's ``Bot`` around dealerbot's inbox, router and outbox.

Usage: set ``TELEGRAM_TOKEN`` and run ``dealerbot run`` — long polling, or a
webhook behind a reverse proxy when ``WEBHOOK_URL`` (and ``WEBHOOK_SECRET``)
are set; a webhook request without the secret is refused with 403 and never
processed.

Every message and button press is stored in the inbox as an ``Incoming``
before Telegram is told it arrived (the polling offset moves, the webhook
answers 200 only after the commit), so a crash or a database outage delays
answers but loses none. The inbox processor hands each stored update to the
router, which answers it in one transaction and leaves the replies in the
outbox; the outbox dispatcher, a background task, is woken at once to send
them. One error handler logs with the traceback, tells the admin chat and
apologises to the person; the bot carries on with the next update.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, ExtBot

from bot.delivery import OutboxDispatcher
from bot.inbox import InboxProcessor
from bot.jobs import JobRunner
from bot.runtime import Runtime, start_runtime
from bot.settings import Settings
from bot.telegram.convert import CHANNEL
from bot.telegram.intake import Intake
from bot.telegram.menus import publish_menus
from bot.telegram.polling import poll
from bot.telegram.sender import TelegramSender
from bot.telegram.webhook import WebhookServer
from handlers.context import DeskAddress
from handlers.i18n import N_, resolve_language
from handlers.types import ChatKind, Incoming
from storage.base import utcnow

__all__ = ["ALLOWED_UPDATES", "TelegramBot", "run"]

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY)
APOLOGY = N_("Sorry, something went wrong on my side. Please try again in a moment.")
ADMIN_NOTICE_INTERVAL = 60.0  # seconds; a failing database must not flood the admin chat
POLL_TIMEOUT = 10.0  # seconds a getUpdates long poll waits for news
STOP_GRACE = 10.0  # seconds the processor may take to finish the update in hand at shutdown


class TelegramBot:
    """One bot: its PTB ``Bot``, and the runtime, inbox and outbox it runs between ``start`` and ``stop``."""

    def __init__(
        self, settings: Settings, *, clock: Callable[[], datetime] = utcnow, poll_timeout: float = POLL_TIMEOUT
    ) -> None:
        if settings.telegram_token is None:
            raise ValueError("set TELEGRAM_TOKEN to the token @BotFather gave you")
        self.settings = settings
        self.clock = clock
        self.poll_timeout = poll_timeout
        self.bot: ExtBot[int] = ExtBot(
            settings.telegram_token.get_secret_value(),
            base_url=settings.telegram_base_url,
            base_file_url=settings.telegram_base_file_url,
            rate_limiter=AIORateLimiter(),
        )
        self.runtime: Runtime | None = None
        self.dispatcher: OutboxDispatcher | None = None
        self.jobs: JobRunner | None = None
        self.processor: InboxProcessor | None = None
        self.intake: Intake | None = None
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._webhook: WebhookServer | None = None
        self._last_admin_notice = float("-inf")

    async def start(self) -> None:
        """Open the database and the background work, then receive updates (webhook or polling)."""
        await self.bot.initialize()
        staff_chat = self.settings.staff_chat_id
        desk = DeskAddress(CHANNEL, str(staff_chat)) if staff_chat is not None else None
        self.runtime = runtime = await start_runtime(self.settings, clock=self.clock, desk=desk)
        self.dispatcher = OutboxDispatcher(runtime.sessions, [TelegramSender(self.bot)], clock=self.clock)
        self._spawn("outbox-delivery", self.dispatcher.run())
        # Reminders, offers and other timed work: claimed from the database, so several bots may run this.
        self.jobs = JobRunner(runtime.sessions, runtime.services, on_sent=self.dispatcher.notify)
        self._spawn("job-runner", self.jobs.run(self.settings.job_interval_seconds))
        self.processor = InboxProcessor(runtime.sessions, self._handle, on_error=self._on_error, clock=self.clock)
        self._spawn("inbox", self.processor.run())
        self.intake = Intake(self.bot, runtime.sessions, clock=self.clock, stored=self.processor.notify)
        try:
            await publish_menus(
                self.bot,
                runtime.services.translator,
                default_language=self.settings.default_language,
                staff_chat_id=staff_chat,
            )
        except TelegramError as error:
            logger.error("could not set the commands menus: %s", error)
        await self._receive(self.intake)

    async def _receive(self, intake: Intake) -> None:
        settings = self.settings
        if settings.webhook_url:
            if settings.webhook_secret is None:
                raise ValueError("webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET")
            secret = settings.webhook_secret.get_secret_value()
            self._webhook = WebhookServer(self.bot, intake, secret=secret, path=urlsplit(settings.webhook_url).path)
            self._webhook.start(settings.webhook_listen, settings.webhook_port)
            await self.bot.set_webhook(settings.webhook_url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES))
        else:
            await self.bot.delete_webhook()
            self._spawn("polling", poll(self.bot, intake, long_poll=self.poll_timeout, allowed_updates=ALLOWED_UPDATES))

    async def stop(self) -> None:
        """Stop receiving, let the update in hand finish, stop the background work, close the database."""
        if self._webhook is not None:
            await self._webhook.stop()
        await self._cancel("polling")
        if self.intake is not None:
            await self.intake.close()
        inbox = self._tasks.pop("inbox", None)
        if self.processor is not None and inbox is not None:
            self.processor.close()
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(inbox, STOP_GRACE)
        await self._cancel("job-runner")  # a job cut short rolls back and is due again
        delivery = self._tasks.pop("outbox-delivery", None)
        if self.dispatcher is not None and delivery is not None:
            # Not cancelled: that could cut a message between its send and its record.
            self.dispatcher.stop()
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(delivery, STOP_GRACE)
        if self.runtime is not None:
            await self.runtime.close()
        await self.bot.shutdown()

    def _spawn(self, name: str, work: Coroutine[Any, Any, None]) -> None:
        self._tasks[name] = asyncio.create_task(work, name=name)

    async def _cancel(self, name: str) -> None:
        task = self._tasks.pop(name, None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _handle(self, incoming: Incoming) -> None:
        """Hand a stored update to the router; wake the dispatcher if there is something to send."""
        runtime, dispatcher = self.runtime, self.dispatcher
        if runtime is None or dispatcher is None:
            raise RuntimeError("an update arrived before the runtime was opened")
        if await runtime.router.handle(incoming):
            dispatcher.notify()

    async def _on_error(self, incoming: Incoming, error: Exception) -> None:
        """Log with the traceback, tell the admin chat, apologise to the person; never raise."""
        logger.error("error while handling update %s", incoming.update_id, exc_info=error)
        await self._tell_admin(incoming, error)
        if incoming.chat_kind != ChatKind.PRIVATE or self.runtime is None:
            return
        language = resolve_language(incoming.language_code, self.settings.default_language)
        with contextlib.suppress(TelegramError):
            await self.bot.send_message(incoming.chat_id, self.runtime.services.translator.gettext(language, APOLOGY))

    async def _tell_admin(self, incoming: Incoming, error: Exception) -> None:
        admin_chat = self.settings.admin_chat_id
        now = time.monotonic()
        if admin_chat is None or now - self._last_admin_notice < ADMIN_NOTICE_INTERVAL:
            return
        self._last_admin_notice = now
        notice = (
            f"⚠️ dealerbot error on update {incoming.update_id} (chat {incoming.chat_id}):\n"
            f"{type(error).__name__}: {error}\nThe traceback is in the log."
        )
        with contextlib.suppress(TelegramError):
            await self.bot.send_message(admin_chat, notice[:4000])


def run(settings: Settings) -> None:
    """Serve until SIGINT/SIGTERM: by webhook when ``WEBHOOK_URL`` is set, else by long polling."""
    # Request lines carry the token in their URL: keep them out of the log.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    asyncio.run(_serve(TelegramBot(settings)))


async def _serve(bot: TelegramBot) -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    try:
        await bot.start()
        await stopping.wait()
    finally:
        await bot.stop()
