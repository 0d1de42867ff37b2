"""``multipolar.extract``: actors and events from texts or files, without a store."""

from __future__ import annotations

import dataclasses
import os
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from multipolar.analyse.incidents_link import link_incidents
from multipolar.analyse.network import event_day, in_window
from multipolar.api.analysis import EventSource
from multipolar.api.frames import ACTOR_COLUMNS, DOCUMENT_COLUMNS, event_frame, frame, mention_frame
from multipolar.api.selection import QueryError, Selection, as_date, one_each
from multipolar.document import Document, Event
from multipolar.read import Columns, read_paths
from multipolar.read.readers import infer_date, parse_date, read_text
from multipolar.store import Store
from multipolar.theatre import Theatres, in_theatres, load_theatres

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from multipolar.pipeline import Pipeline
    from multipolar.resolve import Registry


# The actor fields ``extract --format json`` prints, in its order.
JSON_ACTOR_FIELDS = ("id", "name", "type", "country", "aliases", "mentions", "provisional")
ERRORS_WARNED = 3  # the failures a warning names; .errors lists them all


class ExtractionWarning(UserWarning):
    """Some of the texts or files given to :func:`extract` could not be read or processed; the
    result's ``errors`` lists each with its reason."""


class Extraction(EventSource):
    """What :func:`extract` found: the processed documents, and tables of them.

    ``documents``, ``actors``, ``mentions`` and ``events`` are pandas DataFrames (made on first
    use); :meth:`to_arrow` gives them as Arrow tables. The analysis methods of a store work here
    too, over the extracted events (:mod:`multipolar.api.analysis`). ``errors`` lists the files
    that could not be read or processed, with the reason.
    """

    def __init__(self, processed: list[Document], registry: Registry, errors: list[str]) -> None:
        self.processed = processed
        self.registry = registry
        self.errors = errors
        self.definitions: Theatres = load_theatres()

    def __repr__(self) -> str:
        events = sum(len(d.events) for d in self.processed)
        return f"<multipolar.Extraction ({len(self.processed)} documents, {events} events)>"

    # -- tables --------------------------------------------------------------------------------

    @cached_property
    def documents(self) -> pd.DataFrame:  # type: ignore[override]
        """One row per document: ``id, path, title, date, sentences, events``.

        Examples
        --------
        >>> found = multipolar.extract("Turkey sent drones to the GNA in Tripoli.", date="2020-01-05")
        >>> found.documents[["sentences", "events"]].values.tolist()
        [[1, 1]]
        """
        return frame(
            (
                {
                    "id": d.id,
                    "path": d.path,
                    "title": d.title,
                    "date": d.date,
                    "sentences": len(d.sentences),
                    "events": len(d.events),
                }
                for d in self.processed
            ),
            DOCUMENT_COLUMNS,
        )

    @cached_property
    def events(self) -> pd.DataFrame:  # type: ignore[override]
        """One row per event, one column per :class:`~multipolar.document.Event` field.

        Examples
        --------
        >>> found = multipolar.extract("Turkey sent drones to the GNA in Tripoli.", date="2020-01-05")
        >>> found.events.loc[0, "sentence"]
        'Turkey sent drones to the GNA in Tripoli.'
        """
        return event_frame(e for d in self.processed for e in d.events)

    @cached_property
    def mentions(self) -> pd.DataFrame:
        """One row per actor mention: ``doc``, offsets, ``text``, ``actor``, the ``rule`` that resolved it ...

        Examples
        --------
        >>> found = multipolar.extract("Turkey sent drones to the GNA in Tripoli.", date="2020-01-05")
        >>> found.mentions[["text", "actor"]].values.tolist()[:2]
        [['Turkey', 'TUR'], ['GNA', 'LBY-GNA']]
        """
        return mention_frame((d.id, m) for d in self.processed for m in d.mentions)

    @cached_property
    def actors(self) -> pd.DataFrame:
        """The actors the documents mention, as the store keeps them: ``id, name, type, country, parent,
        aliases, provisional, mentions, events`` (counted over these documents), most mentioned first.

        Examples
        --------
        >>> found = multipolar.extract("Turkey sent drones to the GNA in Tripoli.", date="2020-01-05")
        >>> sorted(found.actors["id"])[:2]
        ['LBY-GNA', 'TUR']
        """
        return frame(self.actor_rows(), ACTOR_COLUMNS)

    def to_arrow(self) -> dict[str, pa.Table]:
        """The four tables as pyarrow Tables (for Parquet, Polars, DuckDB).

        Returns
        -------
        dict[str, pyarrow.Table]
            ``documents``, ``actors``, ``mentions`` and ``events``.

        Examples
        --------
        >>> found = multipolar.extract("Turkey sent drones to the GNA in Tripoli.", date="2020-01-05")
        >>> found.to_arrow()["events"].num_rows == len(found.events)
        True
        """
        import pyarrow as pa

        tables = {"documents": self.documents, "actors": self.actors, "mentions": self.mentions}
        tables["events"] = self.events
        return {name: pa.Table.from_pandas(table, preserve_index=False) for name, table in tables.items()}

    def to_dict(self) -> dict[str, Any]:
        """The extraction as ``multipolar extract --format json`` prints it.

        Returns
        -------
        dict
            ``documents`` (id, path, title, date, undated), ``actors`` (as :attr:`actors` has them)
            and ``events`` (every field).

        Examples
        --------
        >>> found = multipolar.extract("Turkey sent drones to the GNA in Tripoli.", date="2020-01-05")
        >>> sorted(found.to_dict())
        ['actors', 'documents', 'events']
        """
        return {
            "documents": [
                {
                    "id": d.id,
                    "path": d.path,
                    "title": d.title,
                    "date": d.date.isoformat() if d.date else None,
                    "undated": d.date is None,  # no date given or found: names read by the text's own dates
                }
                for d in self.processed
            ],
            "actors": [{k: row[k] for k in JSON_ACTOR_FIELDS} for row in self.actor_rows()],
            "events": [e.to_dict() for d in self.processed for e in d.events],
        }

    def save(self, db: str | Path) -> int:
        """Store the documents in a DuckDB file, as ``ingest`` does (their events linked into incidents).

        Parameters
        ----------
        db : path
            The DuckDB file (created if needed).

        Returns
        -------
        int
            How many documents were new to it.

        Examples
        --------
        >>> found = multipolar.extract("Turkey sent drones to the GNA in Tripoli.", date="2020-01-05")
        >>> found.save("saved.duckdb")
        1
        """
        from multipolar.corpus import document_actors

        with Store(Path(db)) as store:  # one transaction for them all
            actors = [document_actors(d, self.registry) for d in self.processed]
            added = store.add_batch(self.processed, actors)
            link_incidents(store)
            return len(added)

    # -- what the analyses read ----------------------------------------------------------------

    def event_list(
        self, selection: Selection, *, actor: str | None = None, type: str | None = None
    ) -> list[Event]:
        docs = self._document_ids(selection.docs) if selection.docs else None
        found = []
        for document in self.processed:
            if docs is not None and document.id not in docs:
                continue
            for event in document.events:
                dated = event if event.date or document.date is None else _dated(event, document.date)
                if _matches(dated, selection, actor, type):
                    found.append(dated)
        return found

    def incident_of(self, events: Sequence[Event]) -> dict[str, str]:
        wanted = {e.id for e in events}
        return {event: incident for event, incident in self.links.items() if event in wanted}

    @cached_property
    def links(self) -> dict[str, str]:
        """``event id -> incident id`` for every extracted event: the documents linked into
        incidents as a store links them (in a store in memory)."""
        from multipolar.corpus import document_actors

        with Store(":memory:") as store:
            for document in self.processed:
                store.add(document, document_actors(document, self.registry))
            link_incidents(store)
            return dict(store.con.execute("SELECT event, incident FROM incident_links").fetchall())

    def actor_rows(self) -> list[dict[str, Any]]:
        """The actors the documents mention, most mentioned first: registry actors, and provisional ones
        (one named in several texts as the first text that places it in a country has it).

        Returns
        -------
        list of dict
            :attr:`actors`'s rows.

        Examples
        --------
        >>> found = multipolar.extract("Turkey sent drones to the GNA in Tripoli.", date="2020-01-05")
        >>> found.actor_rows()[0]["id"] in ("TUR", "LBY-GNA")
        True
        """
        mentions = Counter(m.actor for d in self.processed for m in d.mentions if m.actor)
        acting = Counter(a for d in self.processed for e in d.events for a in {e.source, e.target} if a)
        provisional = _provisional(self.processed)
        rows = []
        for actor_id in dict.fromkeys(a for d in self.processed for a in d.actor_ids()):
            entry = self.registry.get(actor_id) or provisional.get(actor_id)
            rows.append(
                {
                    "id": actor_id,
                    "name": entry.name if entry else actor_id,
                    "type": (entry.type or None) if entry else None,
                    "country": entry.country if entry else None,
                    "parent": entry.parent if entry else None,
                    "aliases": list(entry.aliases) if entry else [],
                    "provisional": bool(getattr(entry, "provisional", False)),
                    "mentions": mentions.get(actor_id, 0),
                    "events": acting.get(actor_id, 0),
                }
            )
        return sorted(rows, key=lambda r: (-r["mentions"], r["id"]))

    def _document_ids(self, prefixes: tuple[str, ...]) -> set[str]:
        return set(one_each(prefixes, lambda p: [d.id for d in self.processed if d.id.startswith(p)][:2]))


