"""Scenarios: the actors of one issue with their capability, position and salience.

Two file forms hold a scenario:

* CSV with the columns ``Actor,Capability,Position,Salience``, the form the published
  replications of Bueno de Mesquita's model use;
* YAML, which adds the issue's name, the meaning of the scale's ends, registry ids for the
  actors, notes and sources::

    issue: Who governs Libya
    scale: {low: 0, high: 100, low_label: GNA prevails, high_label: LAAF prevails}
    notes: ...
    sources: [...]
    actors:
      - {id: TUR, name: Turkey, capability: 0.6, position: 10, salience: 0.8, notes: ...}

Every reader validates what it reads and reports problems as a :class:`ScenarioError` that names
the row (CSV: the line number; YAML: the actor's index and name). Values must be finite numbers:
salience within 0..1, capability within 0..``MAX_CAPABILITY``, positions within
+-``MAX_POSITION`` (and on the stated scale). Files are decoded like articles (UTF-8, else
Windows-1252). YAML aliases (``&a`` / ``*a``) are refused outright: a scenario has no use for them,
and a few hundred bytes of nested aliases expand to gigabytes.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from multipolar.errors import MultipolarError

CSV_COLUMNS = ("Actor", "Capability", "Position", "Salience")
MAX_POSITION = 1e9  # positions are points on an issue scale; beyond this they are a typo or an attack
MAX_CAPABILITY = 1e12  # room for populations or GDP in units, while sums of weights stay finite
ROLES = ("commission", "parliament")  # institutional roles the pivot model reads; others vote


class ScenarioError(MultipolarError, ValueError):
    """A scenario file or a what-if that cannot be used; the message names the row or actor."""


@dataclass(frozen=True, slots=True)
class Actor:
    """One actor on the issue: how much it can do, where it stands, and how much it cares.

    ``capability`` is a non-negative weight (only ratios matter), ``position`` a point on the
    issue scale, ``salience`` a share in ``[0, 1]``. ``id`` is the actor's registry id when known.
    ``role`` marks an institution that does not vote among the members (``commission``: it
    proposes; ``parliament``: it must consent); empty for a voting member. ``evidence`` says where
    a drafted actor's values came from (``position``, ``salience``, ``capability``: each a rule
    and the events behind it); the models do not read it.
    """

    name: str
    capability: float
    position: float
    salience: float
    id: str | None = None
    notes: str = ""
    role: str = ""
    evidence: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> str:
        return self.id or self.name

    @property
    def weight(self) -> float:
        """Capability x salience: the influence the actor brings to bear on this issue."""
        return self.capability * self.salience


@dataclass(frozen=True, slots=True)
class Scenario:
    """An issue and its actors. ``scale`` is ``(low, high)`` when the file states it."""

    actors: tuple[Actor, ...]
    issue: str = ""
    scale: tuple[float, float] | None = None
    scale_labels: tuple[str, str] = ("", "")
    notes: str = ""
    sources: tuple[str, ...] = ()
    path: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        validate(self)

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.actors]

    @property
    def bounds(self) -> tuple[float, float]:
        """The issue scale: as stated, else the span of the actors' positions."""
        if self.scale:
            return self.scale
        positions = [a.position for a in self.actors]
        return min(positions), max(positions)

    def find(self, ref: str) -> Actor:
        """The actor called *ref* (its name or registry id, any case)."""
        wanted = ref.strip().casefold()
        for actor in self.actors:
            if wanted in (actor.name.casefold(), (actor.id or "").casefold()):
                return actor
        raise ScenarioError(f"no actor {ref!r} in the scenario (actors: {', '.join(self.names)})")

    def with_actors(self, actors: Iterable[Actor]) -> Scenario:
        return replace(self, actors=tuple(actors))


