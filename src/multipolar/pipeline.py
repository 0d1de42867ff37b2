"""The per-document pipeline: parse -> resolve actors -> code events -> place them in theatres.

``Pipeline.process`` is a pure function of (document text and date, actor registry, coder): it
touches no store and no global state, so the same call runs in this process, in a pool of
worker processes, or on a Dask cluster (:mod:`multipolar.engines`).

A long text is parsed in pieces (:mod:`multipolar.chunks`): each piece is parsed, resolved and
coded on its own, and what it yields is moved to document offsets, so a text of any length is
processed in bounded memory and time. ``Document.parts`` records how many pieces. spaCy parses a
batch at a time, and a batch holds at most :data:`~multipolar.chunks.BATCH_CHARS` characters.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from multipolar.chunks import BATCH_CHARS, Piece, Pieces
from multipolar.coding import Coder
from multipolar.document import Document
from multipolar.nlp import load_nlp, repair_lemmas
from multipolar.resolve import Registry, Resolver
from multipolar.resolve.unknown import keep_acting
from multipolar.theatre.assign import TheatreCoder

BATCH_SIZE = 16


@dataclass(frozen=True)
class Failure:
    """A document the pipeline could not process: its name (path or id), the reason, its id."""

    name: str
    reason: str
    id: str = ""

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


Outcome = Document | Failure


@dataclass
class Pipeline:
    """spaCy's parse followed by our stages, each a callable over the parsed document."""

    registry: Registry
    nlp: Language = field(default_factory=load_nlp)
    resolver: Resolver | None = None
    coder: Coder | None = None
    theatres: TheatreCoder | None = None

    def __post_init__(self) -> None:
        self.resolver = self.resolver or Resolver(self.registry, self.nlp)
        self.coder = self.coder or Coder(self.registry)
        self.theatres = self.theatres or TheatreCoder(self.registry)

    @classmethod
    def default(cls, registry_files: Iterable[Path] = ()) -> Pipeline:
        return cls(Registry.load(extra=tuple(registry_files)))

    def annotate(self, document: Document, parsed: Doc) -> Document:
        repair_lemmas(parsed, self.coder.verbs)
        document.sentences = [(s.start_char, s.end_char) for s in parsed.sents]
        resolution = self.resolver.resolve(parsed, on=document.date)
        document.mentions, document.provisional = resolution.mentions, resolution.provisional
        document.events = self.coder(parsed, document.mentions, document)
        keep_acting(document)  # a provisional actor stays only if it takes part in an event
        document.events = self.theatres(parsed, document)
        return document

    def process(self, document: Document) -> Document:
        return next(self.pipe([document]))

    def pipe(self, documents: Iterable[Document], batch_size: int = BATCH_SIZE) -> Iterator[Document]:
        """Process a stream of documents, batching spaCy's work; memory stays flat. A long
        document is processed in pieces and comes out whole."""
        pieces = Pieces()
        yield from pieces.rejoin(self._pipe_pieces(pieces.cut(documents), batch_size))

    def _pipe_pieces(self, documents: Iterable[Document], batch_size: int) -> Iterator[Document]:
        for batch in batched(documents, batch_size):
            pieces = False
            for parsed, document in zip(self.nlp.pipe([d.text for d in batch]), batch, strict=True):
                if isinstance(document, Piece):
                    document.tokens, pieces = len(parsed), True
                yield self.annotate(document, parsed)
            if pieces:
                # A parse leaves reference cycles that only the cyclic collector frees, and with the
                # registry's large long-lived heap Python runs full collections rarely: without
                # this, a long document's garbage would pile up piece after piece (about 4% of the
                # time of a long document, nothing for short ones).
                del parsed
                gc.collect()

    def pipe_safely(self, documents: Iterable[Document], batch_size: int = BATCH_SIZE) -> Iterator[Outcome]:
        """Like :meth:`pipe`, batch by batch, but a document that fails is a :class:`Failure`
        (name and reason) instead of an exception that ends the whole stream."""
        for batch in batched(documents, batch_size):
            try:
                yield from list(self.pipe([_fresh(d) for d in batch], batch_size))
            except Exception:
                for document in batch:  # find the culprit: one at a time
                    try:
                        yield self.process(_fresh(document))
                    except Exception as exc:
                        yield Failure(
                            document.path or document.id, f"{type(exc).__name__}: {exc}", document.id
                        )


def _fresh(document: Document) -> Document:
    """The document as read, before any pipeline stage (so a retry starts clean)."""
    return replace(document, sentences=[], mentions=[], events=[], provisional={}, parts=1)


def batched(documents: Iterable[Document], size: int, chars: int = BATCH_CHARS) -> Iterator[list[Document]]:
    """Batches of at most *size* documents and, unless one alone is longer, *chars* characters."""
    batch: list[Document] = []
    total = 0
    for document in documents:
        length = len(getattr(document, "text", ""))
        if batch and total + length > chars:
            yield batch
            batch, total = [], 0
        batch.append(document)
        total += length
        if len(batch) == size:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch
