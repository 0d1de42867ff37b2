"""The theatres: conflicts and arenas, defined in ``data/theatres.yaml`` (schema in docs/theatres.md).

A theatre is a country at war with itself (Libya, Syria) or a named region (the East Mediterranean,
the Sahel, Nagorno-Karabakh). It is known by the places in it and by the actors that signal it;
regions may contain countries (``parent``), and a query for a theatre takes in the theatres inside it.
This module only reads the definitions and matches their place names; which theatre an event
belongs to is decided in :mod:`multipolar.theatre.assign`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from multipolar.datafiles import read_yaml
from multipolar.errors import MultipolarError

BILATERAL = "bilateral"
"""What ``--theatre`` calls the events that belong to no theatre."""

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Actor types that stand for a side inside a country, not for a state acting abroad.
SUB_STATE_TYPES = frozenset({"armed_group", "government"})
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})  # one for one: offsets stay valid


class TheatreError(MultipolarError):
    """The theatre definitions are malformed, or a theatre name is unknown."""


@dataclass(frozen=True)
class Theatre:
    """One conflict or arena (fields as in ``data/theatres.yaml``)."""

    id: str
    name: str
    country: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The words that name the theatre itself."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class PlaceHit:
    """A place name found in a text: characters ``start``-``end`` name a place of ``theatre``."""

    start: int
    end: int
    theatre: str
    text: str


class Theatres:
    """All theatre definitions, with the lookups the assignment rule needs."""

    def __init__(
        self,
        theatres: Iterable[Theatre],
        *,
        place_prepositions: Iterable[str] = (),
        place_nouns: Iterable[str] = (),
        topic_nouns: Iterable[str] = (),
        conflict_nouns: Iterable[str] = (),
    ) -> None:
        self._by_id: dict[str, Theatre] = {}
        for theatre in theatres:
            if theatre.id in self._by_id:
                raise TheatreError(f"theatre {theatre.id!r} is defined twice")
            self._by_id[theatre.id] = theatre
        self.place_prepositions = frozenset(place_prepositions)
        self.place_nouns = frozenset(place_nouns)
        self.topic_nouns = frozenset(topic_nouns)
        self.conflict_nouns = frozenset(conflict_nouns)
        self._check()
        self._country = {t.country: t.id for t in self if t.country}
        self._actor = {a: t.id for t in self for a in t.actors}
        self._places, self._named = _matcher(self, with_countries=False), _matcher(self, with_countries=True)

    def _check(self) -> None:
        for t in self:
            if not SLUG.match(t.id):
                raise TheatreError(f"theatre id {t.id!r}: use lower-case words joined by hyphens")
            if t.id == BILATERAL:
                raise TheatreError(f"theatre id {BILATERAL!r} is reserved for events with no theatre")
            if t.parent is not None and t.parent not in self._by_id:
                raise TheatreError(f"theatre {t.id!r}: unknown parent {t.parent!r}")
        for t in self:
            self.lineage(t.id)  # raises on a cycle
        owners: dict[str, str] = {}
        for t in self:
            for actor in t.actors:
                if owners.setdefault(actor, t.id) != t.id:
                    raise TheatreError(f"actor {actor} signals two theatres: {owners[actor]} and {t.id}")

    # -- lookups ----------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Theatre]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, theatre_id: object) -> bool:
        return theatre_id in self._by_id

    def __getitem__(self, theatre_id: str) -> Theatre:
        return self._by_id[theatre_id]

    def get(self, theatre_id: str | None) -> Theatre | None:
        return self._by_id.get(theatre_id) if theatre_id else None

    def name_of(self, theatre_id: str | None) -> str:
        """A theatre's name; ``bilateral`` for none; the id itself for one no longer defined."""
        if not theatre_id:
            return BILATERAL
        theatre = self._by_id.get(theatre_id)
        return theatre.name if theatre else theatre_id

    def find(self, name: str) -> Theatre | None:
        """The theatre with this id, name or alias, else the country theatre of the state with this
        ISO code (``LBY``: Libya's), in any case; ``None`` when there is none."""
        wanted = " ".join(name.replace("-", " ").split()).casefold()
        for t in self:
            if wanted in {" ".join(n.replace("-", " ").split()).casefold() for n in (t.id, *t.names)}:
                return t
        return self.get(self.of_country(name.strip().upper()))

    def lineage(self, theatre_id: str) -> list[str]:
        """The theatre and the theatres containing it, innermost first."""
        chain = [theatre_id]
        while (parent := self._by_id[chain[-1]].parent) is not None:
            if parent in chain:
                raise TheatreError(f"theatre {theatre_id!r}: its parents form a cycle")
            chain.append(parent)
        return chain

    def descendants(self, theatre_id: str) -> set[str]:
        """The theatre and every theatre inside it."""
        return {t.id for t in self if theatre_id in self.lineage(t.id)}

    def children(self, theatre_id: str | None) -> list[str]:
        """The theatres directly inside *theatre_id* (``None``: the outermost theatres)."""
        return [t.id for t in self if t.parent == theatre_id]

    def in_tree_order(self) -> list[Theatre]:
        """The definitions, each region followed by the theatres inside it (depth first)."""
        ordered: list[Theatre] = []

        def visit(parent: str | None) -> None:
            for child in self.children(parent):
                ordered.append(self._by_id[child])
                visit(child)

        visit(None)
        return ordered

    def of_country(self, state: str | None) -> str | None:
        """The country theatre of a state, if it has one."""
        return self._country.get(state) if state else None

    def signalled_by(self, actor: str | None, info: Mapping[str, Any] | None = None) -> str | None:
        """The theatre an actor's involvement signals: one it is listed under, or, for an armed group
        or a government inside a country (*info*: its registry ``type`` and ``country``), that
        country's theatre."""
        if not actor:
            return None
        if actor in self._actor:
            return self._actor[actor]
        if info and info.get("type") in SUB_STATE_TYPES and info.get("country") != actor:
            return self.of_country(info.get("country"))
        return None

    def belongs(self, actor: str | None, theatre_id: str, info: Mapping[str, Any] | None = None) -> bool:
        """Whether *actor* is one of the theatre's own: its state or a party, an actor of that
        state or party (*info*: its registry ``country``; the Syrian army belongs to Syria), or an
        actor signalling it."""
        if not actor:
            return False
        theatre = self._by_id[theatre_id]
        own = {theatre.country, *theatre.parties} - {None}
        country = info.get("country") if info else None
        return actor in own or country in own or self.signalled_by(actor, info) == theatre_id

    # -- place names ------------------------------------------------------------------------------

    def places_in(self, text: str, *, with_countries: bool = False) -> list[PlaceHit]:
        """The place names in *text*, longest first where two overlap. *with_countries* also finds
        country theatres' own names (for text the actor resolver has not read, like titles)."""
        matcher = self._named if with_countries else self._places
        if matcher is None:
            return []
        pattern, owner = matcher
        return [
            PlaceHit(m.start(), m.end(), owner[_key(m.group())], m.group())
            for m in pattern.finditer(text.translate(APOSTROPHES))
        ]


