"""After a new car is delivered: the store's thank-you letter, and the first-service follow-up it starts.

Usage (staff): ``/delivered 粤B12345 13812345678``. If someone with that
phone number already chats with the bot, the letter (text from the
``THANK_YOU_LETTER_*`` settings, in their language, with the hotline and a
button to book the first service) goes at once. Otherwise the delivery
waits and the staff member is told so: a bot cannot write first to someone
who never wrote to it, on Telegram or WeChat. The letter then goes the first
time that number is known in a chat — the owner shares it (``/profile``,
while booking) and writes again — via :func:`send_waiting_letter`, which
looks at each private message before the routes that answer it.
"""

from __future__ import annotations

from string import Formatter

from handlers import first_service
from handlers.booking_replies import customer_chats, language_of, zone
from handlers.context import FlowContext, Services
from handlers.errors import InputError
from handlers.i18n import N_
from handlers.plates import parse_plate
from handlers.staff_access import is_staff
from handlers.types import ChatKind, Reply
from handlers.validate import parse_phone
from storage import customers, new_cars
from storage.customers import Customer
from storage.new_cars import CarDelivery

USAGE = N_("Please give the plate and the owner's phone: /delivered 粤B12345 13812345678")
FIRST_SERVICE = N_("Your first service is due by {day}, or at {km} km if that comes first.")


class _Letter(dict[str, str]):
    """Placeholders for the letter; one the text names but we do not know stays as it is written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def letter(services: Services, delivery: CarDelivery, language: str) -> Reply:
    """The thank-you letter, the first-service note, and the button to book it."""
    config = services.config
    values = _Letter(store=config.store_name, plate=delivery.plate, hotline=config.hotline)
    body = Formatter().vformat(config.aftercare.letter(language), (), values)
    note = services.translator.gettext(
        language,
        FIRST_SERVICE,
        day=first_service.due_day(services, delivery).isoformat(),
        km=f"{config.aftercare.first_service_km:,}",
    )
    return Reply(text=f"{body}\n\n{note}", choices=(first_service.book_button(services, delivery, language),))


async def delivered(ctx: FlowContext, argument: str) -> None:
    """``/delivered PLATE PHONE``: record the delivery; send the letter now or when the owner turns up."""
    if not is_staff(ctx):
        return
    plate_text, _, phone_text = argument.strip().partition(" ")
    if not phone_text.strip():
        raise InputError(USAGE)
    plate, phone = parse_plate(plate_text), parse_phone(phone_text)
    by = ctx.identity.display_name or ctx.identity.external_id
    today = ctx.now().astimezone(zone(ctx.services)).date()
    delivery = await new_cars.add(ctx.session, plate=plate, phone=phone, on=today, by=by, now=ctx.now())
    if delivery is None:
        ctx.say(ctx._("The delivery of {plate} is already recorded.", plate=plate))
        return
    reachable = await _reachable_owner(ctx, phone)
    if reachable is not None:
        owner, chat = reachable
        await _send(ctx, delivery, owner, chat, await language_of(ctx.session, ctx.services, owner.id))
        ctx.say(ctx._("{plate} delivered. The thank-you letter went to {phone}.", plate=plate, phone=phone))
        return
    ctx.say(
        ctx._(
            "{plate} delivered. {phone} has not chatted with the bot yet, so the letter waits: it goes "
            "as soon as the owner messages the bot and shares this number. Please ask them to scan our QR code.",
            plate=plate,
            phone=phone,
        )
    )


async def _reachable_owner(ctx: FlowContext, phone: str) -> tuple[Customer, tuple[str, str]] | None:
    """The customer with this number whom the bot can reach, and their chat, if any."""
    for customer in await customers.find_by_phone(ctx.session, phone):
        chats = await customer_chats(ctx.session, customer.id)
        if chats:
            return customer, chats[0]
    return None


async def _send(ctx: FlowContext, delivery: CarDelivery, owner: Customer, to: tuple[str, str], language: str) -> None:
    """Send the letter once (a conditional update claims it), then plan the first-service follow-up."""
    if not await new_cars.claim_letter(ctx.session, delivery.id, owner.id, ctx.now()):
        return
    await ctx.session.refresh(delivery)
    await new_cars.attach_vehicle(ctx.session, owner.id, delivery.plate)
    ctx.send(*to, letter(ctx.services, delivery, language))
    await first_service.plan(ctx.session, ctx.services, delivery)


async def send_waiting_letter(ctx: FlowContext) -> bool:
    """Before anything else: a customer whose number has a waiting letter gets it. Never takes the update."""
    if ctx.incoming.chat_kind is not ChatKind.PRIVATE or ctx.customer.phone is None:
        return False
    here = (ctx.incoming.channel, ctx.incoming.chat_id)
    phones = await customers.phones_of(ctx.session, ctx.customer.id)
    for delivery in await new_cars.waiting_for(ctx.session, phones):
        await _send(ctx, delivery, ctx.customer, here, ctx.language)
    return False
