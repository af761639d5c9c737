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
    lines = [line for line in out.splitlines() if line.startswith("[bot → customer]")]
    assert "周六 09:00–16:00" in lines[0]
    assert "Saturday 09:00–16:00" in lines[1]


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
