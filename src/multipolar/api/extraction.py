"""``multipolar.extract``: actors and events from texts or files, without a store."""

from __future__ import annotations

import dataclasses
import os
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from multipolar.analyse.network import event_day, in_window
from multipolar.api import checks
from multipolar.api.analysis import EventSource
from multipolar.api.frames import ACTOR_COLUMNS, DOCUMENT_COLUMNS, event_frame, frame, mention_frame
from multipolar.api.selection import QueryError, Selection, as_date, one_each
from multipolar.document import Document, Event
from multipolar.read.cells import REPLACED
from multipolar.read.readers import ReadError
from multipolar.theatre import Theatres, load_theatres

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from multipolar.pipeline import Pipeline
    from multipolar.resolve import Registry


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
        """One row per document: id, path, title, date, sentences, events."""
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
        """One row per event, one column per :class:`~multipolar.document.Event` field."""
        return event_frame(e for d in self.processed for e in d.events)

    @cached_property
    def mentions(self) -> pd.DataFrame:
        """One row per actor mention: doc, offsets, text, actor, the rule that resolved it ..."""
        return mention_frame((d.id, m) for d in self.processed for m in d.mentions)

    @cached_property
    def actors(self) -> pd.DataFrame:
        """The actors found, most mentioned first, as the store keeps them (mentions and events
        counted over these documents)."""
        return frame(self.actor_rows(), ACTOR_COLUMNS)

    def to_arrow(self) -> dict[str, pa.Table]:
        """``{"documents", "actors", "mentions", "events"}`` as pyarrow Tables."""
        import pyarrow as pa

        tables = {"documents": self.documents, "actors": self.actors, "mentions": self.mentions}
        tables["events"] = self.events
        return {name: pa.Table.from_pandas(table, preserve_index=False) for name, table in tables.items()}

    def to_dict(self) -> dict[str, Any]:
        """The object ``multipolar extract --format json`` prints."""
        from multipolar.corpus import extraction_json

        return extraction_json(self.processed, self.registry)

    def save(self, db: str | Path) -> int:
        """Store the documents in the DuckDB file *db* (created if needed), as ``ingest`` does
        (their events linked into incidents); returns how many were new."""
        from multipolar.corpus import document_actors
        from multipolar.store import Store
        from multipolar.store.incidents import link_incidents

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
        from multipolar.store import Store
        from multipolar.store.incidents import link_incidents

        with Store(":memory:") as store:
            for document in self.processed:
                store.add(document, document_actors(document, self.registry))
            link_incidents(store)
            return dict(store.con.execute("SELECT event, incident FROM incident_links").fetchall())

    def actor_rows(self) -> list[dict[str, Any]]:
        mentions = Counter(m.actor for d in self.processed for m in d.mentions if m.actor)
        acting = Counter(a for d in self.processed for e in d.events for a in {e.source, e.target} if a)
        rows = []
        for actor_id in dict.fromkeys(a for d in self.processed for a in d.actor_ids()):
            entry = self.registry.get(actor_id) or _provisional(self.processed, actor_id)
            rows.append(
                {
                    "id": actor_id,
                    "name": entry.name if entry else actor_id,
                    "type": entry.type if entry else None,
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
    if selection.theatres is not None:
        assessed = bool(event.theatre or event.theatre_basis)
        if not assessed or (event.theatre or None) not in selection.theatres:
            return False
    if selection.since or selection.until:
        return event_day(event.date) is not None and in_window(event, selection.since, selection.until)
    return True


def _provisional(documents: Iterable[Document], actor_id: str) -> Any:
    return next((d.provisional[actor_id] for d in documents if actor_id in d.provisional), None)


Item = str | bytes | os.PathLike[str] | list[str]


def extract(
    texts_or_paths: Item | Iterable[Item],
    *,
    date: date | str | None = None,
    registry: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] = (),
    workers: int = 1,
) -> Extraction:
    """Actors and events from texts or files, processed as ``multipolar extract`` does.

    *texts_or_paths* is one item or an iterable of items (a list, a pandas Series ...). An item is
    a text (``str``; a ``str`` naming an existing file or folder is read as that path, an empty
    one is an empty text), a list of ``str`` (the paragraphs of one text), ``bytes`` (a text in
    UTF-8, else decoded as a file is), or a path (``os.PathLike``: a ``.txt``, ``.md``, ``.html``
    file, a news dump, or a folder of them). *date* (``date`` or ``YYYY-MM-DD``) dates the texts
    that carry no date of their own; *registry* adds user registry files; *workers* > 1 processes
    on that many processes.

    An argument of the wrong type raises ``TypeError``, a value out of range ``ValueError``, and a
    path that does not exist an error; an item that holds no text (empty, ``None``, NaN, a number,
    binary bytes ...), or a file that cannot be read, is skipped and listed in the result's
    ``errors``. Lone surrogates in a text are replaced with U+FFFD (a ``UnicodeWarning`` counts
    them).
    """
    default_date = as_date(date, "date")
    items = _items(texts_or_paths)
    registry_files = tuple(Path(r) for r in checks.path_or_paths(registry, "registry"))
    workers = checks.count(workers, "workers", optional=False)  # type: ignore[assignment]
    for item in items:
        if isinstance(item, Path) and not item.exists():
            raise QueryError(f"{item}: no such file or folder")
    errors: list[str] = []
    pipeline = None if workers > 1 else _pipeline(registry_files)
    from multipolar.chunks import Pieces
    from multipolar.engines import open_engine
    from multipolar.pipeline import Failure

    processed = []
    pieces = Pieces()
    replaced: list[str] = []
    with open_engine("local", workers=workers, registry_files=registry_files, pipeline=pipeline) as engine:
        documents = pieces.cut(_documents(items, default_date, errors, replaced))
        for outcome in pieces.rejoin(engine.run(documents)):
            if isinstance(outcome, Failure):
                errors.append(str(outcome))
            else:
                processed.append(outcome)
    for note in replaced:
        warnings.warn(note, UnicodeWarning, stacklevel=2)
    registry_ = pipeline.registry if pipeline else _pipeline(registry_files).registry
    return Extraction(processed, registry_, errors)


_ACCEPTED = "a text (str, bytes or a list of str), a path (os.PathLike), or an iterable of them"


def _items(given: Any) -> list[Any]:
    """The items of *texts_or_paths*, each a path (``Path``), a text, or what holds no text (a
    ``(name, value)`` pair, skipped later with the reason)."""
    if isinstance(given, str | bytes | bytearray | memoryview | os.PathLike):
        return [_item(given, "texts_or_paths")]
    if given is None or isinstance(given, Mapping) or not isinstance(given, Iterable):
        raise TypeError(f"texts_or_paths: expected {_ACCEPTED}; got {checks.describe(given)}")
    return [_item(item, f"texts_or_paths[{index}]") for index, item in enumerate(given)]


def _item(item: Any, name: str) -> Any:
    if isinstance(item, os.PathLike):
        return Path(os.fspath(item))
    if isinstance(item, str) and _names_a_path(item):
        return Path(item)
    return (name, item)


def _documents(
    items: list[Any], default_date: date | None, errors: list[str], replaced: list[str]
) -> Iterator[Document]:
    """The documents of the items; what holds no text goes to *errors*, and a note of each text
    whose lone surrogates were replaced to *replaced*."""
    from multipolar.read import read_paths
    from multipolar.read.cells import NotText, text_of, valid_unicode
    from multipolar.read.readers import infer_date, parse_date, read_text

    for item in items:
        if isinstance(item, Path):
            yield from read_paths([item], default_date=default_date, errors=errors)
            continue
        name, value = item
        try:
            raw = text_of(value, name)
        except NotText as exc:
            errors.append(f"{name}: {exc}")
            continue
        if value is None:
            errors.append(f"{name}: None, not a text")
            continue
        raw, count = valid_unicode(raw)
        if count:
            replaced.append(f"{name}: {count} invalid character(s) (lone surrogates) replaced with U+FFFD")
        body, meta = read_text(raw, ".txt")
        if not body.strip():
            errors.append(f"{name}: empty text")
            continue
        try:
            day = parse_date(meta.get("date"))
        except ReadError as exc:
            errors.append(f"{name}: {exc}")
            continue
        yield Document(
            text=body,
            title=(meta.get("title") or "").strip(),
            date=day or default_date or infer_date(body),
            meta={REPLACED: count} if count else {},
        )


def _names_a_path(text: str) -> bool:
    """Whether a string is the name of an existing file or folder (rather than a text); an empty
    or blank string is an empty text, never the current folder."""
    if not text.strip() or "\n" in text or len(text) > 4096:
        return False
    try:
        return Path(text).exists()
    except (OSError, ValueError):
        return False


@lru_cache(maxsize=2)
def _pipeline(registry_files: tuple[Path, ...]) -> Pipeline:
    """One pipeline per registry (spaCy loads once per process)."""
    from multipolar.pipeline import Pipeline

    return Pipeline.default(registry_files)
