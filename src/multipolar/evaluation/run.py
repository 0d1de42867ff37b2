"""Running the pipeline over gold material and pairing its events with the gold ones."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from multipolar.coding import load_ontology
from multipolar.document import Document, Event
from multipolar.evaluation.gold import ANY, GoldSentence
from multipolar.evaluation.keyed import KeyedGold, locate
from multipolar.evaluation.metrics import Unit
from multipolar.pipeline import Pipeline
from multipolar.resolve import Registry

ActorMap = Callable[[str | None], str | None]


def _identity(actor: str | None) -> str | None:
    return actor


def relabel(events: Iterable[Event], actor_map: ActorMap) -> list[Event]:
    """Copies of *events* with their actors mapped (e.g. rolled up to countries for the GSR)."""
    return [replace(e, source=actor_map(e.source), target=actor_map(e.target)) for e in events]


def sentence_units(
    pipeline: Pipeline, gold: Iterable[GoldSentence], actor_map: ActorMap = _identity
) -> list[Unit]:
    """Code each gold sentence as its own document (dated as the gold says) and pair the results."""
    gold = list(gold)
    documents = (Document(text=g.text, date=g.date, id=g.id) for g in gold)
    return [
        Unit(g.id, g.text, g.events, relabel(doc.events, provisional_first(doc, actor_map)), g.tags)
        for g, doc in zip(gold, pipeline.pipe(documents), strict=True)
    ]


def provisional_first(document: Document, actor_map: ActorMap) -> ActorMap:
    """*actor_map* that first reads a provisional actor as its country when the text gave one,
    so that "Ethiopia's TPLF" counts as Ethiopia where gold is coded by country. Only for maps
    that roll actors up (the identity map keeps provisional ids)."""
    if actor_map is _identity:
        return actor_map

    def mapped(actor: str | None) -> str | None:
        entry = document.provisional.get(actor) if actor else None
        return actor_map(entry.country if entry is not None and entry.country else actor)

    return mapped


def keyed_units(
    pipeline: Pipeline, text: str, gold: KeyedGold, suffix: str = ".txt"
) -> tuple[list[Unit], list[str]]:
    """Code the whole keyed text once, read as ``multipolar extract`` reads a file of that *suffix*
    (unwrapped, links to other pages dropped); one unit per sentence that has gold events or
    coded events. Returns the units and the keys that were not found in the text.
    """
    from multipolar.read.readers import read_text

    text, _ = read_text(text, suffix)
    document = pipeline.process(Document(text=text, date=gold.date))
    starts = [s for s, _ in document.sentences]

    def sentence_of(offset: int) -> int:
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    missing: list[str] = []
    units: dict[int, Unit] = {}

    def unit(index: int) -> Unit:
        if index not in units:
            begin, end = document.sentences[index] if document.sentences else (0, len(text))
            units[index] = Unit(f"s{index + 1}", " ".join(text[begin:end].split()), [], [])
        return units[index]

    for entry in gold.entries:
        found = locate(text, entry.key, entry.offset)
        if found is None:
            missing.append(entry.key)
            continue
        u = unit(sentence_of(found))
        u.gold.extend(entry.events)
        u.tags = tuple(dict.fromkeys(u.tags + entry.tags))
    for event in document.events:
        unit(sentence_of(event.start)).predicted.append(event)
    return [units[i] for i in sorted(units)], missing


def name_resolver(pipeline: Pipeline, actor_map: ActorMap = _identity) -> Callable[[str], str | None]:
    """Resolve a bare actor name (``"U.N. Security Council"``) with the pipeline's resolver."""

    def resolve(name: str) -> str | None:
        if not name.strip():
            return None
        mentions = pipeline.resolver(pipeline.nlp(name))
        actors = [m.actor for m in mentions if m.actor]
        return actor_map(actors[0]) if actors else None

    return resolve


def quad_map() -> dict[str, str]:
    """PLOVER type -> quad class, from the coding stage's ontology."""
    ontology = load_ontology()
    return {name: t.quad for name, t in ontology.types.items()}


def part_of(registry: Registry) -> Callable[[str | None, str | None], bool]:
    """Actor match that accepts a sub-unit: coded ``TUR-TAF`` counts as gold ``TUR``.

    The registry's ``parent`` links (ministry -> state, PMC -> its state, mission -> UN) define the
    sub-units; an actor with no parent (``LBY-LAAF``) is only ever itself.
    """

    def ancestors(actor: str) -> Iterator[str]:
        seen: set[str] = set()
        current: str | None = actor
        while current and current not in seen:
            seen.add(current)
            yield current
            entry = registry.get(current)
            current = entry.parent if entry else None

    def same(gold: str | None, coded: str | None) -> bool:
        if gold == ANY:
            return False
        if gold == coded:
            return True
        return gold is not None and coded is not None and gold in ancestors(coded)

    return same
