"""CLI: ``multipolar store`` -- look after a Parquet store (copy a DuckDB file into one, compact it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from multipolar.api.stores import compact_store, copy_store
from multipolar.cli.common import DbOption, default_db, friendly, say

app = typer.Typer(
    help="Look after a Parquet store: copy a DuckDB store into one, compact it.", no_args_is_help=True
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


def register(root: typer.Typer) -> None:
    """Add the ``store`` command group to *root*."""
    root.add_typer(app, name="store")
