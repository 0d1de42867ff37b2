"""Heads of state and government and foreign ministers, one office a line (``data/actors/leaders.tsv``
since 2000, ``data/actors/leaders_1980_1999.tsv`` for the offices taken up from 1980 to 1999).

A line names the person and the office at once, so that the lists of every state stay readable files;
the loader turns each line into a person (made once, found again by name) and an office.
Columns (tab-separated; schema in ``docs/registry.md``):

* ``actor``: the state (or organisation) the office is of;
* ``title``: the title as written in text ("President", "Prime Minister", "Foreign Minister");
* ``roles``: ``|``-separated office roles (``head_of_state|leader``);
* ``name``: the person's name as usually written, then ``|``-separated other spellings;
* ``short``: the short forms used after a first mention; empty: the name's last word; ``-``: none (the
  short form is a common word or shared by many, e.g. "Key", "Ahmed");
* ``start``, ``end``: dates in office (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; empty end: still in office).

A person already registered (in ``people.tsv`` or an earlier leaders file) keeps that entry and id: the
one of the office's country with the same name or alias, else the only person of that name in any
country (Eduard Shevardnadze, Soviet foreign minister recorded under Russia, then Georgia's president,
is one person); the line's other spellings become aliases of that person. An office
already in ``offices.tsv`` (same person, actor and role, overlapping dates) is not added twice. A new
person's id is the actor and the name's last word (``ETH-ABIY`` where ``short`` says so), made unique
with the first name where needed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from multipolar.resolve.entries import (
    ROLES,
    Actor,
    Office,
    RegistryError,
    date_range,
    parse_date,
    read_tsv,
    split_list,
)

if TYPE_CHECKING:
    from multipolar.resolve.registry import Registry

COLUMNS = ("actor", "title", "roles", "name", "short", "start", "end")


@cache  # each file's loader keys every registered name again
def _key(name: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", folded.casefold()).strip()


def _id_part(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", _key(text).upper()).strip("-")


def read_leaders(registry: Registry, path: Path) -> list[int]:
    """Add the people and offices of a leaders file to *registry* (see the module's docstring); return
    the numbers of the lines that added no office because the registry already held it."""
    repeated: list[int] = []
    people: dict[tuple[str, str], str] = {}  # (country, name key) -> person id
    anywhere: dict[str, set[str]] = {}  # name key -> the people of any country with that name
    for actor in registry:
        if actor.type == "person":
            for name in (actor.name, *actor.aliases):
                people.setdefault((actor.country or "", _key(name)), actor.id)
                anywhere.setdefault(_key(name), set()).add(actor.id)
    held: dict[tuple[str, str], list[Office]] = {}
    for office in registry.offices:
        held.setdefault((office.person, office.actor), []).append(office)

    for line, row in read_tsv(path, COLUMNS):
        where = f"{path}:{line}"
        actor = registry.get(row["actor"])
        if actor is None:
            raise RegistryError(f"{where}: unknown actor {row['actor']!r}")
        roles = split_list(row["roles"])
        if not roles or any(r not in ROLES for r in roles):
            raise RegistryError(f"{where}: roles {row['roles']!r} must be from {', '.join(ROLES)}")
        names = split_list(row["name"])
        if not names:
            raise RegistryError(f"{where}: empty 'name'")
        start, end = date_range(row, "start", "end", where)
        country = actor.country or actor.id
        person = _known_person(people, anywhere, country, names)
        if person is None:
            person = _new_person(registry, country, names, row["short"], where)
        else:
            _add_spellings(registry, person, names)
        for name in names:
            people.setdefault((country, _key(name)), person)
            anywhere.setdefault(_key(name), set()).add(person)
        office = Office(person, actor.id, roles, row["title"], start, end)
        if any(_same(office, other) for other in held.get((person, actor.id), ())):
            repeated.append(line)
            continue
        held.setdefault((person, actor.id), []).append(office)
        registry.offices.append(office)
    return repeated


def _known_person(
    people: dict[tuple[str, str], str], anywhere: dict[str, set[str]], country: str, names: tuple[str, ...]
) -> str | None:
    """The registered person one of *names* names: of *country* first, else the only bearer anywhere."""
    keys = [_key(n) for n in names]
    same = next((people[(country, k)] for k in keys if (country, k) in people), None)
    if same is not None:
        return same
    return next((next(iter(anywhere[k])) for k in keys if len(anywhere.get(k, ())) == 1), None)


def _add_spellings(registry: Registry, person: str, names: tuple[str, ...]) -> None:
    """Give a person found again the spellings of *names* it lacks ("José Manuel Durão Barroso")."""
    actor = registry.actors[person]
    known = {_key(n) for n in (actor.name, *actor.aliases)}
    new = tuple(dict.fromkeys(n for n in names if _key(n) not in known))
    if new:
        registry.actors[person] = replace(actor, aliases=(*actor.aliases, *new))


def _new_person(registry: Registry, country: str, names: tuple[str, ...], short: str, where: str) -> str:
    name = names[0]
    shorts = () if short.strip() == "-" else split_list(short) or (name.split()[-1],)
    words = [w for w in re.split(r"\s+", name) if w]
    base = f"{country}-{_id_part(shorts[0] if shorts else words[-1])}"
    person_id = base
    if person_id in registry:
        person_id = f"{country}-{_id_part(name)}"
    n = 2
    while person_id in registry:
        person_id, n = f"{country}-{_id_part(name)}-{n}", n + 1
    actor = Actor(
        id=person_id,
        name=name,
        type="person",
        country=country,
        parent=None,
        aliases=names,
        surnames=tuple(s for s in shorts if " " in s or s != name),
    )
    registry.actors[person_id] = actor
    registry.sources[person_id] = where
    return person_id


def _same(a: Office, b: Office) -> bool:
    """The same office twice: *a*'s roles are among *b*'s and their dates overlap (a president who
    was also chief executive for a while holds two offices, not one; an acting term that ends the day the
    full one starts is a second office)."""
    if not set(a.roles) <= set(b.roles):
        return False
    a_end, b_end = a.end or _FAR, b.end or _FAR
    a_start, b_start = a.start or _NEAR, b.start or _NEAR
    return a_start < b_end and b_start < a_end  # one ending the day the other starts is a sequence


_NEAR = parse_date("1900")
_FAR = parse_date("2100", end=True)
