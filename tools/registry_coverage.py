"""Print how much of the world the bundled actor registry covers.

Groups and conflicts come from ``groups.tsv``; people and offices from the loaded registry. A UN member's
leader list is complete when a head of state or government is recorded in office at every month from
``--since`` (or the day the state came to be, ``tools/state_births.tsv``, when later) to ``--until``
(three months of gaps allowed, for caretakers); its foreign-minister list when a foreign minister is (six
months allowed); a month counts when the office is held on its 15th. States born after ``--until`` are
not counted. With ``--gaps`` each incomplete state is
listed with the months that lack a holder.

    python tools/registry_coverage.py [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--gaps]
    python tools/registry_coverage.py --since 1980-01-01 --until 1999-12-31   # the 1980s and 1990s
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from datetime import date
from pathlib import Path

from multipolar.resolve import Registry
from multipolar.resolve.entries import DATA, read_tsv

LEADER_ROLES = {"head_of_state", "head_of_government", "leader"}
BIRTHS = Path(__file__).with_name("state_births.tsv")


def births() -> dict[str, date]:
    """The day each state that came to be after 1980 did (``tools/state_births.tsv``)."""
    return {row["id"]: date.fromisoformat(row["born"]) for _, row in read_tsv(BIRTHS, ("id", "born"))}


def missing_months(registry: Registry, state: str, roles: set[str], since: date, until: date) -> list[str]:
    """Months (YYYY-MM) from *since* to *until* when no office with one of *roles* was held for *state*
    on the month's 15th (on *since* itself in its first month, when that is later)."""
    offices = [o for o in registry.offices if o.actor == state and roles & set(o.roles)]
    out = []
    year, month = since.year, since.month
    while (day := max(date(year, month, 15), since)) <= until:
        if not any(o.held_on(day) for o in offices):
            out.append(day.strftime("%Y-%m"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def spans(months: list[str]) -> str:
    """*months* (sorted ``YYYY-MM``) as runs of consecutive months: ``2003-08..2003-11, 2021-01``."""
    runs: list[list[str]] = []
    for month in months:
        if runs and _index(month) - _index(runs[-1][1]) <= 1:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    return ", ".join(first if first == last else f"{first}..{last}" for first, last in runs)


def _gaps(months: list[str]) -> str:
    return f"{len(months)} months ({spans(months)})" if months else "0 months"


def _index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--since", type=date.fromisoformat, default=date(2000, 1, 1))
    parser.add_argument("--until", type=date.fromisoformat, default=date(2025, 10, 1))
    parser.add_argument("--gaps", action="store_true", help="list the months each incomplete state lacks")
    args = parser.parse_args()
    registry = Registry.load()
    lines = [
        ln for ln in (DATA / "groups.tsv").read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"
    ]
    groups = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    kinds = Counter(registry.get(g["id"]).type for g in groups)
    conflicts = len({g["conflict"] for g in groups})
    print(f"groups.tsv: {len(groups)} actors in {conflicts} conflicts ({dict(kinds)})")
    people = sum(a.type == "person" for a in registry)
    print(f"people: {people}; offices: {len(registry.offices)}")
    born = births()
    members = sorted(
        (
            a
            for a in registry
            if a.type == "state" and a.status == "member" and born.get(a.id, args.since) <= args.until
        ),
        key=lambda a: a.id,
    )
    leaders = full = 0
    for state in members:
        since = max(args.since, born.get(state.id, args.since))
        lead = missing_months(registry, state.id, LEADER_ROLES, since, args.until)
        foreign = missing_months(registry, state.id, {"foreign_minister"}, since, args.until)
        leaders += len(lead) <= 3
        full += len(lead) <= 3 and len(foreign) <= 6
        if args.gaps and (len(lead) > 3 or len(foreign) > 6):
            print(f"  {state.id}: leader gaps {_gaps(lead)}, foreign minister gaps {_gaps(foreign)}")
    print(
        f"UN members of {args.since} to {args.until}: {len(members)}; leader lists complete: {leaders}; "
        f"with foreign ministers too: {full}"
    )


if __name__ == "__main__":
    main()
