"""Asking a customer to rate a closed ticket: the question and its 1–5 buttons.

Apart from :mod:`handlers.ticket_rating` (which takes the score) so that
closing a ticket (:mod:`handlers.desk_cards`) can ask without importing what
a low score sets off.
"""

from __future__ import annotations

from handlers.i18n import N_
from handlers.types import Choice
from storage.tickets import Ticket

__all__ = ["QUESTION", "RATING_CHOICE", "SCORES", "score_buttons"]

RATING_CHOICE = "trate"
SCORES = range(1, 6)

QUESTION = N_("How did our colleague do? Please rate this conversation from 1 (poor) to 5 (excellent).")


def score_buttons(ticket: Ticket) -> tuple[tuple[Choice, ...], ...]:
    """One row of 1–5 buttons for the ticket."""
    return (tuple(Choice(f"{score}⭐", f"{RATING_CHOICE}:{ticket.id}:{score}") for score in SCORES),)
