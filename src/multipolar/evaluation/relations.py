"""Reader relations: what a careful reader takes from whole articles, and how much of it the coder
finds (the format of ``../shared/benchmarks/reader-relations``; definitions as its scoring tool).

The gold is one JSON object::

    {"actors": {"TUR": ["TUR", "Turkey", "Ankara", ...], ...},
     "docs": {"01-some-article.txt": [["TUR", "GNA", "+", "AID"], ["RUS", "TUR", "+", "CONSULT", "sym"]]}}

Each relation is a source key, a target key, a sign (``+`` cooperation, ``-`` conflict), optionally
a PLOVER type and ``"sym"`` (a mutual act: either direction counts). The articles lie in a folder:
the one given, else the gold's own ``"folder"`` (a path relative to the gold file, or to a ``shared``
folder beside it or an ancestor, as keyed gold finds its text), else ``docs/`` beside the gold file.
Three optional keys serve annotation files kept apart from their texts (``eval/reader-*.json``):
``"folder"``; ``"date"`` (ISO), the date of an article that gives none itself; and ``"halves"``
(article -> ``"even"`` or ``"odd"``), for sets halved by something other than the file's number
(the incidents benchmark is halved by act).

A coded actor stands for the gold key whose pattern fits it best: one equal to its id, name or an
alias; else the longest pattern (over 4 characters) contained in its name or an alias; else a
pattern of up to 4 characters equal to a part of its id. Per article, the coder's relations are the
distinct (source key, target key, sign) of its events whose ends map to different keys (negated
events left out). Then:

* recall: gold relations found with their direction and sign ("sym": either direction);
* type recall: gold relations found with their PLOVER type as well;
* precision: the coder's relations that match a gold relation of the same article (a proxy: the
  gold lists every relation a reader would sign, so one it lacks counts as wrong).

Halves are by the article's leading number (even / odd), as the benchmark defines them, unless the
gold names each article's half.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from multipolar.evaluation.gold import GoldFormatError, parse_date

if TYPE_CHECKING:
    from multipolar.document import Document
    from multipolar.pipeline import Pipeline

SIGNS = {"+": 1, "-": -1}
Key = tuple[str, str, int]  # (source key, target key, sign)


@dataclass(frozen=True, slots=True)
class GoldRelation:
    source: str
    target: str
    sign: int
    type: str | None = None
    mutual: bool = False

    def keys(self) -> list[Key]:
        """The coded relations that count as finding this one."""
        forward = (self.source, self.target, self.sign)
        return [forward, (self.target, self.source, self.sign)] if self.mutual else [forward]

    def label(self) -> str:
        sign = "+" if self.sign > 0 else "-"
        return f"{self.source}->{self.target}{sign}{' ' + self.type if self.type else ''}"


@dataclass(slots=True)
class RelationsGold:
    actors: dict[str, list[str]]
    docs: dict[str, list[GoldRelation]]
    folder: Path
    date: date | None = None
    halves: dict[str, str] = field(default_factory=dict)

    def in_half(self, name: str, half: str) -> bool:
        """Whether article *name* belongs to *half*: as the gold says, else by its number."""
        if half == "all" or name not in self.halves:
            return in_relations_half(name, half)
        return self.halves[name] == half


@dataclass(slots=True)
class ArticleScore:
    """One article: the gold relations missed and the coded relations the gold lacks."""

    name: str
    relations: int = 0
    found: int = 0
    typed: int = 0
    produced: int = 0
    right: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RelationsReport:
    articles: list[ArticleScore]
    skipped: list[str] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(a, name) for a in self.articles)

    @property
    def recall(self) -> float:
        return _ratio(self.total("found"), self.total("relations"))

    @property
    def type_recall(self) -> float:
        return _ratio(self.total("typed"), self.total("relations"))

    @property
    def precision(self) -> float:
        return _ratio(self.total("right"), self.total("produced"))

    def to_dict(self, details: int = 0) -> dict[str, Any]:
        """The summary, each article's counts, and the misses and extras of the first *details*."""
        return {
            "articles": len(self.articles),
            "skipped": self.skipped,
            "relations": self.total("relations"),
            "found": self.total("found"),
            "typed": self.total("typed"),
            "produced": self.total("produced"),
            "right": self.total("right"),
            "recall": round(self.recall, 3),
            "type_recall": round(self.type_recall, 3),
            "precision": round(self.precision, 3),
            "per_article": [
                {
                    "article": a.name,
                    "relations": a.relations,
                    "found": a.found,
                    "produced": a.produced,
                    "right": a.right,
                    **({"missed": a.missed, "extra": a.extra} if i < details else {}),
                }
                for i, a in enumerate(self.articles)
            ],
        }


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def is_relations(path: Path) -> bool:
    """Whether *path* holds one JSON object with ``actors`` and ``docs``."""
    try:
        with open(path, encoding="utf-8") as handle:
            if handle.read(64).lstrip()[:1] != "{":
                return False
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(raw, dict) and isinstance(raw.get("actors"), dict) and isinstance(raw.get("docs"), dict)


