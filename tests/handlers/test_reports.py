"""The centre's report on a month whose figures are worked out by hand (tests/handlers/report_fixture.py)."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

from matplotlib import font_manager
from openpyxl import load_workbook

from handlers import report_chart, report_command, report_render
from handlers.reports import Csat, Figures, Ratio
from storage.staff import Role
from tests.handlers.desk_fixtures import make_staff
from tests.handlers.report_fixture import FIRST_DAY, INVOICE, LAST_DAY, PICKUP, SHANGHAI, Seeded, seed
from tests.harness import Chat

DEALERBOT = Path(sys.executable).with_name("dealerbot")

# Worked out from the fixture's comments:
SELF_SERVICE = Ratio(2, 9)  # 9 December questions; served: c1 at 10:00, c3 on the 20th (its 👎 came after 40 min)
ESCALATIONS = 4  # T1, T2, T3, T5 (T4 is January's)
FIRST_RESPONSE = timedelta(minutes=7)  # median of 4, 7, 10
RESOLUTION = timedelta(minutes=75)  # (30 + 120) / 2; T3 was withdrawn unanswered
CSAT = (
    Csat("answer", 4, Fraction(5 + 1 + 1 + 1, 4), Ratio(1, 4)),
    Csat("ticket", 2, Fraction(5 + 3, 2), Ratio(1, 2)),
    Csat("service", 2, Fraction(5 + 2, 2), Ratio(1, 2)),
)
RETURN_VISITS = Ratio(2, 3)  # V1, V2 answered of V1–V3 completed
APPOINTMENTS = Ratio(2, 4)  # V1, V4 booked of V1–V4
NO_SHOWS = Ratio(1, 4)  # B3 of B1, B2, B3, B5 (B4 cancelled)


async def _december(runtime) -> tuple[Figures, Seeded]:
    seeded = await seed(runtime)
    async with runtime.sessions() as session:
        figures = await report_command.build(session, report_command.days_period(FIRST_DAY, LAST_DAY, SHANGHAI))
    return figures, seeded


async def test_the_month_s_figures_match_the_hand_count(runtime) -> None:
    figures, seeded = await _december(runtime)
    assert figures.self_service == SELF_SERVICE
    assert figures.escalations == ESCALATIONS
    assert figures.escalations_by_reason == {"asked": 2, "not_understood": 1, "service_recovery": 1}
    assert (figures.median_first_response, figures.median_resolution) == (FIRST_RESPONSE, RESOLUTION)
    assert figures.csat == CSAT
    assert (figures.return_visits, figures.appointments, figures.no_shows) == (RETURN_VISITS, APPOINTMENTS, NO_SHOWS)
    assert figures.bookings_by_service == (("minor", 2), ("major", 1), ("tyres", 1))
    assert figures.unanswered == ((PICKUP, 2), (INVOICE, 1))
    assert figures.thumbs_down == (
        (seeded.price_entry, "How much is a minor service?", 2, 0),
        (seeded.hours_entry, "What are your opening hours?", 1, 1),
    )


async def test_the_month_as_text_markdown_and_csv(runtime) -> None:
    figures, _ = await _december(runtime)
    english = runtime.services.translator
    gettext = lambda message, **params: english.gettext("en", message, **params)  # noqa: E731
    names = {"minor": "Minor service", "major": "Major service", "tyres": "Tyres"}.__getitem__
    text = report_render.summary_text(figures, gettext, names)
    assert text.splitlines() == [
        "📊 Report 2026-12-01 – 2026-12-31",
        "Self-service: 22.2% (2 of 9)",
        "Escalations: 4 · median first response 7.0 min · median resolution 75.0 min",
        "CSAT: answers 2.00 avg, 25.0% satisfied (4) · tickets 4.00 avg, 50.0% satisfied (2) · "
        "service visits 3.50 avg, 50.0% satisfied (2)",
        "Return-visit rate: 66.7% (2 of 3)",
        "Appointment rate: 50.0% (2 of 4)",
        "No-show rate: 25.0% (1 of 4)",
        "Bookings: Minor service 2, Major service 1, Tyres 1",
    ]
    tables = report_render.sections(figures, gettext, names)
    markdown = report_render.markdown("December", tables)
    assert "| Self-service rate (%) | 22.2 | 2 | 9 |" in markdown
    assert f"| {PICKUP} | 2 |" in markdown
    rows = list(csv.reader(io.StringIO(report_render.comma_separated(tables))))
    assert ["Figures", "Median resolution (min)", "75.0", "", ""] in rows
    assert ["Bookings by service", "Minor service", "2"] in rows
    assert ["Figures", "Escalations: asked for a person", "2", "", ""] in rows
    assert ["Figures", "Escalations: the bot did not understand twice", "1", "", ""] in rows
    assert ["Figures", "Escalations: service recovery: a low score", "1", "", ""] in rows


async def test_a_manager_gets_this_month_s_workbook_with_one_command(runtime, clock) -> None:
    await seed(runtime)
    await make_staff(runtime, "manager-1", Role.MANAGER)
    await make_staff(runtime, "agent-1", Role.AGENT)
    clock.current = datetime(2026, 12, 31, 23, 55, tzinfo=SHANGHAI).astimezone(UTC)
    manager = Chat(runtime, chat_id="manager-1", language_code="en")
    [reply] = await manager.say("/report month")  # in the desk's language (Chinese here), whoever asks
    assert reply.text.splitlines()[:2] == ["📊 报表 2026-12-01 – 2026-12-31", "自助解决率：22.2%（2/9）"]
    chart, sheet = reply.attachments
    assert (chart.kind, chart.mime_type, chart.filename) == ("photo", "image/png", "report-2026-12-01-2026-12-31.png")
    assert (chart.content or b"").startswith(b"\x89PNG")
    assert sheet.filename == "report-2026-12-01-2026-12-31.xlsx"
    book = load_workbook(io.BytesIO(sheet.content or b""))
    assert book.sheetnames == ["指标", "按服务项目的预约", "未能回答的问题", "👎 最多的知识条目"]
    figures = {row[0]: row[1:] for row in book["指标"].iter_rows(min_row=2, values_only=True)}
    assert figures["回访率（%）"] == (66.7, 2, 3)
    assert figures["预约率（%）"] == (50, 2, 4)
    assert figures["满意度 到店服务：平均分"] == (3.5, 2, None)
    assert figures["转人工：客户要求转人工"] == (2, None, None)

    agent = Chat(runtime, chat_id="agent-1", language_code="en")
    assert [r.text for r in await agent.say("/report month")] == ["Sorry, that is only for our staff."]
    assert [r.text for r in await manager.say("/report year")] == [
        "Which period? /report day, /report week or /report month."
    ]


def test_today_and_this_week_are_counted_from_midnight_and_monday() -> None:
    now = datetime(2026, 12, 3, 10, 30, tzinfo=SHANGHAI)  # a Thursday
    week = report_command.current_period("week", now, SHANGHAI)
    day = report_command.current_period("day", now, SHANGHAI)
    assert (week.first_day.isoformat(), week.start, week.end) == (
        "2026-11-30",
        datetime(2026, 11, 30, tzinfo=SHANGHAI),
        now,
    )
    assert (day.first_day, day.last_day) == (now.date(), now.date())


async def test_the_command_line_report_for_any_days(runtime, database_url: str, tmp_path: Path) -> None:
    await seed(runtime)
    env = {**os.environ, "DATABASE_URL": database_url, "DESK_LANGUAGE": "en"}

    async def run(*args: str) -> str:
        process = await asyncio.create_subprocess_exec(
            str(DEALERBOT), "report", "--from", "2026-12-01", "--to", "2026-12-31", *args,
            env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(process.communicate(), timeout=120)
        assert process.returncode == 0, err.decode()
        return out.decode()

    assert "| No-show rate (%) | 25.0 | 1 | 4 |" in await run("--format", "md")
    assert "Figures,Self-service rate (%),22.2,2,9" in await run("--format", "csv")
    assert "转人工：机器人连续两次没听懂,1,," in await run("--format", "csv", "--language", "zh-CN")
    target = tmp_path / "december.xlsx"
    await run("--format", "xlsx", "--output", str(target))
    book = load_workbook(target)
    assert ["Unanswered questions", PICKUP, 2] in [
        ["Unanswered questions", *row] for row in book["Unanswered questions"].iter_rows(min_row=2, values_only=True)
    ]


def _chinese(runtime):
    translator = runtime.services.translator
    return lambda message, **params: translator.gettext("zh-CN", message, **params)


async def test_the_chart_is_drawn_in_chinese_with_the_packaged_cjk_font(runtime, tmp_path: Path) -> None:
    figures, _ = await _december(runtime)
    names = {"minor": "小保养", "major": "大保养", "tyres": "轮胎更换"}
    chart = report_chart.chart(figures, _chinese(runtime), names, "report.png")  # a missing glyph would warn: an error
    assert (chart.content or b"").startswith(b"\x89PNG")
    (tmp_path / "report.png").write_bytes(chart.content or b"")
    assert report_chart.cjk_font() == "WenQuanYi Micro Hei"
    assert font_manager.findfont("WenQuanYi Micro Hei", fallback_to_default=False).endswith("wqy-microhei.ttc")
    drawn = report_chart.draw(figures, _chinese(runtime), names)
    assert len(drawn.axes) == 2
    assert drawn.axes[1].get_title() == "按服务项目的预约"


async def test_a_period_without_bookings_draws_no_empty_panel(runtime) -> None:
    figures, _ = await _december(runtime)
    drawn = report_chart.draw(replace(figures, bookings_by_service=()), _chinese(runtime), {})
    assert len(drawn.axes) == 1, "the rates only"
    assert "本期没有预约。" in [text.get_text() for text in drawn.texts]
    async with runtime.sessions() as session:
        summer = LAST_DAY + timedelta(days=180)  # nothing happened then
        empty = await report_command.build(session, report_command.days_period(summer, summer, SHANGHAI))
    drawn = report_chart.draw(empty, _chinese(runtime), {})
    assert drawn.axes == []
    assert "本期没有可计算的比率。\n本期没有预约。" in [text.get_text() for text in drawn.texts]
