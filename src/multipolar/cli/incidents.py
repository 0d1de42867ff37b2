"""CLI: ``multipolar incidents`` -- the acts behind the stored events, each with how it was reported."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from multipolar.api.frames import INCIDENT_FRAME
from multipolar.cli.common import DbOption, Format, FormatOption, Since, Until, emit, friendly, say
from multipolar.cli.selection import (
    Count,
    DocsOption,
    StoreOption,
    TheatreOption,
    corpus_for,
    filters,
    note_unassessed,
    note_unlinked,
)
from multipolar.show import dates

TABLE_COLUMNS = ["id", "date", "source", "type", "target", "modality", "reports", "documents", "outlets"]
REPORT_COLUMNS = [
    "doc_date",
    "outlet",
    "modality",
    "speaker",
    "source",
    "type",
    "target",
    "title",
    "sentence",
]


def reported_by(row: dict[str, Any]) -> str:
    """'reported by 3 documents (2 outlets), first on 12 Jan 2024' for an incident row."""
    documents = row["documents"]
    outlets = row["outlets"]
    said = f"reported by {documents} document{'s' * (documents != 1)}"
    said += f" ({outlets} outlet{'s' * (outlets != 1)})" if outlets else " (outlets unknown)"
    return said + (f", first on {dates.display(row['first_report'])}" if row.get("first_report") else "")


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    """An incident row as the table shows it: the act's date (as stated, else its first report's)."""
    shown = {c: row.get(c) for c in TABLE_COLUMNS}
    shown["id"] = row["id"][:8]
    shown["date"] = dates.display(row["date"] or row["first_report"])
    return shown


@friendly
def incidents(
    db: DbOption = None,
    store: StoreOption = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Only incidents with this actor id.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="Only this PLOVER type.")] = None,
    since: Since = None,
    until: Until = None,
    docs: DocsOption = None,
    theatre: TheatreOption = None,
    ids: Annotated[
        list[str] | None,
        typer.Option("--id", help="Show this incident (id or id prefix) with every report; repeatable."),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most N incidents.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List incidents: each act once, with how many documents and outlets reported it.

    The filters are those of 'multipolar events' (an incident is listed when one of its reports
    matches them); --id shows incidents with every report (document, outlet, modality, speaker,
    sentence). JSON: each incident with its reports under "evidence"."""
    with corpus_for(db, store) as corpus:
        note_unassessed(corpus, theatre)
        note_unlinked(corpus, Count.incidents)
        chosen = filters(since, until, docs, theatre, merge=False)
        found = corpus.incident_rows(actor=actor, type=type_, ids=ids, limit=limit, **chosen)
        reports = (
            corpus.reports([r["id"] for r in found]).to_dict("records") if ids or fmt is Format.json else []
        )
    by_incident: dict[str, list[dict[str, Any]]] = {}
    for report in reports:
        by_incident.setdefault(report["incident"], []).append(report)
    if fmt is Format.json:
        emit([{**row, "evidence": by_incident.get(row["id"], [])} for row in found], fmt)
        return
    if not ids:
        if fmt is Format.csv:
            emit([{c: row.get(c) for c in INCIDENT_FRAME} for row in found], fmt)
            return
        rows = [_shown(row) for row in found]
        emit(rows, fmt, title=f"{len(rows)} incidents (each act once; date: as stated, else first report)")
        return
    if fmt is Format.csv:
        emit([{"incident": r["incident"], **{c: r[c] for c in REPORT_COLUMNS}} for r in reports], fmt)
        return
    for row in found:
        say(
            f"incident {row['id']}: {row['source']} {row['type']} {row['target'] or '-'}, {row['modality']}; "
            + reported_by(row)
        )
        listed = [
            {
                **{c: r[c] for c in REPORT_COLUMNS},
                "doc_date": dates.display(r["doc_date"]),
                "sentence": " ".join(str(r["sentence"]).split()),
            }
            for r in by_incident.get(row["id"], [])
        ]
        emit(listed, fmt, title=f"{len(listed)} reports")
    if not found:
        say("no such incident")


def register(app: typer.Typer) -> None:
    """Add this module's commands to *app*."""
    app.command("incidents")(incidents)
