"""Scoring coded events against gold events.

A :class:`Unit` is one stretch of text (a gold sentence) with its gold events and the events the
coder produced there. :func:`score` aligns them at several strictnesses:

* **triples**: (source, target, type) must all agree; each gold event matches at most one coded event;
* **pairs**: (source, type), ignoring the target;
* **types**: per sentence, the *set* of event types (does the coder see a SANCTION here at all?);
* **quads**: per sentence, the set of PLOVER quad classes (verbal/material cooperation/conflict),
  i.e. the polarity-level view.

Precision = tp / (tp + fp), recall = tp / (tp + fn), F1 their harmonic mean. A gold actor the
annotation could not name (``*``) matches nothing: such sentences are left out before scoring
(:func:`multipolar.evaluation.named_only`), never matched by a wildcard. Modality (asserted,
hedged, negated, reported, future) is not part of a match; its accuracy is measured separately on
the matched triples.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from multipolar.document import Event
from multipolar.evaluation.gold import ANY, GoldEvent

Coded = Event | GoldEvent  # anything with source, target, type


@dataclass(slots=True)
class Unit:
    """One gold sentence, its gold events and the events the coder produced for it."""

    id: str
    text: str
    gold: list[GoldEvent]
    predicted: list[Event]
    tags: tuple[str, ...] = ()


@dataclass(slots=True)
class Score:
    """Counts of true positives, false positives and false negatives, and the ratios they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def to_dict(self) -> dict:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


ActorMatch = Callable[[str | None, str | None], bool]


def same_actor(gold: str | None, coded: str | None) -> bool:
    """Exact actor match; an unnamed gold actor (``*``) matches nothing."""
    return gold != ANY and gold == coded


def triple_match(gold: GoldEvent, coded: Coded, same: ActorMatch = same_actor) -> bool:
    return gold.type == coded.type and same(gold.source, coded.source) and same(gold.target, coded.target)


def pair_match(gold: GoldEvent, coded: Coded, same: ActorMatch = same_actor) -> bool:
    return gold.type == coded.type and same(gold.source, coded.source)


def align(
    gold: Sequence[GoldEvent], coded: Sequence[Coded], match: Callable[[GoldEvent, Coded], bool]
) -> list[tuple[int, int]]:
    """One-to-one ``(gold index, coded index)`` pairs that *match*, greedily in gold order."""
    used: set[int] = set()
    pairs = []
    for g in range(len(gold)):
        for c, event in enumerate(coded):
            if c not in used and match(gold[g], event):
                used.add(c)
                pairs.append((g, c))
                break
    return sorted(pairs)


def _set_score(gold: set[str], coded: set[str]) -> tuple[int, int, int]:
    return len(gold & coded), len(coded - gold), len(gold - coded)


@dataclass
class TypeScore:
    """Per PLOVER type: the triple-level score and the sentence-level (type only) score."""

    triples: Score = field(default_factory=Score)
    sentences: Score = field(default_factory=Score)


@dataclass
class Report:
    sentences: int = 0
    gold_events: int = 0
    coded_events: int = 0
    triples: Score = field(default_factory=Score)
    pairs: Score = field(default_factory=Score)
    types: Score = field(default_factory=Score)
    quads: Score = field(default_factory=Score)
    per_type: dict[str, TypeScore] = field(default_factory=lambda: defaultdict(TypeScore))
    per_quad: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    by_tag: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    modality: Counter = field(default_factory=Counter)  # (gold modality, coded modality) -> count
    empty_sentences: int = 0  # gold sentences with no event
    empty_with_events: int = 0  # ... of which the coder coded something anyway
    misses: list[dict] = field(default_factory=list)
    false_alarms: list[dict] = field(default_factory=list)

    @property
    def modality_accuracy(self) -> float | None:
        total = sum(self.modality.values())
        return sum(n for (g, c), n in self.modality.items() if g == c) / total if total else None

    def macro_f1(self, scores: Mapping[str, Score]) -> float | None:
        values = [s.f1 or 0.0 for s in scores.values() if s.tp + s.fn]
        return sum(values) / len(values) if values else None

    def weakest(self, n: int = 3, min_gold: int = 2) -> list[str]:
        """The *n* types with the lowest sentence-level F1 among those with at least *min_gold* cases."""
        scored = [
            (s.sentences.f1 or 0.0, t)
            for t, s in self.per_type.items()
            if s.sentences.tp + s.sentences.fn >= min_gold
        ]
        return [t for _, t in sorted(scored)[:n]]

    def type_rows(self) -> list[dict]:
        rows = []
        for t in sorted(self.per_type):
            s = self.per_type[t]
            rows.append(
                {
                    "type": t,
                    "gold": s.triples.tp + s.triples.fn,
                    "coded": s.triples.tp + s.triples.fp,
                    "triple_p": _round(s.triples.precision),
                    "triple_r": _round(s.triples.recall),
                    "triple_f1": _round(s.triples.f1),
                    "type_p": _round(s.sentences.precision),
                    "type_r": _round(s.sentences.recall),
                    "type_f1": _round(s.sentences.f1),
                }
            )
        return rows

    def to_dict(self, misses: int | None = None) -> dict:
        return {
            "sentences": self.sentences,
            "gold_events": self.gold_events,
            "coded_events": self.coded_events,
            "triples": self.triples.to_dict(),
            "pairs": self.pairs.to_dict(),
            "types": self.types.to_dict(),
            "quads": self.quads.to_dict(),
            "type_macro_f1": _round(self.macro_f1(self.per_type_sentences())),
            "quad_macro_f1": _round(self.macro_f1(self.per_quad)),
            "per_type": self.type_rows(),
            "per_quad": {q: s.to_dict() for q, s in sorted(self.per_quad.items())},
            "by_tag": {t: s.to_dict() for t, s in sorted(self.by_tag.items())},
            "modality": {
                "matched": sum(self.modality.values()),
                "accuracy": _round(self.modality_accuracy),
                "confusion": [
                    {"gold": g, "coded": c, "count": n} for (g, c), n in sorted(self.modality.items())
                ],
            },
            "empty_sentences": self.empty_sentences,
            "empty_with_events": self.empty_with_events,
            "weakest_types": self.weakest(),
            "misses": self.misses[:misses],
            "false_alarms": self.false_alarms[:misses],
        }

    def per_type_sentences(self) -> dict[str, Score]:
        return {t: s.sentences for t, s in self.per_type.items()}


