"""The gold format: JSON lines, one annotated sentence per line.

Each line is an object::

    {"id": "dev-001", "text": "...", "date": "2020-01-08",
     "events": [{"source": "TUR", "target": "LBY-GNA", "type": "AID",
                 "mode": null, "context": null, "modality": "asserted", "speaker": null}],
     "tags": ["passive", "negation"]}

``date``, ``tags`` and every event field but ``source``/``type`` are optional; ``target`` may be
``null`` (an event with no target). An empty ``events`` list says the coder should produce
nothing: such sentences test precision. Actor ids are the registry's (ISO3 for states, ``UN``,
``LBY-GNA``...); the id ``*`` stands for an actor the gold cannot name (it matches any actor).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from multipolar.document import MODALITIES
from multipolar.errors import MultipolarError

ANY = "*"  # an actor the gold cannot name: matches whatever the coder found


class GoldFormatError(MultipolarError, ValueError):
    """A gold file that does not follow the documented format; the message names file and line."""


@dataclass(frozen=True, slots=True)
class GoldEvent:
    source: str
    target: str | None
    type: str
    mode: str | None = None
    context: str | None = None
    modality: str = "asserted"
    speaker: str | None = None

    def label(self) -> str:
        return f"{self.source} -{self.type}-> {self.target or '-'}"


@dataclass(slots=True)
class GoldSentence:
    id: str
    text: str
    events: list[GoldEvent] = field(default_factory=list)
    date: date | None = None
    tags: tuple[str, ...] = ()


def parse_date(value: object, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise GoldFormatError(f"{where}: date {value!r} is not an ISO date (YYYY-MM-DD)") from None


def parse_event(raw: object, where: str, types: Iterable[str] | None = None) -> GoldEvent:
    if not isinstance(raw, dict):
        raise GoldFormatError(f"{where}: each event must be an object")
    missing = [k for k in ("source", "type") if not raw.get(k)]
    if missing:
        raise GoldFormatError(f"{where}: event lacks {', '.join(missing)}")
    event_type = str(raw["type"]).upper()
    known = set(types or ())
    if known and event_type not in known:
        raise GoldFormatError(f"{where}: unknown event type {raw['type']!r}")
    modality = raw.get("modality") or "asserted"
    if modality not in MODALITIES:
        raise GoldFormatError(f"{where}: modality {modality!r} is not one of {', '.join(MODALITIES)}")
    return GoldEvent(
        source=str(raw["source"]),
        target=str(raw["target"]) if raw.get("target") else None,
        type=event_type,
        mode=raw.get("mode") or None,
        context=raw.get("context") or None,
        modality=modality,
        speaker=raw.get("speaker") or None,
    )


def parse_sentence(raw: object, where: str, types: Iterable[str] | None = None) -> GoldSentence:
    if not isinstance(raw, dict):
        raise GoldFormatError(f"{where}: each line must be a JSON object")
    if not isinstance(raw.get("text"), str) or not raw["text"].strip():
        raise GoldFormatError(f"{where}: 'text' must be a non-empty string")
    events = raw.get("events", [])
    if not isinstance(events, list):
        raise GoldFormatError(f"{where}: 'events' must be a list")
    types = tuple(types or ())
    return GoldSentence(
        id=str(raw.get("id") or where),
        text=raw["text"],
        events=[parse_event(e, f"{where}, event {i + 1}", types) for i, e in enumerate(events)],
        date=parse_date(raw.get("date"), where),
        tags=tuple(str(t) for t in raw.get("tags", ())),
    )


def read_json_lines(path: Path) -> Iterator[tuple[str, object]]:
    """``(where, object)`` for each non-blank line; ``where`` is ``file:line`` for messages."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise GoldFormatError(f"{path}: not a UTF-8 text file") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{Path(path).name}:{number}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldFormatError(f"{where}: not valid JSON ({exc.msg})") from None


def load_gold(path: Path, types: Iterable[str] | None = None) -> list[GoldSentence]:
    """Read a gold file; *types*, when given, are the event types the gold may use."""
    types = tuple(types or ())
    sentences = [parse_sentence(raw, where, types) for where, raw in read_json_lines(path)]
    if not sentences:
        raise GoldFormatError(f"{path}: no gold sentences")
    return sentences
