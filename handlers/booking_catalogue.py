"""The booking catalogue: services, bays, opening hours, holidays and rules, checked and stored.

The packaged ``services.yaml`` (or the file ``BOOKING_CATALOGUE`` names) is
installed into the database at the first start; ``dealerbot services
import`` replaces it later. Flows read the stored document through
:func:`current`, parsed once per distinct document.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.safe_yaml import UnsafeYamlError, load_file
from storage import capacity
from storage import catalogue as stored

DEFAULT_FILE = Path(__file__).with_name("services.yaml")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class CatalogueError(ValueError):
    """A catalogue file that cannot be used, with a sentence saying where."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ServiceSpec(_Strict):
    code: str = Field(pattern=r"^[a-z0-9_]{1,32}$")
    name_zh: str = Field(min_length=1, max_length=80)
    name_en: str = Field(min_length=1, max_length=80)
    duration_minutes: int = Field(gt=0, le=24 * 60)
    bay_kind: str = Field(min_length=1, max_length=32)
    bays_needed: int = Field(default=1, ge=1)
    active: bool = True

    def name(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en


class BayName(_Strict):
    """What people call a kind of bay, in each language (the code is for the machine)."""

    name_zh: str = Field(min_length=1, max_length=40)
    name_en: str = Field(min_length=1, max_length=40)

    def name(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en


class Period(_Strict):
    opens: time
    closes: time


class HolidayRules(_Strict):
    country: str = "CN"
    closed_on_public_holidays: bool = True
    adjusted_workday_hours: Weekday = "mon"


class Rules(_Strict):
    slot_minutes: int = Field(default=30, ge=5, le=240)
    lead_time_hours: int = Field(default=2, ge=0)
    horizon_days: int = Field(default=30, ge=1, le=365)
    change_cutoff_hours: int = Field(default=2, ge=0)
    waitlist_offer_minutes: int = Field(default=30, ge=1)


class Reminders(_Strict):
    day_before_at: time = time(18, 0)
    hours_before: int = Field(default=2, ge=0)


class Catalogue(_Strict):
    """Everything the booking flows need to know about the workshop."""

    # A catalogue without services, bays or hours could book nothing: it is refused, not installed.
    services: tuple[ServiceSpec, ...] = Field(min_length=1)
    bays: dict[str, int] = Field(min_length=1)
    bay_names: dict[str, BayName] = Field(default_factory=dict)
    opening_hours: dict[Weekday, tuple[Period, ...]] = Field(min_length=1)
    holidays: HolidayRules = HolidayRules()
    rules: Rules = Rules()
    reminders: Reminders = Reminders()

    @field_validator("opening_hours", mode="before")
    @classmethod
    def _periods(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {
            day: [_period(span) if isinstance(span, str) else span for span in spans] for day, spans in value.items()
        }

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        codes = [service.code for service in self.services]
        if len(set(codes)) != len(codes):
            raise ValueError("service codes must be unique")
        for service in self.services:
            if self.bays.get(service.bay_kind, 0) < service.bays_needed:
                raise ValueError(f"service {service.code} needs {service.bays_needed} {service.bay_kind} bay(s)")
        if unknown := sorted(set(self.bay_names) - set(self.bays)):
            raise ValueError(f"bay_names names bay kinds that are not in bays: {', '.join(unknown)}")
        step = self.rules.slot_minutes
        for day, periods in self.opening_hours.items():
            previous: time | None = None
            for period in periods:
                if period.opens >= period.closes or (previous is not None and period.opens < previous):
                    raise ValueError(f"opening hours of {day} must be in order and not overlap")
                if (period.opens.hour * 60 + period.opens.minute) % step:
                    raise ValueError(f"opening hours of {day} must start on a {step}-minute boundary")
                previous = period.closes
        return self

    def bay_name(self, kind: str, language: str) -> str:
        """The bay kind's name in ``language``; its code when the catalogue gives none."""
        named = self.bay_names.get(kind)
        return named.name(language) if named is not None else kind

    def service(self, code: str | None) -> ServiceSpec | None:
        return next((service for service in self.services if service.code == code), None)

    @property
    def active_services(self) -> tuple[ServiceSpec, ...]:
        return tuple(service for service in self.services if service.active)

    def periods_of(self, weekday: int) -> tuple[Period, ...]:
        day: Weekday = WEEKDAYS[weekday]
        return self.opening_hours.get(day, ())

    def to_document(self) -> dict[str, Any]:
        """The JSON-safe form stored in the database (times as ``HH:MM``)."""
        doc: dict[str, Any] = self.model_dump(mode="json")
        doc["opening_hours"] = {
            day: [f"{p['opens'][:5]}-{p['closes'][:5]}" for p in spans] for day, spans in doc["opening_hours"].items()
        }
        doc["reminders"]["day_before_at"] = doc["reminders"]["day_before_at"][:5]
        return doc


def _period(text: str) -> dict[str, str]:
    opens, sep, closes = text.partition("-")
    if not sep:
        raise ValueError(f"a period is written 08:30-12:00, not {text!r}")
    return {"opens": opens.strip(), "closes": closes.strip()}


def parse(document: Any) -> Catalogue:
    """A checked catalogue from a loaded YAML/JSON document."""
    try:
        return Catalogue.model_validate(document)
    except ValidationError as error:
        raise CatalogueError(str(error)) from error


def read_file(path: Path) -> Catalogue:
    try:
        document = load_file(path)
    except (OSError, UnsafeYamlError) as error:
        raise CatalogueError(f"cannot read {path}: {error}") from error
    return parse(document)


def write_file(path: Path, catalogue: Catalogue) -> None:
    path.write_text(yaml.safe_dump(catalogue.to_document(), allow_unicode=True, sort_keys=False), encoding="utf-8")


@lru_cache(maxsize=8)
def _parsed(canonical: str) -> Catalogue:
    return parse(json.loads(canonical))


async def current(session: AsyncSession) -> Catalogue:
    """The catalogue stored in the database (installed at start, so it is always there)."""
    document = await stored.load(session)
    if document is None:
        raise CatalogueError("no booking catalogue in the database; start the bot or run `dealerbot services import`")
    return _parsed(json.dumps(document, sort_keys=True, ensure_ascii=False))


async def install(session: AsyncSession, catalogue: Catalogue, *, by: str, now: datetime) -> None:
    """Store the catalogue, mirror its services, and give every counted slot the new number of bays."""
    document = catalogue.to_document()
    await stored.save(session, document, by=by, now=now)
    await stored.sync_services(session, document["services"])
    for kind, bays in catalogue.bays.items():
        await capacity.set_capacity(session, kind, bays)


async def install_if_missing(session: AsyncSession, path: Path | None, *, now: datetime) -> bool:
    """At start: install the file's catalogue unless the database has one; True when it did."""
    if await stored.load(session) is not None:
        return False
    source = path or DEFAULT_FILE
    await install(session, read_file(source), by=f"file:{source.name}", now=now)
    return True
