"""The booking flow's "who and which car": vehicle (saved or new), model, mileage, phone, and the summary."""

from __future__ import annotations

import re
import unicodedata

from handlers import booking_calendar as cal
from handlers.booking_replies import service_name
from handlers.booking_schedule import Schedule
from handlers.booking_state import (
    DAY,
    MILEAGE,
    MILEAGE_ASKED,
    MODEL,
    PHONE,
    PLATE,
    VEHICLE,
    Mode,
    Step,
    day_of,
    mode_of,
    owner,
    start_of,
)
from handlers.booking_text import day_label, when_label
from handlers.choice_data import parse_id
from handlers.context import FlowContext
from handlers.errors import InputError
from handlers.i18n import N_
from handlers.plates import parse_plate
from handlers.types import Choice
from handlers.validate import parse_phone
from storage import customers
from storage.customers import Vehicle

MAX_MILEAGE_KM = 2_000_000
MAX_MODEL_CHARS = 40
BAD_MILEAGE = N_("Please type the mileage in kilometres, such as 35000 or 3.5万, or tap Skip.")
BAD_MODEL = N_("Please type the model in up to 40 characters, such as 卡罗拉 or Model 3.")
NOT_YOURS = N_("That plate is registered to another customer. Please call our service desk and we will sort it out.")


def parse_mileage(text: str) -> int:
    """Kilometres from "35000", "35,000 km", "3.5万公里"; :class:`InputError` otherwise."""
    cleaned = re.sub(r"[\s,]|km|公里|千米", "", unicodedata.normalize("NFKC", text).lower())
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(万)?", cleaned)
    if match is None:
        raise InputError(BAD_MILEAGE)
    km = round(float(match.group(1)) * (10_000 if match.group(2) else 1))
    if not 0 <= km <= MAX_MILEAGE_KM:
        raise InputError(BAD_MILEAGE)
    return km


def parse_model(text: str) -> str:
    model = " ".join(text.split())
    if not model or len(model) > MAX_MODEL_CHARS or model.startswith("/"):
        raise InputError(BAD_MODEL)
    return model


async def ask_vehicle(ctx: FlowContext) -> None:
    who = await owner(ctx)
    vehicles = await customers.vehicles_of(ctx.session, who.id)
    if not vehicles:
        await ask_plate(ctx)
        return
    ctx.goto(Step.VEHICLE)
    rows = [(Choice(f"{v.plate} {v.model or ''}".strip(), cal.data("veh", v.id)),) for v in vehicles]
    rows.append((Choice(ctx._("Another vehicle"), cal.data("veh", "new")),))
    ctx.say(ctx._("Which vehicle is it for?"), choices=tuple(rows))


async def ask_plate(ctx: FlowContext) -> None:
    ctx.goto(Step.PLATE)
    ctx.say(ctx._("What is the licence plate? For example 粤B12345, or 粤BD12345 for a new-energy car."))


async def take_vehicle_button(ctx: FlowContext, value: str) -> bool:
    """A saved vehicle (True) or "another vehicle" (asks the plate, False)."""
    if value == "new":
        await ask_plate(ctx)
        return False
    who = await owner(ctx)
    vehicle_id = parse_id(value)
    vehicle = await ctx.session.get(Vehicle, vehicle_id) if vehicle_id is not None else None
    if vehicle is None or vehicle.customer_id != who.id:
        ctx.say(ctx._("That vehicle is not on your account any more."))
        await ask_vehicle(ctx)
        return False
    _forget_vehicle(ctx)
    ctx.state.data[VEHICLE] = vehicle.id
    return True


def _forget_vehicle(ctx: FlowContext) -> None:
    for key in (VEHICLE, PLATE, MODEL, MILEAGE, MILEAGE_ASKED):
        ctx.state.data.pop(key, None)


async def take_plate(ctx: FlowContext) -> bool:
    """A typed plate: one of the customer's vehicles, or a new one (then model and mileage are asked)."""
    return await use_plate(ctx, parse_plate(ctx.incoming.text or ""))


async def use_plate(ctx: FlowContext, plate: str) -> bool:
    """A plate said (typed at its step, or along with the request): the owner's vehicle, or a new one."""
    who = await owner(ctx)
    existing = await customers.find_vehicle(ctx.session, plate)
    if existing is not None and existing.customer_id != who.id:
        raise InputError(NOT_YOURS)
    _forget_vehicle(ctx)
    if existing is not None:
        ctx.state.data[VEHICLE] = existing.id
    else:
        ctx.state.data[PLATE] = plate
    return True


async def ask_model(ctx: FlowContext) -> None:
    ctx.goto(Step.MODEL)
    ctx.say(ctx._("Which model is it? (for example 卡罗拉, CR-V, Model 3)"))


