"""Store: documents, actors, mentions and events, in one DuckDB file or a Parquet dataset.

Both backends answer the same queries (:class:`~multipolar.store.base.QueryStore`);
:func:`open_store` picks the backend from the path (a folder is a Parquet store).
"""

from pathlib import Path

from multipolar.store.base import QueryStore, StoreError
from multipolar.store.duckdb_store import Store

__all__ = ["QueryStore", "Store", "StoreError", "open_store"]


def open_store(path: str | Path, *, read_only: bool = True, parquet: bool | None = None) -> QueryStore:
    """The store at *path*: a Parquet store when *parquet* is true (or, when None, when *path*
    is a folder), else a DuckDB file."""
    path = Path(path)
    if parquet is None:
        parquet = path.is_dir()
    if parquet:
        from multipolar.store.parquet_store import ParquetStore

        return ParquetStore(path, read_only=read_only)
    return Store(path, read_only=read_only)
