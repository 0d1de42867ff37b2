"""CLI: ``theatres`` (which conflicts the events belong to) and ``rivalries`` (pairs opposed in one
theatre and cooperating in another). Both call the Python API (:mod:`multipolar.api`)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from multipolar import api
from multipolar.cli.common import DbOption, Format, FormatOption, Since, Until, emit, friendly, say
from multipolar.cli.selection import (
    Count,
    CountOption,
    DocsOption,
    StoreOption,
    TheatreOption,
    corpus_for,
    filters,
    note_unassessed,
    note_unlinked,
)

ACTORS_SHOWN = 6


@friendly
def theatres(
    db: DbOption = None,
    store: StoreOption = None,
    since: Since = None,
    until: Until = None,
    docs: DocsOption = None,
    every: Annotated[bool, typer.Option("--all", help="Also list the theatres without events.")] = False,
    defined: Annotated[
        bool, typer.Option("--defined", help="List the theatre definitions (no store needed).")
    ] = False,
    fmt: FormatOption = Format.table,
    count: CountOption = Count.incidents,
) -> None:
    """The theatres the stored events belong to, with their event counts (acts, by default) and actors."""
    if defined:
        _definitions(fmt)
        return
    with corpus_for(db, store) as corpus:
        uses = corpus.theatre_uses(every=every, **filters(since, until, docs, count=count))
        names = corpus.names()
        unassessed = corpus.unassessed
    if fmt is Format.json:
        emit([u.to_dict(names) for u in uses], fmt)
        return
    rows = [
        {
            "theatre": u.id,
            "name": u.name,
            "parent": u.parent,
            "events": u.events,
            "total": u.total,
            "actors": _actor_list(list(u.actors), None if fmt is Format.csv else ACTORS_SHOWN),
        }
        for u in uses
    ]
    emit(rows, fmt, title="Theatres (events: its own; total: with the theatres inside it)")
    if unassessed and fmt is Format.table:
        say(f"{unassessed} event(s) not assessed yet: 'multipolar ingest' places them")


def _definitions(fmt: Format) -> None:
    rows = [
        {
            "theatre": t.id,
            "name": t.name,
            "country": t.country,
            "parent": t.parent,
            "places": len(t.places),
            "actors": ", ".join(t.actors),
            "parties": ", ".join(t.parties),
        }
        for t in api.defined_theatres()
    ]
    emit(rows, fmt, title="Theatres defined (data/theatres.yaml)")


def _actor_list(actors: list[str], most: int | None) -> str:
    shown = actors if most is None else actors[:most]
    more = len(actors) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


@friendly
def rivalries(
    db: DbOption = None,
    store: StoreOption = None,
    since: Since = None,
    until: Until = None,
    docs: DocsOption = None,
    theatre: TheatreOption = None,
    k: Annotated[int, typer.Option("--blocs", "-k", min=1, max=8, help="Camps per component.")] = 2,
    top: Annotated[int | None, typer.Option("--top", min=1, help="Only the N heaviest rivalries.")] = None,
    evidence: Annotated[
        int, typer.Option("--evidence", min=0, help="Sentences shown per reading (table output).")
    ] = 1,
    fmt: FormatOption = Format.table,
    count: CountOption = Count.incidents,
) -> None:
    """Pairs opposed in one theatre (directly or by proxy) and cooperating in another, or
    bilaterally, ranked by weight, with their evidence; and the theatres where each actor brokers."""
    with corpus_for(db, store) as corpus:
        note_unassessed(corpus, theatre)
        note_unlinked(corpus, count)
        result = corpus.rivalries(k=k, **filters(since, until, docs, theatre, count=count))
        names = corpus.names()
    pairs = result.pairs[:top] if top else result.pairs
    theatre_name = corpus.definitions.name_of
    if fmt is Format.json:
        used = {i for r in pairs for reading in r.readings for i in reading.events}
        emit(
            {
                **result.to_dict(),
                "rivalries": [r.to_dict() for r in pairs],
                "names": {a: names.get(a, a) for r in pairs for a in r.pair},
                "evidence": {i: _evidence(result.evidence[i]) for i in sorted(used)},
            },
            fmt,
        )
        return
    if fmt is Format.csv:
        emit(
            [
                {
                    "a": r.pair[0],
                    "b": r.pair[1],
                    "weight": round(r.weight, 4),
                    "theatre": theatre_name(reading.theatre),
                    "kind": reading.kind,
                    "sign": reading.sign,
                    "reading_weight": round(reading.weight, 4),
                    "events": " ".join(reading.events),
                }
                for r in pairs
                for reading in r.readings
            ],
            fmt,
        )
        return
    rows = [
        {
            "rank": i + 1,
            "pair": " - ".join(names.get(a, a) for a in r.pair),
            "weight": round(r.weight, 2),
            "opposed": _readings(r.opposed, theatre_name),
            "cooperating": _readings(r.cooperating, theatre_name),
        }
        for i, r in enumerate(pairs)
    ]
    emit(rows, fmt, title="Rivalries: opposed in one theatre, cooperating in another (weight: weaker side)")
    if evidence:
        for i, r in enumerate(pairs):
            _print_evidence(i + 1, r, result.evidence, names, theatre_name, evidence)
    brokers = [
        {
            "actor": names.get(a, a),
            "theatres": ", ".join(f"{theatre_name(b.theatre)} (#{b.rank})" for b in found),
        }
        for a, found in sorted(result.brokers.items(), key=lambda item: (-len(item[1]), item[0]))
    ]
    emit(brokers, fmt, title="Brokers by theatre (rank among the theatre's top brokers)")


def _print_evidence(rank: int, rivalry: Any, events: dict, names: dict, theatre_name: Any, most: int) -> None:
    """Each reading's evidence: for a proxy, each link of its chain; *most* sentences per link."""
    say("\n" + f"{rank}. " + " - ".join(names.get(a, a) for a in rivalry.pair))
    for reading in rivalry.readings:
        side = "opposed" if reading.sign < 0 else "cooperating"
        where = "bilaterally" if reading.theatre is None else f"in {theatre_name(reading.theatre)}"
        say(f"  {side} {where} ({reading.kind}):")
        for link in links(reading.events, events):
            for event_id in _strongest(link, events, most):
                e = events[event_id]
                say(
                    f"    {e.date or ''} {e.source} {e.type} {e.target or ''}: {' '.join(e.sentence.split())}"
                )


