"""Whole-corpus runs: read files, process them, and collect or store the results.

This is the only module that joins the stages end to end; the CLI, the demo and the
benchmarks call it rather than wiring read -> pipeline -> store themselves.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from multipolar.analyse.incidents_link import link_incidents
from multipolar.document import Document
from multipolar.engines import Engine, open_engine
from multipolar.pipeline import Failure, Pipeline
from multipolar.read import Columns, count_documents, read_paths
from multipolar.resolve import Registry
from multipolar.store import QueryStore

Progress = Callable[[Document], None]
CHECK_BATCH = 256  # documents whose "already stored?" is asked in one query


@dataclass
class IngestReport:
    """What an ingest did: documents added (with their events), skipped as already stored, and
    the files, rows or documents that could not be read or processed (name and reason each)."""

    added: int = 0
    skipped: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    placed: int = 0  # events stored by an older version that were given their theatre
    linked: int = 0  # events linked into incidents (multipolar.store.incidents)
    counts: dict[str, int] = field(default_factory=dict)  # the store's tables afterwards (multipolar.ingest)


def count_files(paths: Iterable[Path]) -> int | None:
    """How many documents *paths* hold, when known without reading them (see
    :func:`multipolar.read.count_documents`)."""
    return count_documents(paths)


def process_paths(
    paths: Iterable[Path],
    *,
    pipeline: Pipeline | None = None,
    workers: int = 1,
    default_date: date | None = None,
    registry_files: Iterable[Path] = (),
    errors: list[str] | None = None,
    columns: Columns | None = None,
) -> Iterator[Document]:
    """Read and process every document under *paths*, streaming; what cannot be read or
    processed goes to *errors* (name and reason; raised as a ``ValueError`` when *errors* is None)."""
    documents = read_paths(paths, default_date=default_date, errors=errors, columns=columns)
    with open_engine("local", workers=workers, registry_files=registry_files, pipeline=pipeline) as engine:
        yield from process(documents, engine, reported_in(errors))


def process(
    documents: Iterable[Document],
    engine: Engine,
    failed: Callable[[Failure], None],
    progress: Progress | None = None,
) -> Iterator[Document]:
    """The *documents* as *engine* processed them, in order: the one loop over an engine's
    outcomes. A document that failed is given to *failed* (and not yielded); *progress* is told
    of every outcome as it comes."""
    for outcome in engine.run(documents):
        if progress:
            progress(outcome)
        if isinstance(outcome, Failure):
            failed(outcome)
        else:
            yield outcome


def reported_in(errors: list[str] | None) -> Callable[[Failure], None]:
    """What to do with a failure: note it in *errors* (name and reason), or, without a list, raise
    it as a ``ValueError``."""

    def failed(failure: Failure) -> None:
        if errors is None:
            raise ValueError(str(failure))
        errors.append(str(failure))

    return failed


def unstored(
    documents: Iterable[Document],
    store: QueryStore,
    on_skip: Callable[[Document], None],
    pending: set[str],
) -> Iterator[Document]:
    """The documents that are neither stored nor already on their way (ids in *pending*), asking
    the store about many at a time; *on_skip* is called for the others. Runs on the caller's
    thread, as the engines pull their input there."""
    batch: list[Document] = []

    def flush() -> Iterator[Document]:
        known = store.stored([d.id for d in batch])
        for document in batch:
            if document.id in known or document.id in pending:
                on_skip(document)
            else:
                pending.add(document.id)
                yield document
        batch.clear()

    for document in documents:
        batch.append(document)
        if len(batch) == CHECK_BATCH:
            yield from flush()
    yield from flush()


def ingest(
    paths: Iterable[Path],
    store: QueryStore,
    *,
    workers: int = 1,
    engine: Engine | None = None,
    default_date: date | None = None,
    registry_files: Iterable[Path] = (),
    pipeline: Pipeline | None = None,
    columns: Columns | None = None,
    progress: Progress | None = None,
    registry: Registry | None = None,
) -> IngestReport:
    """Store every new document under *paths*; documents already stored are skipped before they
    are sent to be processed. *engine* (default: a local one with *workers* processes) runs the
    pipeline; the store is only touched from this thread, a batch of documents at a time
    (:class:`BatchWriter`)."""
    report = IngestReport()
    registry = registry or (pipeline.registry if pipeline else Registry.load(extra=tuple(registry_files)))
    if pipeline is None and workers <= 1 and engine is None:
        pipeline = Pipeline(registry)
    pending: set[str] = set()

    def skipped(document: Document) -> None:
        report.skipped += 1
        if progress:
            progress(document)

    def failed(failure: Failure) -> None:
        pending.discard(failure.id)
        report.errors.append(str(failure))

    documents = read_paths(paths, default_date=default_date, errors=report.errors, columns=columns)
    runner = engine or open_engine("local", workers=workers, registry_files=registry_files, pipeline=pipeline)
    writer = BatchWriter(store, registry, report, progress)
    with nullcontext(runner) if engine else runner:
        for document in process(unstored(documents, store, skipped, pending), runner, failed):
            pending.discard(document.id)
            writer.append(document)
        writer.write()
    store.flush()  # a Parquet store writes its last batch: the report counts what is stored
    report.placed = place_stored(store, pipeline, registry)
    report.linked = link_incidents(store).linked  # the new events' reports of one act, linked
    return report


class BatchWriter:
    """Processed documents collected into batches and stored a batch at a time (the store writes
    a batch in bulk: see :meth:`multipolar.store.QueryStore.add_batch`).

    A batch is written when it holds :attr:`size` documents or :attr:`seconds` have passed since
    the last write, whichever comes first: few, large writes, and an interrupted run loses at most
    a few seconds of work (the batch not yet written; a rerun processes it again). The size starts
    at one document and doubles after each write up to :attr:`documents`, so the first documents
    are in the store at once (for a watching app, or a run stopped early, or a disk that fills up)
    while a long run still writes in bulk.
    """

    documents = 256
    seconds = 2.0

    def __init__(
        self, store: QueryStore, registry: Registry, report: IngestReport, progress: Progress | None = None
    ) -> None:
        self.store, self.registry, self.report, self.progress = store, registry, report, progress
        self.batch: list[Document] = []
        self.size = 1
        self.last = time.monotonic()

    def append(self, document: Document) -> None:
        self.batch.append(document)
        if len(self.batch) >= self.size or time.monotonic() - self.last >= self.seconds:
            self.write()

    def write(self) -> None:
        """Store the documents collected so far."""
        batch, self.batch = self.batch, []
        self.last = time.monotonic()
        if not batch:
            return
        self.size = min(2 * self.size, self.documents)
        added = self.store.add_batch(batch, [document_actors(d, self.registry) for d in batch])
        for document in batch:
            if document.id in added:
                self.report.added += 1
                self.report.events += len(document.events)
            else:
                self.report.skipped += 1
            if self.progress:
                self.progress(document)


def place_stored(
    store: QueryStore, pipeline: Pipeline | None = None, registry: Registry | None = None
) -> int:
    """Give the events an older version stored without a theatre their theatre: each such
    document is parsed and its actors resolved again, and its events, kept as they are, are placed
    by the theatre rule. Returns how many events were placed (0 for a store that cannot update
    events in place)."""
    setter = getattr(store, "set_theatres", None)
    pending = store.unassessed() if setter is not None and store.has_theatres else []
    if not pending:
        return 0
    pipeline = pipeline or Pipeline(registry or Registry.load())
    placed = 0
    for doc_id in pending:
        document = store.document(doc_id)
        if document is None:
            continue
        parsed = pipeline.nlp(document.text)
        document.mentions = pipeline.resolver(parsed, on=document.date)  # type: ignore[misc]
        document.events = store.events(docs=[doc_id])
        events = pipeline.theatres(parsed, document)  # type: ignore[misc]
        placed += setter((e.id, e.theatre, e.theatre_basis) for e in events)
    return placed


def document_actors(document: Document, registry: Registry) -> list[Any]:
    """The registry entries of the actors a document names, and its provisional actors."""
    found = (registry.get(i) or document.provisional.get(i) for i in document.actor_ids())
    return [a for a in found if a is not None]
