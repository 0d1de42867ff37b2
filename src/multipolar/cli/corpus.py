"""CLI: extract, ingest, documents, events, demo."""

from __future__ import annotations

import os
import shlex
from collections import Counter
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from multipolar.cli.common import (
    DbOption,
    Format,
    FormatOption,
    Since,
    Until,
    UserError,
    default_db,
    emit,
    fail,
    friendly,
    is_terminal,
    parse_day,
    say,
    stderr,
    stdout,
    warn,
)
from multipolar.cli.selection import DocsOption, TheatreOption, corpus_for, filters, note_unassessed
from multipolar.cli.stores import StoreOption, open_for, store_location
from multipolar.corpus import EVENT_COLUMNS, count_files, extraction_json, ingest, process_paths
from multipolar.read import Columns, iter_paths, missing
from multipolar.show import dates
from multipolar.show.formats import plain
from multipolar.store import Store

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


def check_paths(paths: list[Path]) -> None:
    if gone := missing(paths):
        raise UserError(
            f"{gone[0]}: no such file or folder" + (" (or no file matches)" if "*" in gone[0] else "")
        )
    if next(iter_paths(paths), None) is None:
        raise UserError(
            "no readable documents (.txt, .md, .html, .jsonl, .csv, .parquet) under "
            + ", ".join(map(str, paths))
        )


def open_store(db: Path | None, *, read_only: bool = True) -> Store:
    return Store(db or default_db(), read_only=read_only)


def _progress(total: int | None) -> Progress | None:
    """A progress bar on a terminal; nothing when output is piped or captured."""
    if not is_terminal() or (total is not None and total < 2):
        return None
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    )


TABLE_COLUMNS = ["date", "source", "type", "target", "modality", "trigger", "theatre", "sentence"]


def _event_rows(events: list, fmt: Format = Format.csv) -> list[dict]:
    """Event rows for CSV (every column) or a terminal table (the columns a reader scans)."""
    columns = EVENT_COLUMNS if fmt is Format.csv else TABLE_COLUMNS
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
    from multipolar.pipeline import Pipeline

    check_paths(paths)
    columns = Columns(text_column, date_column, id_column, title_column, url_column)
    errors: list[str] = []
    pipeline = Pipeline.default(registry or ())
    documents = list(
        process_paths(paths, pipeline=pipeline, default_date=parse_day(date_), errors=errors, columns=columns)
    )
    for error in errors:
        warn(error, "skipped")
    if not documents:
        fail("no document could be read")
    for document in documents:
        if document.date is None:
            warn(f"{document.path or document.id}: {UNDATED}")
    result = extraction_json(documents, pipeline.registry)
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
    from multipolar.engines import open_engine

    if watch is not None:
        if not watch.is_dir():
            raise UserError(f"--watch {watch}: no such folder")
        paths = [*(paths or []), watch]
    if not paths:
        raise UserError("give files or folders to ingest (or --watch FOLDER)")
    if watch is None:
        check_paths(paths)
    elif gone := missing(paths):
        raise UserError(f"{gone[0]}: no such file or folder")
    day = parse_day(date_)  # before anything starts: a bad option creates no database
    total = count_files(paths)
    path, parquet = store_location(db, store)
    columns = Columns(text_column, date_column, id_column, title_column, url_column)
    runner = open_engine(engine.value, workers=workers, scheduler=scheduler, registry_files=registry or ())
    options = {
        "engine": runner,
        "default_date": day,
        "registry_files": registry or (),
        "columns": columns,
    }
    if watch is not None:
        with runner:
            _watch(watch, lambda files: _ingest_batch(files, db, store, (path, parquet), options), poll)
        return
    with open_for(db, store, read_only=False) as target, runner:
        bar = _progress(total)
        if bar:
            with bar:
                task = bar.add_task("ingesting", total=total)
                report = ingest(paths, target, **options, progress=lambda _d: bar.advance(task))
        else:
            report = ingest(paths, target, **options)
        counts = target.counts()
    _said(report, counts, path)
    if report.errors:
        raise typer.Exit(1)


def _watch(folder: Path, ingest_batch: Any, poll: float) -> None:
    from multipolar.serve.watch import watch_folder

    say(f"watching {folder} for new files every {poll:g} s (Ctrl-C stops)")
    watch_folder(folder, ingest_batch, interval=poll)


def _ingest_batch(
    files: list[Path], db: Path | None, store: Path | None, where: tuple[Path, bool], options: dict
) -> None:
    """One batch of --watch: the store is open for writing only while the batch goes in, and
    marked meanwhile, so that ``multipolar serve`` shows the batch whole or not at all."""
    from multipolar.serve.live import writing_batch

    with writing_batch(*where), open_for(db, store, read_only=False) as target:
        report = ingest(files, target, **options)
        counts = target.counts()
    _said(report, counts, where[0])


def _said(report: Any, counts: dict[str, int], path: Path) -> None:
    """What an ingest did, as ``ingest`` prints it."""
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
    with open_for(db, store) as source:
        rows = source.documents()
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
    return Path(str(resources.files("multipolar") / "data" / "demo"))


@friendly
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the demo database and report.")] = Path(
        "multipolar-demo"
    ),
) -> None:
    """Ingest the bundled demo texts, analyse the network and write the HTML report."""
    from multipolar.analyse import analyse, fold_units, unit_parents
    from multipolar.analyse.incidents import acts
    from multipolar.show.report import write_report
    from multipolar.store.incidents import incident_of

    out.mkdir(parents=True, exist_ok=True)
    db, html = out / "demo.duckdb", out / "report.html"
    sources = [demo_files()]
    total = count_files(sources)
    with Store(db) as store:
        bar = _progress(total)
        if bar:
            with bar:
                task = bar.add_task("ingesting demo", total=total)
                report = ingest(sources, store, progress=lambda _d: bar.advance(task))
        else:
            report = ingest(sources, store)
        actors = store.actors()
        folded = fold_units(store.events(), unit_parents(actors))
        events_ = acts(folded, incident_of(store, [e.id for e in folded]))  # each act once
        write_report(store, html)
        counts = store.counts()
        libya = [d["id"][:4] for d in store.documents() if "libya" in Path(str(d.get("path") or "")).name]
    names = {a["id"]: a["name"] for a in actors}
    analysis = analyse(events_, names)
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
