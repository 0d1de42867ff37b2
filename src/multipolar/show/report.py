"""The HTML report: one self-contained file that opens with no network access.

:func:`build_payload` turns events, actors and documents into one JSON-ready dict (the network
from :func:`multipolar.analyse.network_json` with each actor's position from
:func:`multipolar.show.layout.positions`, plain words from :mod:`multipolar.show.describe`, a
timeline, an alignment matrix, a compact event table and how to show each date). :func:`render_html`
embeds it, with the report's own CSS and JavaScript and the vendored graph-drawing libraries
(``show/assets``, ``show/assets/vendor``; nothing from a CDN), into a single page;
:func:`write_report` does both for a store or a ready payload.

Safety: the payload sits in a ``<script type="application/json">`` element with every ``<``, ``>``
and ``&`` written as a JSON escape, so no document text can close the element or open a comment;
the page script inserts text only through ``textContent``; and a Content-Security-Policy forbids
any network request, so the report provably runs offline.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from multipolar.analyse import analyse, fold_units, network_dict, side_changes, unit_parents
from multipolar.analyse.incidents import acts
from multipolar.document import MODALITIES, QUADS, Event
from multipolar.show import dates
from multipolar.show.describe import describe, pair_weights
from multipolar.show.layout import positions
from multipolar.show.report_theatres import rivalry_section, theatre_counts, theatre_menu
from multipolar.store import incidents as linked
from multipolar.theatre import Theatres, in_theatres, load_theatres

# Every Event field; in the payload "doc" and "sentence" hold indices into documents and sentences.
EVENT_COLUMNS = tuple(f.name for f in dataclasses.fields(Event))
HEATMAP_ACTORS = 30
MONTHLY_UP_TO = 120  # a timeline of more months than this counts per year
# The front end's modules, one job each (show/assets/js/), in the order they load: the served app
# (multipolar.serve) uses the same ones and its own entry, app.js, in place of report.js.
MODULES = (
    "js/core.js",
    "js/data.js",
    "js/evidence.js",
    "js/network.js",
    "js/blocs.js",
    "js/timeline.js",
    "js/matrix.js",
    "js/table.js",
    "js/rivalries.js",
    "js/theatres.js",
)
LIBRARIES = ("vendor/graphology.umd.min.js", "vendor/sigma.min.js")
# The page's script and the libraries it needs, in the order they run.
SCRIPTS = (*LIBRARIES, *MODULES, "js/report.js")


def build_payload(
    events: Sequence[Event],
    actors: Iterable[Mapping[str, Any]],
    documents: Iterable[Mapping[str, Any]],
    *,
    title: str = "multipolar report",
    network: Mapping[str, Any] | None = None,
    changes: Sequence[Mapping[str, Any]] = (),
    heatmap_actors: int = HEATMAP_ACTORS,
    definitions: Theatres | None = None,
    selected: Collection[str | None] | None = None,
    incident_of: Mapping[str, str] | None = None,
    incidents: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Everything the report shows, as one JSON-ready dict (a pure function of its inputs).

    *network* is :func:`multipolar.analyse.network_json`'s contract (nodes with id, name, bloc,
    broker; signed edges; blocs; brokers; optionally ``frustration`` and ``total_weight``) and
    *changes* are :func:`multipolar.analyse.side_changes` rows; both are computed from *events*
    by :func:`analysed_network` unless a network is given. Each theatre of the events gets its own
    view and the rivalries are found across them (:mod:`multipolar.show.report_theatres`, with
    the theatre *definitions*, default the bundled ones); *selected* names the theatres the events
    were restricted to, if they were. With *incident_of* (event id -> incident id) every figure
    counts each act once (:func:`multipolar.analyse.incidents.acts`), the table still lists every
    report, and *incidents* (id -> ``documents``, ``outlets``, ``first_report``) says how each was
    reported, for the evidence.
    """
    actors = list(actors)
    names = _names(actors)
    listed, events = events, (acts(events, incident_of) if incident_of is not None else events)
    activity = _activity(events)
    if network is None:
        network, changes = analysed_network(events, names)
    documents = list(documents)
    definitions = definitions or load_theatres()

    def view(members: Collection[str | None]) -> dict[str, Any]:
        # the theatre's reports, then each act once (as --theatre selects: in the store's SQL too)
        reports = [e for e in listed if in_theatres(e, members)]
        chosen = acts(reports, incident_of) if incident_of is not None else reports
        counted = {"reports": len(reports)} if incident_of is not None else {}
        return {
            **network_view(*analysed_network(chosen, names), _activity(chosen), names, heatmap_actors),
            "timeline": timeline(chosen),
            "summary": events_summary(chosen) | counted,
        }

    return assemble(
        title=title,
        actors=actors,
        activity=activity,
        network=network,
        changes=changes,
        listed=listed,
        documents=documents,
        summary=corpus_summary(len(documents), activity, len(events), (e.date for e in events))
        | ({"reports": len(listed)} if incident_of is not None else {}),
        timeline=timeline(events),
        heatmap_actors=heatmap_actors,
        theatres=theatre_menu(theatre_counts(listed, incident_of), definitions, view, selected),
        rivalries=rivalry_section(events, names, definitions),
        incident_of=incident_of,
        incidents=incidents,
    )


