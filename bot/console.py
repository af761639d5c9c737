"""The console channel: a local chat in the terminal, as a customer or as staff.

Usage: ``dealerbot chat`` (or ``make run`` with no Telegram token). Type a
question; choices are numbered, type the number (or the label) to pick one; a run
that finds the chat in the middle of something shows the last options again
(the numbers are kept in the database: handlers/numbered.py). ``/as staff`` and
``/as customer`` switch sides; ``/quit`` (or Ctrl-D) leaves. The staff side is
the desk: what staff type there answers the ticket of the last desk message,
as a reply to it would on Telegram.
"""

from __future__ import annotations

import asyncio
import itertools
import readline
import sys
import uuid
from pathlib import Path
from typing import TextIO

from bot.delivery import OutboxDispatcher
from bot.jobs import JobRunner
from bot.runtime import Runtime
from handlers.numbered import numbered
from handlers.types import ChatKind, Incoming, Reply, Sent
from storage import chat_options, customers, staff

CHANNEL = "console"
CUSTOMER = "console-customer"
STAFF = "console-staff"
HISTORY = Path("var/console_history")


class ConsoleChannel:
    """Reads lines, turns them into updates, prints every reply with who it is for."""

    channel = CHANNEL

    def __init__(self, runtime: Runtime, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
        self.runtime = runtime
        self.stdin = stdin
        self.stdout = stdout
        self.user = CUSTOMER
        # Ids carry this run's random prefix: the database outlives the run, and the desk's
        # relay records and the processed updates are keyed by them.
        self.session_id = uuid.uuid4().hex
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._last_desk_message: str | None = None
        self.dispatcher = OutboxDispatcher(runtime.sessions, [self], clock=runtime.services.clock)
        self.jobs = JobRunner(runtime.sessions, runtime.services)

    async def send(self, chat_id: str, reply: Reply) -> Sent:
        """Print a reply, numbering its choices so they can be picked by typing the number."""
        message_id = f"{self.session_id}-{next(self._message_ids)}"
        who = "staff" if chat_id == STAFF else "customer"
        self.stdout.write(f"[bot → {who}] {reply.text}\n")
        self._print_options([choice.label for choice in numbered(reply)])
        for attachment in reply.attachments:
            self.stdout.write(f"    📎 {attachment.filename or attachment.kind}\n")
        if reply.request_contact:
            self.stdout.write(f"    ({reply.request_contact}: type your phone number)\n")
        if chat_id == STAFF:
            self._last_desk_message = message_id
        self.stdout.flush()
        return Sent(message_id)

    def _print_options(self, labels: list[str]) -> None:
        for number, label in enumerate(labels, start=1):
            self.stdout.write(f"    {number}) {label}\n")

    def incoming(self, line: str) -> Incoming:
        """The update a typed line stands for; the router reads a number or a label as the option it names."""
        update_id = f"{self.session_id}-{next(self._update_ids)}"
        kind = ChatKind.GROUP if self.user == STAFF else ChatKind.PRIVATE
        reply_to = self._last_desk_message if self.user == STAFF else None
        return Incoming(
            CHANNEL, self.user, self.user, update_id, text=line, chat_kind=kind, reply_to_message_id=reply_to
        )

    async def switch(self, side: str) -> None:
        """``/as staff`` makes the console user an admin: the terminal is the operator's own."""
        if side not in ("staff", "customer"):
            self.stdout.write("usage: /as staff | /as customer\n")
            return
        self.user = STAFF if side == "staff" else CUSTOMER
        if side == "staff":
            async with self.runtime.sessions() as session, session.begin():
                identity, _ = await customers.identify(session, CHANNEL, STAFF, display_name="Console staff")
                await staff.set_role(session, identity.id, staff.Role.ADMIN, added_by="console")
        self.stdout.write(f"(you are now the {side})\n")

    async def handle_line(self, line: str) -> None:
        line = line.strip()
        if not line:
            return
        if line.startswith("/as"):
            await self.switch(line[3:].strip())
            return
        # Timed work (reminders, offers) runs between lines: the console has no background loop.
        await self.jobs.run_due()
        await self.runtime.router.handle(self.incoming(line))
        while await self.dispatcher.deliver_due():
            pass

    async def show_where_we_were(self) -> None:
        """Print the options a previous run left the customer with, so a typed number means what it meant then."""
        async with self.runtime.sessions() as session:
            shown = await chat_options.recall(session, CHANNEL, CUSTOMER)
        if shown is None:
            return
        self.stdout.write(f"(continuing) [bot → customer] {shown.text or ''}\n")
        self._print_options([option["label"] for option in shown.options])

    async def run(self) -> None:
        """Chat until end of input or ``/quit``."""
        interactive = self.stdin.isatty()
        if interactive:
            _enable_line_editing()
        self.stdout.write("dealerbot console: type a question; /as staff or /as customer to switch; /quit to leave.\n")
        await self.show_where_we_were()
        while True:
            prompt = f"{'staff' if self.user == STAFF else 'you'}> "
            try:
                line = await asyncio.to_thread(input, prompt) if interactive else self.stdin.readline()
            except EOFError:
                break
            if not interactive and line == "":
                break
            if line.strip() == "/quit":
                break
            await self.handle_line(line)
        if interactive:
            _save_history()


def _enable_line_editing() -> None:
    HISTORY.parent.mkdir(parents=True, exist_ok=True)
    if HISTORY.exists():
        readline.read_history_file(HISTORY)


def _save_history() -> None:
    readline.write_history_file(HISTORY)
