"""Who may use the staff side, and where the desk is."""

from __future__ import annotations

from handlers.context import FlowContext
from storage.staff import ROLE_RANK, Role


def is_staff(ctx: FlowContext, minimum: Role = Role.AGENT) -> bool:
    """True for staff of at least ``minimum``; anyone else is told no, in their language."""
    if ctx.role is not None and ROLE_RANK[ctx.role] >= ROLE_RANK[minimum]:
        return True
    ctx.say(ctx._("Sorry, that is only for our staff."))
    return False


def in_desk(ctx: FlowContext) -> bool:
    """True when the update came from the staff desk group."""
    desk = ctx.services.config.desk
    return desk is not None and (ctx.incoming.channel, ctx.incoming.chat_id) == (desk.channel, desk.chat_id)
