"""Measuring mention resolution against hand-annotated texts.

Gold texts are JSON lines ``{"id", "date", "region", "text", "mentions": [{"start", "end", "actor"}]}``;
a gold mention with ``actor: null`` marks a name that must *not* be resolved to any actor.

A predicted mention is correct when its span overlaps a gold span and both name the same actor.
Precision is correct predictions over all resolved predictions; recall is gold mentions found
(overlapped by a correct prediction) over all gold mentions that have an actor.

    python -m multipolar.resolve.evaluate [GOLD.jsonl] [--markup ANNOTATED.txt] [--errors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from multipolar.document import Mention

MARK = re.compile(r"\[([^\[\]|]+)(?:\|([A-Z0-9-]+))?\]")


@dataclass
class Gold:
    id: str
    text: str
    date: date | None
    mentions: list[dict]
    region: str = ""


@dataclass
class Score:
    """Counts behind precision and recall, and the errors that explain them."""

    predicted: int = 0
    correct: int = 0
    gold: int = 0
    found: int = 0
    provisional: int = 0  # mentions of provisional actors (not registry claims: outside precision)
    errors: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "predicted": self.predicted,
            "correct": self.correct,
            "gold": self.gold,
            "found": self.found,
            "provisional": self.provisional,
        }


def from_markup(text: str) -> tuple[str, list[dict]]:
    """``[Ankara|TUR] said`` -> ("Ankara said", [{"start": 0, "end": 6, "actor": "TUR"}])."""
    plain, mentions, last = [], [], 0
    offset = 0
    for match in MARK.finditer(text):
        plain.append(text[last : match.start()])
        offset += match.start() - last
        span = match.group(1)
        mentions.append({"start": offset, "end": offset + len(span), "actor": match.group(2)})
        plain.append(span)
        offset += len(span)
        last = match.end()
    plain.append(text[last:])
    return "".join(plain), mentions


def read_markup(path: Path) -> list[Gold]:
    """Blocks headed ``## id | YYYY-MM-DD | region`` with [span|ACTOR] marks."""
    golds: list[Gold] = []
    header, lines = None, []

    def flush() -> None:
        if header is not None:
            text, mentions = from_markup(" ".join(line.strip() for line in lines if line.strip()))
            ident, day, region = ([*(p.strip() for p in header.split("|")), "", ""])[:3]
            golds.append(Gold(ident, text, date.fromisoformat(day) if day else None, mentions, region))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            flush()
            header, lines = line[3:], []
        elif not line.startswith("#"):
            lines.append(line)
    flush()
    return golds


def read_gold(path: Path) -> list[Gold]:
    golds = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            day = date.fromisoformat(row["date"]) if row.get("date") else None
            golds.append(Gold(row["id"], row["text"], day, row["mentions"], row.get("region", "")))
    return golds


def write_gold(golds: Iterable[Gold], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for g in golds:
            row = {"id": g.id, "date": g.date.isoformat() if g.date else None, "region": g.region}
            f.write(json.dumps({**row, "text": g.text, "mentions": g.mentions}, ensure_ascii=False) + "\n")


def _overlaps(a: Mention | dict, b: dict) -> bool:
    start, end = (a.start, a.end) if isinstance(a, Mention) else (a["start"], a["end"])
    return start < b["end"] and b["start"] < end


def score_text(predicted: list[Mention], gold: list[dict], score: Score, text_id: str = "") -> None:
    """Add one text's counts to *score*. Mentions of provisional actors (rule ``provisional``) claim
    no registry actor: they are counted apart, and one over a span marked as no actor is an error."""
    resolved = [m for m in predicted if m.actor and m.rule != "provisional"]
    for m in predicted:
        if m.rule == "provisional":
            score.provisional += 1
            if any(_overlaps(m, g) and not g.get("actor") for g in gold):
                score.errors.append(
                    {"text": text_id, "span": m.text, "got": m.actor, "rule": m.rule, "expected": [None]}
                )
    positives = [g for g in gold if g.get("actor")]
    score.predicted += len(resolved)
    score.gold += len(positives)
    for m in resolved:
        if any(_overlaps(m, g) and g.get("actor") == m.actor for g in gold):
            score.correct += 1
        else:
            expected = [g.get("actor") for g in gold if _overlaps(m, g)]
            score.errors.append(
                {"text": text_id, "span": m.text, "got": m.actor, "rule": m.rule, "expected": expected}
            )
    for g in positives:
        if any(_overlaps(m, g) and m.actor == g["actor"] for m in resolved):
            score.found += 1
        elif not any(_overlaps(m, g) and m.actor for m in resolved):
            score.errors.append({"text": text_id, "span": g["start"], "got": None, "expected": [g["actor"]]})


def evaluate(golds: Iterable[Gold], resolver=None, nlp=None) -> Score:
    """Resolve every gold text and score the mentions (the default resolver if none is given)."""
    if resolver is None or nlp is None:
        from multipolar.nlp import load_nlp
        from multipolar.resolve import Registry, Resolver

        nlp = nlp or load_nlp()
        resolver = resolver or Resolver(Registry.load(), nlp)
    score = Score()
    for gold in golds:
        mentions = resolver(nlp(gold.text), on=gold.date)
        before = len(score.errors)
        score_text(mentions, gold.mentions, score, gold.id)
        for error in score.errors[before:]:  # show missed spans as text
            if isinstance(error["span"], int):
                g = next(m for m in gold.mentions if m["start"] == error["span"])
                error["span"] = gold.text[g["start"] : g["end"]]
    return score


DEFAULT_GOLD = Path("tests/data/resolution/gold.jsonl")


def main(argv: list[str] | None = None) -> int:
    summary = __doc__.split("\n")[0]
    parser = argparse.ArgumentParser(prog="python -m multipolar.resolve.evaluate", description=summary)
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD, help="gold JSON lines")
    parser.add_argument("--markup", type=Path, help="convert this annotated file to GOLD first")
    parser.add_argument("--errors", action="store_true", help="list every wrong or missed mention")
    args = parser.parse_args(argv)
    try:
        if args.markup:
            golds = read_markup(args.markup)
            write_gold(golds, args.gold)
            print(f"wrote {len(golds)} texts to {args.gold}", file=sys.stderr)
        golds = read_gold(args.gold)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    score = evaluate(golds)
    print(json.dumps({"texts": len(golds), **score.as_dict()}, indent=2))
    if args.errors:
        for error in score.errors:
            print(json.dumps(error, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
