"""The PLOVER ontology: event types, their quad class and polarity, modes and contexts.

The ontology is data (``data/ontology/plover.yaml``); this module only loads and checks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from multipolar.datafiles import read_yaml
from multipolar.document import MODALITIES, QUADS
from multipolar.errors import MultipolarError


class OntologyError(MultipolarError, ValueError):
    """The ontology file is missing a field or names an unknown quad class."""


@dataclass(frozen=True)
class EventType:
    name: str
    quad: str
    polarity: int
    material: bool
    score: float
    definition: str
    modes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ontology:
    version: str
    types: dict[str, EventType]
    contexts: tuple[str, ...]
    modality_weights: dict[str, float] = field(default_factory=dict)

    def __contains__(self, name: object) -> bool:
        return name in self.types

    def __getitem__(self, name: str) -> EventType:
        return self.types[name]

    def quad(self, name: str) -> str:
        return self.types[name].quad

    def polarity(self, name: str) -> int:
        return self.types[name].polarity

    def weight(self, modality: str) -> float:
        """How much an event with this modality counts in the network (documented in docs/coding.md)."""
        return self.modality_weights.get(modality, 1.0)

    def by_quad(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {q: [] for q in QUADS}
        for t in self.types.values():
            out[t.quad].append(t.name)
        return out


def _default_path() -> Path:
    return Path(str(resources.files("multipolar") / "data" / "ontology" / "plover.yaml"))


def parse_ontology(raw: dict, source: str = "ontology") -> Ontology:
    try:
        quads = raw["quads"]
        types = {}
        for name, spec in raw["types"].items():
            quad = spec["quad"]
            if quad not in QUADS or quad not in quads:
                raise OntologyError(f"{source}: type {name} has unknown quad class {quad!r}")
            types[name] = EventType(
                name=name,
                quad=quad,
                polarity=int(quads[quad]["polarity"]),
                material=bool(quads[quad]["material"]),
                score=float(spec.get("score", 0.0)),
                definition=str(spec.get("definition", "")).strip(),
                modes=tuple(spec.get("modes") or ()),
            )
        weights = {str(k): float(v) for k, v in (raw.get("modality_weights") or {}).items()}
    except (KeyError, TypeError) as exc:
        raise OntologyError(f"{source}: malformed ontology ({exc})") from exc
    unknown = set(weights) - set(MODALITIES)
    if unknown:
        raise OntologyError(f"{source}: unknown modalities {sorted(unknown)}")
    return Ontology(str(raw.get("version", "")), types, tuple(raw.get("contexts") or ()), weights)


@lru_cache(maxsize=4)
def load_ontology(path: Path | None = None) -> Ontology:
    """PLOVER types, quads, modes and contexts from ``data/ontology/plover.yaml`` (or *path*)."""
    path = path or _default_path()
    return parse_ontology(read_yaml(path, OntologyError, "the ontology"), str(path))
