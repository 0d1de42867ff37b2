"""A DuckDB store with one table per pipeline product: the embedded default.

Ingest is idempotent: a document's id is a hash of its text, so adding the same text twice
changes nothing. Documents go in a batch at a time, appended in bulk in one transaction
(:meth:`Store.add_batch`), so an interrupted ingest leaves the store as it was before that batch:
every document whole, every batch committed before kept. An existing file that is not a
multipolar store is never written to. A store written by an older version is brought up to date
on the first write (``ALTER TABLE``: columns are added, nothing is lost); read-only, it is read
as it is.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

from multipolar.document import Document
from multipolar.errors import database_problem, is_interrupt
from multipolar.store.base import EVENT_COLUMNS, QueryStore, StoreError, batch_columns, first_line

SCHEMA_VERSION = 4

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, path VARCHAR, title VARCHAR, date DATE, text VARCHAR,
    n_sentences INTEGER, ingested_at TIMESTAMP DEFAULT current_timestamp,
    meta VARCHAR, parts INTEGER DEFAULT 1
);
CREATE TABLE IF NOT EXISTS actors (
    id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR, country VARCHAR, parent VARCHAR, aliases VARCHAR,
    provisional BOOLEAN DEFAULT false
);
CREATE TABLE IF NOT EXISTS mentions (
    doc VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR, actor VARCHAR, rule VARCHAR,
    sentence INTEGER, person VARCHAR, PRIMARY KEY (doc, start, "end")
);
CREATE TABLE IF NOT EXISTS events (
    {
    ", ".join(
        f'"{c}" ' + ("INTEGER" if c in ("start", "end", "polarity") else "VARCHAR") for c in EVENT_COLUMNS
    )
},
    PRIMARY KEY (id)
);
"""

# Version 1 -> 2: the source's extra columns (JSON), how many pieces a long text was parsed in,
# and whether an actor is provisional (found in a text, unknown to the registry).
# Version 2 -> 3: each event's theatre and the words that decided it (NULL: not assessed yet; ingest
# then places the stored events, see multipolar.corpus.place_stored).
# Version 3 -> 4: each event's references (the document layer's explanations, JSON; NULL: none kept).
MIGRATIONS = {
    ("documents", "meta"): "ALTER TABLE documents ADD COLUMN meta VARCHAR",
    ("documents", "parts"): "ALTER TABLE documents ADD COLUMN parts INTEGER DEFAULT 1",
    ("actors", "provisional"): "ALTER TABLE actors ADD COLUMN provisional BOOLEAN DEFAULT false",
    ("events", "theatre"): "ALTER TABLE events ADD COLUMN theatre VARCHAR",
    ("events", "theatre_basis"): "ALTER TABLE events ADD COLUMN theatre_basis VARCHAR",
    ("events", "references"): 'ALTER TABLE events ADD COLUMN "references" VARCHAR',
}

# How a batch meets rows already stored. Documents never do (only new ones are written); an actor
# seen again may bring what an earlier text did not say (a provisional actor's type or country).
ON_CONFLICT = {
    "documents": "",
    "actors": " ON CONFLICT (id) DO UPDATE SET "
    "type = coalesce(nullif(actors.type, ''), excluded.type), "
    "country = coalesce(actors.country, excluded.country) "
    "WHERE coalesce(actors.type, '') = '' OR actors.country IS NULL",
    "mentions": " ON CONFLICT DO NOTHING",
    "events": " ON CONFLICT DO NOTHING",
}


# A file is opened as what it is, never by fetching code: DuckDB would otherwise download and
# load an extension to read a SQLite or other foreign file handed to it as a database.
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


