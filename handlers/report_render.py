"""The figures as people read them: a short text for the chat, and tables for Markdown, CSV and Excel.

All labels come from the catalog in the reader's language; the tables are
the one layout every format shares (sections of rows), so the ``.md``, the
``.csv`` and the ``.xlsx`` always say the same thing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction

from handlers.i18n import N_
from handlers.reports import Csat, Figures, Ratio
from handlers.ticket_labels import REASONS, label

Gettext = Callable[..., str]
Cell = str | int | float | None

KIND_LABELS = {"answer": N_("answers"), "ticket": N_("tickets"), "service": N_("service visits")}


@dataclass(frozen=True, slots=True)
class Section:
    """One table: a title, its column heads, its rows."""

    title: str
    heads: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def minutes(duration: timedelta | None) -> float | None:
    return None if duration is None else round(duration.total_seconds() / 60, 1)


def _average(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _rate(ratio: Ratio) -> float | None:
    return None if ratio.value is None else round(float(ratio.value) * 100, 1)


def period_label(figures: Figures) -> str:
    first, last = figures.period.first_day.isoformat(), figures.period.last_day.isoformat()
    return first if first == last else f"{first} – {last}"


def summary_text(figures: Figures, _: Gettext, service_name: Callable[[str], str]) -> str:
    """The chat message: the headline figures, one line each."""

    def of(ratio: Ratio) -> str:
        return _("{rate} ({part} of {whole})", rate=ratio.percent(), part=ratio.part, whole=ratio.whole)

    def mins(duration: timedelta | None) -> str:
        value = minutes(duration)
        return "—" if value is None else _("{minutes} min", minutes=value)

    def csat(score: Csat) -> str:
        average = "—" if score.average is None else f"{float(score.average):.2f}"
        kind = _(KIND_LABELS[score.kind])
        rate = score.satisfied.percent()
        return _(
            "{kind} {average} avg, {rate} satisfied ({count})", kind=kind, average=average, rate=rate, count=score.count
        )

    lines = [
        _("📊 Report {period}", period=period_label(figures)),
        _("Self-service: {value}", value=of(figures.self_service)),
        _(
            "Escalations: {count} · median first response {first} · median resolution {resolution}",
            count=figures.escalations,
            first=mins(figures.median_first_response),
            resolution=mins(figures.median_resolution),
        ),
        _("CSAT: {values}", values=" · ".join(csat(score) for score in figures.csat)),
        _("Return-visit rate: {value}", value=of(figures.return_visits)),
        _("Appointment rate: {value}", value=of(figures.appointments)),
        _("No-show rate: {value}", value=of(figures.no_shows)),
    ]
    if figures.bookings_by_service:
        top = ", ".join(f"{service_name(code)} {count}" for code, count in figures.bookings_by_service[:5])
        lines.append(_("Bookings: {services}", services=top))
    return "\n".join(lines)


def sections(figures: Figures, _: Gettext, service_name: Callable[[str], str]) -> tuple[Section, ...]:
    """The report as tables: figures, bookings by service, unanswered questions, entries with 👎."""
    heads = (_("Figure"), _("Value"), _("Count"), _("Out of"))

    def ratio(label: str, value: Ratio) -> tuple[Cell, ...]:
        return (label, _rate(value), value.part, value.whole)

    rows: list[tuple[Cell, ...]] = [
        ratio(_("Self-service rate (%)"), figures.self_service),
        (_("Escalations"), figures.escalations, None, None),
        *(
            (_("Escalations: {reason}", reason=_(label(REASONS, reason))), count, None, None)
            for reason, count in figures.escalations_by_reason.items()
        ),
        (_("Median first response (min)"), minutes(figures.median_first_response), None, None),
        (_("Median resolution (min)"), minutes(figures.median_resolution), None, None),
    ]
    for c in figures.csat:
        kind = _(KIND_LABELS[c.kind])
        rows.append((_("CSAT {kind}: average score", kind=kind), _average(c.average), c.count, None))
        rows.append(ratio(_("CSAT {kind}: satisfied (4–5) (%)", kind=kind), c.satisfied))
    rows += [
        ratio(_("Return-visit rate (%)"), figures.return_visits),
        ratio(_("Appointment rate (%)"), figures.appointments),
        ratio(_("No-show rate (%)"), figures.no_shows),
    ]
    return (
        Section(_("Figures"), heads, tuple(rows)),
        Section(
            _("Bookings by service"),
            (_("Service"), _("Bookings")),
            tuple((service_name(code), count) for code, count in figures.bookings_by_service),
        ),
        Section(_("Unanswered questions"), (_("Question"), _("Times asked")), figures.unanswered),
        Section(
            _("Entries with the most 👎"),
            (_("Entry"), _("Question"), "👎", "👍"),
            tuple((f"#{entry}", question, down, up) for entry, question, down, up in figures.thumbs_down),
        ),
    )


def _shown(cell: Cell) -> str:
    return "" if cell is None else str(cell)


def markdown(title: str, tables: tuple[Section, ...]) -> str:
    """The tables as Markdown, under ``title``."""
    out = [f"# {title}", ""]
    for table in tables:
        out += [f"## {table.title}", "", "| " + " | ".join(table.heads) + " |"]
        out.append("|" + "---|" * len(table.heads))
        out += ["| " + " | ".join(_shown(cell).replace("|", "\\|") for cell in row) + " |" for row in table.rows]
        out.append("")
    return "\n".join(out)


def comma_separated(tables: tuple[Section, ...]) -> str:
    """The tables as one CSV: the section's title in the first column of each of its rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for table in tables:
        writer.writerow(["section", *table.heads])
        writer.writerows([table.title, *(_shown(cell) for cell in row)] for row in table.rows)
    return buffer.getvalue()
