"""Gold for a text we may not copy: events keyed by a short quotation that locates the sentence.

A keyed gold file is JSON lines. The first line is a header naming the text and its date::

    {"document": "seeds/000_24b45da38df45773.txt", "date": "2019-12-20"}

then one line per annotated sentence::

    {"key": "a short quote, at most 8 words", "offset": 1234, "events": [...], "tags": [...]}

``offset`` (optional) is the character offset where the key starts; when the key occurs several
times the occurrence nearest to it is used. Events follow the gold format. The annotation is
exhaustive: a sentence without a key is a sentence with no event, so anything coded there is a
false alarm. Keys not found in the text are skipped (and counted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from multipolar.evaluation.gold import GoldEvent, GoldFormatError, parse_date, parse_event, read_json_lines

MAX_KEY_WORDS = 8
_QUOTES = {"'": "['’‘]", "’": "['’‘]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}


@dataclass(slots=True)
class KeyedEntry:
    key: str
    events: list[GoldEvent]
    offset: int | None = None
    tags: tuple[str, ...] = ()


@dataclass(slots=True)
class KeyedGold:
    document: str
    date: date | None
    entries: list[KeyedEntry] = field(default_factory=list)


def is_keyed(path: Path) -> bool:
    try:
        first = next(read_json_lines(path), None)
    except (GoldFormatError, OSError):
        return False
    return first is not None and isinstance(first[1], dict) and "document" in first[1]


def load_keyed(path: Path, types: tuple[str, ...] = ()) -> KeyedGold:
    lines = list(read_json_lines(path))
    if not lines or not isinstance(lines[0][1], dict) or "document" not in lines[0][1]:
        raise GoldFormatError(f"{path}: the first line must be a header with 'document'")
    where, header = lines[0]
    gold = KeyedGold(document=str(header["document"]), date=parse_date(header.get("date"), where))
    for where, raw in lines[1:]:
        if not isinstance(raw, dict) or not isinstance(raw.get("key"), str) or not raw["key"].strip():
            raise GoldFormatError(f"{where}: each entry needs a 'key' string")
        if len(raw["key"].split()) > MAX_KEY_WORDS:
            raise GoldFormatError(f"{where}: key has more than {MAX_KEY_WORDS} words")
        events = raw.get("events", [])
        if not isinstance(events, list):
            raise GoldFormatError(f"{where}: 'events' must be a list")
        gold.entries.append(
            KeyedEntry(
                key=raw["key"],
                events=[parse_event(e, f"{where}, event {i + 1}", types) for i, e in enumerate(events)],
                offset=raw.get("offset"),
                tags=tuple(raw.get("tags", ())),
            )
        )
    return gold


def key_pattern(key: str) -> re.Pattern[str]:
    """The key as a pattern that tolerates line breaks and curly versus straight quotes."""
    words = []
    for word in key.split():
        words.append("".join(_QUOTES.get(ch, re.escape(ch)) for ch in word))
    return re.compile(r"\s+".join(words))


def locate(text: str, key: str, offset: int | None = None) -> int | None:
    """Where *key* starts in *text* (the occurrence nearest *offset*), or ``None``."""
    starts = [m.start() for m in key_pattern(key).finditer(text)]
    if not starts:
        return None
    return min(starts, key=lambda s: abs(s - offset)) if offset is not None else starts[0]


def find_document(gold_file: Path, document: str) -> Path | None:
    """The keyed text: *document* relative to a ``shared`` folder beside the gold file or an ancestor."""
    for folder in Path(gold_file).resolve().parents:
        for candidate in (folder / document, folder / "shared" / document):
            if candidate.is_file():
                return candidate
    return None
