"""The actor registry from Python, as ``multipolar actors`` uses it: look actors up, see how a text's
names resolve, add actors to a user registry file, and list what the stored texts named that the
registry does not know.

Every function takes *registry*: user registry files merged over the bundled registry (and those
named in ``$MULTIPOLAR_REGISTRY``, or ``./multipolar-actors.tsv``, which every command reads).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from multipolar.api.selection import QueryError, plausible_date
from multipolar.resolve import TYPES, Actor, Registry, RegistryError, Resolver, explain
from multipolar.resolve.registry import ENV_VAR, USER_COLUMNS, USER_FILE, env_files, format_row, user_file

if TYPE_CHECKING:
    from multipolar.api.corpus import Corpus

PathLike = str | os.PathLike[str]
ADD_FIELDS = ("id", "type", "name", "country", "parent", "aliases", "valid_from", "valid_to")


def load_registry(registry: Iterable[PathLike] = ()) -> Registry:
    """The bundled registry, with user files over it.

    Parameters
    ----------
    registry : paths
        User registry files merged over the bundled one (each must exist).

    Returns
    -------
    Registry
        Every actor, office and sense of an ambiguous name (:class:`multipolar.resolve.Registry`).

    Raises
    ------
    QueryError
        A file that does not exist.
    RegistryError
        A row that does not load (the message names the file and line).

    Examples
    --------
    >>> from multipolar.api import actors
    >>> actors.load_registry().get("LBY-GNA").type
    'government'
    """
    files = tuple(Path(p) for p in registry)
    for path in files:
        if not path.is_file():
            raise QueryError(f"{path}: no such registry file")
    return Registry.load(extra=files)


def actor_record(actor: Actor, registry: Registry) -> dict[str, Any]:
    """Everything the registry says of one actor, as plain data.

    Parameters
    ----------
    actor : Actor
        A registry actor.
    registry : Registry
        The registry it is in (for its offices and where it is defined).

    Returns
    -------
    dict
        ``id, name, type, country, parent, aliases, capitals, seats, demonyms, surnames,
        valid_from, valid_to, offices, defined_at``.

    Examples
    --------
    >>> from multipolar.api import actors
    >>> registry = actors.load_registry()
    >>> actors.actor_record(registry.get("TUR"), registry)["capitals"]
    ['Ankara']
    """
    office = [
        f"{o.title or '/'.join(o.roles)} ({o.actor}) {o.start or '?'}..{o.end or ''}"
        for o in registry.offices_of(actor.id)
    ]
    return {
        "id": actor.id,
        "name": actor.name,
        "type": actor.type,
        "country": actor.country,
        "parent": actor.parent,
        "aliases": list(actor.aliases),
        "capitals": list(actor.capitals),
        "seats": list(actor.seats),
        "demonyms": list(actor.demonyms),
        "surnames": list(actor.surnames),
        "valid_from": actor.valid_from.isoformat() if actor.valid_from else None,
        "valid_to": actor.valid_to.isoformat() if actor.valid_to else None,
        "offices": office,
        "defined_at": registry.sources.get(actor.id),
    }


def find_actor(actor_id: str, registry: Iterable[PathLike] = ()) -> dict[str, Any]:
    """The registry's record of one actor.

    Parameters
    ----------
    actor_id : str
        Its id, in any case: ``TUR``, ``LBY-GNA``, ``TUR-ERDOGAN``.
    registry : paths
        User registry files merged over the bundled one (each must exist).

    Returns
    -------
    dict
        :func:`actor_record`'s record.

    Raises
    ------
    QueryError
        No such actor; the message names the nearest ids.

    Examples
    --------
    >>> from multipolar.api import actors
    >>> actors.find_actor("tur")["name"]
    'Turkey'
    """
    loaded = load_registry(registry)
    actor = loaded.get(actor_id) or loaded.get(actor_id.upper())
    if actor is None:
        near = ", ".join(a.id for a in loaded.search(actor_id)[:8])
        hint = f" (did you mean: {near})" if near else ""
        raise QueryError(f"no actor {actor_id!r} in the registry{hint}")
    return actor_record(actor, loaded)


def search_actors(word: str, registry: Iterable[PathLike] = ()) -> list[dict[str, Any]]:
    """The actors whose id, name or alias contains a word, in any case.

    Parameters
    ----------
    word : str
        Part of an id, name or alias.
    registry : paths
        User registry files merged over the bundled one (each must exist).

    Returns
    -------
    list of dict
        One :func:`actor_record` for each actor found, in the registry's order.

    Examples
    --------
    >>> from multipolar.api import actors
    >>> "LBY-LAAF" in [record["id"] for record in actors.search_actors("Haftar")]
    True
    """
    loaded = load_registry(registry)
    return [actor_record(a, loaded) for a in loaded.search(word)]


def resolve_names(
    text: str, *, date: date | str | None = None, registry: Iterable[PathLike] = ()
) -> list[dict[str, Any]]:
    """How each actor mention in a text resolves, and by which rule.

    Parameters
    ----------
    text : str
        The text.
    date : date or "YYYY-MM-DD", optional
        Its date: who held an office, and which seat stood for whom, on that day.
    registry : paths
        User registry files merged over the bundled one (each must exist).

    Returns
    -------
    list of dict
        Per mention: ``text``, ``actor`` and ``name``, ``person``, ``rule`` (alias, capital,
        demonym, office, surname, title ...) and ``candidates`` (when it could not be settled).

    Raises
    ------
    QueryError
        An empty text or a bad date.

    Examples
    --------
    >>> from multipolar.api import actors
    >>> [(row["text"], row["actor"]) for row in actors.resolve_names("Erdogan met Putin.", date="2020-01-08")]
    [('Erdogan', 'TUR'), ('Putin', 'RUS')]
    """
    day = plausible_date(date)
    if not text.strip():
        raise QueryError("nothing to resolve: the text is empty")
    from multipolar.nlp import load_nlp

    loaded = load_registry(registry)
    nlp = load_nlp()
    resolution = Resolver(loaded, nlp).resolve(nlp(text), on=day)
    rows = explain(resolution.mentions)
    for row in rows:
        found = (
            (loaded.get(row["actor"]) or resolution.provisional.get(row["actor"])) if row["actor"] else None
        )
        row["name"] = found.name if found else None
    return rows


@dataclass(frozen=True)
class AddedActor:
    """An actor written to a user registry file, and which later commands will read that file."""

    actor: Actor
    path: Path
    read_by: str


def add_actor(
    actor_id: str,
    *,
    name: str = "",
    type: str = "",
    country: str = "",
    parent: str = "",
    aliases: Iterable[str] = (),
    valid_from: str = "",
    valid_to: str = "",
    file: PathLike | None = None,
) -> AddedActor:
    """Add an actor to a user registry file, or extend one, after checking that the file loads.

    Parameters
    ----------
    actor_id : str
        A stable id: ISO3 for a state, else e.g. ``SDN-RSF``.
    name, type, country, parent : str
        Its canonical name, its type (one of :data:`TYPES`), its state's ISO3 and its parent's id;
        a field left empty keeps what the registry already says of an existing actor.
    aliases : iterable of str
        Names that stand for it in text.
    valid_from, valid_to : str
        ``YYYY[-MM[-DD]]``.
    file : path, optional
        The user file (default: ``$MULTIPOLAR_REGISTRY``, else ``./multipolar-actors.tsv``).

    Returns
    -------
    AddedActor
        The actor as loaded, the file written and which later commands will read it.

    Raises
    ------
    RegistryError
        The row would not load (the message names the file and line); nothing is written.

    Examples
    --------
    >>> from multipolar.api import actors
    >>> added = actors.add_actor("SDN-JEM", name="Justice and Equality Movement", type="armed_group",
    ...                          country="SDN", aliases=["JEM"], file="my-actors.tsv")
    >>> added.actor.id, added.path.name
    ('SDN-JEM', 'my-actors.tsv')
    """
    target = Path(file) if file is not None else user_file()
    row = {
        "id": actor_id,
        "type": type,
        "name": name,
        "country": country,
        "parent": parent,
        "aliases": "|".join(aliases),
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    for column, value in row.items():
        if "\t" in value or "\n" in value:
            raise QueryError(f"--{column} must not contain tabs or newlines")
    existing = target.read_text(encoding="utf-8") if target.is_file() else ""
    header = "\t".join(USER_COLUMNS) + "\n"
    content = existing if existing.strip() else header
    content = content + ("" if content.endswith("\n") else "\n") + format_row(row) + "\n"
    # Validate the file as it would be, against the bundled registry, before touching the real one.
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / target.name
        trial.write_text(content, encoding="utf-8")
        try:
            registry = Registry.load(extra=(trial,))
        except RegistryError as exc:  # report the user's file, not the trial copy
            raise RegistryError(str(exc).replace(str(trial), str(target))) from None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    actor = registry.get(actor_id)
    assert actor is not None
    return AddedActor(actor, target, _who_reads(target, file is not None))


def _who_reads(target: Path, explicit: bool) -> str:
    """Which later commands will read the user file just written."""
    named = [Path(p).resolve() for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    if target.resolve() in named:
        return f"every later multipolar command reads it while ${ENV_VAR} names it"
    if not named and target.resolve() == Path(USER_FILE).resolve():
        return f"every later multipolar command run in this folder ({Path.cwd()}) reads it"
    how = f"pass --registry {os.fspath(target)} (or name it in ${ENV_VAR})"
    return f"commands do not read it by themselves: {how}" if explicit or named else how


def registries_in_force() -> str:
    """Which user registry files the commands here read without being asked.

    Returns
    -------
    str
        One line naming them (from ``$MULTIPOLAR_REGISTRY``, or ``./multipolar-actors.tsv``), or
        saying there are none.

    Examples
    --------
    >>> from multipolar.api import actors
    >>> actors.registries_in_force().startswith("user registries")
    True
    """
    files = env_files()
    if not files:
        how = f"${ENV_VAR} names none that exists" if os.environ.get(ENV_VAR) else f"no ./{USER_FILE} here"
        return f"user registries: none ({how}); the bundled registry only"
    where = f"from ${ENV_VAR}" if os.environ.get(ENV_VAR) else "found in this folder"
    return (
        "user registries ("
        + where
        + "): "
        + ", ".join(f"{p} ({_count(p)} actor{'s' * (_count(p) != 1)})" for p in files)
    )


def _count(path: Path) -> int:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return max(0, sum(1 for ln in lines if ln.strip() and not ln.lstrip().startswith("#")) - 1)


def unknown_actors(corpus: Corpus, registry: Iterable[PathLike] = ()) -> list[dict[str, Any]]:
    """The provisional actors of a store: named in its texts, unknown to the registry.

    Parameters
    ----------
    corpus : Corpus
        An open store.
    registry : paths
        User registry files merged over the bundled one.

    Returns
    -------
    list of dict
        ``id, name, type, country, aliases, mentions, events, forms, documents, examples``, the
        registry actor that now has its name (``registered``, if any) and the
        ``multipolar actors add`` line that would register it (``add``).

    Examples
    --------
    >>> from multipolar.api import actors
    >>> with multipolar.open("multipolar-demo/demo.duckdb") as corpus:
    ...     unknown = actors.unknown_actors(corpus)
    >>> all(row["add"].startswith("multipolar actors add") for row in unknown)
    True
    """
    rows = corpus.store.provisional_actors()
    loaded = load_registry(registry)
    return [_unknown_row(r, loaded) for r in rows]


def _unknown_row(row: dict, registry: Registry) -> dict:
    from multipolar.resolve.unknown import add_command

    actor = Actor(
        id=row["id"],
        name=row["name"],
        type=row["type"] or "",
        country=row["country"],
        parent=None,
        aliases=tuple(row["aliases"]),
        provisional=True,
    )
    known = {n.casefold(): a.id for a in registry for n in (a.name, *a.aliases)}
    registered = next(
        (known[f.casefold()] for f in (actor.name, *row["forms"]) if f.casefold() in known), None
    )
    return {**row, "registered": registered, "add": add_command(actor, registry, row["forms"])}


__all__ = [
    "TYPES",
    "USER_FILE",
    "AddedActor",
    "add_actor",
    "find_actor",
    "load_registry",
    "registries_in_force",
    "resolve_names",
    "search_actors",
    "unknown_actors",
]
