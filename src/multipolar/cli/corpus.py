"""CLI: extract, ingest, documents, events, demo."""

from __future__ import annotations

import os
import shlex
import warnings
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from multipolar import api
from multipolar.cli.common import (
    DbOption,
    Format,
    FormatOption,
    Since,
    Until,
    UserError,
    emit,
    fail,
    friendly,
    parse_day,
    say,
    stdout,
    warn,
    with_progress,
)
from multipolar.cli.selection import (
    DocsOption,
    StoreOption,
    TheatreOption,
    corpus_for,
    filters,
    note_unassessed,
    store_location,
)
from multipolar.show import dates
from multipolar.show.formats import plain

PATHS_HELP = (
    "Files (.txt, .md, .html), tables of articles (.jsonl, .csv, .parquet; .gz too), folders of them, "
    "or glob patterns."
)
Paths = Annotated[list[Path], typer.Argument(help=PATHS_HELP)]
OptionalPaths = Annotated[list[Path] | None, typer.Argument(help=PATHS_HELP, show_default=False)]
DateOption = Annotated[
    str | None, typer.Option("--date", help="Document date (YYYY-MM-DD) for texts that carry none.")
]
RegistryOption = Annotated[
    list[Path] | None,
    typer.Option("--registry", help="Extra actor registry file(s) merged over the bundled one."),
]


def _column(role: str, default: str) -> Any:
    return typer.Option(
        f"--{role}-column",
        help=f"Tables: the column with the {role} (default: {default}).",
        show_default=False,
    )


TextColumn_ = Annotated[str | None, _column("text", "text, body, content, article or maintext")]
DateColumn = Annotated[str | None, _column("date", "date, published, published_at, ... or timestamp")]
IdColumn = Annotated[str | None, _column("id", "id, article_id, doc_id, uid or guid; kept in meta")]
TitleColumn = Annotated[str | None, _column("title", "title or headline")]
UrlColumn = Annotated[str | None, _column("url", "url, link or source_url; kept in meta")]


CSV_COLUMNS = [
    "doc",
    "date",
    "source",
    "type",
    "target",
    "mode",
    "context",
    "quad",
    "modality",
    "speaker",
    "trigger",
    "theatre",
    "theatre_basis",
    "sentence",
]
TABLE_COLUMNS = ["date", "source", "type", "target", "modality", "trigger", "theatre", "sentence"]


def _event_rows(events: list, fmt: Format = Format.csv) -> list[dict]:
    """Event rows for CSV (every column) or a terminal table (the columns a reader scans)."""
    columns = CSV_COLUMNS if fmt is Format.csv else TABLE_COLUMNS
    rows = [{c: e.get(c) if isinstance(e, dict) else getattr(e, c) for c in columns} for e in events]
    if fmt is Format.table:
        for row in rows:
            row["sentence"] = " ".join(str(row["sentence"]).split())
            row["date"] = dates.display(row["date"])
    return rows


@friendly
def extract(
    paths: Paths,
    fmt: FormatOption = Format.table,
    date_: DateOption = None,
    registry: RegistryOption = None,
    text_column: TextColumn_ = None,
    date_column: DateColumn = None,
    id_column: IdColumn = None,
    title_column: TitleColumn = None,
    url_column: UrlColumn = None,
) -> None:
    """Print the actors and events found in documents, without storing anything."""
    files = api.readable_files(paths)
    columns = api.Columns(text_column, date_column, id_column, title_column, url_column)
    with warnings.catch_warnings():  # the skipped files are listed below, one line each
        warnings.simplefilter("ignore", api.ExtractionWarning)
        found = api.extract(files, date=parse_day(date_), registry=registry or (), columns=columns)
    errors = found.errors
    for error in errors:
        warn(error, "skipped")
    if not found.processed:
        fail("no document could be read")
    for document in found.processed:
        if document.date is None:
            warn(f"{document.path or document.id}: {UNDATED}")
    result = found.to_dict()
    if fmt is Format.json:
        emit(result, fmt)
    elif fmt is Format.csv:
        emit(result["events"], fmt, rows=_event_rows(result["events"], fmt))
    else:
        emit(
            result["actors"],
            fmt,
            rows=[
                {
                    **{k: a[k] for k in ("id", "name", "type", "mentions")},
                    "provisional": _yes(a["provisional"]),
                }
                for a in result["actors"]
            ],
            title="Actors",
        )
        emit(result["events"], fmt, rows=_event_rows(result["events"], fmt), title="Events")
    if errors:
        raise typer.Exit(1)


