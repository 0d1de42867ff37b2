"""Reading the PLOVER gold standard records (GSR) as gold sentences.

The GSR file is a JSON array of records with ``text``, ``event`` (a PLOVER 0.5b1 label), and
``source``/``target`` lists of ``{"actorText", "code", "sector"}``. Its codes are country-level
(ISO3 plus a sector), so both sides are compared at that level: :func:`rollup` maps a registry id
to the country it belongs to (``LBY-LAAF`` -> ``LBY``), IGOs to their top organisation.

Rules (the data live in ``data/evaluation/gsr.yaml``):

* old labels are renamed (DEMAND -> REQUEST, DISAPPROVE/INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT);
  the DOCUMENT record is skipped;
* CAMEO-era codes are normalised (JAP -> JPN, ITL -> ITA, VTN -> VNM);
* generic codes (IGO, NGO, IMG...) are resolved from the actor text with our registry; an actor
  that stays unnamed, or a missing source, becomes ``*`` (matches any coded actor), so the event
  is judged on its type and the named actor only;
* compound actors are several events: every source with every target; when the markup tags the
  members ``SRC/TAR`` and no target is given, each member acts on each other member;
* records with the same text are one sentence with several events.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from itertools import product
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from multipolar.evaluation.gold import ANY, GoldEvent, GoldFormatError, GoldSentence, parse_date

if TYPE_CHECKING:  # the resolve stage is only needed when rolling up coded actors
    from multipolar.resolve import Registry

NameResolver = Callable[[str], str | None]


@lru_cache(maxsize=1)
def rules() -> dict:
    text = resources.files("multipolar").joinpath("data/evaluation/gsr.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def is_gsr(path: Path) -> bool:
    """Whether *path* looks like the GSR file: a JSON array of records with ``event`` and ``textInfo``."""
    try:
        with open(path, encoding="utf-8") as handle:
            head = handle.read(4096).lstrip()
    except (OSError, UnicodeDecodeError):
        return False
    return head.startswith("[") and '"event"' in head and '"textInfo"' in head


def rollup(actor_id: str | None, registry: Registry) -> str | None:
    """The country-level id of *actor_id*: its country, else its top parent, else itself."""
    if actor_id in (None, ANY):
        return actor_id
    seen: set[str] = set()
    current = actor_id
    while current not in seen:
        seen.add(current)
        actor = registry.get(current)
        if actor is None:
            return current
        if actor.country:
            return actor.country
        if not actor.parent:
            return current
        current = actor.parent
    return current


def actor_ids(raw: object, resolve: NameResolver) -> list[str]:
    """The ids for one ``source``/``target`` field: a list of actors, or empty/absent."""
    if not isinstance(raw, list):
        return []
    table = rules()
    ids = []
    for actor in raw:
        code = str(actor.get("code") or "").strip().upper()
        code = table["codes"].get(code, code)
        if code in table["generic"]:
            code = resolve(str(actor.get("actorText") or "")) or ANY
        ids.append(code)
    return ids


def record_events(record: dict, resolve: NameResolver) -> list[GoldEvent]:
    table = rules()
    label = str(record.get("event", "")).upper()
    event_type = table["labels"].get(label, label)
    sources = actor_ids(record.get("source"), resolve) or [ANY]
    targets = actor_ids(record.get("target"), resolve)
    markup = record.get("textInfo")
    markup = markup.get("markup", "") if isinstance(markup, dict) else str(markup or "")
    if not targets and "SRC/TAR" in markup and len(sources) > 1:
        pairs = [(s, t) for s, t in product(sources, sources) if s != t]
    else:
        pairs = list(product(sources, targets or [None]))
    context = record.get("context") or None
    mode = record.get("mode") or None
    return [GoldEvent(source=s, target=t, type=event_type, mode=mode, context=context) for s, t in pairs]


def load_gsr(path: Path, resolve: NameResolver = lambda text: None) -> list[GoldSentence]:
    """The GSR records as gold sentences; *resolve* turns an actor text into a country-level id."""
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise GoldFormatError(f"{path}: not a JSON file ({exc.__class__.__name__})") from None
    if not isinstance(records, list):
        raise GoldFormatError(f"{path}: expected a JSON array of GSR records")
    skip = set(rules()["skip_events"])
    by_text: dict[str, GoldSentence] = {}
    for record in records:
        if not isinstance(record, dict) or record.get("event") in skip or not record.get("text"):
            continue
        text = str(record["text"])
        sentence = by_text.get(text)
        if sentence is None:
            when = parse_date(record.get("date"), str(record.get("id")))
            sentence = by_text[text] = GoldSentence(str(record.get("id", len(by_text))), text, date=when)
        sentence.events.extend(record_events(record, resolve))
    if not by_text:
        raise GoldFormatError(f"{path}: no GSR records with text")
    return list(by_text.values())