def _dated(event: Event, day: date) -> Event:
    return dataclasses.replace(event, date=day.isoformat())


def _matches(event: Event, selection: Selection, actor: str | None, type: str | None) -> bool:
    if actor and actor not in (event.source, event.target):
        return False
    if type and event.type != type.upper():
        return False
    if selection.theatres is not None and not in_theatres(event, selection.theatres):
        return False
    if selection.since or selection.until:
        return event_day(event.date) is not None and in_window(event, selection.since, selection.until)
    return True


def _provisional(documents: Iterable[Document]) -> dict[str, Any]:
    """The provisional actors of *documents*: for one named in several, the first that places it
    in a country, else the first."""
    found: dict[str, Any] = {}
    for document in documents:
        for actor_id, actor in document.provisional.items():
            if actor_id not in found or (actor.country and not found[actor_id].country):
                found[actor_id] = actor
    return found


def extract(
    texts_or_paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    date: date | str | None = None,
    registry: Iterable[str | Path] = (),
    workers: int = 1,
    columns: Columns | None = None,
    progress: Callable[[Any], None] | None = None,
) -> Extraction:
    """Actors and events from texts or files, processed as ``multipolar extract`` does; nothing stored.

    Parameters
    ----------
    texts_or_paths : str, path, or an iterable of them
        A ``pathlib.Path``, or a ``str`` naming an existing file or folder, is read as a file
        (``.txt``, ``.md``, ``.html``, a table of articles) or a folder of them; any other ``str``
        is the text itself.
    date : date or "YYYY-MM-DD", optional
        The date of the texts that carry none of their own.
    registry : paths
        User registry files merged over the bundled one.
    workers : int
        Processes to work on (more than 1: a pool).
    columns : Columns, optional
        Which columns of a table hold the text, date, id, title and url.
    progress : callable, optional
        Told of each document as it is done.

    Returns
    -------
    Extraction
        ``documents``, ``actors``, ``mentions`` and ``events`` as pandas DataFrames, ``errors``
        (what could not be read or processed, with the reason), and every analysis of
        :class:`~multipolar.api.analysis.EventSource` over the events.

    Raises
    ------
    QueryError
        A path that does not exist, or a bad date.

    Warns
    -----
    ExtractionWarning
        When a text or file could not be read or processed: it is skipped and listed in ``errors``
        (``warnings.simplefilter("ignore", ExtractionWarning)`` silences it).

    Examples
    --------
    >>> found = multipolar.extract("Turkey sent drones to the GNA in Tripoli.", date="2020-01-05")
    >>> found.events[["source", "type", "target", "theatre"]].values.tolist()
    [['TUR', 'AID', 'LBY-GNA', 'libya']]
    """
    default_date = as_date(date, "date")
    given = [texts_or_paths] if isinstance(texts_or_paths, str | os.PathLike) else list(texts_or_paths)
    items = [_path_or_text(i) for i in given]
    for item in items:
        if isinstance(item, Path) and not item.exists():
            raise QueryError(f"{item}: no such file or folder")
    errors: list[str] = []
    registry_files = tuple(Path(r) for r in registry)
    pipeline = None if workers > 1 else _pipeline(registry_files)
    from multipolar.corpus import process, reported_in
    from multipolar.engines import open_engine

    with open_engine("local", workers=workers, registry_files=registry_files, pipeline=pipeline) as engine:
        documents = _documents(items, default_date, errors, columns)
        processed = list(process(documents, engine, reported_in(errors), progress))
    registry_ = pipeline.registry if pipeline else _pipeline(registry_files).registry
    if errors:  # a notebook shows a warning; .errors alone goes unseen
        shown = "; ".join(errors[:ERRORS_WARNED]) + ("; ..." if len(errors) > ERRORS_WARNED else "")
        warnings.warn(
            f"{len(errors)} of the texts or files could not be read or processed (see .errors): {shown}",
            ExtractionWarning,
            stacklevel=2,
        )
    return Extraction(processed, registry_, errors)


