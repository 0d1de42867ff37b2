"""The actor registry: states, organisations, armed groups, people and the offices they hold.

The registry is data, not code: tab-separated files under ``multipolar/data/actors/`` (schema in
``docs/registry.md``), optionally overlaid by user files. Every problem found while loading is
reported as ``file:line: message`` so that a broken row is easy to find and fix.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from multipolar.resolve.entries import (
    DATA,
    ENV_VAR,
    OTHER_ID,
    PROVISIONAL_PREFIX,
    ROLES,
    STATE_ID,
    STATUSES,
    TYPES,
    Actor,
    Office,
    RegistryError,
    Sense,
    at_line,
    date_range,
    read_tsv,
    required_cell,
    split_list,
)
from multipolar.resolve.leaders import read_leaders
from multipolar.resolve.tables import read_seats, read_sectors

# --- the registry -------------------------------------------------------------------------------


@dataclass
class Registry:
    """All known actors, the offices people held, and the senses of ambiguous names."""

    actors: dict[str, Actor] = field(default_factory=dict)
    offices: list[Office] = field(default_factory=list)
    senses: list[Sense] = field(default_factory=list)
    titles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # title words -> roles
    # (seat, actor) -> the dates the actor governed from there (seats.tsv); None: the actor's own
    seat_terms: dict[tuple[str, str], tuple[date | None, date | None]] = field(default_factory=dict)
    sector_words: dict[str, str] = field(default_factory=dict)  # head noun -> sector id suffix
    sources: dict[str, str] = field(default_factory=dict)  # actor id -> file:line (for messages)

    fingerprint: str = ""  # identifies the data this registry was read from (for derived caches)

    BUNDLED = (
        "states.tsv",
        "organisations.tsv",
        "groups.tsv",
        "seats.tsv",
        "sectors.tsv",
        "people.tsv",
        "offices.tsv",
        "leaders.tsv",
        "leaders_1980_1999.tsv",
        "ambiguous.tsv",
        "titles.tsv",
    )

    @classmethod
    def load(cls, extra: tuple[Path, ...] = (), *, data: Path = DATA) -> Registry:
        """The bundled registry, overlaid by *extra* files and those named in ``$MULTIPOLAR_REGISTRY``.

        A user entry with the id of an existing actor replaces its non-empty fields and adds its
        aliases; any other entry is added. The bundled part is read once and then kept in the disk
        cache (``resolve/cache.py``) until a data file or the code that reads it changes.
        """
        from multipolar.resolve.cache import cached, fingerprint, source_of

        code = source_of("registry.py", "entries.py", "leaders.py", "tables.py")
        key = fingerprint([data / name for name in cls.BUNDLED], str(data), code)
        registry = cached("registry", key, lambda: cls._bundled(data))
        users = tuple(Path(p) for p in (*extra, *env_files()))
        for path in users:
            registry._read_actors(path, overlay=True)
        registry.validate()
        registry.fingerprint = fingerprint(users, key) if users else key
        return registry

    @classmethod
    def _bundled(cls, data: Path) -> Registry:
        registry = cls()
        registry._read_states(data / "states.tsv")
        registry._read_actors(data / "organisations.tsv")
        registry._read_actors(data / "groups.tsv")
        read_seats(registry, data / "seats.tsv")
        read_sectors(registry, data / "sectors.tsv")
        registry._read_actors(data / "people.tsv", person=True)
        registry._read_offices(data / "offices.tsv")
        read_leaders(registry, data / "leaders.tsv")
        read_leaders(registry, data / "leaders_1980_1999.tsv")
        registry._read_senses(data / "ambiguous.tsv")
        registry._read_titles(data / "titles.tsv")
        registry.validate()
        return registry

    # Mapping-like access ---------------------------------------------------------------------

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors.values())

    def __len__(self) -> int:
        return len(self.actors)

    # People and offices ------------------------------------------------------------------------

    def offices_of(self, person_id: str) -> list[Office]:
        return list(self._by_person.get(person_id, ()))

    def office_on(self, person_id: str, on: date | None) -> Office | None:
        """The most senior office *person* held on *on* (without a date: one still held)."""
        held = [o for o in self._by_person.get(person_id, ()) if o.held_on(on)]
        return min(held, key=lambda o: (o.rank, -(o.start or date.min).toordinal()), default=None)

    def speaks_for(self, person_id: str, on: date | None) -> str | None:
        """The actor a person represents on that date: the actor of their most senior office then,
        else their affiliation (``parent``), else ``None``."""
        office = self.office_on(person_id, on)
        if office is not None:
            return office.actor
        person = self.actors.get(person_id)
        return person.parent if person else None

    def holder(self, actor_id: str, roles: Iterable[str], on: date | None, title: str = "") -> str | None:
        """Who held one of *roles* for *actor* on *on*: the most recently appointed, if several.

        An office whose own title contains *title* wins ("the Iranian president" is the president,
        not the Supreme Leader who is head of state)."""
        wanted = set(roles)
        held = [o for o in self._by_actor.get(actor_id, ()) if o.held_on(on)]
        titled = [o for o in held if title and title.casefold() in o.title.casefold()]
        held = titled or [o for o in held if wanted.intersection(o.roles)]
        return max(held, key=lambda o: o.start or date.min).person if held else None

    @property
    def _by_person(self) -> dict[str, list[Office]]:
        return self._index("person")

    @property
    def _by_actor(self) -> dict[str, list[Office]]:
        return self._index("actor")

    def _index(self, key: str) -> dict[str, list[Office]]:
        cache = self.__dict__.setdefault("_cache", {})
        if (key, len(self.offices)) not in cache:
            index: dict[str, list[Office]] = defaultdict(list)
            for office in self.offices:
                index[getattr(office, key)].append(office)
            cache[(key, len(self.offices))] = index
        return cache[(key, len(self.offices))]

    def search(self, word: str) -> list[Actor]:
        """Actors whose id, name or any alias contains *word* (case-insensitive)."""
        needle = word.casefold()
        return [
            a
            for a in self
            if any(
                needle in n.casefold()
                for n in (a.id, a.name, *a.aliases, *a.capitals, *a.seats, *a.demonyms, *a.surnames)
            )
        ]

    # Loading -------------------------------------------------------------------------------------

    def _add(self, actor: Actor, where: str, *, overlay: bool = False) -> None:
        old = self.actors.get(actor.id)
        if old is not None and not overlay:
            first = self.sources[actor.id]
            raise RegistryError(f"{where}: duplicate id {actor.id} (first defined at {first})")
        if old is not None:
            changes = {
                k: v for k, v in vars(actor).items() if v not in (None, "", ()) and k not in ("aliases", "id")
            }
            aliases = tuple(dict.fromkeys((*old.aliases, *actor.aliases)))
            actor = replace(old, **changes, aliases=aliases)
        self.actors[actor.id] = actor
        self.sources[actor.id] = where

    def _read_states(self, path: Path) -> None:
        columns = ("id", "name", "short_names", "capitals", "seats", "demonyms", "status")
        for line, row in read_tsv(path, columns):
            where = at_line(path, line)
            if not STATE_ID.match(row["id"]):
                raise RegistryError(f"{where}: state id {row['id']!r} is not an ISO 3166-1 alpha-3 code")
            if row["status"] not in STATUSES:
                raise RegistryError(f"{where}: status {row['status']!r} is not one of {', '.join(STATUSES)}")
            self._add(
                Actor(
                    id=row["id"],
                    name=required_cell(row, "name", where),
                    type="state",
                    country=row["id"],
                    parent=None,
                    aliases=split_list(row["short_names"]),
                    capitals=split_list(row["capitals"]),
                    seats=split_list(row["seats"]),
                    demonyms=split_list(row["demonyms"]),
                    status=row["status"],
                ),
                where,
            )

    def _read_actors(self, path: Path, *, person: bool = False, overlay: bool = False) -> None:
        required = ("id", "name", "aliases", "country") if person else ("id", "type", "name", "aliases")
        for line, row in read_tsv(path, required):
            where = at_line(path, line)
            kind = "person" if person else row.get("type", "")
            if overlay and not kind and row["id"] in self.actors:
                kind = self.actors[row["id"]].type  # extending an existing actor: its type stays
            if kind not in TYPES:
                raise RegistryError(f"{where}: type {kind!r} is not one of {', '.join(TYPES)}")
            actor_id = row["id"]
            pattern = STATE_ID if kind == "state" else OTHER_ID
            if not pattern.match(actor_id):
                raise RegistryError(f"{where}: bad id {actor_id!r} (upper-case letters, digits and '-')")
            if actor_id.startswith(PROVISIONAL_PREFIX):
                raise RegistryError(
                    f"{where}: id {actor_id!r}: ids starting with X- are kept for provisional actors"
                )
            valid_from, valid_to = date_range(row, "valid_from", "valid_to", where)
            name = row["name"] if overlay and actor_id in self.actors else required_cell(row, "name", where)
            self._add(
                Actor(
                    id=actor_id,
                    name=name,
                    type=kind,
                    country=row.get("country") or (actor_id if kind == "state" else None),
                    parent=row.get("parent") or row.get("affiliation") or None,
                    aliases=split_list(row["aliases"]),
                    valid_from=valid_from,
                    valid_to=valid_to,
                    capitals=split_list(row.get("capitals", "")),
                    seats=split_list(row.get("seats", "")),
                    demonyms=split_list(row.get("demonyms", "")),
                    surnames=split_list(row.get("surnames", "")) or _surname(row["name"], kind),
                ),
                where,
                overlay=overlay,
            )

    def sector_of(self, state: str | None, word: str) -> str | None:
        """The actor of *state*'s sector that the noun *word* (a lemma) names, if any."""
        sector = self.sector_words.get(word.lower())
        actor = f"{state}-{sector}" if state and sector else None
        return actor if actor and actor in self.actors else None

    def seat_held(self, seat: str, actor_id: str, on: date | None) -> bool:
        """Whether *actor* governed from *seat* on *on* (its seat term, else its own validity)."""
        actor = self.actors.get(actor_id)
        if actor is None:
            return False
        start, end = self.seat_terms.get((seat, actor_id), (None, None))
        start, end = start or actor.valid_from, end or actor.valid_to
        return on is None or ((start is None or start <= on) and (end is None or on <= end))

    def _read_offices(self, path: Path) -> None:
        for line, row in read_tsv(path, ("person", "actor", "roles", "title", "start", "end")):
            where = at_line(path, line)
            roles = split_list(row["roles"])
            bad = [r for r in roles if r not in ROLES]
            if not roles or bad:
                raise RegistryError(f"{where}: roles {row['roles']!r} must be from {', '.join(ROLES)}")
            start, end = date_range(row, "start", "end", where)
            for column in ("person", "actor"):
                if row[column] not in self.actors:
                    raise RegistryError(f"{where}: unknown {column} {row[column]!r}")
            self.offices.append(Office(row["person"], row["actor"], roles, row["title"], start, end))
            self.sources.setdefault(f"office:{len(self.offices)}", where)

    def _read_senses(self, path: Path) -> None:
        for line, row in read_tsv(path, ("alias", "actor", "cues")):
            actor = None if row["actor"] in ("", "-", "none") else row["actor"]
            if actor and actor not in self.actors:
                raise RegistryError(f"{at_line(path, line)}: unknown actor {actor!r}")
            self.senses.append(Sense(row["alias"], actor, split_list(row["cues"])))

    def _read_titles(self, path: Path) -> None:
        for line, row in read_tsv(path, ("role", "words")):
            if row["role"] not in ROLES:
                raise RegistryError(f"{at_line(path, line)}: unknown role {row['role']!r}")
            for word in split_list(row["words"]):
                self.titles[word] = (*self.titles.get(word, ()), row["role"])

    def validate(self) -> None:
        """Cross-references: countries and parents must name registered actors."""
        for actor in self:
            for column in ("country", "parent"):
                ref = getattr(actor, column)
                if ref and ref not in self.actors:
                    raise RegistryError(f"{self.sources[actor.id]}: {actor.id}: unknown {column} {ref!r}")


