"""A local Telegram Bot API server: the bot under test talks to it over real HTTP.

It speaks the methods dealerbot uses (``getMe``, ``getUpdates`` with long
polling, ``setWebhook``/``deleteWebhook``, ``sendMessage``, ``editMessageText``,
``editMessageReplyMarkup``, ``answerCallbackQuery``, ``sendDocument``,
``sendPhoto`` (multipart uploads), ``setMyCommands``, ``getFile`` and file
downloads, ``createForumTopic``), answers like Telegram does (``message is not
modified``, ``BUTTON_DATA_INVALID``, 409 on ``getUpdates`` while a webhook is
set), queues the updates a test injects — or, once a webhook is set, POSTs them
to it with the secret header — and records everything the bot sent.

Faults are armed per method (optionally per chat): a 429 with ``retry_after``,
a dropped connection (closed before the request is processed, so a retry is
not a duplicate), a 403 from a user who blocked the bot.

Usage::

    async with BotApiServer() as api:
        ExtBot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url)
        api.push({"message": {...}})          # or use tests.e2e.people.TelegramUser
        message = await api.wait_for_message(chat_id, lambda m: "hello" in m.text)
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.e2e.records import BotMessage, Call, Fault, Upload

TOKEN = "123456789:TEST-dealerbot-e2e-token"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "Dealer", "username": "dealer_e2e_bot"}
SENDING = frozenset({"sendMessage", "sendDocument", "sendPhoto", "editMessageText", "editMessageReplyMarkup"})
FILE_FIELDS = {"sendDocument": "document", "sendPhoto": "photo"}
MAX_CALLBACK_DATA = 64

T = TypeVar("T")


class ApiError(Exception):
    """A Bot API error reply (``ok: false``)."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


@dataclass
class _Queued:
    update: dict[str, Any]
    delivered: bool = False


@dataclass
class _Armed:
    method: str
    fault: Fault
    chat_id: int | None
    remaining: int | None
    skip: int = 0


