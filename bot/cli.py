"""The ``dealerbot`` command: run the bot, chat locally, upgrade the database, move knowledge in and out."""

from __future__ import annotations

import asyncio
import logging
import sys
from datetime import datetime
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from bot.console import CHANNEL as CONSOLE
from bot.console import STAFF as CONSOLE_DESK
from bot.console import ConsoleChannel
from bot.database import database
from bot.kb_cli import kb_app
from bot.runtime import start_runtime
from bot.settings import Settings, SettingsError, get_settings
from bot.telegram import run as serve_telegram
from handlers import report_command, report_files, report_render, visit_import
from handlers.booking_catalogue import CatalogueError, current, install, read_file, write_file
from handlers.context import DeskAddress, Services
from handlers.i18n import Translator
from knowledge import KnowledgeBase
from storage.base import utcnow

app = typer.Typer(help="dealerbot: a dealership's customer-service bot.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
services_app = typer.Typer(help="The booking catalogue: services, bays, opening hours, rules.", no_args_is_help=True)
visits_app = typer.Typer(help="Service visits: repair orders from the dealer management system.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(kb_app, name="kb")
app.add_typer(services_app, name="services")
app.add_typer(visits_app, name="visits")


@app.callback()
def _check_settings() -> None:
    """Load the settings before any command, so a bad one stops it with a sentence, not a traceback."""
    try:
        get_settings()
    except SettingsError as error:
        typer.echo(f"dealerbot cannot start: {error}", err=True)
        raise typer.Exit(code=2) from None


def _services(settings: Settings) -> Services:
    """What handler code run from the command line needs: the settings, the catalogs, the real clock."""
    return Services(knowledge=KnowledgeBase(), translator=Translator(), config=settings.handler_config())


def _configure_logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")


async def _chat(settings: Settings) -> None:
    runtime = await start_runtime(settings, desk=DeskAddress(CONSOLE, CONSOLE_DESK))
    try:
        await ConsoleChannel(runtime).run()
    finally:
        await runtime.close()


@app.command()
def run() -> None:
    """Serve customers: on Telegram when TELEGRAM_TOKEN is set, otherwise in this terminal."""
    settings = get_settings()
    _configure_logging(settings)
    if settings.telegram_token is not None:
        serve_telegram(settings)
    else:
        asyncio.run(_chat(settings))


@app.command()
def chat() -> None:
    """Chat with the bot in this terminal, as a customer or (``/as staff``) as staff."""
    settings = get_settings()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(_chat(settings))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending schema migration."""

    async def go() -> None:
        async with database(get_settings()):
            pass  # opening it applied the migrations

    asyncio.run(go())
    typer.echo("database is up to date")


@services_app.command("import")
def services_import(
    path: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A catalogue YAML (see handlers/services.yaml).")
    ],
) -> None:
    """Replace the booking catalogue; every worker uses it from its next update on."""
    try:
        catalogue = read_file(path)
    except CatalogueError as error:
        typer.echo(f"{path}: {error}", err=True)
        raise typer.Exit(code=1) from error

    async def go() -> None:
        async with database(get_settings()) as sessions, sessions() as session, session.begin():
            await install(session, catalogue, by=f"import:{path.name}", now=utcnow())

    asyncio.run(go())
    typer.echo(f"imported {len(catalogue.services)} services and {sum(catalogue.bays.values())} bays")


@services_app.command("export")
def services_export(
    path: Annotated[Path, typer.Argument(dir_okay=False, help="Where to write the YAML file.")],
) -> None:
    """Write the catalogue in use to a file that ``services import`` reads back."""

    async def go() -> None:
        async with database(get_settings()) as sessions, sessions() as session:
            write_file(path, await current(session))

    asyncio.run(go())
    typer.echo(f"exported the booking catalogue to {path}")


@visits_app.command("import")
def visits_import(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A CSV export (format in the README).")],
    strict: Annotated[
        bool | None,
        typer.Option(
            "--strict/--lenient",
            help="Any bad row imports nothing / the good rows are imported (default: VISITS_IMPORT_MODE).",
        ),
    ] = None,
    encoding: Annotated[str, typer.Option(help="The file's encoding (gbk for some DMS exports).")] = "utf-8-sig",
) -> None:
    """Import repair orders as visits; importing the same file again changes nothing."""
    settings = get_settings()
    try:
        rows, bad = visit_import.parse(path.read_text(encoding=encoding))
    except (visit_import.ImportFileError, UnicodeDecodeError) as error:
        typer.echo(f"{path}: {error}", err=True)
        raise typer.Exit(code=1) from error
    for row in bad:
        typer.echo(f"{path}:{row.line}: {row.reason}", err=True)
    strict = settings.visits_import_mode == "strict" if strict is None else strict
    if bad and strict:
        typer.echo(f"{len(bad)} bad rows; nothing imported (strict). Fix them, or import with --lenient.", err=True)
        raise typer.Exit(code=1)

    async def go() -> visit_import.ImportReport:
        async with database(settings) as sessions, sessions() as session, session.begin():
            return await visit_import.import_rows(session, _services(settings), rows)

    report = asyncio.run(go())
    typer.echo(
        f"{report.created} new visits ({report.booked} booked in advance), {report.closed} closed, "
        f"{report.unchanged} unchanged; {report.surveys} follow-up surveys planned"
        + (f"; {len(bad)} bad rows skipped" if bad else "")
    )


class ReportFormat(StrEnum):
    MD = "md"
    CSV = "csv"
    XLSX = "xlsx"


@app.command()
def report(
    first: Annotated[datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day (local), included.")],
    last: Annotated[datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day (local), included.")],
    output_format: Annotated[ReportFormat, typer.Option("--format", help="md or csv to stdout; xlsx to a file.")] = (
        ReportFormat.MD
    ),
    output: Annotated[Path | None, typer.Option(help="Write here instead (required for xlsx).")] = None,
    language: Annotated[str | None, typer.Option(help="zh-CN or en (default: DESK_LANGUAGE).")] = None,
) -> None:
    """The centre's figures for a period (definitions in the README, "Reports")."""
    settings = get_settings()
    if first.date() > last.date():
        raise typer.BadParameter("--from is after --to")
    if output_format is ReportFormat.XLSX and output is None:
        raise typer.BadParameter("an .xlsx needs --output FILE")
    reader = language or settings.desk_language
    services = _services(settings)
    period = report_command.days_period(first.date(), last.date(), ZoneInfo(settings.timezone))

    async def go() -> bytes:
        async with database(settings) as sessions, sessions() as session:
            figures = await report_command.build(session, period)
            gettext = partial(services.translator.gettext, reader)
            tables = report_render.sections(figures, gettext, await report_command.service_namer(session, reader))
        if output_format is ReportFormat.XLSX:
            return report_files.workbook(tables, "report.xlsx").content or b""
        title = gettext("Report {period}", period=report_render.period_label(figures))
        text = (
            report_render.markdown(title, tables)
            if output_format is ReportFormat.MD
            else report_render.comma_separated(tables)
        )
        return text.encode()

    content = asyncio.run(go())
    if output is None:
        sys.stdout.buffer.write(content)
    else:
        output.write_bytes(content)
        typer.echo(f"wrote {output}")
