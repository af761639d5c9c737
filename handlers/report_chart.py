"""The report's PNG chart: the rates, and the bookings by service, labelled in the reader's language.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no display,
no global state shared between concurrent reports). Chinese labels need a
CJK font: WenQuanYi Micro Hei, which the ``paperang-p2-fonts-cjk`` package
(a dependency, so ``pip install`` brings it) ships, registered with
matplotlib the first time a chart is drawn. A panel with nothing to show is
left out and a one-line note says why, rather than empty axes.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from io import BytesIO
from typing import Any

from matplotlib import font_manager, rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import MaxNLocator

from handlers.report_render import KIND_LABELS, Gettext, period_label
from handlers.reports import Figures, Ratio
from handlers.types import Attachment

__all__ = ["chart", "cjk_font", "draw"]

FONT_PACKAGE = "paperang_p2_fonts_cjk"
FONT_FILE = "fonts/wqy-microhei.ttc"
MAX_SERVICES = 8
NOTE_HEIGHT = 0.08  # of the figure, kept free at the bottom for the notes


@cache
def cjk_font() -> str:
    """Register the packaged CJK font with matplotlib (once per process); its family name."""
    path = str(files(FONT_PACKAGE).joinpath(FONT_FILE))
    font_manager.fontManager.addfont(path)
    return str(font_manager.FontProperties(fname=path).get_name())


def _style() -> dict[Any, Any]:
    return {"font.family": "sans-serif", "font.sans-serif": [cjk_font(), "DejaVu Sans"]}


def _rates(axes: Axes, rates: list[tuple[str, Ratio]]) -> None:
    values = [float(ratio.value or 0) * 100 for _label, ratio in rates]
    axes.barh([label for label, _ratio in rates], values, color="#2f6db5")
    axes.set_xlim(0, 100)
    axes.invert_yaxis()
    axes.set_xlabel("%")
    for row, (value, (_label, ratio)) in enumerate(zip(values, rates, strict=True)):
        axes.text(min(value + 1, 85), row, ratio.percent(), va="center", fontsize=9)


def _bookings(axes: Axes, title: str, bookings: list[tuple[str, int]]) -> None:
    axes.bar([name for name, _n in bookings], [n for _name, n in bookings], color="#e08a2c")
    axes.set_title(title)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # bookings are whole
    axes.tick_params(axis="x", labelrotation=30)


def draw(figures: Figures, _: Gettext, service_names: dict[str, str]) -> Figure:
    """The figure: a panel for the rates that have a total, one for the bookings, notes for what has no data."""
    rates: list[tuple[str, Ratio]] = [
        (_("Self-service"), figures.self_service),
        (_("Return visits"), figures.return_visits),
        (_("Appointments"), figures.appointments),
        (_("No-shows"), figures.no_shows),
        *((_("CSAT {kind}", kind=_(KIND_LABELS[score.kind])), score.satisfied) for score in figures.csat),
    ]
    measured = [(label, ratio) for label, ratio in rates if ratio.whole]
    bookings = [(service_names.get(code, code), n) for code, n in figures.bookings_by_service[:MAX_SERVICES]]
    notes = []
    if not measured:
        notes.append(_("No rates can be worked out for this period."))
    if not bookings:
        notes.append(_("No bookings in this period."))
    panels = (3,) * bool(measured) + (2,) * bool(bookings)
    # Notes go below the panels, in a strip the layout leaves free.
    layout = ConstrainedLayoutEngine(rect=(0, NOTE_HEIGHT, 1, 1 - NOTE_HEIGHT) if notes else (0, 0, 1, 1))
    figure = Figure(figsize=(10, 4.5 if panels else 1.5), dpi=100, layout=layout)
    FigureCanvasAgg(figure)
    if panels:
        axes = list(figure.subplots(1, len(panels), width_ratios=panels, squeeze=False)[0])
        if measured:
            _rates(axes.pop(0), measured)
        if bookings:
            _bookings(axes.pop(0), _("Bookings by service"), bookings)
    if notes:
        figure.text(0.5, 0.01 if panels else 0.4, "\n".join(notes), ha="center", va="bottom")
    figure.suptitle(_("Report {period}", period=period_label(figures)))
    return figure


def chart(figures: Figures, _: Gettext, service_names: dict[str, str], filename: str) -> Attachment:
    """The figure as a PNG, with the CJK font in reach for Chinese labels."""
    with rc_context(_style()):
        buffer = BytesIO()
        draw(figures, _, service_names).savefig(buffer, format="png")
    return Attachment(kind="photo", filename=filename, content=buffer.getvalue(), mime_type="image/png")