async def ask_mileage(ctx: FlowContext) -> None:
    ctx.goto(Step.MILEAGE)
    ctx.say(
        ctx._("About how many kilometres has it done? This helps us prepare; you can skip it."),
        choices=((Choice(ctx._("Skip"), cal.data("skip")),),),
    )


def take_model(ctx: FlowContext) -> bool:
    ctx.state.data[MODEL] = parse_model(ctx.incoming.text or "")
    return True


def take_mileage(ctx: FlowContext) -> bool:
    ctx.state.data[MILEAGE] = parse_mileage(ctx.incoming.text or "")
    ctx.state.data[MILEAGE_ASKED] = True
    return True


async def ask_phone(ctx: FlowContext) -> None:
    ctx.goto(Step.PHONE)
    ctx.say(
        ctx._("Which mobile number can we reach you on? Tap the button to share it, or type it."),
        request_contact=ctx._("Share my phone number"),
    )


def take_phone(ctx: FlowContext) -> bool:
    ctx.state.data[PHONE] = parse_phone(ctx.incoming.contact_phone or ctx.incoming.text or "")
    return True


async def vehicle_label(ctx: FlowContext) -> str:
    data = ctx.state.data
    if data.get(VEHICLE):
        vehicle = await ctx.session.get(Vehicle, int(data[VEHICLE]))
        if vehicle is not None:
            return f"{vehicle.plate} {vehicle.model or ''}".strip()
    mileage = ctx._(", {km} km", km=data[MILEAGE]) if data.get(MILEAGE) is not None else ""
    return f"{data.get(PLATE, '')} {data.get(MODEL, '')}{mileage}".strip()


async def show_summary(ctx: FlowContext, sched: Schedule) -> None:
    """Everything gathered, each part with a button to change it, and the button that books."""
    ctx.goto(Step.SUMMARY)
    mode = mode_of(ctx)
    who = await owner(ctx)
    today = sched.local_day(ctx.now())
    start, day = start_of(ctx), day_of(ctx)
    if mode is Mode.WAITLIST and day is not None:
        when = ctx._("any free time on {day} (waitlist)", day=day_label(day, ctx.language, today))
    else:
        assert start is not None
        when = when_label(start, sched.tz, ctx.language)
    heading = {
        Mode.NEW: ctx._("Please check your booking:"),
        Mode.MOVE: ctx._("Please check the new time of your booking:"),
        Mode.WAITLIST: ctx._("Please check your waitlist request:"),
    }[mode]
    confirm = {
        Mode.NEW: ctx._("✅ Book it"),
        Mode.MOVE: ctx._("✅ Move it"),
        Mode.WAITLIST: ctx._("✅ Join the waitlist"),
    }[mode]
    text = ctx._(
        "{heading}\nService: {service}\nTime: {when}\nVehicle: {vehicle}\nPhone: {phone}",
        heading=heading,
        service=service_name(sched.catalogue, ctx.state.data["service"], ctx.language),
        when=when,
        vehicle=await vehicle_label(ctx),
        phone=ctx.state.data.get(PHONE) or who.phone or "-",
    )
    ctx.say(
        text,
        choices=(
            (
                Choice(ctx._("Change service"), cal.data("edit", "service")),
                Choice(ctx._("Change time"), cal.data("edit", DAY)),
            ),
            (
                Choice(ctx._("Change vehicle"), cal.data("edit", "vehicle")),
                Choice(ctx._("Change phone"), cal.data("edit", PHONE)),
            ),
            (Choice(confirm, cal.data("confirm")),),
            (Choice(ctx._("Stop"), cal.data("stop")),),
        ),
    )


async def save_vehicle(ctx: FlowContext) -> int | None:
    """The chosen vehicle's id, registering a new one first; the phone typed in the flow is saved too."""
    who = await owner(ctx)
    data = ctx.state.data
    if data.get(PHONE):
        await customers.add_phone(ctx.session, who, data[PHONE], ctx.now())
    if data.get(VEHICLE):
        return int(data[VEHICLE])
    if not data.get(PLATE):
        return None
    existing = await customers.find_vehicle(ctx.session, data[PLATE])
    if existing is not None and existing.customer_id != who.id:
        raise InputError(NOT_YOURS)
    vehicle = existing or Vehicle(customer_id=who.id, plate=data[PLATE])
    vehicle.model = data.get(MODEL) or vehicle.model
    vehicle.mileage_km = data.get(MILEAGE, vehicle.mileage_km)
    ctx.session.add(vehicle)
    await ctx.session.flush()
    data[VEHICLE] = vehicle.id
    return vehicle.id