def _surname(name: str, kind: str) -> tuple[str, ...]:
    """A person's default short form: the last word of the name ("Recep Tayyip Erdogan" -> "Erdogan")."""
    if kind != "person" or " " not in name:
        return ()
    return (name.split()[-1],)


USER_FILE = "multipolar-actors.tsv"
USER_COLUMNS = ("id", "type", "name", "country", "parent", "aliases", "valid_from", "valid_to")


def format_row(row: dict[str, str], columns: Iterable[str] = USER_COLUMNS) -> str:
    """One TSV line for a user registry file."""
    return "\t".join(row.get(c, "") for c in columns)


def env_files() -> tuple[Path, ...]:
    """User registry files loaded without being asked for: those named in ``$MULTIPOLAR_REGISTRY``
    (``os.pathsep``-separated), else ``./multipolar-actors.tsv``; files that do not exist yet are skipped."""
    value = os.environ.get(ENV_VAR, "")
    paths = [Path(p) for p in value.split(os.pathsep) if p.strip()] or [Path(USER_FILE)]
    return tuple(p for p in paths if p.is_file())


def user_file() -> Path:
    """Where ``multipolar actors add`` writes: the first ``$MULTIPOLAR_REGISTRY`` file, else the default."""
    value = os.environ.get(ENV_VAR, "")
    first = next((p for p in value.split(os.pathsep) if p.strip()), USER_FILE)
    return Path(first)
