"""What the actor registry holds (actors, offices, senses of ambiguous names), and how its
tab-separated files are read: every problem is reported as ``file:line: message``.

The registry itself (:class:`multipolar.resolve.registry.Registry`) and the leaders files
(:mod:`multipolar.resolve.leaders`) build on these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from multipolar.errors import MultipolarError

DATA = Path(__file__).resolve().parents[1] / "data" / "actors"
ENV_VAR = "MULTIPOLAR_REGISTRY"

TYPES = (
    "state",
    "government",
    "military",
    "organ",
    "armed_group",
    "pmc",
    "igo",
    "ngo",
    "party",
    "movement",
    "union",
    "company",
    "person",
)
# Ids of provisional actors (named in a text, unknown to the registry) start with this; registry ids never do.
PROVISIONAL_PREFIX = "X-"
STATUSES = ("member", "observer", "other")
# Which office a person speaks in when several are held at once: the most senior wins.
ROLES = (
    "head_of_state",
    "head_of_government",
    "leader",
    "head",
    "foreign_minister",
    "defence_minister",
    "commander",
    "envoy",
    "minister",
    "spokesperson",
    "member",
)
STATE_ID = re.compile(r"^[A-Z]{3}$")
OTHER_ID = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")


class RegistryError(MultipolarError, ValueError):
    """A registry file is malformed; the message starts with ``file:line``."""


@dataclass(frozen=True)
class Actor:
    """One registry entry. ``aliases`` are the names that stand for it in text.

    States also carry the capitals, seats of power and demonyms used as metonyms; people carry the
    ``surnames`` by which they are referred to after a first full mention.
    """

    id: str
    name: str
    type: str
    country: str | None
    parent: str | None
    aliases: tuple[str, ...]
    valid_from: date | None = None
    valid_to: date | None = None
    capitals: tuple[str, ...] = ()
    seats: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    status: str = ""
    sector: str = ""  # a state's sector (sectors.tsv): the id's suffix, JUDICIARY, OPPOSITION ...
    provisional: bool = False  # found in a text, not in the registry (resolve/provisional.py)

    def valid_on(self, on: date | None) -> bool:
        if on is None:
            return True
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


@dataclass(frozen=True)
class Office:
    """*person* held *roles* for *actor* from *start* to *end* (``None``: still in office)."""

    person: str
    actor: str
    roles: tuple[str, ...]
    title: str = ""
    start: date | None = None
    end: date | None = None

    def held_on(self, on: date | None) -> bool:
        if on is None:
            return self.end is None
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    @property
    def rank(self) -> int:
        return min(ROLES.index(r) for r in self.roles)


@dataclass(frozen=True)
class Sense:
    """One reading of an ambiguous name: *actor* (``None``: not an actor) when *cues* are near."""

    alias: str
    actor: str | None
    cues: tuple[str, ...]


# --- reading TSV files -------------------------------------------------------------------------


def split_list(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def parse_date(text: str, *, end: bool = False) -> date | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a year or month alone means its first (or last) day."""
    text = text.strip()
    if not text:
        return None
    parts = text.split("-")
    if not (1 <= len(parts) <= 3) or not all(p.isdigit() for p in parts):
        raise ValueError(f"bad date {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    year = int(parts[0])
    if len(parts) == 3:
        return date(year, int(parts[1]), int(parts[2]))
    if len(parts) == 2:
        month = int(parts[1])
        if not end:
            return date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(year, 12, 31) if end else date(year, 1, 1)


def date_range(row: dict[str, str], first: str, last: str, where: str) -> tuple[date | None, date | None]:
    """The dates in the cells *first* and *last* of a row (a year or month alone: its first and
    last day), checked: each a date, the second not before the first; an error names *where*."""
    try:
        start, end = parse_date(row.get(first, "")), parse_date(row.get(last, ""), end=True)
    except ValueError as exc:
        raise RegistryError(f"{where}: {exc}") from None
    if start and end and end < start:
        raise RegistryError(f"{where}: {last} is before {first}")
    return start, end


def read_tsv(path: Path, required: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a TSV file as (line number, {column: cell}); ``#`` lines and blank lines are skipped."""
    header: list[str] | None = None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read registry file: {exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            missing = [c for c in required if c not in header]
            if missing:
                raise RegistryError(f"{path}:{number}: header lacks column(s) {', '.join(missing)}")
            continue
        if len(cells) > len(header):
            raise RegistryError(
                f"{path}:{number}: {len(cells)} tab-separated cells but the header has {len(header)}"
            )
        yield number, dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
    if header is None:
        raise RegistryError(f"{path}: empty registry file (no header row)")


def at_line(path: Path, line: int) -> str:
    return f"{path}:{line}"


def required_cell(row: dict[str, str], column: str, where: str) -> str:
    if not row.get(column):
        raise RegistryError(f"{where}: empty {column!r}")
    return row[column]
