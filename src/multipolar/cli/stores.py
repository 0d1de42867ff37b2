"""The store options every query and analysis command shares: ``--db FILE`` or ``--store DIR``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from multipolar.cli.common import UserError, default_db
from multipolar.store import QueryStore, open_store

STORE_ENV = "MULTIPOLAR_STORE"

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="Parquet store folder (for large corpora; default $MULTIPOLAR_STORE) instead of --db.",
    ),
]


def store_location(db: Path | None, store: Path | None) -> tuple[Path, bool]:
    """``(path, is_parquet)`` for the options given: --store, --db, $MULTIPOLAR_STORE, the default db."""
    if db is not None and store is not None:
        raise UserError("give --db FILE or --store DIR, not both")
    if store is not None:
        return store, True
    if db is not None:
        return db, False
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV]), True
    return default_db(), False


def open_for(db: Path | None, store: Path | None, *, read_only: bool = True) -> QueryStore:
    """The store the options name, opened for reading (or writing)."""
    path, parquet = store_location(db, store)
    return open_store(path, read_only=read_only, parquet=parquet)