class Store(QueryStore):
    """A multipolar DuckDB database. Use as a context manager."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self._column_types: dict[str, dict[str, str]] = {}
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such database (run 'multipolar ingest' first)")
        if self.path.is_dir():
            raise StoreError(f"{self.path}: a folder, not a DuckDB file (a Parquet store? use --store)")
        if not self.path.parent.is_dir():
            raise StoreError(f"{self.path}: no such folder {self.path.parent}")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only, config=OFFLINE)
        except duckdb.Error as exc:
            problem = database_problem(exc) or f"not a readable DuckDB database ({first_line(exc)})"
            raise StoreError(f"{self.path}: {problem}") from None
        try:
            _check_complete(self.con, self.path)
            self._check_or_create(read_only)
        except duckdb.Error as exc:
            self.con.close()
            problem = database_problem(exc) or f"broken or foreign database ({first_line(exc)})"
            raise StoreError(f"{self.path}: {problem}") from None
        except StoreError:
            self.con.close()
            raise

    def _check_or_create(self, read_only: bool) -> None:
        tables = {
            r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        if tables and "meta" not in tables:
            raise StoreError(f"{self.path}: a DuckDB file, but not a multipolar store; refusing to touch it")
        if not tables:
            if read_only:
                raise StoreError(f"{self.path}: empty database (run 'multipolar ingest' first)")
            self.con.execute("BEGIN")
            self.con.execute(SCHEMA)
            self.con.execute("INSERT INTO meta VALUES ('schema', ?)", [str(SCHEMA_VERSION)])
            self.con.execute("COMMIT")
            return
        missing = [key for key in MIGRATIONS if key[1] not in self._columns(key[0])]
        if missing and not read_only:
            self.con.execute("BEGIN")
            for key in missing:
                self.con.execute(MIGRATIONS[key])
            self.con.execute("UPDATE meta SET value = ? WHERE key = 'schema'", [str(SCHEMA_VERSION)])
            self.con.execute("COMMIT")
            missing = []
        self.has_meta = ("documents", "meta") not in missing
        self.has_provisional = ("actors", "provisional") not in missing
        self.has_theatres = ("events", "theatre") not in missing
        self.has_references = ("events", "references") not in missing

    def _columns(self, table: str) -> set[str]:
        rows = self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
        return {r[0] for r in rows}

    # -- writing ------------------------------------------------------------------------------

    def add_batch(
        self, documents: Sequence[Document], actors: Sequence[Iterable[Any]] | None = None
    ) -> set[str]:
        """Store processed documents in one transaction: the batch is stored whole or not at all,
        and a batch that fails leaves the store as it was. Returns the ids added (documents
        already stored, or twice in *documents*, are skipped)."""
        named = list(actors) if actors is not None else [()] * len(documents)
        known = self.stored([d.id for d in documents])
        fresh: dict[str, tuple[Document, Iterable[Any]]] = {}
        for document, its_actors in zip(documents, named, strict=True):
            if document.id not in known:
                fresh.setdefault(document.id, (document, its_actors))
        if not fresh:
            return set()
        batch = [d for d, _ in fresh.values()]
        try:
            self.write_batch(batch_columns(batch, [a for _, a in fresh.values()]))
        except duckdb.Error as exc:
            if is_interrupt(exc):  # Ctrl-C reached DuckDB mid-query: an interruption, not a failure
                raise
            first = batch[0].path or batch[0].id
            which = first if len(batch) == 1 else f"{first} and {len(batch) - 1} other document(s)"
            if problem := database_problem(exc):
                raise StoreError(
                    f"{self.path}: {problem} while storing {which} "
                    "(the documents stored before them are kept)"
                ) from None
            raise StoreError(f"{self.path}: cannot store {which}: {first_line(exc)}") from None
        return set(fresh)

    def write_batch(self, tables: Mapping[str, Mapping[str, list[Any]]]) -> None:
        """Append a batch (``{table: {column: values}}``, as :func:`batch_columns` makes it) in one
        transaction: every table's rows or none. Actors already stored gain a type or country they
        lacked; a mention or event key already stored is left as it is. This is the one place a
        batch is written: a further table joins the batch by adding its columns (and, when it
        meets stored rows, its line in :data:`ON_CONFLICT`)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table, columns in tables.items():
                if any(columns.values()):
                    self._append(table, columns)
            self.con.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _append(self, table: str, columns: Mapping[str, list[Any]]) -> None:
        """One INSERT of many rows: each column goes in as one list parameter of the column's own
        type, the lists unnested side by side (a bulk path that needs neither pandas nor pyarrow)."""
        kinds = self._types(table)
        names = ", ".join(f'"{c}"' for c in columns)  # named: migrated columns come last
        values = ", ".join(f'unnest(?::{kinds[c]}[]) AS "{c}"' for c in columns)
        conflict = ON_CONFLICT.get(table, "")
        self.con.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM (SELECT {values}){conflict}",
            list(columns.values()),
        )

    def _types(self, table: str) -> dict[str, str]:
        """The SQL type of each of *table*'s columns (asked once per table)."""
        if table not in self._column_types:
            rows = self.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table]
            ).fetchall()
            self._column_types[table] = dict(rows)
        return self._column_types[table]

    def set_theatres(self, decisions: Iterable[tuple[str, str | None, str]]) -> int:
        """Store ``(event id, theatre, basis)`` decisions in one transaction, as one bulk update;
        how many were given."""
        rows = list(decisions)
        if not rows:
            return 0
        ids, theatres, bases = (list(c) for c in zip(*rows, strict=True))
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute(
                "UPDATE events SET theatre = d.theatre, theatre_basis = d.basis FROM (SELECT "
                "unnest(?::VARCHAR[]) AS id, unnest(?::VARCHAR[]) AS theatre, "
                "unnest(?::VARCHAR[]) AS basis) d WHERE events.id = d.id",
                [ids, theatres, bases],
            )
            self.con.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return len(rows)

    def _rollback(self) -> None:
        """Undo the open transaction; if the interruption came after it ended, or a COMMIT failed
        (a full disk) and ended it, there is none."""
        with contextlib.suppress(duckdb.Error):
            self.con.execute("ROLLBACK")


