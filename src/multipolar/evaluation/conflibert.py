"""Real wire sentences with a CAMEO root class and actor spans (ConfliBERT's CAMEO data).

Each JSON line is ``{id, text, class, source, target, joint}``: ``class`` is 0 for CAMEO 01-02
(statements and appeals, which PLOVER does not code) and 1-4 for PLOVER's quad classes (verbal
cooperation, material cooperation, verbal conflict, material conflict); ``source``/``target`` are
the text spans of the acting and receiving actor, ``joint`` those of actors acting together.

Two figures are computed, by the same definitions as ``../shared/tools/realprose.py``:

* **5-class macro-F1**: a sentence's predicted class is the quad class of its *main* coded event,
  the first one whose source text shares a word with a gold source (else the first event), or 0
  when nothing was coded; F1 per class, averaged over the five classes.
* **dyad recall**: of the sentences with both a source and a target span, the share where some
  coded event's source text shares a word with a gold source and its target text with a gold
  target (stop words aside). Target text counts even when the target is not a registered actor:
  the coder names what an act was aimed at whether or not it can resolve it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from multipolar.document import Event
from multipolar.evaluation.gold import GoldFormatError

CLASSES = (0, 1, 2, 3, 4)
CLASS_NAMES = ("none", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
QUAD_CLASS = {name: i for i, name in enumerate(CLASS_NAMES) if i}
STOP_WORDS = frozenset(
    (
        "the",
        "a",
        "an",
        "of",
        "and",
        "in",
        "on",
        "to",
        "for",
        "from",
        "with",
        "by",
        "at",
        "its",
        "their",
        "his",
        "her",
        "s",
    )
)


@dataclass(frozen=True, slots=True)
class ClassedSentence:
    id: str
    text: str
    cls: int
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    joint: tuple[str, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return self.source + self.joint

    @property
    def targets(self) -> tuple[str, ...]:
        return self.target + self.joint


def is_conflibert(path: Path) -> bool:
    """Whether *path* holds JSON lines with a ``class`` and ``source`` span list."""
    try:
        with open(path, encoding="utf-8") as handle:
            first = handle.readline()
        row = json.loads(first)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(row, dict) and "class" in row and isinstance(row.get("source"), list)


def load_conflibert(path: Path) -> list[ClassedSentence]:
    out: list[ClassedSentence] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                cls = int(row["class"])
                if cls not in CLASSES:
                    raise ValueError(f"class {cls} is not 0-4")
                out.append(
                    ClassedSentence(
                        id=str(row["id"]),
                        text=str(row["text"]),
                        cls=cls,
                        source=tuple(map(str, row.get("source") or ())),
                        target=tuple(map(str, row.get("target") or ())),
                        joint=tuple(map(str, row.get("joint") or ())),
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise GoldFormatError(f"{path}:{number}: not a ConfliBERT record ({exc})") from None
    if not out:
        raise GoldFormatError(f"{path}: no records")
    return out


def words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in STOP_WORDS}


def overlaps(text: str | None, spans: Iterable[str]) -> bool:
    mine = words(text)
    return any(mine & words(s) for s in spans)


def main_event(events: Sequence[Event], sources: Iterable[str]) -> Event | None:
    """The event a sentence is classed by: the first whose source matches a gold source, else the first."""
    sources = tuple(sources)
    return next((e for e in events if overlaps(e.source_text, sources)), events[0] if events else None)


def predicted_class(events: Sequence[Event], sources: Iterable[str]) -> int:
    event = main_event(events, sources)
    return QUAD_CLASS.get(event.quad, 0) if event is not None else 0


def has_dyad(events: Sequence[Event], sentence: ClassedSentence) -> bool:
    return any(
        overlaps(e.source_text, sentence.sources) and overlaps(e.target_text, sentence.targets)
        for e in events
    )


@dataclass
class ClassReport:
    """5-class confusion and dyad counts over a set of sentences."""

    confusion: dict[tuple[int, int], int] = field(default_factory=dict)  # (gold, predicted) -> n
    dyads: int = 0  # sentences with a gold source and target
    dyad_hits: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def sentences(self) -> int:
        return sum(self.confusion.values())

    def f1(self, cls: int) -> float:
        tp = self.confusion.get((cls, cls), 0)
        fp = sum(n for (g, p), n in self.confusion.items() if p == cls and g != cls)
        fn = sum(n for (g, p), n in self.confusion.items() if g == cls and p != cls)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    @property
    def macro_f1(self) -> float:
        return sum(self.f1(c) for c in CLASSES) / len(CLASSES)

    @property
    def accuracy(self) -> float:
        total = self.sentences
        return sum(n for (g, p), n in self.confusion.items() if g == p) / total if total else 0.0

    @property
    def dyad_recall(self) -> float:
        return self.dyad_hits / self.dyads if self.dyads else 0.0

    def to_dict(self, errors: int | None = None) -> dict:
        return {
            "sentences": self.sentences,
            "macro_f1": round(self.macro_f1, 3),
            "accuracy": round(self.accuracy, 3),
            "per_class_f1": {CLASS_NAMES[c]: round(self.f1(c), 3) for c in CLASSES},
            "dyad_recall": round(self.dyad_recall, 3),
            "dyads": self.dyads,
            "confusion": [
                {"gold": CLASS_NAMES[g], "predicted": CLASS_NAMES[p], "count": n}
                for (g, p), n in sorted(self.confusion.items())
            ],
            "errors": self.errors[:errors],
        }


def score_classes(sentences: Iterable[ClassedSentence], events: Mapping[str, Sequence[Event]]) -> ClassReport:
    """Score coded *events* (by sentence id) against the sentences' classes and spans."""
    report = ClassReport()
    for s in sentences:
        coded = events.get(s.id, ())
        predicted = predicted_class(coded, s.sources)
        report.confusion[(s.cls, predicted)] = report.confusion.get((s.cls, predicted), 0) + 1
        dyad = None
        if s.sources and s.targets:
            report.dyads += 1
            dyad = has_dyad(coded, s)
            report.dyad_hits += dyad
        if predicted != s.cls or dyad is False:
            report.errors.append(
                {
                    "id": s.id,
                    "gold": CLASS_NAMES[s.cls],
                    "predicted": CLASS_NAMES[predicted],
                    "dyad": dyad,
                    "source": list(s.sources),
                    "target": list(s.targets),
                    "coded": [
                        f"{e.source_text or e.source} -{e.type}-> {e.target_text or e.target or '-'}"
                        for e in coded
                    ],
                    "text": s.text,
                }
            )
    return report
