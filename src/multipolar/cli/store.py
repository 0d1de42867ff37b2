"""CLI: ``multipolar store`` -- look after a Parquet store (copy a DuckDB file into one, compact it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from multipolar.cli.common import DbOption, default_db, friendly, say
from multipolar.store import Store, StoreError
from multipolar.store.copy import copy_store
from multipolar.store.parquet_store import MARKER, ParquetStore

app = typer.Typer(
    help="Look after a Parquet store: copy a DuckDB store into one, compact it.", no_args_is_help=True
)

StoreArgument = Annotated[Path, typer.Option("--store", help="The Parquet store folder.")]


@app.command("compact")
@friendly
def compact(store: StoreArgument) -> None:
    """Merge each partition's small files into one (and drop what a dead run left uncommitted)."""
    if not (store / MARKER).is_file():  # a writer would create an empty store where none is
        ParquetStore(store).close()  # says why: no such store, a file, a foreign folder
        raise StoreError(f"{store}: no such Parquet store")
    tables = ("documents", "actors", "mentions", "events")
    with ParquetStore(store, read_only=False) as target:
        before = sum(len(target.files(t)) for t in tables)
        removed = target.compact()  # the incident tables too (their files are not counted here)
        counts = target.counts()
    say(
        f"compacted {store}: {before} files -> {before - sum(removed[t] for t in tables)} "
        f"({counts['documents']} documents, {counts['events']} events)"
    )


@app.command("copy")
@friendly
def copy(store: StoreArgument, db: DbOption = None) -> None:
    """Copy a DuckDB store (--db) into a new Parquet store (--store)."""
    source_path = db or default_db()
    with Store(source_path, read_only=True) as source:
        counts = copy_store(source, store)
    say(
        f"copied {source_path} -> {store} ({counts['documents']} documents, {counts['actors']} actors, "
        f"{counts['events']} events)"
    )


def register(root: typer.Typer) -> None:
    """Add the ``store`` command group to *root*."""
    root.add_typer(app, name="store")
