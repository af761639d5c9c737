"""``/help`` for staff: the desk's commands, each role seeing what it may use, in the desk's language."""

from __future__ import annotations

from handlers.context import FlowContext
from handlers.desk_cards import desk_text
from handlers.i18n import N_
from storage.staff import ROLE_RANK, Role

__all__ = ["staff_help"]

# One block per role; a role sees its own block and those of the roles below it.
SECTIONS: tuple[tuple[Role, str], ...] = (
    (
        Role.AGENT,
        N_(
            "Staff commands:\n"
            "/queue: open tickets, oldest first\n"
            "/mine: the open tickets you have taken\n"
            "/ticket N: a ticket's transcript\n"
            "/close N: close a ticket\n"
            "/reply_templates N: canned replies for a ticket\n"
            "/today, /day DATE: the workshop's bookings by bay\n"
            "/book_for PHONE: book for a customer who phoned\n"
            "/delivered PLATE PHONE: send a new car's thank-you letter\n"
            "/staff: who is staff\n"
            "Reply to a ticket's message (or write in its topic) to answer the customer."
        ),
    ),
    (Role.MANAGER, N_("For managers:\n/report day, /report week, /report month: the centre's figures")),
    (
        Role.ADMIN,
        N_(
            "For admins:\n"
            "/staff add agent|manager|admin, as a reply to a colleague's message: give them that role\n"
            "/staff remove, as a reply to a colleague's message: take their role away"
        ),
    ),
)


def staff_help(ctx: FlowContext) -> str:
    """The blocks of every role up to the person's own."""
    assert ctx.role is not None
    rank = ROLE_RANK[ctx.role]
    return "\n\n".join(desk_text(ctx, text) for role, text in SECTIONS if ROLE_RANK[role] <= rank)
