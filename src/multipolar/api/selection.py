"""Which events a query or an analysis reads: the filters every command and method shares."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from multipolar.analyse.incidents import COUNTS
from multipolar.errors import MultipolarError
from multipolar.theatre import BILATERAL, Theatres, load_theatres
from multipolar.validate import DayError, plausible_day


class QueryError(MultipolarError, ValueError):
    """A filter or argument that cannot be used; the message says why."""


@dataclass(frozen=True)
class Selection:
    """A window (``since``/``until``, inclusive), some documents (ids, or prefixes of ids, resolved
    by the store), some theatres (ids; ``None`` among them stands for the bilateral events),
    whether a state's military units count as the state (``merge_units``), and whether the
    analyses count each act once (``count="incidents"``) or every report of it (``"reports"``)."""

    since: date | None = None
    until: date | None = None
    docs: tuple[str, ...] | None = None
    theatres: frozenset[str | None] | None = None
    merge_units: bool = True
    count: str = "incidents"


def select(
    *,
    since: date | str | None = None,
    until: date | str | None = None,
    docs: str | Iterable[str] | None = None,
    theatre: str | Iterable[str] | None = None,
    merge_units: bool = True,
    count: str = "incidents",
    theatres: Theatres | None = None,
) -> Selection:
    """The events a set of filters selects, checked: the :class:`Selection` every query and analysis
    reads.

    Parameters
    ----------
    since, until : date or "YYYY-MM-DD", optional
        A window, inclusive.
    docs : str or iterable of str, optional
        Document ids or id prefixes.
    theatre : str or iterable of str, optional
        A theatre's id, name or alias, or a country's ISO code (any case); ``bilateral`` for the
        events of no theatre; or several. A region takes in the theatres inside it.
    merge_units : bool
        Count a state's military units and organs as the state.
    count : {"incidents", "reports"}
        Whether the analyses weigh each act once (its reports linked into an incident) or every
        report of it.
    theatres : Theatres, optional
        The definitions (default: the bundled ones).

    Returns
    -------
    Selection

    Raises
    ------
    QueryError
        A date not ``YYYY-MM-DD``, a window that ends before it starts, an unknown theatre, a
        *count* other than the two.

    Examples
    --------
    >>> sorted(select(theatre=["LBY", "bilateral"]).theatres, key=str)
    [None, 'libya']
    """
    if count not in COUNTS:
        raise QueryError(f"count must be one of {', '.join(COUNTS)}, got {count!r}")
    first, last = as_date(since, "since"), as_date(until, "until")
    if first and last and first > last:
        raise QueryError(f"since {first} is after until {last}")
    wanted = None
    if theatre is not None:
        wanted = theatre_ids([theatre] if isinstance(theatre, str) else list(theatre), theatres)
    documents = None
    if docs is not None:
        documents = (docs,) if isinstance(docs, str) else tuple(docs)
    return Selection(first, last, documents, wanted, merge_units, count)


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
    """The theatre definitions (``data/theatres.yaml``).

    Returns
    -------
    Theatres
        Each theatre's id, name and aliases, its country, the region it lies in, its places and the
        actors that signal it; ``find`` looks one up by id, name, alias or ISO code.

    Examples
    --------
    >>> defined_theatres().find("lby").name
    'Libya'
    """
    return load_theatres()


def plausible_date(value: date | str | None, what: str = "date") -> date | None:
    """A date as an argument or option gives it, within the range a document can carry.

    Parameters
    ----------
    value : date or "YYYY-MM-DD" or None
        The value.
    what : str
        Its name, for the message (``--since``, ``date`` ...).

    Returns
    -------
    date or None

    Raises
    ------
    QueryError
        Not ``YYYY-MM-DD``, or outside 1900-01-01 .. a year from today.

    Examples
    --------
    >>> plausible_date("2020-03-01")
    datetime.date(2020, 3, 1)
    """
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


def known_actors(ids: str | Iterable[str] | None, present: Collection[str], what: str) -> list[str]:
    """The actor ids *ids* names (an id, ids joined by commas, or a collection), each *present*
    (with events in the selection), or a :class:`QueryError` naming those that are not."""
    if isinstance(ids, str):
        wanted = [part.strip() for part in ids.split(",") if part.strip()]
    else:
        wanted = list(ids or [])
    unknown = [a for a in wanted if a not in present]
    if not wanted or unknown:
        raise QueryError(f"{what}: no events for {', '.join(unknown) or repr(ids)} in this selection")
    return wanted