@dataclass
class BotApiServer:
    """The server; start it with ``async with``. Every attribute is there for tests to read."""

    calls: list[Call] = field(default_factory=list)
    messages: list[BotMessage] = field(default_factory=list)
    callback_answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    topics: list[dict[str, Any]] = field(default_factory=list)
    webhook: dict[str, Any] | None = None
    files: dict[str, Upload] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._queue: list[_Queued] = []
        self._closing = False
        self._faults: list[_Armed] = []
        self._changed = asyncio.Condition()
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._pushing: asyncio.Task[None] | None = None
        self._methods: dict[str, Callable[[dict[str, Any]], Awaitable[Any]]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "getFile": self._get_file,
            "createForumTopic": self._create_forum_topic,
        }
        app = web.Application(client_max_size=50 * 2**20)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._server = TestServer(app, host="127.0.0.1")

    async def __aenter__(self) -> BotApiServer:
        await self._server.start_server()
        self._client = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._pushing is not None:
            self._pushing.cancel()
        self._closing = True
        await self.changed()  # long polls return now rather than at their timeout
        await self._client.close()
        await self._server.close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self._server.port}/file/bot"

    def next_id(self) -> int:
        """A fresh id for a message, a callback query or a file."""
        return next(self._ids)

    # --- what tests do -------------------------------------------------------------------------

    async def push(self, update: dict[str, Any], *, update_id: int | None = None) -> dict[str, Any]:
        """Deliver an update to the bot (an ``update_id`` is assigned unless given: reuse one to redeliver)."""
        update = {"update_id": update_id if update_id is not None else next(self._update_ids), **update}
        self._queue.append(_Queued(update))
        if self.webhook is not None:
            self._start_pushing()
        await self.changed()
        return update

    def fail(
        self, method: str, fault: Fault, *, chat_id: int | None = None, times: int | None = 1, after: int = 0
    ) -> None:
        """Answer ``times`` calls of ``method`` (to ``chat_id``, if given) with ``fault`` (None: forever).

        ``after`` lets that many matching calls through first.
        """
        self._faults.append(_Armed(method, fault, chat_id, times, after))

    def block(self, chat_id: int) -> None:
        """The person in ``chat_id`` blocked the bot: every message to them gets 403 from now on."""
        for method in SENDING:
            self.fail(method, Fault.blocked(), chat_id=chat_id, times=None)

    def messages_to(self, chat_id: int) -> list[BotMessage]:
        """What the bot sent to a chat, oldest first, as each message stands now."""
        return [m for m in self.messages if m.chat_id == chat_id]

    def calls_of(self, method: str, chat_id: int | None = None) -> list[Call]:
        """Every call of ``method`` (including refused ones), optionally to one chat."""
        return [c for c in self.calls if c.method == method and (chat_id is None or c.chat_id == chat_id)]

    def offsets(self) -> list[int]:
        """The ``offset`` of every ``getUpdates`` call so far, in order (0 for none): what the bot acknowledged."""
        return [int(call.params.get("offset") or 0) for call in self.calls_of("getUpdates")]

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[BotMessage], bool] = lambda _: True,
        timeout: float = 5.0,  # noqa: ASYNC109 - the harness's documented signature
    ) -> BotMessage:
        """The first message to ``chat_id`` that satisfies ``predicate`` now or once sent or edited."""
        return await self.wait_until(
            lambda: next((m for m in self.messages_to(chat_id) if predicate(m)), None), timeout
        )

    async def wait_until(self, probe: Callable[[], T | None], timeout: float = 5.0) -> T:  # noqa: ASYNC109
        """Wait until ``probe()`` returns something other than None (re-checked on every change)."""
        async with self._changed:
            try:
                return await asyncio.wait_for(self._changed.wait_for(probe), timeout)  # type: ignore[arg-type]
            except TimeoutError:
                raise AssertionError(f"nothing matched within {timeout}s; the bot sent {self.messages!r}") from None

    # --- the HTTP side -------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != TOKEN:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await _params(request)
        call = Call(method, params, time.monotonic())
        fault = self._armed_fault(method, call.chat_id)
        if fault is not None and fault.status is None:
            # Close before answering: the request never happened as far as the bot can tell.
            self.calls.append(call)
            assert request.transport is not None
            request.transport.close()
            raise web.HTTPServiceUnavailable()
        self.calls.append(call)
        try:
            if fault is not None:
                raise ApiError(fault.status or 500, fault.description, fault.parameters)
            handler = self._methods.get(method)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result = await handler(params)
        except ApiError as error:
            body: dict[str, Any] = {"ok": False, "error_code": error.code, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            return web.json_response(body, status=error.code)
        await self.changed()
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        upload = self.files.get(request.match_info["path"])
        if request.match_info["token"] != TOKEN or upload is None:
            raise web.HTTPNotFound()
        return web.Response(body=upload.content, content_type=upload.mime_type or "application/octet-stream")

    def _armed_fault(self, method: str, chat_id: int | None) -> Fault | None:
        for armed in self._faults:
            if armed.method == method and armed.chat_id in (None, chat_id) and armed.remaining != 0:
                if armed.skip:
                    armed.skip -= 1
                    continue
                if armed.remaining is not None:
                    armed.remaining -= 1
                return armed.fault
        return None

    async def changed(self) -> None:
        """Wake everyone waiting on the server (it calls this itself after every call it serves)."""
        async with self._changed:
            self._changed.notify_all()

    def _start_pushing(self) -> None:
        if self._pushing is None or self._pushing.done():
            self._pushing = asyncio.get_running_loop().create_task(self._push_to_webhook())

    async def _push_to_webhook(self) -> None:
        """POST queued updates to the webhook, in order, as Telegram does; retry until it says 200."""
        while self.webhook is not None and (pending := [q for q in self._queue if not q.delivered]):
            queued, hook = pending[0], self.webhook
            headers = {"Content-Type": "application/json"}
            if hook.get("secret_token"):
                headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret_token"]
            try:
                async with self._client.post(hook["url"], data=json.dumps(queued.update), headers=headers) as answer:
                    queued.delivered = answer.status == 200
            except aiohttp.ClientError:
                queued.delivered = False
            if not queued.delivered:
                await asyncio.sleep(0.05)

    # --- the methods -----------------------------------------------------------------------------

    async def _get_me(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False}

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        # Telegram forgets what it delivered below the offset; what was never delivered still comes.
        self._queue = [q for q in self._queue if not (q.delivered and q.update["update_id"] < offset)]

        def pending() -> list[_Queued] | None:
            if self._closing:
                return []
            return [q for q in self._queue if q.update["update_id"] >= offset or not q.delivered] or None

        timeout = float(params.get("timeout") or 0)
        async with self._changed:
            try:
                batch = await asyncio.wait_for(self._changed.wait_for(pending), timeout) if timeout else pending()
            except TimeoutError:
                batch = None
        for queued in batch or []:
            queued.delivered = True
        return [q.update for q in batch or []]

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token")}
        if params.get("drop_pending_updates") in ("true", "True", True):
            self._queue.clear()
        self._start_pushing()
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates") in ("true", "True", True):
            self._queue.clear()
        return True

    async def _get_webhook_info(self, _params: dict[str, Any]) -> dict[str, Any]:
        pending = sum(not q.delivered for q in self._queue)
        return {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": pending,
        }

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        text = params.get("text") or ""
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return self._record(params, "sendMessage", text=text)

    async def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._record(params, "sendDocument", text=params.get("caption"), upload=self._upload(params, "document"))

    async def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._record(params, "sendPhoto", text=params.get("caption"), upload=self._upload(params, "photo"))

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._message(params)
        markup = _inline_only(params.get("reply_markup"))
        if message.text == params["text"] and message.reply_markup == markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a content and reply markup of the current message",
            )
        message.edit(text=params["text"], reply_markup=markup)
        return message.to_json(BOT_USER)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._message(params)
        markup = _inline_only(params.get("reply_markup"))
        if message.reply_markup == markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.edit(text=message.text, reply_markup=markup)
        return message.to_json(BOT_USER)

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        self.callback_answers[params["callback_query_id"]] = params
        return True

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        scope = json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True)
        self.commands[(scope, params.get("language_code") or "")] = params["commands"]
        return True

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        scope = json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True)
        self.commands.pop((scope, params.get("language_code") or ""), None)
        return True

    async def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        upload = self.files.get(params["file_id"])
        if upload is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": upload.file_id,
            "file_unique_id": upload.file_id,
            "file_size": len(upload.content),
            "file_path": upload.file_id,
        }

    async def _create_forum_topic(self, params: dict[str, Any]) -> dict[str, Any]:
        topic = {
            "message_thread_id": self.next_id(),
            "name": params["name"],
            "icon_color": 7322096,
            "chat_id": int(params["chat_id"]),
        }
        self.topics.append(topic)
        return {k: v for k, v in topic.items() if k != "chat_id"}

    # --- helpers -------------------------------------------------------------------------------

    def _record(
        self, params: dict[str, Any], method: str, *, text: str | None, upload: Upload | None = None
    ) -> dict[str, Any]:
        markup = params.get("reply_markup")
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                if len(button.get("callback_data", "").encode()) > MAX_CALLBACK_DATA:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        thread = params.get("message_thread_id")
        message = BotMessage(
            chat_id=int(params["chat_id"]),
            message_id=self.next_id(),
            method=method,
            text=text,
            reply_markup=markup,
            thread_id=int(thread) if thread else None,
            upload=upload,
        )
        self.messages.append(message)
        return message.to_json(BOT_USER)

    def _upload(self, params: dict[str, Any], name: str) -> Upload:
        value = params.get(name)
        if isinstance(value, Upload):
            upload = replace(value, file_id=f"file-{self.next_id()}")
            self.files[upload.file_id] = upload
            return upload
        if isinstance(value, str) and value:
            return self.files.get(value) or Upload(file_id=value, filename=None, content=b"", mime_type=None)
        raise ApiError(400, f"Bad Request: there is no {name} in the request")

    def _message(self, params: dict[str, Any]) -> BotMessage:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        for message in self.messages:
            if message.chat_id == chat_id and message.message_id == message_id:
                return message
        raise ApiError(400, "Bad Request: message to edit not found")


_JSON_FIELDS = frozenset({"reply_markup", "commands", "scope", "allowed_updates", "entities"})


async def _params(request: web.Request) -> dict[str, Any]:
    """A call's parameters from a query string, a form, a multipart upload or a JSON body."""
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        params.update(await request.json())
        return params
    if request.can_read_body:
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                content = value.file.read()
                params[name] = Upload(
                    file_id="",
                    filename=value.filename,
                    content=content,
                    mime_type=value.content_type,
                )
            else:
                params[name] = json.loads(value) if name in _JSON_FIELDS else value
    # A multipart upload names its file part via "attach://<name>" in the field.
    for name, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            params[name] = params.pop(value.removeprefix("attach://"), value)
    return params


def _inline_only(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """An edit can carry only an inline keyboard; leaving it out removes the old one (as Telegram does)."""
    return markup if markup and "inline_keyboard" in markup else None
