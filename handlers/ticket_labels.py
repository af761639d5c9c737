"""The words for a ticket's stored codes (status, who wrote, why it opened), as catalog message ids.

The database keeps short codes (``open``, ``customer``, ``not_understood``);
people read these labels in their language, on the desk and in reports.
"""

from __future__ import annotations

from handlers.i18n import N_
from storage.tickets import Author, TicketStatus

__all__ = ["AUTHORS", "REASONS", "STATUSES", "label"]

STATUSES: dict[str, str] = {
    TicketStatus.OPEN: N_("waiting"),
    TicketStatus.ASSIGNED: N_("taken"),
    TicketStatus.CLOSED: N_("closed"),
}
AUTHORS: dict[str, str] = {
    Author.CUSTOMER: N_("Customer"),
    Author.STAFF: N_("Staff"),
    Author.BOT: N_("Bot"),
}
REASONS: dict[str, str] = {
    "asked": N_("asked for a person"),
    "not_understood": N_("the bot did not understand twice"),
    "complaint": N_("a complaint"),
    "unhelpful": N_("the answer did not help"),
    "service_recovery": N_("service recovery: a low score"),
}


def label(labels: dict[str, str], code: str) -> str:
    """The message id for ``code``; a code no table knows (an older release's) is shown as it is."""
    return labels.get(code, code)
