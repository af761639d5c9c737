"""Settings refuse what they do not understand at start, and ``dealerbot`` says which variable in one sentence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings, get_settings


@pytest.fixture
def fresh_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty working directory (for ``.env``) and settings loaded anew by the command."""
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValidationError, match="TIMEZONE"):
        Settings(_env_file=None, timezone="Mars/Olympus_Mons")  # type: ignore[call-arg]


def test_a_log_level_python_does_not_know_is_refused_and_a_known_one_in_any_case_is_taken() -> None:
    with pytest.raises(ValidationError, match="LOG_LEVEL"):
        Settings(_env_file=None, log_level="LOUD")  # type: ignore[call-arg]
    assert Settings(_env_file=None, log_level="debug").log_level == "DEBUG"  # type: ignore[call-arg]


def test_an_unknown_key_in_the_env_file_is_refused(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("TIMEZONE=Asia/Shanghai\nTELEGRAM_TOKN=123:abc\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="telegram_tokn"):
        Settings(_env_file=env_file)  # type: ignore[call-arg]


@pytest.mark.usefixtures("fresh_settings")
@pytest.mark.parametrize(
    ("env", "dotenv", "variable"),
    [
        ({"TIMEZONE": "Mars/Olympus_Mons"}, "", "TIMEZONE"),
        ({"LOG_LEVEL": "LOUD"}, "", "LOG_LEVEL"),
        ({}, "TELEGRAM_TOKN=123:abc\n", "TELEGRAM_TOKN"),
        ({"WEBHOOK_PORT": "eighty"}, "", "WEBHOOK_PORT"),
    ],
)
def test_run_stops_with_one_sentence_naming_the_variable(
    fresh_settings: Path, env: dict[str, str], dotenv: str, variable: str
) -> None:
    (fresh_settings / ".env").write_text(dotenv, encoding="utf-8")
    result = CliRunner().invoke(app, ["run"], env=env)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert variable in lines[0]
    assert "Traceback" not in result.output
