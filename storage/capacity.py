"""Workshop capacity as counters the database enforces (docs/architecture.md, "Capacity in the database").

One row per (bay kind, slot start) holds how many bays of that kind exist
(``capacity``) and how many are taken (``used``). Taking room is a conditional
``UPDATE … SET used = used + n WHERE used + n <= capacity``: the database
decides, so fifty customers racing for the last bay give exactly one booking.
On PostgreSQL the UPDATE locks the row, and a racer re-reads it after the
winner commits; SQLite serializes writers. Rows are always touched in
(bay kind, slot) order, so two transactions never wait on each other in a
circle.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime

SlotKey = tuple[str, datetime]


class SlotTaken(Exception):
    """A slot had no room left for the bays asked; the caller's savepoint undoes the rest."""

    def __init__(self, bay_kind: str, slot_at: datetime) -> None:
        super().__init__(f"{bay_kind} full at {slot_at.isoformat()}")
        self.bay_kind = bay_kind
        self.slot_at = slot_at


class SlotLoad(Base):
    """How many bays of one kind a slot has, and how many bookings and held offers take."""

    __tablename__ = "slot_load"
    __table_args__ = (CheckConstraint("used >= 0", name="used_not_negative"),)

    bay_kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    slot_at: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)
    capacity: Mapped[int] = mapped_column(Integer)
    used: Mapped[int] = mapped_column(Integer, default=0)


async def _ensure_rows(session: AsyncSession, rows: list[dict[str, object]]) -> None:
    """Create the counters not yet there; an existing row (maybe being taken right now) is left alone."""
    bind = session.bind
    keys = ["bay_kind", "slot_at"]
    if bind is not None and bind.dialect.name == "postgresql":
        await session.execute(postgresql.insert(SlotLoad).values(rows).on_conflict_do_nothing(index_elements=keys))
    else:
        await session.execute(sqlite.insert(SlotLoad).values(rows).on_conflict_do_nothing(index_elements=keys))


async def apply(session: AsyncSession, changes: Mapping[SlotKey, int], capacities: Mapping[str, int]) -> None:
    """Take (positive) and give back (negative) bays per slot, all or nothing.

    Raises :class:`SlotTaken` at the first slot without room; the caller runs
    this inside a savepoint so nothing of a failed attempt stays.
    """
    keys = sorted(key for key, delta in changes.items() if delta != 0)
    wanted = [key for key in keys if changes[key] > 0]
    if wanted:
        await _ensure_rows(
            session,
            [{"bay_kind": kind, "slot_at": slot, "capacity": capacities[kind], "used": 0} for kind, slot in wanted],
        )
    for kind, slot in keys:
        delta = changes[(kind, slot)]
        statement = (
            update(SlotLoad)
            .where(SlotLoad.bay_kind == kind, SlotLoad.slot_at == slot)
            .values(used=SlotLoad.used + delta)
            .execution_options(synchronize_session=False)
        )
        if delta > 0:
            statement = statement.where(SlotLoad.used + delta <= SlotLoad.capacity)
        result = await session.execute(statement)
        if delta > 0 and int(getattr(result, "rowcount", 0)) != 1:
            raise SlotTaken(kind, slot)


def taking(bay_kind: str, slots: Iterable[datetime], bays: int) -> dict[SlotKey, int]:
    """The change that takes ``bays`` bays of ``bay_kind`` in each slot."""
    return {(bay_kind, slot): bays for slot in slots}


def combine(*parts: Mapping[SlotKey, int]) -> dict[SlotKey, int]:
    """Several changes as one (a move gives back the old slots and takes the new in one ordered pass)."""
    total: dict[SlotKey, int] = {}
    for part in parts:
        for key, delta in part.items():
            total[key] = total.get(key, 0) + delta
    return total


async def used_between(session: AsyncSession, bay_kind: str, start: datetime, end: datetime) -> dict[datetime, int]:
    """Bays taken per slot of one kind in ``[start, end)``; slots never taken are absent."""
    rows = await session.execute(
        select(SlotLoad.slot_at, SlotLoad.used).where(
            SlotLoad.bay_kind == bay_kind, SlotLoad.slot_at >= start, SlotLoad.slot_at < end, SlotLoad.used > 0
        )
    )
    return {slot: used for slot, used in rows}


async def set_capacity(session: AsyncSession, bay_kind: str, capacity: int) -> None:
    """Change the number of bays of a kind for every slot already counted."""
    await session.execute(
        update(SlotLoad)
        .where(SlotLoad.bay_kind == bay_kind)
        .values(capacity=capacity)
        .execution_options(synchronize_session=False)
    )