UNDATED = (
    "undated: no date in its metadata, a Date: line, a dateline or its text (set one with --date); "
    "dated names are read on the dates its sentences give"
)


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


class EngineName(StrEnum):
    local = "local"
    dask = "dask"


ERRORS_SHOWN = 20  # skipped files or rows listed one by one; beyond, a count


WatchOption = Annotated[
    Path | None,
    typer.Option(
        "--watch",
        help="Keep running: ingest the files that arrive in this folder, a batch per poll (Ctrl-C stops).",
    ),
]
PollOption = Annotated[float, typer.Option("--poll", min=0.1, help="With --watch: seconds between looks.")]


@friendly
def ingest_command(
    paths: OptionalPaths = None,
    db: DbOption = None,
    store: StoreOption = None,
    engine: Annotated[
        EngineName, typer.Option("--engine", help="local: this machine's processes; dask: a Dask cluster.")
    ] = EngineName.local,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="Worker processes (local, or a local Dask cluster).")
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Address of a running Dask scheduler (with --engine dask)."),
    ] = None,
    date_: DateOption = None,
    registry: RegistryOption = None,
    text_column: TextColumn_ = None,
    date_column: DateColumn = None,
    id_column: IdColumn = None,
    title_column: TitleColumn = None,
    url_column: UrlColumn = None,
    watch: WatchOption = None,
    poll: PollOption = 2.0,
) -> None:
    """Store documents, actors, mentions and events (DuckDB, or a Parquet store with --store).

    Re-ingesting a text changes nothing; a file or row that cannot be read is skipped with its
    name and reason, and the rest is ingested. With --watch FOLDER it then keeps running and
    ingests the files that arrive in FOLDER, one batch per poll (see docs/serve.md).
    """
    if watch is not None:
        if not watch.is_dir():
            raise UserError(f"--watch {watch}: no such folder")
        paths = [*(paths or []), watch]
    if not paths:
        raise UserError("give files or folders to ingest (or --watch FOLDER)")
    path, parquet = store_location(db, store)
    options: dict[str, Any] = {
        "parquet": parquet,
        "date": parse_day(date_),  # before anything starts: a bad option creates no database
        "registry": registry or (),
        "columns": api.Columns(text_column, date_column, id_column, title_column, url_column),
    }
    running = {"workers": workers, "scheduler": scheduler}
    if watch is not None:
        with api.engine(engine.value, **running, registry=registry or ()) as runner:
            _watch(
                watch,
                lambda files: _ingest_batch(files, (path, parquet), {**options, "engine": runner}),
                poll,
            )
        return
    report = with_progress(
        "ingesting", lambda **bar: api.ingest(paths, path, engine=engine.value, **running, **options, **bar)
    )
    _said(report, path)
    if report.errors:
        raise typer.Exit(1)


def _watch(folder: Path, ingest_batch: Any, poll: float) -> None:
    from multipolar.serve.watch import watch_folder

    say(f"watching {folder} for new files every {poll:g} s (Ctrl-C stops)")
    watch_folder(folder, ingest_batch, interval=poll)


def _ingest_batch(files: list[Path], where: tuple[Path, bool], options: dict) -> None:
    """One batch of --watch: the store is open for writing only while the batch goes in, and
    marked meanwhile, so that ``multipolar serve`` shows the batch whole or not at all."""
    from multipolar.serve.live import writing_batch

    with writing_batch(*where):
        report = api.ingest(files, where[0], **options)
    _said(report, where[0])


def _said(report: Any, path: Path) -> None:
    """What an ingest did, as ``ingest`` prints it."""
    counts = report.counts
    for error in report.errors[:ERRORS_SHOWN]:
        warn(error, "skipped")
    if len(report.errors) > ERRORS_SHOWN:
        warn(f"... and {len(report.errors) - ERRORS_SHOWN} more", "skipped")
    say(
        f"ingested {report.added} new document(s) with {report.events} event(s); "
        f"{report.skipped} already stored; {len(report.errors)} unreadable -> {path} "
        f"(now {counts['documents']} documents, {counts['actors']} actors, {counts['events']} events)"
    )
    if report.placed:
        stdout.print(f"placed {report.placed} event(s) stored before theatres existed", highlight=False)


