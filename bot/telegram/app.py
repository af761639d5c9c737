"""The Telegram bot: python-telegram-bot's ``Application`` around dealerbot's router and outbox.

Usage: set ``TELEGRAM_TOKEN`` and run ``dealerbot run`` — long polling, or a
webhook behind a reverse proxy when ``WEBHOOK_URL`` (and ``WEBHOOK_SECRET``)
are set; a webhook request without the secret is refused with 403 and never
processed.

Every message and button press becomes an ``Incoming`` for the router, which
answers it in one transaction and leaves the replies in the outbox; the outbox
dispatcher, a background task, is woken at once to send them. Button presses
are answered first so the button stops spinning. The database, the knowledge
base and the dispatcher are opened in ``post_init`` and closed in
``post_shutdown``. One error handler logs with the traceback, tells the admin
chat and apologises to the person; the bot carries on with the next update.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.delivery import OutboxDispatcher
from bot.jobs import JobRunner
from bot.runtime import Runtime, start_runtime
from bot.settings import Settings
from bot.telegram.convert import CHANNEL, to_incoming
from bot.telegram.menus import publish_menus
from bot.telegram.sender import TelegramSender
from handlers.context import DeskAddress
from handlers.i18n import N_, resolve_language
from storage.base import utcnow

__all__ = ["ALLOWED_UPDATES", "TelegramBot", "run"]

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY)
APOLOGY = N_("Sorry, something went wrong on my side. Please try again in a moment.")
ADMIN_NOTICE_INTERVAL = 60.0  # seconds; a failing database must not flood the admin chat


class TelegramBot:
    """One bot: its PTB application, and the runtime it opens when the application starts."""

    def __init__(self, settings: Settings, *, clock: Callable[[], datetime] = utcnow) -> None:
        if settings.telegram_token is None:
            raise ValueError("set TELEGRAM_TOKEN to the token @BotFather gave you")
        self.settings = settings
        self.clock = clock
        self.runtime: Runtime | None = None
        self.dispatcher: OutboxDispatcher | None = None
        self._delivery: asyncio.Task[None] | None = None
        self.jobs: JobRunner | None = None
        self._job_loop: asyncio.Task[None] | None = None
        self._last_admin_notice = float("-inf")
        self.application: Application[Any, Any, Any, Any, Any, Any] = (
            ApplicationBuilder()
            .token(settings.telegram_token.get_secret_value())
            .base_url(settings.telegram_base_url)
            .base_file_url(settings.telegram_base_file_url)
            .rate_limiter(AIORateLimiter())
            .job_queue(None)  # timed work is rows in the database, run by bot.jobs.JobRunner
            .post_init(self._open)
            .post_shutdown(self._close)
            .build()
        )
        # Handlers, in the order they are tried: new messages of any kind, then button presses.
        self.application.add_handler(MessageHandler(filters.UpdateType.MESSAGE, self._on_update))
        self.application.add_handler(CallbackQueryHandler(self._on_update))
        self.application.add_error_handler(self._on_error)

    async def _open(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """post_init: the database and router, the outbox dispatcher, the commands menus."""
        staff_chat = self.settings.staff_chat_id
        desk = DeskAddress(CHANNEL, str(staff_chat)) if staff_chat is not None else None
        self.runtime = runtime = await start_runtime(self.settings, clock=self.clock, desk=desk)
        self.dispatcher = OutboxDispatcher(runtime.sessions, [TelegramSender(application.bot)], clock=self.clock)
        self._delivery = asyncio.create_task(self.dispatcher.run(), name="outbox-delivery")
        # Reminders, offers and other timed work: claimed from the database, so several bots may run this.
        self.jobs = JobRunner(runtime.sessions, runtime.services, on_sent=self.dispatcher.notify)
        self._job_loop = asyncio.create_task(self.jobs.run(self.settings.job_interval_seconds), name="job-runner")
        try:
            await publish_menus(
                application.bot,
                runtime.services.translator,
                default_language=self.settings.default_language,
                staff_chat_id=staff_chat,
            )
        except TelegramError as error:
            logger.error("could not set the commands menus: %s", error)

    async def _close(self, _application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """post_shutdown: stop running jobs and delivering, close the database."""
        for task in (self._job_loop, self._delivery):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self.runtime is not None:
            await self.runtime.close()

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Hand the update to the router; wake the dispatcher if there is something to send."""
        runtime, dispatcher = self.runtime, self.dispatcher
        if runtime is None or dispatcher is None:
            raise RuntimeError("an update arrived before post_init opened the runtime")
        if update.callback_query is not None:
            try:
                await update.callback_query.answer()
            except TelegramError as error:  # too old to answer, or the network hiccuped: the press still counts
                logger.info("callback query %s not answered: %s", update.callback_query.id, error.message)
        incoming = to_incoming(update, context.bot.username)
        if incoming is None:
            return
        if await runtime.router.handle(incoming):
            dispatcher.notify()

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log with the traceback, tell the admin chat, apologise to the person; never raise."""
        error = context.error
        logger.error("error while handling update %s", getattr(update, "update_id", None), exc_info=error)
        if not isinstance(update, Update):
            return
        await self._tell_admin(context, update, error)
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None or chat.type != chat.PRIVATE or self.runtime is None:
            return
        language = resolve_language(user.language_code, self.settings.default_language)
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(chat.id, self.runtime.services.translator.gettext(language, APOLOGY))

    async def _tell_admin(
        self, context: ContextTypes.DEFAULT_TYPE, update: Update, error: BaseException | None
    ) -> None:
        admin_chat = self.settings.admin_chat_id
        now = time.monotonic()
        if admin_chat is None or now - self._last_admin_notice < ADMIN_NOTICE_INTERVAL:
            return
        self._last_admin_notice = now
        chat = update.effective_chat
        notice = (
            f"⚠️ dealerbot error on update {update.update_id} (chat {chat.id if chat else '?'}):\n"
            f"{type(error).__name__}: {error}\nThe traceback is in the log."
        )
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(admin_chat, notice[:4000])

    def webhook_options(self) -> dict[str, Any]:
        """The arguments of ``run_webhook``/``Updater.start_webhook`` from the settings."""
        settings = self.settings
        if settings.webhook_url is None or settings.webhook_secret is None:
            raise ValueError("webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET")
        return {
            "listen": settings.webhook_listen,
            "port": settings.webhook_port,
            "url_path": urlsplit(settings.webhook_url).path.strip("/"),
            "webhook_url": settings.webhook_url,
            "secret_token": settings.webhook_secret.get_secret_value(),
            "allowed_updates": list(ALLOWED_UPDATES),
        }


def run(settings: Settings) -> None:
    """Serve until SIGINT/SIGTERM: by webhook when ``WEBHOOK_URL`` is set, else by long polling."""
    # Request lines carry the token in their URL: keep them out of the log.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    bot = TelegramBot(settings)
    if settings.webhook_url:
        bot.application.run_webhook(**bot.webhook_options())
    else:
        bot.application.run_polling(allowed_updates=list(ALLOWED_UPDATES))
