"""Which events a query or an analysis reads: the filters every command and method shares."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from multipolar.errors import MultipolarError
from multipolar.theatre import BILATERAL, Theatres, load_theatres
from multipolar.validate import DayError, plausible_day


class QueryError(MultipolarError, ValueError):
    """A filter or argument that cannot be used; the message says why."""


@dataclass(frozen=True)
class Selection:
    """A window (``since``/``until``, inclusive), some documents (ids, or prefixes of ids, resolved
    by the store), some theatres (ids; ``None`` among them stands for the bilateral events), and
    whether a state's military units count as the state (``merge_units``)."""

    since: date | None = None
    until: date | None = None
    docs: tuple[str, ...] | None = None
    theatres: frozenset[str | None] | None = None
    merge_units: bool = True


def select(
    *,
    since: date | str | None = None,
    until: date | str | None = None,
    docs: str | Iterable[str] | None = None,
    theatre: str | Iterable[str] | None = None,
    merge_units: bool = True,
    theatres: Theatres | None = None,
) -> Selection:
    """A :class:`Selection` from the user's values, checked: dates as ``date`` or ``YYYY-MM-DD``;
    *theatre* an id, name or alias, or a country's ISO code (``LBY``), in any case (``bilateral``
    for the events of no theatre), or several; a
    theatre takes in the theatres inside it."""
    first, last = as_date(since, "since"), as_date(until, "until")
    if first and last and first > last:
        raise QueryError(f"since {first} is after until {last}")
    wanted = None
    if theatre is not None:
        wanted = theatre_ids([theatre] if isinstance(theatre, str) else list(theatre), theatres)
    documents = None
    if docs is not None:
        documents = (docs,) if isinstance(docs, str) else tuple(docs)
    return Selection(first, last, documents, wanted, merge_units)


def as_date(value: date | str | None, what: str = "date") -> date | None:
    """*value* as a date: a ``date`` (a ``datetime`` gives its day) or ``YYYY-MM-DD`` text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.strptime(str(value), "%Y-%m-%d").date()
    except ValueError:
        raise QueryError(f"{what} expects YYYY-MM-DD, got {value!r}") from None


def defined_theatres() -> Theatres:
    """The theatre definitions (``data/theatres.yaml``): each theatre's id, name and aliases, its
    country, the region it lies in, its places and the actors that signal it."""
    return load_theatres()


def plausible_date(value: date | str | None, what: str = "date") -> date | None:
    """:func:`as_date`, and a day within the range a document can carry (not before 1900, not after
    next year)."""
    day = as_date(value, what)
    try:
        return plausible_day(day) if day else None
    except DayError as exc:
        raise QueryError(f"{what} {exc}") from None


def theatre_ids(names: Collection[str], theatres: Theatres | None = None) -> frozenset[str | None]:
    """The theatre ids *names* stand for, each with the theatres inside it; ``bilateral`` gives
    ``None``. An unknown name is an error that lists what is defined."""
    theatres = theatres or load_theatres()
    found: set[str | None] = set()
    for name in names:
        if name.strip().casefold() == BILATERAL:
            found.add(None)
            continue
        theatre = theatres.find(name)
        if theatre is None:
            known = ", ".join(sorted(t.id for t in theatres))
            raise QueryError(
                f"theatre {name!r}: not defined (known: {known}, or a country's ISO code, or {BILATERAL})"
            )
        found |= theatres.descendants(theatre.id)
    return frozenset(found)


def one_each(prefixes: Iterable[str], matching: Callable[[str], list[str]]) -> list[str]:
    """The document id each prefix names, given *matching* (a prefix -> up to two ids that start
    with it); an error names the prefix that matches none or several."""
    ids = []
    for prefix in prefixes:
        found = matching(prefix)
        if len(found) != 1:
            raise QueryError(f"document {prefix}: {'no such document' if not found else 'ambiguous prefix'}")
        ids += found
    return ids
