"""``dealerbot kb``: the curator's commands against a real (SQLite) database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot import cli, kb_cli
from bot.cli import app
from bot.settings import Settings

DATA = Path(__file__).parents[1] / "knowledge" / "data"
SAMPLES = Path(__file__).parents[2] / "knowledge" / "samples" / "faq.yaml"


@pytest.fixture
def invoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'kb.db'}")  # type: ignore[call-arg]
    monkeypatch.setattr(kb_cli, "get_settings", lambda: settings)
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(kb_cli.kb_app, list(args))
        assert result.exit_code == 0, result.output
        return result.output

    return run


def test_import_search_tune_stats(invoke, tmp_path: Path) -> None:
    assert "imported 180 entries" in invoke("import", str(SAMPLES))
    found = invoke("search", "小保养要多少钱啊")
    assert "band: answer" in found
    assert "1. " in found
    assert "minor-service-price" in found.splitlines()[1]
    assert "matched: 小保养, 多少钱" in found
    questions = tmp_path / "questions.csv"
    questions.write_text(
        (DATA / "zh_questions.csv").read_text(encoding="utf-8")
        + "".join((DATA / "en_questions.csv").read_text(encoding="utf-8").splitlines(keepends=True)[1:]),
        encoding="utf-8",
    )
    assert "stored" in invoke("tune", "--questions", str(questions))
    stats = invoke("stats")
    assert "entries: 180 (180 active)" in stats
    assert "unanswered: 0 questions" in stats


def test_import_warns_of_unknown_placeholders_and_imports_anyway(invoke, tmp_path: Path) -> None:
    faq = tmp_path / "faq.yaml"
    faq.write_text(
        "- key: bikes\n  language: en\n  question: Can I bring my bike?\n"
        "  answer: 'Call {hotline} or {hotlin}; a lone { stays.'\n",
        encoding="utf-8",
    )
    output = invoke("import", str(faq))
    assert "bikes (en): {hotlin} is no placeholder" in output
    assert "{hotline} is no" not in output
    assert "imported 1 entries" in output


def test_eval_prints_the_figures_and_writes_jsonl(invoke, tmp_path: Path) -> None:
    phrasings = tmp_path / "p.csv"
    phrasings.write_text(
        "key,text\nhours,When do you open?\nhours,What are your opening hours?\n"
        "tyres,How much are new tyres?\ntyres,Price of a tyre\n",
        encoding="utf-8",
    )
    questions = tmp_path / "q.csv"
    questions.write_text("text,expected\nWhat time do you open?,hours\nDo you sell cats?,\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    printed = invoke("eval", "--phrasings", str(phrasings), "--questions", str(questions), "--jsonl", str(out))
    assert "top-1 accuracy, in-KB questions       100.0%" in printed
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["text"] for line in lines] == ["What time do you open?", "Do you sell cats?"]
    assert set(lines[0]) == {"text", "expected", "band", "candidates"}
    assert lines[0]["candidates"][0]["key"] == "hours"
    assert lines[1]["expected"] == ""


def test_kb_intents_prints_precision_and_recall_per_intent(invoke) -> None:
    output = invoke("intents", "--questions", str(DATA / "intents.csv"))
    assert "book " in output
    assert "precision" in output
    assert "recall" in output
    assert "my_bookings" in output


BILLION_LAUGHS = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (BILLION_LAUGHS.encode(), "line 2: aliases (*name) are not allowed"),
        ("- key: a\n  question: 你好\n".encode("gb18030"), "not UTF-8 text"),
        (b"- key: [unclosed\n", "not valid YAML"),
    ],
)
def test_import_of_a_hostile_or_broken_file_is_refused_in_one_line(tmp_path: Path, content: bytes, said: str) -> None:
    for name in ("faq.yaml", "faq.csv") if said == "not UTF-8 text" else ("faq.yaml",):
        path = tmp_path / name
        path.write_bytes(content)
        result = CliRunner().invoke(kb_cli.kb_app, ["import", str(path)])
        assert result.exit_code == 1
        [line] = result.output.strip().splitlines()
        assert line.startswith(f"{path}: ")
        assert said in line


@pytest.mark.parametrize(
    "content", ["", "services: []\nbays: {}\nopening_hours: {}\n", BILLION_LAUGHS, "services: &s [*s]\n"]
)
def test_services_import_refuses_an_empty_or_hostile_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'cat.db'}")  # type: ignore[call-arg]
    monkeypatch.setattr(cli, "get_settings", lambda: settings)
    path = tmp_path / "services.yaml"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["services", "import", str(path)])
    assert result.exit_code == 1
    assert "imported" not in result.output
