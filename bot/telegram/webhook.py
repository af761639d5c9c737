"""The webhook server: Telegram's POST answered 200 only once the update is stored.

A small tornado application (tornado comes with python-telegram-bot's
``webhooks`` extra) with one handler: a request without the secret header gets
403 and is never read; a body that is not an update python-telegram-bot can
read gets 400 (Telegram would only send it again); an update stored in the
inbox gets 200; a database that refuses gets 500, so Telegram retries later.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from telegram import Bot
from tornado.httpserver import HTTPServer
from tornado.web import Application, RequestHandler

from bot.telegram.intake import Intake, read_update

__all__ = ["SECRET_HEADER", "WebhookServer"]

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class _UpdateHandler(RequestHandler):
    """POST: one update from Telegram."""

    def initialize(self, bot: Bot, intake: Intake, secret: str) -> None:
        self.bot, self.intake, self.secret = bot, intake, secret

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            self.set_status(403)
            return
        try:
            raw: Any = json.loads(self.request.body)
        except ValueError:
            logger.warning("webhook: a request with the secret but no JSON body; refused")
            self.set_status(400)
            return
        update = read_update(raw, self.bot)
        if update is None:
            self.set_status(400)
            return
        try:
            await self.intake.store([update])
        except Exception as error:  # the database: Telegram delivers the update again after a 5xx
            logger.warning("webhook: could not store update %s (%s); answered 500", update.update_id, error)
            self.set_status(500)
            return
        self.set_status(200)


class WebhookServer:
    """Listens on ``listen:port`` at ``path`` until stopped."""

    def __init__(self, bot: Bot, intake: Intake, *, secret: str, path: str) -> None:
        handler_args = {"bot": bot, "intake": intake, "secret": secret}
        self._server = HTTPServer(Application([(f"/{path.strip('/')}", _UpdateHandler, handler_args)]))

    def start(self, listen: str, port: int) -> None:
        self._server.listen(port, address=listen)

    async def stop(self) -> None:
        self._server.stop()
        await self._server.close_all_connections()