def _path_or_text(item: str | os.PathLike[str]) -> str | Path:
    """A path (any ``os.PathLike``, or a ``str`` naming an existing file or folder), else the text."""
    if isinstance(item, os.PathLike):
        return Path(os.fspath(item))
    if not isinstance(item, str):
        raise QueryError(f"expected texts or paths, got {type(item).__name__}")
    return Path(item) if _names_a_path(item) else item


def _documents(
    items: list[str | Path], default_date: date | None, errors: list[str], columns: Columns | None = None
) -> Iterator[Document]:
    for item in items:
        if isinstance(item, Path):
            yield from read_paths([item], default_date=default_date, errors=errors, columns=columns)
            continue
        body, meta = read_text(item, ".txt")
        if not body.strip():
            errors.append("text: empty document")
            continue
        yield Document(
            text=body,
            title=(meta.get("title") or "").strip(),
            date=parse_date(meta.get("date")) or default_date or infer_date(body),
        )


def _names_a_path(text: str) -> bool:
    """Whether a string is the name of an existing file or folder (rather than a text)."""
    if "\n" in text or len(text) > 4096:
        return False
    try:
        return Path(text).exists()
    except OSError:
        return False


def _pipeline(registry_files: tuple[Path, ...]) -> Pipeline:
    """The pipeline for the registry as it is now: the bundled one with *registry_files* and the
    user files every command reads over it. It is kept while none of those files changes, so
    spaCy loads once per process and an actor just added is known to the next extraction."""
    from multipolar.resolve.registry import env_files

    return _pipeline_of(registry_files, tuple(_stamp(path) for path in (*registry_files, *env_files())))


@lru_cache(maxsize=2)
def _pipeline_of(registry_files: tuple[Path, ...], stamps: tuple[tuple[str, int, int], ...]) -> Pipeline:
    from multipolar.pipeline import Pipeline

    return Pipeline.default(registry_files)


def _stamp(path: Path) -> tuple[str, int, int]:
    """A file's name, last change and size (-1 when it cannot be read)."""
    try:
        stat = path.stat()
    except OSError:
        return str(path), -1, -1
    return str(path), stat.st_mtime_ns, stat.st_size
