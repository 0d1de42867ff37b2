"""The coder scored against gold annotations, from Python as ``multipolar evaluate`` does it."""

from __future__ import annotations

import os
from pathlib import Path

from multipolar.evaluation import HALVES, Outcome, evaluate_path

__all__ = ["HALVES", "Outcome", "evaluate"]


def evaluate(
    gold: str | os.PathLike[str],
    *,
    kind: str | None = None,
    text: str | os.PathLike[str] | None = None,
    half: str = "all",
) -> Outcome:
    """Code the sentences or articles of a gold file and compare the events with the gold ones.

    Parameters
    ----------
    gold : path
        A gold file: our JSON lines, keyed gold, the PLOVER gold standard (GSR) JSON, sentences
        with quad classes and actor spans, an incidents folder (``gold.json`` and ``docs/``) or
        the relations readers took from whole articles.
    kind : str, optional
        ``"gold"``, ``"gsr"``, ``"keyed"``, ``"conflibert"``, ``"incidents"`` or ``"relations"``;
        by default recognised from the file's shape.
    text : path, optional
        The text a keyed gold file annotates, or the folder of the articles of reader relations.
    half : "all", "even" or "odd"
        Only the items whose id number is even or odd: rules are tuned on the even half, so the
        odd half measures what tuning did not see.

    Returns
    -------
    Outcome
        ``report`` (precision, recall and F1 per level and type, misses and false alarms),
        ``classes`` (5-class macro-F1 and dyad recall), ``headlines`` (the headline act of each
        report found with its pair and sign) or ``relations`` (per article: the relations found),
        as the gold's kind allows, and ``notes``.

    Examples
    --------
    >>> import json
    >>> from multipolar.api import evaluate
    >>> gold = {"id": "s-001", "text": "Turkey sent drones to the GNA.", "date": "2020-01-05",
    ...         "events": [{"source": "TUR", "target": "LBY-GNA", "type": "AID"}]}
    >>> from pathlib import Path
    >>> _ = Path("gold.jsonl").write_text(json.dumps(gold), encoding="utf-8")
    >>> outcome = evaluate("gold.jsonl")
    >>> outcome.kind, outcome.report.triples.recall
    ('gold', 1.0)
    """
    return evaluate_path(Path(gold), kind=kind, text=Path(text) if text else None, half=half)