def load_relations(path: Path, folder: Path | None = None) -> RelationsGold:
    """Read a reader-relations gold file; the articles are in *folder* (default: ``docs/`` beside
    it). Any malformed entry is a :class:`GoldFormatError` naming it."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldFormatError(f"{path}: not a readable JSON file ({exc})") from None
    if not is_relations(path):
        raise GoldFormatError(f"{path}: needs an object with 'actors' and 'docs'")
    actors: dict[str, list[str]] = {}
    for key, patterns in raw["actors"].items():
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise GoldFormatError(f"{path}: actor {key!r} needs a list of names")
        actors[str(key)] = patterns
    docs: dict[str, list[GoldRelation]] = {}
    for name, relations in raw["docs"].items():
        if not isinstance(relations, list):
            raise GoldFormatError(f"{path}: {name!r} needs a list of relations")
        docs[str(name)] = [
            _relation(r, f"{path.name}: {name}, relation {i + 1}") for i, r in enumerate(relations)
        ]
    halves = raw.get("halves", {})
    if not isinstance(halves, dict) or any(h not in ("even", "odd") for h in halves.values()):
        raise GoldFormatError(f"{path}: 'halves' maps articles to 'even' or 'odd'")
    return RelationsGold(
        actors,
        docs,
        Path(folder) if folder is not None else _folder(path, raw.get("folder")),
        date=parse_date(raw.get("date"), str(path)),
        halves={str(k): str(v) for k, v in halves.items()},
    )


def _folder(path: Path, named: object) -> Path:
    """The articles' folder: the gold's ``folder`` (beside it, or under a ``shared`` folder beside
    it or an ancestor), else ``docs/`` beside the gold file."""
    if named is None:
        return path.parent / "docs"
    if not isinstance(named, str) or not named.strip():
        raise GoldFormatError(f"{path}: 'folder' must be a path")
    for base in (path.resolve().parent, *path.resolve().parents):
        for candidate in (base / named, base / "shared" / named):
            if candidate.is_dir():
                return candidate
    return path.parent / named


def _relation(raw: object, where: str) -> GoldRelation:
    if not isinstance(raw, list) or len(raw) < 3 or not all(isinstance(x, str) for x in raw):
        raise GoldFormatError(f"{where}: expected [source, target, '+' or '-', type?, 'sym'?]")
    source, target, sign, *rest = raw
    if sign not in SIGNS:
        raise GoldFormatError(f"{where}: the sign must be '+' or '-', not {sign!r}")
    kind = rest[0] if rest and rest[0] != "sym" else None
    return GoldRelation(source, target, SIGNS[sign], kind, "sym" in rest)


def leading_number(name: str) -> int:
    found = re.match(r"\d+", name)
    return int(found.group()) if found else 0


def in_relations_half(name: str, half: str) -> bool:
    """Whether an article belongs to *half*, by its leading number (the benchmark's halves)."""
    return half == "all" or (leading_number(name) % 2 == 0) == (half == "even")


def matcher(gold_actors: dict[str, list[str]]) -> Callable[[str, str, Iterable[str]], set[str]]:
    """``match(id, name, aliases)``: the gold keys whose patterns fit the actor best."""

    def match(actor_id: str, name: str, aliases: Iterable[str]) -> set[str]:
        words = [w.lower() for w in (actor_id, name, *aliases) if w]
        parts = actor_id.lower().replace("-", "_").replace(".", "_").split("_")
        score: dict[str, int] = {}
        for key, patterns in gold_actors.items():
            for pattern in patterns:
                p = pattern.lower()
                if p in words:
                    s = 1000 + len(p)
                elif len(p) <= 4 and p in parts:
                    s = 1
                elif len(p) > 4 and any(p in w for w in words):
                    s = len(p)
                else:
                    continue
                score[key] = max(score.get(key, 0), s)
        best = max(score.values(), default=0)
        return {k for k, s in score.items() if s == best}

    return match


def coded_relations(document: Document, keys_of: Callable[[str], set[str]]) -> dict[Key, set[str]]:
    """The distinct (source key, target key, sign) of a document's events, with their types."""
    found: dict[Key, set[str]] = {}
    for event in document.events:
        if event.modality == "negated" or not event.polarity or not event.source or not event.target:
            continue
        sign = 1 if event.polarity > 0 else -1
        for s in keys_of(event.source):
            for t in keys_of(event.target):
                if s != t:
                    found.setdefault((s, t, sign), set()).add(event.type)
    return found


def score_article(name: str, gold: list[GoldRelation], coded: dict[Key, set[str]]) -> ArticleScore:
    article = ArticleScore(name, relations=len(gold), produced=len(coded))
    wanted: set[Key] = set()
    for relation in gold:
        keys = relation.keys()
        wanted.update(keys)
        hits = [k for k in keys if k in coded]
        if hits:
            article.found += 1
            article.typed += relation.type is None or any(relation.type in coded[k] for k in hits)
        else:
            article.missed.append(relation.label())
    article.right = sum(1 for k in coded if k in wanted)
    article.extra = [
        f"{s}->{t}{'+' if sign > 0 else '-'} {'/'.join(sorted(coded[(s, t, sign)]))}"
        for s, t, sign in sorted(coded)
        if (s, t, sign) not in wanted
    ]
    return article


def evaluate_relations(
    path: Path, pipeline: Pipeline, half: str = "all", folder: Path | None = None
) -> RelationsReport:
    """Code the articles of *half* as ``multipolar extract`` reads them and score them."""
    from multipolar.corpus import process_paths

    gold = load_relations(path, folder)
    names = sorted(n for n in gold.docs if gold.in_half(n, half))
    missing = [n for n in names if not (gold.folder / n).is_file()]
    if missing:
        raise GoldFormatError(
            f"{gold.folder}: {len(missing)} article(s) of the gold not found (e.g. {missing[0]}); "
            "give their folder with --text"
        )
    errors: list[str] = []
    documents = {
        Path(d.path).name: d
        for d in process_paths(
            [gold.folder / n for n in names], pipeline=pipeline, default_date=gold.date, errors=errors
        )
    }
    match = matcher(gold.actors)
    registry = pipeline.registry
    cache: dict[str, set[str]] = {}
    articles = []
    for name in names:
        document = documents.get(name)
        coded: dict[Key, set[str]] = {}
        if document is not None:

            def keys_of(actor_id: str, document: Document = document) -> set[str]:
                if actor_id not in cache:
                    actor = registry.get(actor_id) or document.provisional.get(actor_id)
                    aliases = list(actor.aliases) if actor is not None else []
                    cache[actor_id] = match(actor_id, actor.name if actor is not None else actor_id, aliases)
                return cache[actor_id]

            coded = coded_relations(document, keys_of)
        articles.append(score_article(name, gold.docs[name], coded))
    return RelationsReport(articles, skipped=errors)