def validate(scenario: Scenario) -> None:
    """Raise :class:`ScenarioError` unless the scenario can be run."""
    if len(scenario.actors) < 2:
        raise ScenarioError("a scenario needs at least two actors")
    seen: dict[str, str] = {}
    for actor in scenario.actors:
        for key in {actor.name.casefold(), (actor.id or actor.name).casefold()}:
            if key in seen:
                raise ScenarioError(f"actor {actor.name!r}: duplicate of {seen[key]!r}")
            seen[key] = actor.name
    if sum(a.weight for a in scenario.actors) <= 0:
        raise ScenarioError("every actor has zero capability or zero salience: nothing to weigh")
    if scenario.scale:
        low, high = scenario.scale
        if not low < high:
            raise ScenarioError(f"scale: low ({low:g}) must be below high ({high:g})")
        for actor in scenario.actors:
            if not low <= actor.position <= high:
                raise ScenarioError(
                    f"actor {actor.name!r}: position {actor.position:g} is off the scale {low:g}..{high:g}"
                )


def number(value: Any, what: str, where: str) -> float:
    """*value* as a finite float, else an error naming *where* and *what*."""
    if isinstance(value, bool):
        raise ScenarioError(f"{where}: {what} {value!r} is not a number")
    try:
        result = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise ScenarioError(f"{where}: {what} {value!r} is not a number") from None
    if not math.isfinite(result):
        raise ScenarioError(f"{where}: {what} {value!r} is not a finite number")
    return result


def make_actor(where: str, name: Any, capability: Any, position: Any, salience: Any, **rest: Any) -> Actor:
    """An :class:`Actor` from raw field values, checked one by one."""
    if name is None or not str(name).strip():
        raise ScenarioError(f"{where}: the actor has no name")
    where = f"{where} ({str(name).strip()})"
    capability = number(capability, "capability", where)
    salience = number(salience, "salience", where)
    position = number(position, "position", where)
    if capability < 0:
        raise ScenarioError(f"{where}: capability {capability:g} is negative")
    if capability > MAX_CAPABILITY:
        raise ScenarioError(f"{where}: capability {capability:g} is above {MAX_CAPABILITY:g}")
    if not 0 <= salience <= 1:
        raise ScenarioError(f"{where}: salience {salience:g} is outside 0..1")
    if abs(position) > MAX_POSITION:
        raise ScenarioError(f"{where}: position {position:g} is outside +-{MAX_POSITION:g}")
    role = str(rest.get("role") or "").strip().lower()
    if role and role not in ROLES:
        raise ScenarioError(f"{where}: role {role!r} is not one of {', '.join(ROLES)} (or empty)")
    evidence = rest.get("evidence") or {}
    if not isinstance(evidence, Mapping):
        raise ScenarioError(f"{where}: evidence must be a mapping (position, salience, capability)")
    return Actor(
        name=str(name).strip(),
        capability=capability,
        position=position,
        salience=salience,
        id=str(rest["id"]).strip() if rest.get("id") else None,
        notes=str(rest.get("notes") or "").strip(),
        role=role,
        evidence=dict(evidence),
    )


def read_csv(path: str | Path) -> Scenario:
    """A scenario from a CSV file with the columns Actor, Capability, Position, Salience."""
    path = Path(path)
    with io.StringIO(read_text(path), newline="") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in CSV_COLUMNS if c.casefold() not in {h.casefold() for h in header}]
        if missing:
            raise ScenarioError(
                f"{path.name}: missing column(s) {', '.join(missing)} (found: {', '.join(header)})"
            )
        actors = []
        for line, row in enumerate(reader, start=2):
            row = {(k or "").strip().casefold(): v for k, v in row.items()}
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue
            fields = {c.casefold(): row.get(c.casefold()) for c in CSV_COLUMNS}
            actors.append(make_actor(f"{path.name} row {line}", fields.pop("actor"), **fields))
    return Scenario(actors=tuple(actors), issue=path.stem, path=str(path))


