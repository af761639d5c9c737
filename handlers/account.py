"""The account flow: what the bot knows about you (name, phone, vehicles), and changing it.

Usage: ``/profile`` shows it with buttons to change the name or the phone
number; the phone can be typed or shared with Telegram's contact button.
"""

from __future__ import annotations

from enum import StrEnum

from handlers.context import FlowContext
from handlers.errors import InputError
from handlers.midflow import Fit
from handlers.types import Choice
from handlers.validate import parse_name, parse_phone
from storage import customers

FLOW = "account"
ACCOUNT_CHOICE = "account"


class Step(StrEnum):
    ASK_NAME = "ask_name"
    ASK_PHONE = "ask_phone"


async def show_profile(ctx: FlowContext, _argument: str = "") -> None:
    """Show the customer's details with buttons to change them."""
    vehicles = await customers.vehicles_of(ctx.session, ctx.customer.id)
    older = [phone for phone in await customers.phones_of(ctx.session, ctx.customer.id) if phone != ctx.customer.phone]
    unknown = ctx._("not given")
    text = ctx._(
        "Your details:\nName: {name}\nPhone: {phone}\nVehicles: {vehicles}",
        name=ctx.customer.name or unknown,
        phone=ctx.customer.phone or unknown,
        vehicles=", ".join(v.plate for v in vehicles) or unknown,
    )
    if older:
        text += "\n" + ctx._("Other numbers: {phones}", phones=", ".join(older))
    ctx.say(
        text,
        choices=(
            (
                Choice(ctx._("Change name"), f"{ACCOUNT_CHOICE}:{Step.ASK_NAME}"),
                Choice(ctx._("Change phone"), f"{ACCOUNT_CHOICE}:{Step.ASK_PHONE}"),
            ),
        ),
    )


async def on_choice(ctx: FlowContext, value: str) -> None:
    """A profile button: ask for the new value."""
    if value == Step.ASK_NAME:
        ctx.start_flow(FLOW, Step.ASK_NAME)
        ctx.say(ctx._("What name should we use for you?"))
    elif value == Step.ASK_PHONE:
        ctx.start_flow(FLOW, Step.ASK_PHONE)
        ctx.say(ctx._("What is your mobile number?"), request_contact=ctx._("Share my phone number"))
    else:
        await show_profile(ctx)


async def fits(ctx: FlowContext, text: str) -> Fit:
    """A name may be any text; a phone number must be one."""
    if ctx.state.step != Step.ASK_PHONE:
        return Fit.ANY_TEXT
    try:
        parse_phone(text)
    except InputError:
        return Fit.OTHER
    return Fit.ANSWER


async def continue_flow(ctx: FlowContext) -> None:
    """The next message inside the account flow."""
    if ctx.state.step == Step.ASK_NAME:
        ctx.customer.name = parse_name(ctx.incoming.text or "")
    elif ctx.state.step == Step.ASK_PHONE:
        phone = parse_phone(ctx.incoming.contact_phone or ctx.incoming.text or "")
        await customers.add_phone(ctx.session, ctx.customer, phone, ctx.now())
    ctx.end_flow()
    ctx.say(ctx._("Saved."))
    await show_profile(ctx)