def events_summary(events: Sequence[Event]) -> dict[str, Any]:
    """:func:`corpus_summary` of some events, counting the documents they come from."""
    return corpus_summary(
        len({e.doc for e in events}), _activity(events), len(events), (e.date for e in events)
    )


def assemble(
    *,
    title: str,
    actors: Sequence[Mapping[str, Any]],
    activity: Counter[str],
    network: Mapping[str, Any],
    changes: Sequence[Mapping[str, Any]],
    listed: Sequence[Event],
    documents: Iterable[Mapping[str, Any]],
    summary: dict[str, Any],
    timeline: dict[str, Any],
    heatmap_actors: int = HEATMAP_ACTORS,
    theatres: dict[str, Any] | None = None,
    rivalries: dict[str, Any] | None = None,
    incident_of: Mapping[str, str] | None = None,
    incidents: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The payload from its parts, however they were computed (:func:`build_payload` over events,
    :func:`multipolar.show.report_scale.payload_at_scale` in the store): *listed* are the events the
    table lists, *documents* at least theirs; *summary* is :func:`corpus_summary`'s and *timeline*
    :func:`timeline_of`'s; *theatres* and *rivalries* are :mod:`multipolar.show.report_theatres`'s
    ``theatre_menu`` and ``rivalry_section``. *incident_of* and *incidents* (see
    :func:`build_payload`) give each listed event its incident (the table's ``incident`` column)
    and how that was reported (``incidents``: documents, outlets, first report)."""
    names = _names(actors)
    known = {a["id"]: a for a in actors if a.get("id")}
    doc_index, doc_rows = _documents(listed, documents)
    return {
        "title": title,
        "summary": summary,
        "actors": {
            actor: {
                "name": names.get(actor, actor),
                "type": (known.get(actor) or {}).get("type"),
                "country": (known.get(actor) or {}).get("country"),
                "activity": count,
            }
            for actor, count in activity.most_common()
        },
        "documents": doc_rows,
        **network_view(network, changes, activity, names, heatmap_actors),
        "timeline": timeline,
        "events": _event_table(listed, doc_index, incident_of),
        "count": "reports" if incident_of is None else "incidents",
        "incidents": _incident_lookup(listed, incident_of, incidents),
        "dates": _date_lookup(listed, doc_rows),
        "vocabulary": {"quads": list(QUADS), "modalities": list(MODALITIES)},
        "theatres": theatres or {"selected": None, "options": [], "views": {}},
        "rivalries": rivalries or {"rivalries": [], "unassessed_events": 0},
    }


def network_view(
    network: Mapping[str, Any],
    changes: Sequence[Mapping[str, Any]],
    activity: Mapping[str, int],
    names: Mapping[str, str],
    heatmap_actors: int = HEATMAP_ACTORS,
) -> dict[str, Any]:
    """What the page draws of one network: the network with each actor placed (``network``), its
    plain words (``text``) and its alignment matrix (``heatmap``)."""
    network = _named_actors_only(network)
    return {
        "network": {**network, "nodes": _placed_nodes(network, names, activity)},
        "text": describe(network, changes, activity),
        "heatmap": alignment_matrix(network, activity, heatmap_actors),
    }


def _names(actors: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    return {a["id"]: a.get("name") or a["id"] for a in actors if a.get("id")}


def analysed_network(
    events: Sequence[Event], names: Mapping[str, str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The analysis stage's network contract, with the blocs' frustration added, and side changes."""
    analysis = analyse(list(events), names)
    network = {
        **network_dict(analysis),
        "frustration": analysis.blocs.frustration,
        "total_weight": analysis.blocs.total_weight,
    }
    return network, side_changes(events, analysis.blocs)


def payload_from_store(
    store: Any,
    *,
    since: date | None = None,
    until: date | None = None,
    title: str = "multipolar report",
    theatres: Collection[str | None] | None = None,
    count: str = "incidents",
) -> dict[str, Any]:
    """The payload for everything in *store* (a :class:`multipolar.store.Store`) in a date window
    and, with *theatres* (theatre ids, ``None`` among them for the bilateral events, as
    :func:`multipolar.api.select` resolves ``--theatre``), in those theatres, its events read into
    Python (a large store's payload is aggregated in SQL instead:
    :func:`multipolar.show.report_scale.store_payload` chooses); military units folded into their
    state as the analysis commands do by default; each act counted once (*count* ``incidents``,
    when the store links them) or every report."""
    count = linked.counted(store, count)
    definitions = load_theatres()
    wanted = None if theatres is None else frozenset(theatres)
    actors = store.actors()
    events = fold_units(store.events(since=since, until=until, theatres=wanted), unit_parents(actors))
    documents = store.documents()
    if wanted is not None:  # the documents of the theatres' events only
        used = {e.doc for e in events}
        documents = [d for d in documents if d["id"] in used]
    links = linked.incident_of(store, [e.id for e in events]) if count == "incidents" else None
    return build_payload(
        events,
        actors,
        documents,
        title=title,
        definitions=definitions,
        selected=wanted,
        incident_of=links,
        incidents=linked.summaries(store, sorted(set(links.values()))) if links else None,
    )


def write_report(payload: Mapping[str, Any], out: Path) -> Path:
    """Write the report of *payload* (:func:`build_payload`, or a store's:
    :func:`multipolar.show.report_scale.store_payload`) to *out*; returns the path written."""
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True)
    out.write_text(render_html(payload), encoding="utf-8")
    return out


# -- the page ----------------------------------------------------------------------------------


def embed_json(data: Any) -> str:
    """*data* as JSON that is inert inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026``: JSON.parse reads them
    back unchanged, but the HTML parser never sees ``</script>`` or ``<!--`` in document text.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def asset(name: str) -> str:
    """The text of a front-end file under ``show/assets`` (``report.css``, ``js/table.js`` ...)."""
    return (resources.files("multipolar.show") / "assets" / name).read_text(encoding="utf-8")


def script(name: str) -> str:
    """A script as it goes into the page: without a source-map comment, which would point to a
    file the page does not have."""
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", asset(name))


def render_html(payload: Mapping[str, Any]) -> str:
    """The complete page for *payload*: template, CSS, scripts and data in one string."""
    parts = {
        "title": html.escape(str(payload.get("title", "multipolar report"))),
        "css": asset("report.css"),
        "js": "\n;\n".join(script(name) for name in SCRIPTS),
        "data": embed_json(payload),
    }
    # One pass, so a placeholder that happens to occur in the data is never expanded.
    return re.sub(r"\{\{(title|css|js|data)\}\}", lambda m: parts[m.group(1)], asset("template.html"))


# -- parts of the payload ----------------------------------------------------------------------


def _activity(events: Iterable[Event]) -> Counter[str]:
    """How many events each actor takes part in, as source or target (an unnamed doer is none)."""
    counts: Counter[str] = Counter()
    for e in events:
        if e.source:
            counts[e.source] += 1
        if e.target and e.target != e.source:
            counts[e.target] += 1
    return counts


def _named_actors_only(network: Mapping[str, Any]) -> dict[str, Any]:
    """*network* without an actor whose id is empty (an event's side that was never resolved
    can reach the store so): it is no actor to draw, name or place in a bloc."""
    return {
        **network,
        "nodes": [n for n in network.get("nodes", []) if n.get("id")],
        "edges": [e for e in network.get("edges", []) if e.get("source") and e.get("target")],
        "blocs": [[a for a in bloc if a] for bloc in network.get("blocs", [])],
        "brokers": [a for a in network.get("brokers", []) if a],
    }


def _placed_nodes(
    network: Mapping[str, Any], names: Mapping[str, str], activity: Mapping[str, int]
) -> list[dict[str, Any]]:
    """The network's nodes with their name, activity and position (``x``, ``y``)."""
    ids = [node["id"] for node in network["nodes"]]
    where = positions(
        ids,
        ((e["source"], e["target"], float(e.get("weight") or 0)) for e in network.get("edges", [])),
        blocs={node["id"]: node.get("bloc") for node in network["nodes"]},
        activity=activity,
    )
    return [
        {
            **node,
            "name": node.get("name") or names.get(node["id"], node["id"]),
            "activity": activity.get(node["id"], 0),
            "x": where[node["id"]][0],
            "y": where[node["id"]][1],
        }
        for node in network["nodes"]
    ]


def _day(value: Any) -> str | None:
    """The ISO first day of a document or event date, as text."""
    span = dates.span(value)
    return span.start.isoformat() if span else None


def corpus_summary(
    documents: int, activity: Mapping[str, int], events: int, when: Iterable[Any]
) -> dict[str, Any]:
    """Counts, and the period the events cover, from their dates *when* (repeats welcome): from the
    first to the last dated to a month or better (an event known only by its year, often an
    incidental one, would stretch it)."""
    precise = sorted(
        (span.start, span.end, value)
        for value in set(when)
        if dates.month_of(value) and (span := dates.span(value))
    )
    first = precise[0] if precise else None
    last = max(precise, key=lambda p: p[1]) if precise else None
    shown = [dates.display(p[2]) for p in (first, last) if p]
    return {
        "documents": documents,
        "actors": len(activity),
        "events": events,
        "from": first[0].isoformat() if first else None,
        "until": last[1].isoformat() if last else None,
        "range": " \u2013 ".join(dict.fromkeys(shown)) or None,
    }


def _documents(
    events: Iterable[Event], documents: Iterable[Mapping[str, Any]]
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Documents as rows, and each document id's row index (for the compact event table)."""
    rows: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for doc in documents:
        if doc.get("id") in index:
            continue
        index[doc["id"]] = len(rows)
        path = str(doc.get("path") or "")
        rows.append(
            {
                "id": doc["id"],
                "title": doc.get("title") or Path(path).name or doc["id"],
                "date": _day(doc.get("date")),
                "path": path,
            }
        )
    for e in events:  # an event whose document is not listed still needs a row to point to
        if e.doc not in index:
            index[e.doc] = len(rows)
            rows.append({"id": e.doc, "title": e.doc, "date": None, "path": ""})
    return index, rows


def _event_table(
    events: Iterable[Event], doc_index: Mapping[str, int], incident_of: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Events as rows of :data:`EVENT_COLUMNS` (and ``incident``, when events are linked into
    incidents); documents and sentences are stored once and referred to by index, since many
    events share a sentence."""
    sentences: dict[str, int] = {}
    doc_at, sentence_at = EVENT_COLUMNS.index("doc"), EVENT_COLUMNS.index("sentence")
    rows = []
    for e in events:
        row = [getattr(e, c) for c in EVENT_COLUMNS]
        row[doc_at] = doc_index[e.doc]
        row[sentence_at] = sentences.setdefault(e.sentence, len(sentences))
        if incident_of is not None:
            row.append(incident_of.get(e.id, e.id))
        rows.append(row)
    columns = [*EVENT_COLUMNS, "incident"] if incident_of is not None else list(EVENT_COLUMNS)
    return {"columns": columns, "rows": rows, "sentences": list(sentences)}


def _incident_lookup(
    events: Iterable[Event],
    incident_of: Mapping[str, str] | None,
    incidents: Mapping[str, Mapping[str, Any]] | None,
) -> dict[str, Any]:
    """How each listed event's incident was reported: ``{id: {documents, outlets, first}}`` (the
    first report's date as the page shows it), for the incidents the table names."""
    if incident_of is None or not incidents:
        return {}
    found = {}
    for e in events:
        key = incident_of.get(e.id)
        if key and key in incidents and key not in found:
            info = incidents[key]
            found[key] = {
                "documents": info["documents"],
                "outlets": info["outlets"],
                "first": dates.display(info.get("first_report")) or None,
            }
    return found


def _date_lookup(events: Iterable[Event], documents: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Every distinct event and document date, with how it is shown and the month and year it
    counts in (:func:`multipolar.show.dates.info`): the page never reads a date itself."""
    values = {str(e.date) for e in events if e.date} | {str(d["date"]) for d in documents if d.get("date")}
    return {value: dates.info(value) for value in sorted(values)}


def timeline(events: Iterable[Event]) -> dict[str, Any]:
    """:func:`timeline_of` the events (by their own dates)."""
    return timeline_of(Counter((e.date, e.quad) for e in events))


def timeline_of(counts: Mapping[tuple[Any, str], int]) -> dict[str, Any]:
    """Events per period and quad, every period from the first to the last (empty ones included),
    from how many events have each (date, quad).

    The period is a month, or a year when the months would be more than :data:`MONTHLY_UP_TO`.
    ``undated`` counts events with no date; ``coarse`` those dated too broadly for the period
    (a monthly timeline cannot place an event known only by its year, so it leaves it out).
    """
    by_month: dict[str, Counter[str]] = defaultdict(Counter)
    by_year: dict[str, Counter[str]] = defaultdict(Counter)
    undated = unplaced_month = unplaced_year = 0
    for (when, quad), n in counts.items():
        if dates.span(when) is None:
            undated += n
            continue
        month, year = dates.month_of(when), dates.year_of(when)
        if month:
            by_month[month][quad] += n
        else:
            unplaced_month += n
        if year:
            by_year[year][quad] += n
        else:
            unplaced_year += n
    months = _month_range(min(by_month), max(by_month)) if by_month else []
    if len(months) <= MONTHLY_UP_TO and (by_month or not by_year):
        bucket, counts, periods, coarse = "month", by_month, months, unplaced_month
    else:
        first, last = int(min(by_year)), int(max(by_year))
        bucket, counts, coarse = "year", by_year, unplaced_year
        periods = [f"{y:04d}" for y in range(first, last + 1)]
    return {
        "bucket": bucket,
        "periods": periods,
        "labels": [dates.period_label(p) for p in periods],
        "quads": list(QUADS),
        "counts": [[counts[p][q] for q in QUADS] for p in periods],
        "undated": undated,
        "coarse": coarse,
    }


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def alignment_matrix(
    network: Mapping[str, Any], activity: Mapping[str, int], size: int = HEATMAP_ACTORS
) -> dict[str, Any]:
    """Net cooperation between the *size* most active actors that have ties, ordered by bloc then
    activity so that blocs show as blocks on the diagonal; ``None`` where a pair has no tie."""
    pairs = pair_weights(network)
    tied = {a for pair in pairs for a in pair}
    bloc = {n["id"]: n.get("bloc") for n in network.get("nodes", [])}
    top = sorted(tied, key=lambda a: (-activity.get(a, 0), a))[:size]
    order = sorted(top, key=lambda a: (bloc.get(a) is None, bloc.get(a) or 0, -activity.get(a, 0), a))
    values = [
        [
            None if a == b or frozenset((a, b)) not in pairs else round(pairs[frozenset((a, b))]["weight"], 3)
            for b in order
        ]
        for a in order
    ]
    counts = [
        [0 if a == b else int(pairs.get(frozenset((a, b)), {}).get("events", 0)) for b in order]
        for a in order
    ]
    return {"actors": order, "values": values, "events": counts}
