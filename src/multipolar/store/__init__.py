"""Store: documents, actors, mentions and events in one DuckDB file."""

from multipolar.store.duckdb_store import Store, StoreError

__all__ = ["Store", "StoreError"]
