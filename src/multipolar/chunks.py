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
"""

from __future__ import annotations

import re
from collections.abc import Iterator

CHUNK_CHARS = 50_000
SENTENCE_CHARS = 2_000

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


def chunk_spans(text: str, *, chunk: int = CHUNK_CHARS, sentence: int = SENTENCE_CHARS) -> list[Span]:
    """The spans in which *text* is parsed (see the module documentation); ``[(0, len(text))]``
    when the text needs no cutting."""
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
