"""CLI: ``multipolar store`` -- look after a Parquet store (copy a DuckDB file into one, compact it,
check its data files)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from multipolar.api.stores import check_store, compact_store, copy_store
from multipolar.cli.common import DbOption, default_db, fail, friendly, say, warn

app = typer.Typer(
    help="Look after a Parquet store: copy a DuckDB store into one, compact it, check it.",
    no_args_is_help=True,
)

StoreArgument = Annotated[Path, typer.Option("--store", help="The Parquet store folder.")]


@app.command("compact")
@friendly
def compact(store: StoreArgument) -> None:
    """Merge each partition's small files into one (and drop what a dead run left uncommitted)."""
    before, after, counts = compact_store(store)
    say(
        f"compacted {store}: {before} files -> {after} "
        f"({counts['documents']} documents, {counts['events']} events)"
    )


@app.command("copy")
@friendly
def copy(store: StoreArgument, db: DbOption = None) -> None:
    """Copy a DuckDB store (--db) into a new Parquet store (--store)."""
    source_path = db or default_db()
    counts = copy_store(source_path, store)
    say(
        f"copied {source_path} -> {store} ({counts['documents']} documents, {counts['actors']} actors, "
        f"{counts['events']} events)"
    )


@app.command("check")
@friendly
def check(store: StoreArgument) -> None:
    """Check that every data file the store's manifest lists is there, whole and readable.

    Lists each file that is missing, cut short, changed or unreadable (exit status 1), and each
    data file the manifest does not list (ignored by every read; exit status 0 if that is all).
    """
    found = check_store(store)
    for note in found.notes:
        warn(note, "note")
    for problem in found.problems:
        warn(problem, "damaged")
    if not found.whole:
        fail(
            f"{store}: {len(found.problems)} data file(s) missing or damaged; restore them from a copy "
            "(or copy the store afresh from its DuckDB file)"
        )
    counts = found.counts
    say(
        f"{store}: {found.files} data files, all whole "
        f"({counts['documents']} documents, {counts['events']} events)"
    )


def register(root: typer.Typer) -> None:
    """Add the ``store`` command group to *root*."""
    root.add_typer(app, name="store")
