"""CLI: network, blocs, brokers, timeline, export -- the analysis of the stored events.

Each command reads the store through the Python API (:class:`multipolar.api.Corpus`), which
aggregates the network in SQL; the commands only choose what to print."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from multipolar.analyse import Analysis
from multipolar.cli.common import (
    DbOption,
    Format,
    FormatOption,
    Since,
    Until,
    UserError,
    emit,
    friendly,
    say,
    stdout,
    warn,
)
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

BlocsOption = Annotated[
    int,
    typer.Option("--blocs", "-k", min=1, max=8, help="Camps per connected component (2 = strong balance)."),
]
TopOption = Annotated[int, typer.Option("--top", min=1, help="How many brokers to list.")]
MergeOption = Annotated[
    bool,
    typer.Option(
        "--merge-units/--keep-units",
        help="Count a state's military units (armed forces, commands) as the state itself.",
    ),
]


class Freq(StrEnum):  # the windows of multipolar.analyse.FREQS
    month = "month"
    quarter = "quarter"
    year = "year"


class ExportFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"
    plover_json = "plover-json"


class Table(StrEnum):
    nodes = "nodes"
    edges = "edges"
    events = "events"


def run(
    db: Path | None,
    since: str | None,
    until: str | None,
    k: int,
    docs: list[str] | None = None,
    merge: bool = True,
    store: Path | None = None,
    theatre: list[str] | None = None,
    *,
    brokers: bool = True,
    count: Count = Count.incidents,
) -> Analysis:
    """The network of the selected events with its blocs and brokers, from the Python API (which
    aggregates a store's network in SQL)."""
    with corpus_for(db, store) as corpus:
        note_unassessed(corpus, theatre)
        note_unlinked(corpus, count)
        chosen = filters(since, until, docs, theatre, merge, count)
        analysis = corpus.analysis(k=k, brokers=brokers, **chosen)
    if analysis.graph.number_of_nodes() == 0:
        warn("no events in this selection")
    return analysis


def _name(analysis: Analysis, actor: str) -> str:
    return analysis.graph.nodes[actor].get("name", actor) if actor in analysis.graph else actor


@friendly
def network(
    db: DbOption = None,
    store: StoreOption = None,
    since: Since = None,
    until: Until = None,
    docs: DocsOption = None,
    theatre: TheatreOption = None,
    fmt: FormatOption = Format.table,
    k: BlocsOption = 2,
    top: TopOption = 5,
    merge: MergeOption = True,
    count: CountOption = Count.incidents,
) -> None:
    """The signed actor network: who acts on whom, net cooperation minus conflict, with blocs and brokers."""
    with corpus_for(db, store) as corpus:
        note_unassessed(corpus, theatre)
        note_unlinked(corpus, count)
        data = corpus.network_json(k=k, top=top, **filters(since, until, docs, theatre, merge, count))
    if not data["nodes"]:
        warn("no events in this selection")
    if fmt is Format.json:
        emit(data, fmt)
        return
    names = {n["id"]: n["name"] for n in data["nodes"]}
    rows = [
        {
            "source": names[e["source"]],
            "target": names[e["target"]],
            **{k: e[k] for k in ("weight", "polarity", "events")},
        }
        for e in data["edges"]
    ]
    if fmt is Format.csv:
        emit(data["edges"], fmt)
        return
    emit(data["nodes"], fmt, title="Actors")
    emit(rows, fmt, title=f"{len(rows)} ties (source acts on target)")


@friendly
def blocs(
    db: DbOption = None,
    store: StoreOption = None,
    since: Since = None,
    until: Until = None,
    docs: DocsOption = None,
    theatre: TheatreOption = None,
    fmt: FormatOption = Format.table,
    k: BlocsOption = 2,
    merge: MergeOption = True,
    count: CountOption = Count.incidents,
) -> None:
    """The camps that best satisfy structural balance, and their frustration index."""
    analysis = run(db, since, until, k, docs, merge, store, theatre, brokers=False, count=count)
    result = analysis.blocs
    loose = set(result.by_opposition)
    rows = [
        {
            "bloc": i,
            "id": a,
            "name": _name(analysis, a),
            "placed_by": "opposition" if a in loose else "alliance",
        }
        for i, group in enumerate(result.blocs)
        for a in group
    ]
    rows += [
        {"bloc": None, "id": a, "name": _name(analysis, a), "placed_by": None} for a in result.unassigned
    ]
    if fmt is Format.json:
        emit({**result.to_dict(), "names": {a: _name(analysis, a) for a in analysis.graph}}, fmt)
        return
    emit(rows, fmt, title="Blocs")
    if fmt is Format.table:
        how = f"exact, {result.optima} optimal partition(s)" if result.exact else "best found by local search"
        stdout.print(
            f"frustration {result.frustration:.2f} of {result.total_weight:.2f} tie weight "
            f"(normalised {result.normalised:.3f}; {how})",
            highlight=False,
        )
        for u, v, w in result.frustrated:
            say(f"  against the blocs: {_name(analysis, u)} - {_name(analysis, v)} ({w:+.2f})")
        if result.contested:
            say("  contested: " + ", ".join(_name(analysis, a) for a in result.contested))


@friendly
def brokers(
    db: DbOption = None,
    store: StoreOption = None,
    since: Since = None,
    until: Until = None,
    docs: DocsOption = None,
    theatre: TheatreOption = None,
    fmt: FormatOption = Format.table,
    k: BlocsOption = 2,
    top: Annotated[int | None, typer.Option("--top", min=1, help="Only the best N.")] = None,
    merge: MergeOption = True,
    count: CountOption = Count.incidents,
) -> None:
    """Actors ranked as brokers: pivotality (frustration they hold), betweenness, and reach across blocs."""
    analysis = run(db, since, until, k, docs, merge, store, theatre, count=count)
    rows = [
        {
            "rank": i + 1,
            "id": b.actor,
            "name": _name(analysis, b.actor),
            "bloc": analysis.blocs.bloc_of(b.actor),
            **{key: value for key, value in b.to_dict().items() if key != "actor"},
        }
        for i, b in enumerate(analysis.brokers[:top] if top else analysis.brokers)
    ]
    emit(rows, fmt, title="Brokers (score = mean of scaled pivot, betweenness, reach)")


@friendly
def timeline(
    actor: Annotated[
        str | None, typer.Option("--actor", help="Actor id, or ids joined by commas for a group.")
    ] = None,
    partner: Annotated[
        str | None, typer.Option("--with", help="Partner id(s); default: every partner.")
    ] = None,
    bloc: Annotated[
        int | None, typer.Option("--bloc", min=0, help="Use computed bloc N as the actor.")
    ] = None,
    freq: Annotated[Freq, typer.Option("--freq", help="Window length.")] = Freq.month,
    db: DbOption = None,
    store: StoreOption = None,
    since: Since = None,
    until: Until = None,
    docs: DocsOption = None,
    theatre: TheatreOption = None,
    fmt: FormatOption = Format.table,
    k: BlocsOption = 2,
    merge: MergeOption = True,
    count: CountOption = Count.incidents,
) -> None:
    """Net cooperation window by window for an actor (or a bloc), and who changed side."""
    if (actor is None) == (bloc is None):
        raise UserError("give --actor ID or --bloc N (one of them)")
    with corpus_for(db, store) as corpus:
        note_unassessed(corpus, theatre)
        note_unlinked(corpus, count)
        chosen = filters(since, until, docs, theatre, merge, count)
        found = corpus.alignment(actor, partner, bloc=bloc, freq=freq.value, k=k, **chosen)
    if fmt is Format.json:
        emit({"timeline": found.rows, "side_changes": found.changes}, fmt)
        return
    emit(found.rows, fmt, title=f"Alignment of {'+'.join(found.group)} by {freq.value}")
    if fmt is Format.table:
        if found.changes:
            emit(found.changes, fmt, title="Side changes (sign of net alignment toward a bloc flipped)")
        else:
            stdout.print("no side changes", highlight=False)


@friendly
def export_command(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="File (folder for csv); '-' or none: stdout where the format allows it."
        ),
    ] = None,
    what: Annotated[Table | None, typer.Option("--what", help="csv: only this table, as one file.")] = None,
    db: DbOption = None,
    store: StoreOption = None,
    since: Since = None,
    until: Until = None,
    docs: DocsOption = None,
    theatre: TheatreOption = None,
    k: BlocsOption = 2,
    merge: MergeOption = True,
    count: CountOption = Count.incidents,
) -> None:
    """Export the network (GraphML, GEXF for Gephi/networkx), tables (CSV) or events (PLOVER JSON).

    The network weighs what --count says; the events listed are every report."""
    to_stdout = out is None or str(out) == "-"
    with corpus_for(db, store) as corpus:
        note_unassessed(corpus, theatre)
        note_unlinked(corpus, count)
        exported = corpus.export(
            fmt.value,
            None if to_stdout else out,
            table=what.value if what else None,
            k=k,
            **filters(since, until, docs, theatre, merge, count),
        )
    if not exported.events:
        warn("no events in this selection")
    if exported.text is not None:
        sys.stdout.write(exported.text)
        return
    say(
        f"wrote {', '.join(map(str, exported.paths))} ({exported.actors} actors, "
        f"{exported.ties} ties, {exported.events} events)",
        err=True,
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to *app*."""
    app.command("network")(network)
    app.command("blocs")(blocs)
    app.command("brokers")(brokers)
    app.command("timeline")(timeline)
    app.command("export")(export_command)
