"""Evaluation: how well the pipeline codes events, measured against gold annotations.

Three kinds of gold are read (see ``eval/README.md``): our gold format (JSON lines of sentences
and their events), the PLOVER gold standard records (:mod:`.gsr`), and keyed gold for a text we
may not copy (:mod:`.keyed`). :func:`evaluate_path` picks the reader by the file's shape, runs the
pipeline and returns a :class:`~.metrics.Report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from multipolar.evaluation.gold import ANY, GoldEvent, GoldFormatError, GoldSentence, load_gold
from multipolar.evaluation.gsr import is_gsr, load_gsr, rollup
from multipolar.evaluation.keyed import find_document, is_keyed, load_keyed, locate
from multipolar.evaluation.metrics import Report, Score, Unit, align, score

if TYPE_CHECKING:
    from multipolar.pipeline import Pipeline

__all__ = [
    "ANY",
    "GoldEvent",
    "GoldFormatError",
    "GoldSentence",
    "Outcome",
    "Report",
    "Score",
    "Unit",
    "align",
    "evaluate_path",
    "gold_kind",
    "load_gold",
    "load_gsr",
    "load_keyed",
    "locate",
    "rollup",
    "score",
]


@dataclass
class Outcome:
    kind: str  # "gold", "gsr" or "keyed"
    report: Report
    notes: list[str] = field(default_factory=list)


def gold_kind(path: Path) -> str:
    if is_gsr(path):
        return "gsr"
    if is_keyed(path):
        return "keyed"
    return "gold"


def evaluate_path(
    path: Path, pipeline: Pipeline | None = None, *, kind: str | None = None, text: Path | None = None
) -> Outcome:
    """Evaluate the pipeline on the gold file at *path* (its kind detected unless given)."""
    # The pipeline (spaCy, registry, coder) loads only when something is evaluated.
    from multipolar.evaluation.run import keyed_units, name_resolver, part_of, quad_map, sentence_units
    from multipolar.pipeline import Pipeline

    path = Path(path)
    if not path.is_file():
        raise GoldFormatError(f"{path}: no such gold file")
    kind = kind or gold_kind(path)
    pipeline = pipeline or Pipeline.default()
    quads = quad_map()
    types = tuple(quads)
    notes: list[str] = []
    if kind == "gsr":

        def country(actor: str | None) -> str | None:
            return rollup(actor, pipeline.registry)

        gold = load_gsr(path, name_resolver(pipeline, country))
        units = sentence_units(pipeline, gold, country)
        unknown = sum(e.source == ANY or e.target == ANY for g in gold for e in g.events)
        notes.append(f"actors compared at country level; {unknown} gold events have an unnamed actor (*)")
    elif kind == "keyed":
        keyed = load_keyed(path, types)
        source = text or find_document(path, keyed.document)
        if source is None:
            raise GoldFormatError(f"{path}: cannot find the text {keyed.document!r}; pass it with --text")
        units, missing = keyed_units(pipeline, Path(source).read_text(encoding="utf-8"), keyed)
        if missing:
            notes.append(f"{len(missing)} keys not found in the text (skipped): " + "; ".join(missing))
    else:
        gold = load_gold(path, types)
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
    return Outcome(kind, score(units, quads, part_of(pipeline.registry)), notes)