@friendly
def documents(db: DbOption = None, store: StoreOption = None, fmt: FormatOption = Format.table) -> None:
    """List stored documents."""
    with corpus_for(db, store) as corpus:
        rows = corpus.document_rows()
    if fmt is not Format.json:
        rows = [{k: v for k, v in row.items() if k not in ("meta", "parts")} for row in rows]
    if fmt is Format.table:
        rows = [{**row, "date": dates.display(row.get("date"))} for row in rows]
    emit(rows, fmt, title="Documents")


@friendly
def events(
    db: DbOption = None,
    store: StoreOption = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Only events with this actor id.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="Only this PLOVER type.")] = None,
    since: Since = None,
    until: Until = None,
    docs: DocsOption = None,
    theatre: TheatreOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List stored events, optionally for one actor, PLOVER type, document or theatre."""
    with corpus_for(db, store) as corpus:
        note_unassessed(corpus, theatre)
        chosen = corpus.selection(**filters(since, until, docs, theatre, merge=False))
        found = corpus.event_list(chosen, actor=actor, type=type_)
    if fmt is Format.json:
        emit([e.to_dict() for e in found], fmt)
    else:
        emit(found, fmt, rows=_event_rows(found, fmt), title=f"{len(found)} events")


DEMO_MEMBERS = 6  # the most active members shown per bloc


def demo_files() -> Path:
    return api.DEMO_TEXTS


@friendly
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the demo database and report.")] = Path(
        "multipolar-demo"
    ),
) -> None:
    """Ingest the bundled demo texts, analyse the network and write the HTML report."""
    out.mkdir(parents=True, exist_ok=True)
    db, html = out / "demo.duckdb", out / "report.html"
    texts = [api.DEMO_TEXTS]
    report = with_progress("ingesting demo", lambda **bar: api.ingest(texts, db, parquet=False, **bar))
    counts = report.counts
    with api.open(db) as corpus:
        analysis = corpus.analysis()
        events_ = corpus.selected(corpus.selection())
        names = corpus.names()
        corpus.report(html)
        documents = corpus.document_rows()
    libya = [d["id"][:4] for d in documents if "libya" in Path(str(d.get("path") or "")).name]
    activity = Counter(a for e in events_ for a in (e.source, e.target) if a)
    blocs = analysis.blocs
    stdout.print(
        f"[bold]multipolar demo[/]: {counts['documents']} texts, {counts['actors']} actors, "
        f"{counts['events']} events ({report.added} newly ingested)"
    )
    stdout.print(
        f"  {len(blocs.blocs)} blocs; frustration {blocs.frustration:.1f} of {blocs.total_weight:.1f} "
        f"tie weight ({blocs.normalised:.0%} of ties go against them)",
        highlight=False,
    )
    for i, bloc in enumerate(blocs.blocs, 1):
        members = sorted(bloc, key=lambda a: -activity[a])
        shown = ", ".join(names.get(a, a) for a in members[:DEMO_MEMBERS])
        more = f" and {len(members) - DEMO_MEMBERS} more" if len(members) > DEMO_MEMBERS else ""
        say(f"  bloc {i}: {shown}{more}")
    if brokers := analysis.top_brokers():
        say("  brokers: " + ", ".join(names.get(a, a) for a in brokers))
    say(f"database: {db.resolve()}")
    say(f"report:   {html.resolve()}")
    say("next, on the demo's own database (open the report in any browser):")
    for line in next_steps(db, libya):
        stdout.print(plain(f"  {line}"), soft_wrap=True)  # one line each, to copy as it is


def next_steps(db: Path, libya: list[str]) -> list[str]:
    """Commands to try after the demo on its database *db*, as the user would type them;
    *libya* are the short ids of the demo's Libya texts."""
    at = shlex.quote(os.fspath(db))
    docs = " ".join(f"--doc {d}" for d in libya) or "--doc ID"
    steps = [
        (f"multipolar events --db {at} --actor RUS --type AID", "Russia's aid, with the sentences"),
        (f"multipolar documents --db {at}", "the texts and their ids"),
        (f"multipolar blocs --db {at} {docs}", "the camps in the Libya texts"),
        (f"multipolar timeline --db {at} --actor TUR --with LBY-GNA", "one tie over time"),
    ]
    width = max(len(command) for command, _ in steps)
    return [f"{command:<{width}}  # {why}" for command, why in steps]


def register(app: typer.Typer) -> None:
    """Add this module's commands to *app*."""
    app.command("extract")(extract)
    app.command("ingest")(ingest_command)
    app.command("documents")(documents)
    app.command("events")(events)
    app.command("demo")(demo)