def _key(name: str) -> str:
    return " ".join(name.replace("-", " ").split())


def _matcher(theatres: Theatres, *, with_countries: bool) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """One regular expression for every place name, and the theatre of each (by normalised name)."""
    owner: dict[str, str] = {}
    for t in theatres:
        names = [*t.aliases, *t.places]
        if with_countries or t.country is None:
            names.append(t.name)
        for name in names:
            key = _key(name.translate(APOSTROPHES))
            if owner.setdefault(key, t.id) != t.id:
                raise TheatreError(f"place {name!r} is listed under two theatres: {owner[key]} and {t.id}")
    if not owner:
        return None
    words = sorted(owner, key=lambda k: (-len(k), k))
    alternation = "|".join(r"[-\s]+".join(re.escape(part) for part in k.split(" ")) for k in words)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), owner


def _theatre(entry: Any, where: str) -> Theatre:
    if not isinstance(entry, dict):
        raise TheatreError(f"{where}: each theatre is a mapping with id and name")
    unknown = set(entry) - {"id", "name", "country", "parent", "aliases", "places", "actors", "parties"}
    if unknown:
        raise TheatreError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for key in ("id", "name"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise TheatreError(f"{where}: {key} is required")
    lists = {}
    for key in ("aliases", "places", "actors", "parties"):
        value = entry.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise TheatreError(f"{where} ({entry['id']}): {key} must be a list of names")
        lists[key] = tuple(v.strip() for v in value)
    return Theatre(
        id=entry["id"], name=entry["name"], country=entry.get("country"), parent=entry.get("parent"), **lists
    )


WORD_LISTS = ("place_prepositions", "place_nouns", "topic_nouns", "conflict_nouns")


def _words(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TheatreError(f"{where}: expected a list of words (quote on, off, yes and no)")
    return tuple(v.lower() for v in value)


def default_path() -> Path:
    return Path(str(resources.files("multipolar") / "data" / "theatres.yaml"))


@lru_cache(maxsize=4)
def load_theatres(path: Path | None = None) -> Theatres:
    """The theatre definitions in *path* (default: the bundled ``data/theatres.yaml``)."""
    path = path or default_path()
    data = read_yaml(path, TheatreError, "theatres")
    if not isinstance(data, dict) or not isinstance(data.get("theatres"), list):
        raise TheatreError(f"{path}: expected a mapping with a 'theatres' list")
    theatres = [_theatre(entry, f"{path}: theatre {i + 1}") for i, entry in enumerate(data["theatres"])]
    words = {key: _words(data.get(key), f"{path}: {key}") for key in WORD_LISTS}
    try:
        return Theatres(theatres, **words)
    except TheatreError as exc:
        raise TheatreError(f"{path}: {exc}") from None
