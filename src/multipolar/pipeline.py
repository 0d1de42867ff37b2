"""The per-document pipeline: parse -> resolve actors -> code events -> place them in theatres.

``Pipeline.process`` is a pure function of (document text and date, actor registry, coder): it
touches no store and no global state, so the same call runs in this process, in a pool of
worker processes, or on a Dask cluster (:mod:`multipolar.engines`).

A long text is parsed in pieces (:func:`multipolar.chunks.chunk_spans`): each piece is parsed,
resolved and coded on its own, and what it yields is moved to document offsets, so a text of any
length is processed in bounded memory and time. ``Document.parts`` records how many pieces.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from multipolar.chunks import chunk_spans
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
class _Piece:
    """One piece of a long text: where it starts, and the counts of what came before it."""

    document: Document
    index: int
    count: int
    offset: int


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
        """Process a stream of documents, batching spaCy's work; memory stays flat."""
        totals = {"tokens": 0}
        for parsed, piece in self.nlp.pipe(_pieces(documents), as_tuples=True, batch_size=batch_size):
            if isinstance(piece, Document):
                yield self.annotate(piece, parsed)
                continue
            document = piece.document
            if piece.index == 0:
                document.parts, totals["tokens"] = piece.count, 0
            part = Document(
                text=parsed.text, path=document.path, title=document.title, date=document.date, id=document.id
            )
            _append(document, self.annotate(part, parsed), piece.offset, totals["tokens"])
            totals["tokens"] += len(parsed)
            if piece.index == piece.count - 1:
                yield document

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


def _pieces(documents: Iterable[Document]) -> Iterator[tuple[str, Document | _Piece]]:
    """``(text, context)`` for spaCy: a whole document, or each piece of a long one."""
    for document in documents:
        spans = chunk_spans(document.text)
        if len(spans) == 1:
            yield document.text, document
            continue
        document.sentences, document.mentions, document.events, document.provisional = [], [], [], {}
        for index, (start, end) in enumerate(spans):
            yield document.text[start:end], _Piece(document, index, len(spans), start)


def _append(document: Document, part: Document, offset: int, tokens: int) -> None:
    """Add what was found in one piece of *document* (starting at character *offset*, after
    *tokens* tokens) to it, in document offsets. Event ids are recomputed from those offsets."""
    sentences = len(document.sentences)
    document.sentences += [(start + offset, end + offset) for start, end in part.sentences]
    document.mentions += [
        replace(
            m,
            start=m.start + offset,
            end=m.end + offset,
            sentence=m.sentence + sentences,
            token_start=m.token_start + tokens,
            token_end=m.token_end + tokens,
        )
        for m in part.mentions
    ]
    document.events += [replace(e, start=e.start + offset, end=e.end + offset, id="") for e in part.events]
    for actor_id, actor in part.provisional.items():
        document.provisional.setdefault(actor_id, actor)


def batched(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
