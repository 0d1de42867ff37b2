"""CLI: ``multipolar report``, the self-contained HTML report of a store."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from multipolar.cli.common import DbOption, UserError, friendly, say
from multipolar.cli.selection import Count, CountOption, TheatreOption, note_unassessed, note_unlinked
from multipolar.cli.stores import StoreOption, open_for
from multipolar.validate import DayError, plausible_day

DEFAULT_OUT = Path("multipolar-report.html")


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option} {value!r}: expected a date as YYYY-MM-DD") from None
    try:
        return plausible_day(day)
    except DayError as exc:
        raise UserError(f"{option} {exc}") from None


@friendly
def report(
    db: DbOption = None,
    store: StoreOption = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = DEFAULT_OUT,
    since: Annotated[str | None, typer.Option("--since", help="Only events on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only events on or before YYYY-MM-DD.")] = None,
    title: Annotated[str, typer.Option("--title", help="Title shown at the top of the report.")] = (
        "multipolar report"
    ),
    theatre: TheatreOption = None,
    count: CountOption = Count.incidents,
) -> None:
    """Write one self-contained HTML report (network, blocs, timeline, alignment, events).

    The file embeds its data, styles and script and makes no network request, so it opens offline.
    Its theatre menu redraws the network, blocs, timeline and table for one theatre; its rivalries
    section lists the pairs opposed in one theatre and cooperating in another.
    """
    from multipolar.api import Corpus
    from multipolar.show.report import payload_from_store, write_report

    first, last = _day(since, "--since"), _day(until, "--until")
    if first and last and first > last:
        raise UserError(f"--since {first} is after --until {last}")
    if out.exists() and out.is_dir():
        raise UserError(f"{out} is a folder; give a file name such as {out / DEFAULT_OUT.name}")
    with open_for(db, store) as source:
        note_unassessed(Corpus(source, owned=False), theatre)
        note_unlinked(Corpus(source, owned=False), count)
        payload = payload_from_store(
            source, since=first, until=last, title=title, theatre=theatre or None, count=count.value
        )
    written = write_report(payload, out)
    s = payload["summary"]
    say(
        f"wrote {written} ({written.stat().st_size / 1024:.0f} KiB): {s['documents']} documents, "
        f"{s['actors']} actors, {s['events']} events"
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to *app*."""
    app.command("report")(report)
