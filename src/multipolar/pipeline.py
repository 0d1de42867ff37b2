"""The per-document pipeline: parse -> resolve actors -> code events.

``Pipeline.process`` is a pure function of (document text and date, actor registry, coder): it
touches no store and no global state, so the same call runs in this process, in a pool of
worker processes (:func:`process_parallel`), or on any cluster that can ship a Document.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from multipolar.coding import Coder
from multipolar.document import Document
from multipolar.nlp import load_nlp
from multipolar.resolve import Registry, Resolver
from multipolar.resolve.provisional import keep_acting

BATCH_SIZE = 16


@dataclass
class Pipeline:
    """spaCy's parse followed by our two stages, each a callable over the parsed document."""

    registry: Registry
    nlp: Language = field(default_factory=load_nlp)
    resolver: Resolver | None = None
    coder: Coder | None = None

    def __post_init__(self) -> None:
        self.resolver = self.resolver or Resolver(self.registry, self.nlp)
        self.coder = self.coder or Coder(self.registry)

    @classmethod
    def default(cls, registry_files: Iterable[Path] = ()) -> Pipeline:
        return cls(Registry.load(extra=tuple(registry_files)))

    def annotate(self, document: Document, parsed: Doc) -> Document:
        document.sentences = [(s.start_char, s.end_char) for s in parsed.sents]
        resolution = self.resolver.resolve(parsed, on=document.date)
        document.mentions, document.provisional = resolution.mentions, resolution.provisional
        document.events = self.coder(parsed, document.mentions, document)
        keep_acting(document)  # a provisional actor stays only if it takes part in an event
        return document

    def process(self, document: Document) -> Document:
        return self.annotate(document, self.nlp(document.text))

    def pipe(self, documents: Iterable[Document], batch_size: int = BATCH_SIZE) -> Iterator[Document]:
        """Process a stream of documents, batching spaCy's work; memory stays flat."""
        stream = ((d.text, d) for d in documents)
        for parsed, document in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
            yield self.annotate(document, parsed)


# One pipeline per worker process, built by the pool's initializer (spaCy models do not pickle cheaply).
_worker: Pipeline | None = None


def _init_worker(registry_files: tuple[Path, ...]) -> None:
    global _worker
    _worker = Pipeline.default(registry_files)


def _process_batch(documents: list[Document]) -> list[Document]:
    assert _worker is not None
    return list(_worker.pipe(documents))


def batched(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def process_parallel(
    documents: Iterable[Document], workers: int, registry_files: Iterable[Path] = ()
) -> Iterator[Document]:
    """Process documents on *workers* processes, yielding results in input order.

    Each worker receives batches, so spaCy batches within a worker as it does in one process;
    ``imap`` reads the input lazily, so memory stays bounded by a few batches per worker.
    """
    context = mp.get_context("spawn")  # fork would copy a half-initialised BLAS/threads state
    with context.Pool(workers, initializer=_init_worker, initargs=(tuple(registry_files),)) as pool:
        for batch in pool.imap(_process_batch, batched(documents, BATCH_SIZE)):
            yield from batch
