"""``/staff``: admins add and remove staff from their phone, without typing an id.

In the desk group an admin replies to a colleague's message with
``/staff add`` (optionally ``agent``, ``manager`` or ``admin``) or
``/staff remove``. A numeric id also works: ``/staff add 123456 manager``.
"""

from __future__ import annotations

from handlers.context import FlowContext
from handlers.staff_access import is_staff
from storage import customers, staff
from storage.staff import Role


async def staff_command(ctx: FlowContext, argument: str) -> None:
    """List staff, or add / remove one (admins only for changes)."""
    words = argument.split()
    if not words:
        if is_staff(ctx):
            await _list(ctx)
        return
    if not is_staff(ctx, Role.ADMIN):
        return
    action, rest = words[0].lower(), words[1:]
    target_id = ctx.incoming.reply_to_user_id
    target_name = ctx.incoming.reply_to_user_name
    if rest and rest[0].isdigit():
        target_id, target_name, rest = rest[0], None, rest[1:]
    role_word = rest[0].lower() if rest else Role.AGENT.value
    if action not in ("add", "remove") or target_id is None or role_word not in {r.value for r in Role}:
        ctx.say(
            ctx._(
                "Reply to a colleague's message with /staff add [agent|manager|admin] or /staff remove; "
                "or give their numeric id: /staff add 123456 manager."
            )
        )
        return
    identity, _ = await customers.identify(ctx.session, ctx.incoming.channel, target_id, display_name=target_name)
    label = identity.display_name or target_id
    if action == "add":
        await staff.set_role(ctx.session, identity.id, Role(role_word), added_by=ctx.identity.external_id)
        ctx.say(ctx._("{name} is now {role}.", name=label, role=role_word))
    elif identity.id == ctx.identity.id:
        ctx.say(ctx._("You cannot remove yourself; ask another admin."))
    elif await staff.remove(ctx.session, identity.id):
        ctx.say(ctx._("{name} is no longer staff.", name=label))
    else:
        ctx.say(ctx._("{name} was not staff.", name=label))


async def _list(ctx: FlowContext) -> None:
    rows = await staff.members(ctx.session)
    lines = [
        f"{identity.display_name or identity.external_id} ({identity.external_id}): {member.role}"
        for member, identity in rows
    ]
    ctx.say(ctx._("Staff:") + "\n" + "\n".join(lines))
