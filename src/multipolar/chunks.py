"""Splitting long texts into pieces that are parsed one at a time, in bounded memory and time.

spaCy refuses texts over its ``max_length`` (1,000,000 characters), its memory grows with the
text, and the coder's work on a sentence grows faster than the sentence: a scraped page with no
punctuation is one "sentence" of a million characters. So before parsing, the pipeline cuts a
text that is longer than :data:`CHUNK_CHARS`, or that has a run of more than
:data:`SENTENCE_CHARS` characters without a sentence end, into spans:

* at paragraph breaks (a blank line) first, packing whole paragraphs up to :data:`CHUNK_CHARS`;
* a paragraph longer than that at sentence ends (``.``, ``!`` or ``?`` before white space);
* a "sentence" longer than :data:`SENTENCE_CHARS` at the last white space before that many
  characters (or, with none, at exactly that many): each such piece is parsed on its own, so no
  sentence the coder sees is longer than :data:`SENTENCE_CHARS`.

Spans are ``(start, end)`` character offsets into the text, consecutive and covering it whole, so
whatever is found in a piece maps back to document offsets by adding the piece's start. A text
within both limits is one span: it is parsed exactly as before.

Each piece is a document of its own (a :class:`Piece`, which knows its place in the whole) and goes
through the pipeline, the engines and their workers like any short document, so a long text is
processed as a stream of pieces, in parallel where there are workers, and memory never holds more
than a few pieces' parses. :class:`Pieces` cuts the documents of a stream into pieces before they
are processed (:meth:`Pieces.cut`) and puts the results back together after (:meth:`Pieces.rejoin`):
either whole documents again, or, for a store that writes a long document as it goes, each piece's
results in document offsets (a :class:`Part`), so that nothing of the whole is held at once.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from multipolar.document import Document

CHUNK_CHARS = 50_000
SENTENCE_CHARS = 2_000
# The most characters parsed in one batch: spaCy holds a batch's parses at once, about 3 KiB per
# character (a 50,000-character piece takes some 150 MiB while it is parsed).
BATCH_CHARS = CHUNK_CHARS

Span = tuple[int, int]

_PARAGRAPH_END = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
_SPACE = re.compile(r"\s+")


def _pieces(text: str, start: int, end: int, boundary: re.Pattern[str]) -> Iterator[Span]:
    """``text[start:end]`` cut after each match of *boundary* (the match stays with the piece before)."""
    for match in boundary.finditer(text, start, end):
        if match.end() < end:
            yield start, match.end()
            start = match.end()
    yield start, end


def _hard_cuts(text: str, start: int, end: int, size: int) -> Iterator[Span]:
    """``text[start:end]`` in pieces of at most *size* characters, cut after white space if any."""
    while end - start > size:
        limit = start + size
        spaces = [m.end() for m in _SPACE.finditer(text, start + size // 2, limit)]
        cut = spaces[-1] if spaces and spaces[-1] < limit else limit
        yield start, cut
        start = cut
    yield start, end


def _has_long_run(text: str, start: int, end: int, size: int) -> bool:
    """Whether ``text[start:end]`` has more than *size* characters without a sentence end."""
    previous = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.start() - previous > size:
            return True
        previous = match.end()
    return end - previous > size


def chunk_spans(text: str, *, chunk: int | None = None, sentence: int | None = None) -> list[Span]:
    """The spans in which *text* is parsed (see the module documentation); ``[(0, len(text))]``
    when the text needs no cutting. *chunk* and *sentence* default to :data:`CHUNK_CHARS` and
    :data:`SENTENCE_CHARS`."""
    chunk, sentence = chunk or CHUNK_CHARS, sentence or SENTENCE_CHARS
    if len(text) <= chunk and not _has_long_run(text, 0, len(text), sentence):
        return [(0, len(text))]
    spans: list[Span] = []
    open_start, open_end = 0, 0  # the span being packed: whole paragraphs or sentences

    def flush() -> None:
        nonlocal open_start
        if open_end > open_start:
            spans.append((open_start, open_end))
        open_start = open_end

    def pack(start: int, end: int) -> None:
        nonlocal open_end
        if end - open_start > chunk:
            flush()
        open_end = end

    for p_start, p_end in _pieces(text, 0, len(text), _PARAGRAPH_END):
        if p_end - p_start <= chunk and not _has_long_run(text, p_start, p_end, sentence):
            pack(p_start, p_end)
            continue
        for s_start, s_end in _pieces(text, p_start, p_end, _SENTENCE_END):
            if s_end - s_start <= sentence:
                pack(s_start, s_end)
                continue
            flush()
            for cut in _hard_cuts(text, s_start, s_end, sentence):
                spans.append(cut)
            open_start = open_end = s_end
    flush()
    return spans


@dataclass(slots=True)
class Piece(Document):
    """One piece of a long document, processed as a document of its own.

    It has the whole document's id, path, title and date (so its events name the document and are
    dated as it is), the text ``whole_text[offset:offset + len(text)]``, its *index* among *count*
    pieces, and the whole text's *length*. The pipeline sets *tokens* to the piece's token count.
    """

    index: int = 0
    count: int = 1
    offset: int = 0
    length: int = 0
    tokens: int = 0


@dataclass
class Part:
    """What one piece of a long document gave, in document offsets.

    ``found`` holds the piece's sentences, mentions, events and provisional actors, moved to the
    whole document's offsets; ``document`` is the whole document (its text, title, date and meta),
    whose ``sentences`` and ``parts`` are complete once ``last`` is true.
    """

    document: Document
    found: Document
    index: int
    count: int

    @property
    def last(self) -> bool:
        return self.index == self.count - 1

    @property
    def id(self) -> str:
        return self.document.id


@dataclass
class _Whole:
    """A long document whose pieces are being processed, and what is known of what came before."""

    document: Document
    count: int
    next: int = 0
    tokens: int = 0
    failed: bool = False
    sentences: list[tuple[int, int]] = field(default_factory=list)


def cut(document: Document) -> tuple[int, Iterator[Document]]:
    """How many pieces *document* is processed in, and those pieces, made one at a time: the
    document itself when it needs no cutting, else its :class:`Piece` s."""
    spans = chunk_spans(document.text)
    if len(spans) == 1:
        return 1, iter([document])
    pieces = (
        Piece(
            text=document.text[start:end],
            path=document.path,
            title=document.title,
            date=document.date,
            id=document.id,
            index=index,
            count=len(spans),
            offset=start,
            length=len(document.text),
        )
        for index, (start, end) in enumerate(spans)
    )
    return len(spans), pieces


class Pieces:
    """Cut long documents into pieces before processing, and join the results after.

    Use one object for one stream: :meth:`cut` remembers each long document (on the thread that
    reads the input) until :meth:`rejoin` has seen its last piece. Results must come back in the
    order the pieces went in, as every engine yields them.
    """

    def __init__(self) -> None:
        self._wholes: dict[str, deque[_Whole]] = defaultdict(deque)  # by id, in order (a text twice)

    def cut(self, documents: Iterable[Document]) -> Iterator[Document]:
        """The documents, each long one replaced by its pieces (made lazily, one document at a time)."""
        for document in documents:
            count, pieces = cut(document)
            if count > 1:
                self._wholes[document.id].append(_Whole(document, count))
            yield from pieces

    def rejoin(self, outcomes: Iterable[Any], *, whole: bool = True) -> Iterator[Any]:
        """The outcomes with the pieces of each long document put back together.

        With *whole*, each long document comes out once, as one processed document; otherwise each
        of its pieces comes out as a :class:`Part` (its results in document offsets), and the
        document is complete with its last part. A failure of any piece stands for its whole
        document: it comes out once, naming the piece, and the document's other pieces are dropped
        (already given :class:`Part` s then do not end with a last one). Other outcomes pass as
        they are.
        """
        for outcome in outcomes:
            waiting = self._wholes.get(getattr(outcome, "id", ""))
            if not waiting:
                yield outcome
                continue
            state = waiting[0]
            if not isinstance(outcome, Piece):  # a failure of one of its pieces
                if not state.failed:
                    state.failed = True
                    yield _named_failure(outcome, state)
            elif not state.failed:
                part = self._moved(state, outcome)
                if whole:
                    _add(state.document, part.found)
                else:
                    yield part
            state.next += 1
            if state.next == state.count:
                waiting.popleft()
                if not waiting:
                    del self._wholes[state.document.id]
                if whole and not state.failed:
                    yield state.document

    def _moved(self, state: _Whole, piece: Piece) -> Part:
        """The piece's results moved to document offsets (event ids recomputed from them)."""
        offset, before = piece.offset, len(state.sentences)
        sentences = [(start + offset, end + offset) for start, end in piece.sentences]
        state.sentences += sentences
        found = Document(
            text="",
            path=piece.path,
            title=piece.title,
            date=piece.date,
            id=piece.id,
            sentences=sentences,
            mentions=[
                dataclasses.replace(
                    m,
                    start=m.start + offset,
                    end=m.end + offset,
                    sentence=m.sentence + before,
                    token_start=m.token_start + state.tokens,
                    token_end=m.token_end + state.tokens,
                )
                for m in piece.mentions
            ],
            events=[
                dataclasses.replace(e, start=e.start + offset, end=e.end + offset, id="")
                for e in piece.events
            ],
            provisional=dict(piece.provisional),
        )
        state.tokens += piece.tokens
        document = state.document
        if piece.index == piece.count - 1:
            document.sentences, document.parts = state.sentences, piece.count
            if isinstance(document, Piece):  # a piece cut again: its own tokens are the sum
                document.tokens = state.tokens
        return Part(document, found, piece.index, piece.count)


def _add(document: Document, found: Document) -> None:
    document.mentions += found.mentions
    document.events += found.events
    for actor_id, actor in found.provisional.items():
        document.provisional.setdefault(actor_id, actor)


def _named_failure(failure: Any, state: _Whole) -> Any:
    """The failure of a piece as the failure of its document, saying which piece."""
    where = f"piece {state.next + 1} of {state.count}"
    try:
        return dataclasses.replace(failure, reason=f"{failure.reason} ({where})")
    except (TypeError, AttributeError):
        return failure