# A DuckDB file is three 4 KiB headers followed by its blocks.
_HEADER_BYTES = 3 * 4096


def _check_complete(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a file too short to hold the blocks in use (a copy cut short, a truncated download):
    the missing blocks would fail some later query, or a write would build on a broken file.

    The file must reach past the highest block any table or the catalog occupies, and hold at least
    as many blocks as are in use. Free blocks may legitimately lie past the end (DuckDB trims a
    file's free tail), so the header's total is no measure: a cut that loses only free space is
    harmless, while one that loses a used block behind free ones in the middle is not."""
    if not path.is_file():
        return
    row = con.execute(
        "SELECT block_size, used_blocks FROM pragma_database_size() WHERE database_name = current_database()"
    ).fetchone()
    if row is None:
        return
    block_size, used = int(row[0]), int(row[1])
    blocks = max(used, _last_block(con) + 1)
    needed = _HEADER_BYTES + block_size * blocks
    actual = path.stat().st_size
    if actual < needed:
        raise StoreError(
            f"{path}: the database file is truncated ({actual:,} bytes; the blocks in use need "
            f"{needed:,}); restore it from a copy"
        )


def _last_block(con: duckdb.DuckDBPyConnection) -> int:
    """The highest block id that the catalog or any table's data occupies; -1 when none does."""
    last = con.execute("SELECT coalesce(max(block_id), -1) FROM pragma_metadata_info()").fetchone()
    highest = int(last[0]) if last else -1
    tables = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database()"
    ).fetchall()
    for schema, table in tables:
        try:
            found = con.execute(
                "SELECT greatest(max(block_id), max(list_max(additional_block_ids))) "
                "FROM pragma_storage_info(?)",
                [f"{schema}.{table}"],
            ).fetchone()
        except duckdb.Error:  # a name pragma_storage_info cannot parse: its blocks go uncounted
            continue
        if found and found[0] is not None:
            highest = max(highest, int(found[0]))
    return highest
