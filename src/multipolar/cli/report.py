"""CLI: ``multipolar report``, the self-contained HTML report of a store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from multipolar.api.reporting import DEFAULT_REPORT
from multipolar.cli.common import DbOption, Since, Until, friendly, say
from multipolar.cli.selection import (
    Count,
    CountOption,
    StoreOption,
    TheatreOption,
    corpus_for,
    filters,
    note_unassessed,
    note_unlinked,
)

DEFAULT_OUT = Path(DEFAULT_REPORT)


@friendly
def report(
    db: DbOption = None,
    store: StoreOption = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = DEFAULT_OUT,
    since: Since = None,
    until: Until = None,
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
    chosen = filters(since, until, theatre=theatre, count=count)
    with corpus_for(db, store) as corpus:
        note_unassessed(corpus, theatre)
        note_unlinked(corpus, count)
        written = corpus.report(
            out,
            title=title,
            since=chosen["since"],
            until=chosen["until"],
            theatre=chosen["theatre"],
            count=chosen["count"],
        )
    s = written.summary
    say(
        f"wrote {written.path} ({written.size / 1024:.0f} KiB): {s['documents']} documents, "
        f"{s['actors']} actors, {s['events']} events"
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to *app*."""
    app.command("report")(report)