def read_yaml(path: str | Path) -> Scenario:
    """A scenario from its YAML form (see the module documentation)."""
    path = Path(path)
    data = load_yaml(read_text(path), path.name)
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise ScenarioError(f"{path.name}: expected a mapping with an 'actors' list")
    actors = []
    for index, item in enumerate(data["actors"], start=1):
        where = f"{path.name} actor {index}"
        if not isinstance(item, dict):
            raise ScenarioError(f"{where}: expected a mapping with name, capability, position, salience")
        missing = [k for k in ("capability", "position", "salience") if k not in item]
        if "name" not in item and "id" not in item:
            missing.insert(0, "name")
        if missing:
            raise ScenarioError(f"{where}: missing {', '.join(missing)}")
        fields = dict(item)
        name = fields.pop("name", None) or fields.get("id")
        actors.append(make_actor(where, name, **fields))
    return Scenario(
        actors=tuple(actors),
        issue=str(data.get("issue") or path.stem),
        scale=_scale(data.get("scale"), path.name),
        scale_labels=_labels(data.get("scale")),
        notes=str(data.get("notes") or "").strip(),
        sources=tuple(str(s) for s in data.get("sources") or ()),
        path=str(path),
        extra={k: v for k, v in data.items() if k not in {"issue", "scale", "notes", "sources", "actors"}},
    )


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing any alias before it is composed (so nothing ever expands)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise ScenarioError(f"line {mark.line + 1}: YAML aliases (*name) are not allowed in a scenario")
        return super().compose_node(parent, index)


def load_yaml(text: str, name: str) -> Any:
    """*text* parsed as YAML without aliases; errors name the file in one line."""
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except ScenarioError as exc:
        raise ScenarioError(f"{name}: {exc}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{name}: not valid YAML ({str(exc).splitlines()[0]})") from None


def read_text(path: Path) -> str:
    """A scenario file's text, decoded as the article readers do (UTF-8, else Windows-1252)."""
    from multipolar.read.readers import decode

    try:
        return decode(path.read_bytes(), path.name)
    except MultipolarError as exc:
        raise ScenarioError(str(exc)) from None


def _scale(value: Any, where: str) -> tuple[float, float] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or "low" not in value or "high" not in value:
        raise ScenarioError(f"{where}: scale must be a mapping with low and high")
    return number(value["low"], "scale low", where), number(value["high"], "scale high", where)


def _labels(value: Any) -> tuple[str, str]:
    if not isinstance(value, dict):
        return "", ""
    return str(value.get("low_label") or ""), str(value.get("high_label") or "")


def read_scenario(path: str | Path) -> Scenario:
    """Read a scenario file, CSV or YAML by its suffix."""
    path = Path(path)
    if not path.is_file():
        raise ScenarioError(f"{path}: no such file")
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return read_yaml(path)
    raise ScenarioError(f"{path.name}: unknown scenario format (use .csv, .yaml or .yml)")


def to_yaml(scenario: Scenario) -> str:
    """The YAML form of *scenario*; reading it back gives the same scenario."""
    data: dict[str, Any] = {"issue": scenario.issue}
    if scenario.scale:
        low, high = scenario.scale
        data["scale"] = {
            "low": low,
            "high": high,
            "low_label": scenario.scale_labels[0],
            "high_label": scenario.scale_labels[1],
        }
    data.update(scenario.extra)
    if scenario.notes:
        data["notes"] = scenario.notes
    if scenario.sources:
        data["sources"] = list(scenario.sources)
    data["actors"] = [
        {
            k: v
            for k, v in (
                ("id", a.id),
                ("name", a.name),
                ("capability", a.capability),
                ("position", a.position),
                ("salience", a.salience),
                ("role", a.role),
                ("notes", a.notes),
                ("evidence", dict(a.evidence)),
            )
            if v not in (None, "", {})
        }
        for a in scenario.actors
    ]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def to_csv(scenario: Scenario) -> str:
    lines = [",".join(CSV_COLUMNS)]
    for a in scenario.actors:
        name = f'"{a.name}"' if "," in a.name else a.name
        lines.append(f"{name},{a.capability:g},{a.position:g},{a.salience:g}")
    return "\n".join(lines) + "\n"
