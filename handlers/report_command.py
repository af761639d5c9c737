"""``/report day|week|month``: the centre's figures for managers, as a text, a chart and an ``.xlsx``.

Usage (managers, in the staff group or a private chat): ``/report month``
answers, in the desk's language, with the headline figures, a PNG chart and
the workbook of this month so far (today, this week from Monday, this month from the 1st, in the
store's time zone). ``dealerbot report`` gives any period from the command
line through :func:`build` and the same renderers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import report_chart, report_files, report_render
from handlers.booking_catalogue import current
from handlers.booking_replies import zone
from handlers.context import FlowContext, Services
from handlers.errors import InputError
from handlers.i18n import N_
from handlers.reports import ESCALATION_WINDOW, Figures, Period, compute
from handlers.staff_access import is_staff
from handlers.types import Attachment
from storage import reports
from storage.staff import Role

USAGE = N_("Which period? /report day, /report week or /report month.")
KINDS = {
    "day": "day", "today": "day", "日": "day", "天": "day", "今天": "day",
    "week": "week", "周": "week", "本周": "week",
    "month": "month", "月": "month", "本月": "month",
}  # fmt: skip


def days_period(first: date, last: date, tz: ZoneInfo) -> Period:
    """Whole local days ``first`` to ``last``, both included."""
    start = datetime.combine(first, time(0), tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tz)
    return Period(start, end, first, last)


def current_period(kind: str, now: datetime, tz: ZoneInfo) -> Period:
    """Today, this week (from Monday) or this month (from the 1st), up to ``now``."""
    today = now.astimezone(tz).date()
    first = {
        "day": today,
        "week": today - timedelta(days=today.weekday()),
        "month": today.replace(day=1),
    }[kind]
    return Period(datetime.combine(first, time(0), tz), now, first, today)


async def build(session: AsyncSession, period: Period) -> Figures:
    """Read the period's rows and compute its figures."""
    rows = await reports.load(
        session,
        start=period.start,
        end=period.end,
        first_day=period.first_day,
        last_day=period.last_day,
        lookahead=ESCALATION_WINDOW,
    )
    return compute(rows, period)


async def service_namer(session: AsyncSession, language: str) -> Callable[[str], str]:
    """Service code → its name in ``language`` (the code itself for a service no longer listed)."""
    catalogue = await current(session)

    def name(code: str) -> str:
        spec = catalogue.service(code)
        return spec.name(language) if spec is not None else code

    return name


async def files(
    session: AsyncSession, services: Services, figures: Figures, language: str
) -> tuple[Attachment, Attachment]:
    """The chart and the workbook, both in ``language``."""
    gettext = partial(services.translator.gettext, language)
    stem = f"report-{figures.period.first_day.isoformat()}-{figures.period.last_day.isoformat()}"
    names = await service_namer(session, language)
    tables = report_render.sections(figures, gettext, names)
    chart = report_chart.chart(
        figures, gettext, {code: names(code) for code, _count in figures.bookings_by_service}, f"{stem}.png"
    )
    return chart, report_files.workbook(tables, f"{stem}.xlsx")


async def report(ctx: FlowContext, argument: str) -> None:
    """``/report day|week|month``."""
    if not is_staff(ctx, Role.MANAGER):
        return
    kind = KINDS.get(argument.strip().lower())
    if kind is None:
        raise InputError(USAGE)
    period = current_period(kind, ctx.now(), zone(ctx.services))
    figures = await build(ctx.session, period)
    language = ctx.services.config.desk_language
    names = await service_namer(ctx.session, language)
    text = report_render.summary_text(figures, partial(ctx.services.translator.gettext, language), names)
    ctx.say(text, attachments=await files(ctx.session, ctx.services, figures, language))
