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
        with quad classes and actor spans, or an incidents folder (``gold.json`` and ``docs/``).
    kind : str, optional
        ``"gold"``, ``"gsr"``, ``"keyed"``, ``"conflibert"`` or ``"incidents"``; by default
        recognised from the file's shape.
    text : path, optional
        The text a keyed gold file annotates.
    half : "all", "even" or "odd"
        Only the items whose id number is even or odd: rules are tuned on the even half, so the
        odd half measures what tuning did not see.

    Returns
    -------
    Outcome
        ``report`` (precision, recall and F1 per level and type, misses and false alarms),
        ``classes`` (5-class macro-F1 and dyad recall) or ``headlines`` (the headline act of each
        report found with its pair and sign), as the gold's kind allows, and ``notes``.

    Examples
    --------
    >>> outcome = multipolar.api.evaluate("eval/dev-gold.jsonl")  # doctest: +SKIP
    >>> round(outcome.report.triples.f1, 2)  # doctest: +SKIP
    0.71
    """
    return evaluate_path(Path(gold), kind=kind, text=Path(text) if text else None, half=half)