def links(ids: tuple[str, ...], events: dict) -> list[tuple[str, ...]]:
    """The event ids grouped by the pair of actors they link, in order of first appearance."""
    grouped: dict[frozenset, list[str]] = {}
    for i in ids:
        grouped.setdefault(frozenset((events[i].source, events[i].target)), []).append(i)
    return [tuple(group) for group in grouped.values()]


def _readings(readings: list, theatre_name: Any) -> str:
    return "; ".join(f"{theatre_name(r.theatre)} ({r.kind} {r.weight:.2f})" for r in readings)


def _strongest(ids: tuple[str, ...], events: dict, most: int) -> list[str]:
    """Up to *most* of the evidence, materially heaviest first, each act once."""
    seen: set[tuple] = set()
    ordered = []
    for i in sorted(ids, key=lambda i: (not events[i].quad.startswith("material"), events[i].start)):
        act = (events[i].doc, events[i].start, events[i].trigger)
        if act not in seen:
            seen.add(act)
            ordered.append(i)
    return ordered[:most]


def _evidence(event: Any) -> dict:
    return {
        "doc": event.doc,
        "date": event.date,
        "source": event.source,
        "type": event.type,
        "target": event.target,
        "modality": event.modality,
        "sentence": event.sentence,
        "theatre": event.theatre,
        "theatre_basis": event.theatre_basis,
    }


def register(app: typer.Typer) -> None:
    """Add this module's commands to *app*."""
    app.command("theatres")(theatres)
    app.command("rivalries")(rivalries)
