"""The console chat, driven end to end through its standard input as a person would type."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DEALERBOT = Path(sys.executable).with_name("dealerbot")


def _chat(tmp_path: Path, lines: list[str]) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'console.db'}"}
    env.pop("TELEGRAM_TOKEN", None)
    done = subprocess.run(
        [str(DEALERBOT), "chat"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=True,
    )
    return done.stdout


def test_console_answers_each_question_in_its_own_language(tmp_path: Path) -> None:
    out = _chat(tmp_path, ["你们几点开门？", "What are your opening hours?", "/quit"])
    chinese, english = (line for line in out.splitlines() if line.startswith("[bot → customer]"))
    # The hours are the booking calendar's (handlers/services.yaml), filled in at answer time.
    assert "周六 09:00–16:00" in chinese
    assert "周日休息" in chinese
    assert "午休12:00–13:30" in chinese
    assert "Saturday 09:00–16:00" in english
    assert "Sunday closed" in english


def test_console_numbers_choices_and_a_number_picks_one(tmp_path: Path) -> None:
    out = _chat(tmp_path, ["/language", "2", "/help"])
    assert "1) 中文" in out
    assert "2) English" in out
    assert "I will speak English with you from now on." in out
    assert "Type your question in your own words" in out


def test_console_switches_to_the_staff_side(tmp_path: Path) -> None:
    out = _chat(tmp_path, ["/as staff", "/profile", "/as customer", "/as nobody"])
    assert "(you are now the staff)" in out
    assert "[bot → staff]" in out
    assert "(you are now the customer)" in out
    assert "usage: /as staff | /as customer" in out


def test_a_second_console_run_on_the_same_database_hands_over_and_staff_answers(tmp_path: Path) -> None:
    first = _chat(tmp_path, ["转人工", "/quit"])
    second = _chat(tmp_path, ["转人工", "/as staff", "您好，我是客服小王", "/quit"])
    assert "[bot → staff] 🆕 工单 #1" in first
    # In desk hours or out of them (the console runs on the real clock), the customer is told the ticket.
    assert any(line.startswith("[bot → customer]") and "（工单 #1）" in line for line in first.splitlines())
    assert "[bot → staff] #1 #1: 转人工" in second
    assert "[bot → customer] Console staff（客服中心）：您好，我是客服小王" in second


def test_a_booking_left_at_its_summary_is_confirmed_by_its_number_in_the_next_run(tmp_path: Path) -> None:
    first = _chat(tmp_path, ["下周三下午能去换机油吗", "1", "粤B12345", "卡罗拉", "1", "13812345678", "/quit"])
    confirm = next(line for line in first.splitlines() if line.endswith(") ✅ 确认预约"))
    number = confirm.strip().split(")")[0]
    second = _chat(tmp_path, [number, "/quit"])
    # The new run first shows where the chat stood, so the number means what it meant then.
    assert "(continuing) [bot → customer] 请核对您的预约：" in second
    assert confirm in second
    assert "[bot → customer] 预约成功：小保养" in second
