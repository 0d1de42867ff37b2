"""Evaluation: how well the pipeline codes events, measured against gold annotations.

Six kinds of gold are read (see ``eval/README.md``): our gold format (JSON lines of sentences
and their events), the PLOVER gold standard records (:mod:`.gsr`), keyed gold for a text we may
not copy (:mod:`.keyed`), real sentences with a quad class and actor spans (:mod:`.conflibert`),
the headline acts of real reports (:mod:`.incidents`) and the relations a reader takes from whole
articles (:mod:`.relations`). :func:`evaluate_path` picks the reader by the file's shape, runs the
pipeline and returns an :class:`Outcome` holding a :class:`~.metrics.Report` (PLOVER events), a
:class:`~.conflibert.ClassReport` (classes and dyads), a :class:`~.incidents.HeadlineReport` or
a :class:`~.relations.RelationsReport` (relations per article).

Real-prose sets are split once into halves by the parity of the number in each id
(:func:`in_half`): rules are tuned on the even half only, so the odd half measures what tuning
did not see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from multipolar.evaluation.conflibert import ClassedSentence, ClassReport, is_conflibert, load_conflibert
from multipolar.evaluation.gold import ANY, GoldEvent, GoldFormatError, GoldSentence, load_gold
from multipolar.evaluation.gsr import is_gsr, load_gsr, rollup
from multipolar.evaluation.halves import HALVES, in_half
from multipolar.evaluation.incidents import HeadlineReport, is_incidents
from multipolar.evaluation.keyed import find_document, is_keyed, load_keyed, locate
from multipolar.evaluation.metrics import Report, Score, Unit, align, score
from multipolar.evaluation.relations import RelationsReport, evaluate_relations, is_relations, load_relations

if TYPE_CHECKING:
    from multipolar.pipeline import Pipeline

__all__ = [
    "ANY",
    "HALVES",
    "ClassReport",
    "ClassedSentence",
    "GoldEvent",
    "GoldFormatError",
    "GoldSentence",
    "Outcome",
    "RelationsReport",
    "Report",
    "Score",
    "Unit",
    "align",
    "evaluate_path",
    "gold_kind",
    "in_half",
    "load_gold",
    "load_gsr",
    "load_keyed",
    "load_relations",
    "locate",
    "named_only",
    "rollup",
    "score",
]


@dataclass
class Outcome:
    kind: str  # "gold", "gsr", "keyed", "conflibert", "incidents" or "relations"
    report: Report | None = None  # PLOVER events (gold, gsr, keyed)
    classes: ClassReport | None = None  # quad classes and dyads (conflibert)
    headlines: HeadlineReport | None = None  # headline acts of real reports (incidents)
    relations: RelationsReport | None = None  # relations per article (relations)
    notes: list[str] = field(default_factory=list)


def gold_kind(path: Path) -> str:
    if is_incidents(path):
        return "incidents"
    if is_gsr(path):
        return "gsr"
    if is_keyed(path):
        return "keyed"
    if is_conflibert(path):
        return "conflibert"
    if is_relations(path):
        return "relations"
    return "gold"


def named_only(gold: list[GoldSentence]) -> tuple[list[GoldSentence], int]:
    """The sentences whose gold events name every actor, and how many were left out.

    A gold actor the annotation could not name (``*``) would either match anything (inflating
    the scores) or nothing (charging the coder for the annotation's gap): its sentence is left
    out instead, and the count is reported."""
    kept = [g for g in gold if not any(ANY in (e.source, e.target) for e in g.events)]
    return kept, len(gold) - len(kept)


def evaluate_path(
    path: Path,
    pipeline: Pipeline | None = None,
    *,
    kind: str | None = None,
    text: Path | None = None,
    half: str = "all",
) -> Outcome:
    """Evaluate the pipeline on the gold file at *path* (its kind detected unless given), on the
    sentences of *half* (keyed gold, one document, is always whole; reader relations are halved by
    article). *text* is the text of keyed gold, or the folder of the articles of reader relations."""
    # The pipeline (spaCy, registry, coder) loads only when something is evaluated.
    from multipolar.evaluation.run import keyed_units, name_resolver, part_of, quad_map, sentence_units
    from multipolar.pipeline import Pipeline

    path = Path(path)
    if path.is_dir() and is_incidents(path):  # an incidents folder: gold.json and docs/
        kind = kind or "incidents"
    elif not path.is_file():
        raise GoldFormatError(f"{path}: no such gold file")
    if half not in HALVES:
        raise GoldFormatError(f"half must be one of {', '.join(HALVES)}, not {half!r}")
    kind = kind or gold_kind(path)
    pipeline = pipeline or Pipeline.default()
    if kind == "conflibert":
        return _evaluate_classes(path, pipeline, half)
    if kind == "incidents":
        from multipolar.evaluation.incidents import evaluate_headlines

        return Outcome(kind, headlines=evaluate_headlines(path, pipeline, half))
    if kind == "relations":
        report = evaluate_relations(path, pipeline, half, folder=text)
        halves = load_relations(path, text).halves
        halved_by = "as the gold halves them" if halves else "by their leading number"
        notes = [f"{half} half: articles {halved_by}"] if half != "all" else []
        notes += [f"skipped: {reason}" for reason in report.skipped]
        return Outcome(kind, relations=report, notes=notes)
    quads = quad_map()
    types = tuple(quads)
    notes: list[str] = []
    if kind == "gsr":

        def country(actor: str | None) -> str | None:
            return rollup(actor, pipeline.registry)

        gold = [g for g in load_gsr(path, name_resolver(pipeline, country)) if in_half(g.id, half)]
        gold, unnamed = named_only(gold)
        units = sentence_units(pipeline, gold, country)
        notes.append(
            f"actors compared at country level; {unnamed} sentences left out because a gold actor "
            "is unnamed (a generic code the registry cannot resolve, or no source)"
        )
    elif kind == "keyed":
        keyed = load_keyed(path, types)
        source = text or find_document(path, keyed.document)
        if source is None:
            raise GoldFormatError(f"{path}: cannot find the text {keyed.document!r}; pass it with --text")
        units, missing = keyed_units(pipeline, Path(source).read_text(encoding="utf-8"), keyed)
        if missing:
            notes.append(f"{len(missing)} keys not found in the text (skipped): " + "; ".join(missing))
    else:
        gold, unnamed = named_only([g for g in load_gold(path, types) if in_half(g.id, half)])
        if unnamed:
            notes.append(f"{unnamed} sentences left out because a gold actor is unnamed (*)")
        units = sentence_units(pipeline, gold)
        unknown = sorted(
            {
                a
                for g in gold
                for e in g.events
                for a in (e.source, e.target)
                if a and a != ANY and a not in pipeline.registry
            }
        )
        if unknown:
            notes.append("gold actor ids not in the registry: " + ", ".join(unknown))
    return Outcome(kind, report=score(units, quads, part_of(pipeline.registry)), notes=notes)


def _evaluate_classes(path: Path, pipeline: Pipeline, half: str) -> Outcome:
    from multipolar.document import Document
    from multipolar.evaluation.conflibert import score_classes

    sentences = [s for s in load_conflibert(path) if in_half(s.id, half)]
    documents = pipeline.pipe(Document(text=s.text, id=s.id) for s in sentences)
    events = {d.id: d.events for d in documents}
    notes = [f"{half} half: {len(sentences)} sentences"] if half != "all" else []
    return Outcome("conflibert", classes=score_classes(sentences, events), notes=notes)
