"""``dealerbot kb``: the curator's tools — move knowledge in and out, search, figures, tuning, regression test.

Usage::

    dealerbot kb import faq.yaml            # or faq.csv; creates or updates entries
    dealerbot kb export faq.csv             # every entry; imports back unchanged
    dealerbot kb search "保养多少钱"          # the top five with scores and the words they share
    dealerbot kb stats                      # counts, helpful ratio, most asked unanswered needs
    dealerbot kb tune --questions q.csv     # fit the confidence model and thresholds, store them
    dealerbot kb eval --phrasings p.csv --questions q.csv [--tune val.csv] [--jsonl out.jsonl]
    dealerbot kb intents --questions tests/knowledge/data/intents.csv   # intent precision/recall per intent
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from bot.database import database
from bot.settings import get_settings
from knowledge import KnowledgeBase, Thresholds
from knowledge.answer_template import PLACEHOLDERS, unknown_placeholders
from knowledge.calibration import Calibration
from knowledge.evaluate import evaluate_files, write_jsonl
from knowledge.intent_eval import misses, read_labelled
from knowledge.intent_eval import report as intent_report
from knowledge.intent_eval import score as intent_score
from knowledge.matcher import SecondScorer
from knowledge.questions import QuestionFileError, read_questions
from knowledge.service import semantic_stage, tuned_with_second
from knowledge.stats import Asked, group_near_duplicates
from knowledge.transfer import KnowledgeFileError, draft_of, import_drafts, read_file, write_file
from knowledge.tuning import MAX_FALSE_ANSWERS, TARGET_PRECISION, TuningError, tune
from storage import AsyncSession
from storage import knowledge_base as kb

__all__ = ["kb_app"]

kb_app = typer.Typer(help="The knowledge base.", no_args_is_help=True)

T = TypeVar("T")


def _in_database(work: Callable[[AsyncSession], Awaitable[T]], *, write: bool = False) -> T:
    """Run ``work`` in one session (one transaction when ``write``) on the configured, migrated database."""

    async def go() -> T:
        async with database(get_settings()) as sessions, sessions() as session:
            if not write:
                return await work(session)
            async with session.begin():
                return await work(session)

    return asyncio.run(go())


def _default_thresholds() -> Thresholds:
    settings = get_settings()
    return Thresholds(settings.match_answer_threshold, settings.match_suggest_threshold)


def _second() -> SecondScorer | None:
    return semantic_stage(get_settings().semantic_matching)


async def _loaded(session: AsyncSession) -> KnowledgeBase:
    knowledge = KnowledgeBase(_default_thresholds(), _second())
    await knowledge.refresh(session)
    return knowledge


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code=1)


@kb_app.command("import")
def kb_import(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A YAML or .csv export.")],
) -> None:
    """Create or update knowledge entries from a file."""
    try:
        drafts = read_file(path)
    except KnowledgeFileError as error:
        raise _fail(f"{path}: {error}") from error
    for draft in drafts:
        if unknown := unknown_placeholders(draft.answer):
            names = ", ".join(f"{{{name}}}" for name in unknown)
            typer.echo(
                f"{path}: warning: {draft.key} ({draft.language}): {names} is no placeholder and is shown as written"
                f" (placeholders: {', '.join(PLACEHOLDERS)})",
                err=True,
            )
    count = _in_database(lambda s: import_drafts(s, drafts, author=f"import:{path.name}"), write=True)
    typer.echo(f"imported {count} entries")


@kb_app.command("export")
def kb_export(path: Annotated[Path, typer.Argument(dir_okay=False, help="Where to write: .csv, else YAML.")]) -> None:
    """Write every knowledge entry (active or not) to a file that ``kb import`` reads back."""
    entries = _in_database(lambda s: kb.all_entries(s, active_only=False))
    write_file(path, [draft_of(entry) for entry in entries])
    typer.echo(f"exported {len(entries)} entries to {path}")


@kb_app.command("search")
def kb_search(
    text: Annotated[str, typer.Argument(help="A question, as a customer would ask it.")],
    language: Annotated[str, typer.Option(help="For text with neither Chinese nor letters.")] = "zh-CN",
) -> None:
    """The five best entries for a question, with scores, the band and the words each shares with it."""
    knowledge = _in_database(_loaded)
    result = knowledge.match(text, language)
    typer.echo(f"band: {result.band}  confidence: {result.confidence:.3f}  choices: {result.choice_confidence:.3f}")
    for rank, candidate in enumerate(result.candidates, start=1):
        entry = knowledge.entry(candidate.entry_id)
        question = entry.question if entry else ""
        words = ", ".join(knowledge.matcher.matched_words(text, candidate.entry_id)) or "-"
        typer.echo(f"{rank}. {candidate.score:.3f}  {candidate.key}  {question}\n   matched: {words}")
    if not result.candidates:
        typer.echo("no entry shares a word with that question")


@kb_app.command("stats")
def kb_stats(top: Annotated[int, typer.Option(help="How many unanswered needs to list.")] = 10) -> None:
    """Entries, phrasings, hits, the helpful ratio and the most asked unanswered questions."""

    async def gather(session: AsyncSession) -> tuple[kb.KnowledgeCounts, list[Asked]]:
        logged = await kb.open_unanswered(session)
        return await kb.knowledge_counts(session), [Asked(q.language, q.text, q.count) for q in logged]

    counts, asked = _in_database(gather)
    rated = counts.helpful + counts.unhelpful
    helpful = f"{counts.helpful / rated:.0%} of {rated} ratings" if rated else "no ratings yet"
    typer.echo(f"entries: {counts.entries} ({counts.active} active)\nphrasings: {counts.phrasings}")
    typer.echo(f"answers given (hits): {counts.hits}\nhelpful: {helpful}")
    needs = group_near_duplicates(asked)
    typer.echo(f"unanswered: {sum(a.count for a in asked)} questions, {len(needs)} distinct needs")
    for need in needs[:top]:
        others = f" (+{len(need.wordings) - 1} similar)" if len(need.wordings) > 1 else ""
        typer.echo(f"  {need.count:>4}  [{need.language}] {need.wordings[0].text}{others}")


@kb_app.command("tune")
def kb_tune(
    questions: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="Labelled questions: text,expected.")],
    precision: Annotated[float, typer.Option(help="Share of answers that must be right.")] = TARGET_PRECISION,
    max_false: Annotated[float, typer.Option(help="Share of not-in-KB questions that may get an answer.")] = (
        MAX_FALSE_ANSWERS
    ),
) -> None:
    """Fit the confidence model and both thresholds on labelled questions and store them for every worker."""
    try:
        labelled = read_questions(questions)
    except QuestionFileError as error:
        raise _fail(str(error)) from error

    async def work(session: AsyncSession) -> str:
        knowledge = await _loaded(session)
        tuned = tune(
            knowledge.matcher,
            labelled,
            precision=precision,
            max_false=max_false,
            fallback_language=get_settings().default_language,
        )
        await kb.save_tuning(
            session,
            answer=tuned.thresholds.answer,
            suggest=tuned.thresholds.suggest,
            calibration=tuned.calibration.to_json(),
            questions=tuned.questions,
            tuned_by=f"kb tune:{questions.name}",
        )
        return tuned.report()

    try:
        typer.echo(_in_database(work, write=True) + "; stored")
    except TuningError as error:
        raise _fail(str(error)) from error


@kb_app.command("eval")
def kb_eval(
    phrasings: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="key,text: the knowledge base.")],
    questions: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="text,expected: what to ask.")],
    tune_on: Annotated[
        Path | None, typer.Option("--tune", exists=True, dir_okay=False, help="Tune on these questions first.")
    ] = None,
    jsonl: Annotated[Path | None, typer.Option(dir_okay=False, help="Write one JSON line per question.")] = None,
) -> None:
    """Build a matcher from P.csv alone, ask Q.csv, print the figures (the stored tuning, or --tune first)."""

    second = _second()

    async def stored(session: AsyncSession) -> tuple[Calibration | None, Thresholds]:
        row = await kb.get_tuning(session)
        if row is None:
            return None, _default_thresholds()
        calibration = Calibration.from_json(row.calibration)
        if tuned_with_second(calibration) != (second is not None):
            typer.echo("the stored tuning was made with the semantic stage switched otherwise: using the defaults")
            return None, _default_thresholds()
        return calibration, Thresholds(row.answer_threshold, row.suggest_threshold)

    calibration, thresholds = _in_database(stored) if tune_on is None else (None, _default_thresholds())
    try:
        figures, outcomes, tuning = evaluate_files(
            phrasings, questions, tune_on=tune_on, calibration=calibration, thresholds=thresholds, second=second
        )
    except (QuestionFileError, TuningError) as error:
        raise _fail(str(error)) from error
    if tuning is not None:
        typer.echo(tuning.report())
    typer.echo(figures.report())
    if jsonl is not None:
        write_jsonl(jsonl, outcomes)
        typer.echo(f"wrote {len(outcomes)} lines to {jsonl}")


@kb_app.command("intents")
def kb_intents(
    questions: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="text,intent: labelled messages.")],
    show_misses: Annotated[bool, typer.Option("--misses", help="Also list the messages recognised wrongly.")] = False,
) -> None:
    """Precision and recall of each intent on labelled owner messages (no database needed)."""
    try:
        labelled = read_labelled(questions)
    except (KeyError, ValueError) as error:
        raise _fail(str(error)) from error
    typer.echo(f"{len(labelled)} messages")
    typer.echo(intent_report(intent_score(labelled)))
    if show_misses:
        for item, got in misses(labelled):
            typer.echo(f"{item.intent} -> {got}: {item.text}")