def _label(event: Coded) -> str:
    modality = getattr(event, "modality", "asserted")
    suffix = f" ({modality})" if modality != "asserted" else ""
    return f"{event.source} -{event.type}-> {event.target or '-'}{suffix}"


def score(units: Iterable[Unit], quad_of: Mapping[str, str], same: ActorMatch = same_actor) -> Report:
    """Score every unit; *quad_of* maps a PLOVER type to its quad class, *same* decides actor matches."""
    report = Report()
    for unit in units:
        add_unit(report, unit, quad_of, same)
    return report


def add_unit(report: Report, unit: Unit, quad_of: Mapping[str, str], same: ActorMatch = same_actor) -> None:
    gold, coded = unit.gold, unit.predicted
    report.sentences += 1
    report.gold_events += len(gold)
    report.coded_events += len(coded)
    if not gold:
        report.empty_sentences += 1
        report.empty_with_events += bool(coded)

    matched = align(gold, coded, partial(triple_match, same=same))
    tp = len(matched)
    report.triples.add(tp, len(coded) - tp, len(gold) - tp)
    for tag in unit.tags:
        report.by_tag[tag].add(tp, len(coded) - tp, len(gold) - tp)
    pairs = align(gold, coded, partial(pair_match, same=same))
    report.pairs.add(len(pairs), len(coded) - len(pairs), len(gold) - len(pairs))

    gold_hit = {g for g, _ in matched}
    coded_hit = {c for _, c in matched}
    for i, event in enumerate(gold):
        report.per_type[event.type].triples.add(tp=i in gold_hit, fn=i not in gold_hit)
    for i, event in enumerate(coded):
        if i not in coded_hit:
            report.per_type[event.type].triples.add(fp=1)
    for g, c in matched:
        report.modality[(gold[g].modality, coded[c].modality)] += 1

    gold_types, coded_types = {e.type for e in gold}, {e.type for e in coded}
    report.types.add(*_set_score(gold_types, coded_types))
    for t in gold_types | coded_types:
        report.per_type[t].sentences.add(*_set_score({t} & gold_types, {t} & coded_types))
    gold_quads = {quad_of.get(e.type, "") for e in gold}
    coded_quads = {quad_of.get(e.type, getattr(e, "quad", "")) for e in coded}
    report.quads.add(*_set_score(gold_quads, coded_quads))
    for q in gold_quads | coded_quads:
        report.per_quad[q].add(*_set_score({q} & gold_quads, {q} & coded_quads))

    got = [_label(e) for e in coded]
    for i, event in enumerate(gold):
        if i not in gold_hit:
            report.misses.append({"id": unit.id, "expected": _label(event), "coded": got, "text": unit.text})
    expected = [_label(e) for e in gold]
    for i, event in enumerate(coded):
        if i not in coded_hit:
            report.false_alarms.append(
                {
                    "id": unit.id,
                    "coded": _label(event),
                    "expected": expected,
                    "pattern": getattr(event, "pattern", ""),
                    "text": unit.text,
                }
            )
