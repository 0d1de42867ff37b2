"""Headline acts: is the act a report is about coded, with its pair and its sign?

The incidents benchmark (``../shared/benchmarks/incidents/``) holds well-reported acts, each in
several real reports from different outlets, and a ``gold.json`` with each act's source, target and
PLOVER type (``acts``) and the acts each report is about (``reports``). The most basic job of the
coder is to code the act a report is about. For each report of a headline act (``A1`` .. ``A8``;
the near-misses ``A1b`` ... are another act and are left out here) the whole file is read as
``multipolar extract`` reads it, and the act counts as found when some asserted or reported event
(not negated) goes

* from one of the act's sources to one of its targets (either way for a mutual act, whose gold
  lists the same parties on both sides),
* compared at country level, as the PLOVER gold standard is (an armed group or a junta counts as
  its country, an organisation as itself; a provisional actor as the country the text gives it),
  except for an entity whose registry patron is another state (the Donetsk People's Republic,
  backed by Russia, is not Ukraine): it counts only as itself, so recognising it is not coded
  right as support of the state it broke away from;
* with the sign of the gold type (cooperation +, conflict -).

``typed`` also asks for the gold PLOVER type. Halves are by act number: tune on the even acts
(A2, A4, A6, A8), measure the odd ones.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from multipolar.evaluation.gold import GoldFormatError
from multipolar.evaluation.halves import in_half

if TYPE_CHECKING:
    from multipolar.document import Document, Event
    from multipolar.pipeline import Pipeline
    from multipolar.resolve import Registry

HEADLINE = re.compile(r"A\d+$")  # "A3" is a headline act; "A3b" a near-miss


@dataclass(frozen=True)
class Act:
    id: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    type: str
    summary: str = ""

    @property
    def mutual(self) -> bool:
        return set(self.sources) == set(self.targets) and len(self.sources) > 1


@dataclass
class Check:
    """One report of one act: whether its headline act was coded, and the events that did it."""

    report: str
    act: str
    found: bool
    typed: bool
    events: list[str] = field(default_factory=list)  # "SRC TYPE TGT (pattern)"


@dataclass
class HeadlineReport:
    checks: list[Check]
    half: str = "all"

    @property
    def found(self) -> int:
        return sum(c.found for c in self.checks)

    @property
    def typed(self) -> int:
        return sum(c.typed for c in self.checks)

    def to_dict(self) -> dict:
        return {
            "half": self.half,
            "reports": len(self.checks),
            "found": self.found,
            "typed": self.typed,
            "checks": [asdict(c) for c in self.checks],
        }


def gold_file(path: Path) -> Path:
    """The ``gold.json`` of an incidents folder (or the file itself)."""
    return path / "gold.json" if path.is_dir() else path


def is_incidents(path: Path) -> bool:
    """Whether *path* is an incidents folder or its gold file: ``acts`` and ``reports`` mappings."""
    gold = gold_file(Path(path))
    if gold.suffix != ".json" or not gold.is_file():
        return False
    try:
        with open(gold, encoding="utf-8") as handle:
            head = handle.read(4096)
    except (OSError, UnicodeDecodeError):
        return False
    return head.lstrip().startswith("{") and '"acts"' in head


def parties(field_value: str) -> tuple[str, ...]:
    """The actor codes of a gold field: "USA, GBR" -> (USA, GBR); "UKR-DPR/LPR (the republics)"
    -> (UKR-DPR, UKR-LPR); "NER-junta (CNSP)" -> (NER-junta,)."""
    out: list[str] = []
    for part in re.sub(r"\([^)]*\)", "", str(field_value)).split(","):
        code = part.strip().split(" ")[0]
        if not code:
            continue
        head, _, rest = code.partition("-")
        out.extend(f"{head}-{alt}" if rest else head for alt in (rest.split("/") if rest else [""]))
    return tuple(out)


def load_acts(path: Path) -> tuple[dict[str, Act], dict[str, list[str]]]:
    """The headline acts and, per report file, the headline acts it reports."""
    gold = gold_file(Path(path))
    try:
        raw = json.loads(gold.read_text(encoding="utf-8"))
        acts = {
            key: Act(key, parties(a["source"]), parties(a["target"]), a["type"], a.get("summary", ""))
            for key, a in raw["acts"].items()
            if HEADLINE.match(key)
        }
        reports = {f: [a for a in ids if a in acts] for f, ids in raw["reports"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise GoldFormatError(f"{gold}: not an incidents gold file ({exc})") from None
    return acts, {f: ids for f, ids in reports.items() if ids}


def party_key(actor: str | None, registry: Registry) -> str | None:
    """The level at which *actor* is compared: its country (see :func:`.gsr.rollup`), or itself
    when its registry patron is another state than its country (a breakaway entity)."""
    from multipolar.evaluation.gsr import rollup

    entry = registry.get(actor) if actor else None
    if entry is not None and entry.parent and entry.country and entry.parent != entry.country:
        return actor
    return rollup(actor, registry)


def gold_key(code: str, registry: Registry) -> str | None:
    """A gold code's key: the registry's actor of that id, else the state its prefix names
    ("NER-junta" -> NER)."""
    if code in registry:
        return party_key(code, registry)
    return party_key(code.split("-")[0], registry)


def matches(act: Act, event: Event, key: Callable[[str | None], str | None], gold: set, sign: int) -> bool:
    """Whether *event* codes *act*'s pair with its sign (*gold*: the act's (source, target) keys)."""
    if event.modality == "negated" or not event.target or (event.polarity or 0) * sign <= 0:
        return False
    src, tgt = key(event.source), key(event.target)
    return src is not None and tgt is not None and src != tgt and (src, tgt) in gold


def check_report(
    name: str, act: Act, document: Document, key: Callable[[str | None], str | None], gold: set, sign: int
) -> Check:
    hits = [e for e in document.events if matches(act, e, key, gold, sign)]
    return Check(
        report=name,
        act=act.id,
        found=bool(hits),
        typed=any(e.type == act.type for e in hits),
        events=[f"{e.source} {e.type} {e.target} ({e.pattern})" for e in hits],
    )


def evaluate_headlines(path: Path, pipeline: Pipeline, half: str = "all") -> HeadlineReport:
    """Check every report of the headline acts of *half* (see the module docstring)."""
    from multipolar.coding import load_ontology
    from multipolar.evaluation.run import provisional_first
    from multipolar.read.readers import read_document

    path = Path(path)
    folder = (path if path.is_dir() else path.parent) / "docs"
    acts, reports = load_acts(path)
    ontology = load_ontology()
    registry = pipeline.registry
    checks: list[Check] = []
    for name, ids in sorted(reports.items()):
        ids = [a for a in ids if in_half(a, half)]
        if not ids:
            continue
        if not (folder / name).is_file():
            raise GoldFormatError(f"{folder / name}: report named in the gold file is missing")
        document = pipeline.process(read_document(folder / name))
        key = provisional_first(document, lambda a: party_key(a, registry))
        for act_id in ids:
            act = acts[act_id]
            gold = {(gold_key(s, registry), gold_key(t, registry)) for s in act.sources for t in act.targets}
            checks.append(check_report(name, act, document, key, gold, ontology[act.type].polarity))
    return HeadlineReport(checks, half)
