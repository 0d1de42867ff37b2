"""Whole-corpus runs: read files, process them, and collect or store the results.

This is the only module that joins the stages end to end; the CLI, the demo and the
benchmarks call it rather than wiring read -> pipeline -> store themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from multipolar.document import Document
from multipolar.pipeline import Pipeline, process_parallel
from multipolar.read import iter_paths, read_paths
from multipolar.resolve import Registry
from multipolar.store import Store

Progress = Callable[[Document], None]


@dataclass
class IngestReport:
    added: int = 0
    skipped: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)


def count_files(paths: Iterable[Path]) -> int:
    return sum(1 for _ in iter_paths(paths))


def process_paths(
    paths: Iterable[Path],
    *,
    pipeline: Pipeline | None = None,
    workers: int = 1,
    default_date: date | None = None,
    registry_files: Iterable[Path] = (),
    errors: list[str] | None = None,
    skip: Callable[[Document], bool] | None = None,
) -> Iterator[Document]:
    """Read and process every document under *paths*, streaming; unreadable files go to *errors*."""
    documents: Iterable[Document] = read_paths(paths, default_date=default_date, errors=errors)
    if skip is not None:
        documents = (d for d in documents if not skip(d))
    if workers > 1:
        yield from process_parallel(documents, workers, registry_files)
    else:
        pipeline = pipeline or Pipeline.default(registry_files)
        yield from pipeline.pipe(documents)


def ingest(
    paths: Iterable[Path],
    store: Store,
    *,
    workers: int = 1,
    default_date: date | None = None,
    registry_files: Iterable[Path] = (),
    pipeline: Pipeline | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Store every new document under *paths*; documents already stored are skipped unprocessed."""
    report = IngestReport()
    registry = pipeline.registry if pipeline else Registry.load(extra=tuple(registry_files))

    def already_stored(document: Document) -> bool:
        if store.has(document.id):
            report.skipped += 1
            if progress:
                progress(document)
            return True
        return False

    for document in process_paths(
        paths,
        pipeline=pipeline or (Pipeline(registry) if workers <= 1 else None),
        workers=workers,
        default_date=default_date,
        registry_files=registry_files,
        errors=report.errors,
        skip=already_stored,
    ):
        if store.add(document, document_actors(document, registry)):
            report.added += 1
            report.events += len(document.events)
        else:
            report.skipped += 1
        if progress:
            progress(document)
    return report


def document_actors(document: Document, registry: Registry) -> list[Any]:
    """The registry entries of the actors a document names, and its provisional actors."""
    found = (registry.get(i) or document.provisional.get(i) for i in document.actor_ids())
    return [a for a in found if a is not None]


def extraction_json(documents: list[Document], registry: Registry) -> dict[str, Any]:
    """The ``extract --format json`` object: documents, the actors they mention, and events."""
    mentions = Counter(m.actor for d in documents for m in d.mentions if m.actor)
    actor_ids: dict[str, None] = {}
    for document in documents:
        for actor_id in document.actor_ids():
            actor_ids.setdefault(actor_id)
    provisional: dict[str, Any] = {}
    for document in documents:  # the same provisional actor in several texts: the first that places it
        for actor_id, actor in document.provisional.items():
            if actor_id not in provisional or (actor.country and not provisional[actor_id].country):
                provisional[actor_id] = actor
    actors = []
    for actor_id in actor_ids:
        actor = registry.get(actor_id) or provisional.get(actor_id)
        actors.append(
            {
                "id": actor_id,
                "name": actor.name if actor else actor_id,
                "type": (actor.type or None) if actor else None,
                "country": actor.country if actor else None,
                "aliases": list(actor.aliases) if actor else [],
                "mentions": mentions.get(actor_id, 0),
                "provisional": bool(actor and actor.provisional),
            }
        )
    actors.sort(key=lambda a: (-a["mentions"], a["id"]))
    return {
        "documents": [
            {"id": d.id, "path": d.path, "title": d.title, "date": d.date.isoformat() if d.date else None}
            for d in documents
        ],
        "actors": actors,
        "events": [e.to_dict() for d in documents for e in d.events],
    }


EVENT_COLUMNS = [
    "doc",
    "date",
    "source",
    "type",
    "target",
    "mode",
    "context",
    "quad",
    "modality",
    "speaker",
    "trigger",
    "sentence",
]
