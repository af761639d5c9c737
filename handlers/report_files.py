"""The report as files: an Excel workbook (one sheet per table) and a PNG chart, as channel-neutral bytes.

The chart is drawn with matplotlib's object API on the Agg canvas (no
pyplot, no display, no global state shared between concurrent reports).
Chinese labels need a CJK font; when none is installed (``apt install
fonts-noto-cjk``) the chart is labelled in English rather than in boxes.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from typing import Any

from matplotlib import font_manager, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from openpyxl import Workbook
from openpyxl.styles import Font

from handlers.i18n import CHINESE, ENGLISH
from handlers.report_render import KIND_LABELS, Gettext, Section, period_label
from handlers.reports import Figures, Ratio
from handlers.types import Attachment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)
SHEET_NAME_LIMIT = 31


def workbook(tables: tuple[Section, ...], filename: str) -> Attachment:
    """One sheet per table, heads in bold."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for table in tables:
        sheet = book.create_sheet(title=table.title[:SHEET_NAME_LIMIT])
        sheet.append(table.heads)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 40
    buffer = BytesIO()
    book.save(buffer)
    return Attachment(kind="document", filename=filename, content=buffer.getvalue(), mime_type=XLSX)


@cache
def cjk_font() -> str | None:
    """The first installed font that has Chinese glyphs, if any."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def chart_language(language: str) -> str:
    """The reader's language if the chart can be drawn in it."""
    return language if language != CHINESE or cjk_font() is not None else ENGLISH


def chart(figures: Figures, _: Gettext, service_names: dict[str, str], filename: str) -> Attachment:
    """Two panels: the rates (%), and bookings by service type."""
    rates: list[tuple[str, Ratio]] = [
        (_("Self-service"), figures.self_service),
        (_("Return visits"), figures.return_visits),
        (_("Appointments"), figures.appointments),
        (_("No-shows"), figures.no_shows),
        *((_("CSAT {kind}", kind=_(KIND_LABELS[score.kind])), score.satisfied) for score in figures.csat),
    ]
    style: dict[Any, Any] = {"font.family": "sans-serif"}
    if (font := cjk_font()) is not None:
        style["font.sans-serif"] = [font, "DejaVu Sans"]
    with rc_context(style):
        figure = Figure(figsize=(10, 4.5), dpi=100, layout="constrained")
        FigureCanvasAgg(figure)
        left, right = figure.subplots(1, 2, width_ratios=(3, 2))
        values = [0.0 if ratio.value is None else float(ratio.value) * 100 for _label, ratio in rates]
        left.barh([label for label, _ratio in rates], values, color="#2f6db5")
        left.set_xlim(0, 100)
        left.invert_yaxis()
        left.set_xlabel("%")
        for row, (value, (_label, ratio)) in enumerate(zip(values, rates, strict=True)):
            left.text(min(value + 1, 85), row, ratio.percent(), va="center", fontsize=9)
        services = figures.bookings_by_service[:8]
        right.bar(
            [service_names.get(code, code) for code, _n in services], [n for _code, n in services], color="#e08a2c"
        )
        right.set_title(_("Bookings by service"))
        right.tick_params(axis="x", labelrotation=30)
        figure.suptitle(_("Report {period}", period=period_label(figures)))
        buffer = BytesIO()
        figure.savefig(buffer, format="png")
    return Attachment(kind="photo", filename=filename, content=buffer.getvalue(), mime_type="image/png")
