"""The HTML report: one self-contained file that opens with no network access.

:func:`build_payload` turns events, actors and documents into one JSON-ready dict (the network
from :func:`multipolar.analyse.network_json`, plain-words summaries, a monthly timeline, an
alignment matrix and a compact event table). :func:`render_html` embeds it, with the report's own
CSS and JavaScript (``show/assets``; no libraries, no CDN), into a single page; :func:`write_report`
does both for a store or a ready payload.

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
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from multipolar.document import MODALITIES, QUADS, Event

# Every Event field; in the payload "doc" and "sentence" hold indices into documents and sentences.
EVENT_COLUMNS = tuple(f.name for f in dataclasses.fields(Event))
HEATMAP_ACTORS = 30
BROKERS_DESCRIBED = 3
BLOC_MEMBERS_NAMED = 12  # a bloc with more members is named by its most active ones
_MONTH = re.compile(r"^\d{4}-\d{2}")

Segment = str | dict[str, str]  # plain text, or {"actor": id} rendered as a link to that actor


def build_payload(
    events: Sequence[Event],
    actors: Iterable[Mapping[str, Any]],
    documents: Iterable[Mapping[str, Any]],
    *,
    title: str = "multipolar report",
    network: Mapping[str, Any] | None = None,
    changes: Sequence[Mapping[str, Any]] = (),
    heatmap_actors: int = HEATMAP_ACTORS,
) -> dict[str, Any]:
    """Everything the report shows, as one JSON-ready dict (a pure function of its inputs).

    *network* is :func:`multipolar.analyse.network_json`'s contract (nodes with id, name, bloc,
    broker; signed edges; blocs; brokers; optionally ``frustration`` and ``total_weight``) and
    *changes* are :func:`multipolar.analyse.side_changes` rows; both are computed from *events*
    by :func:`analysed_network` unless a network is given.
    """
    actors = list(actors)
    activity = _activity(events)
    names = {a["id"]: a.get("name") or a["id"] for a in actors if a.get("id")}
    known = {a["id"]: a for a in actors if a.get("id")}
    if network is None:
        network, changes = analysed_network(events, names)
    nodes = [
        {
            **node,
            "name": node.get("name") or names.get(node["id"], node["id"]),
            "activity": activity.get(node["id"], 0),
        }
        for node in network["nodes"]
    ]
    doc_index, doc_rows = _documents(events, documents)
    return {
        "title": title,
        "summary": _corpus_summary(events, documents, activity),
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
        "network": {**network, "nodes": nodes},
        "text": describe(network, changes, activity),
        "timeline": timeline(events),
        "heatmap": alignment_matrix(network, activity, heatmap_actors),
        "events": _event_table(events, doc_index),
        "vocabulary": {"quads": list(QUADS), "modalities": list(MODALITIES)},
    }


def analysed_network(
    events: Sequence[Event], names: Mapping[str, str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The analysis stage's network contract, with the blocs' frustration added, and side changes."""
    from multipolar.analyse import analyse, network_dict, side_changes

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
) -> dict[str, Any]:
    """The payload for everything in *store* (a :class:`multipolar.store.Store`) in a date window,
    military units folded into their state as the analysis commands do by default."""
    from multipolar.analyse import fold_units, unit_parents
    from multipolar.show.report_scale import REPORT_EVENTS, payload_at_scale, window_events

    if window_events(store, since, until) > REPORT_EVENTS:  # aggregated in the store, table cut
        return payload_at_scale(store, since=since, until=until, title=title)
    actors = store.actors()
    events = fold_units(store.events(since=since, until=until), unit_parents(actors))
    return build_payload(events, actors, store.documents(), title=title)


def write_report(payload_or_store: Mapping[str, Any] | Any, out: Path, **options: Any) -> Path:
    """Write the report for a payload dict or a store to *out*; returns the path written.

    *options* (``since``, ``until``, ``title``) apply when a store is given.
    """
    payload = (
        payload_or_store
        if isinstance(payload_or_store, Mapping)
        else payload_from_store(payload_or_store, **options)
    )
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


def _asset(name: str) -> str:
    return (resources.files("multipolar.show") / "assets" / name).read_text(encoding="utf-8")


def render_html(payload: Mapping[str, Any]) -> str:
    """The complete page for *payload*: template, CSS, script and data in one string."""
    parts = {
        "title": html.escape(str(payload.get("title", "multipolar report"))),
        "css": _asset("report.css"),
        "js": _asset("report.js"),
        "data": embed_json(payload),
    }
    # One pass, so a placeholder that happens to occur in the data is never expanded.
    return re.sub(r"\{\{(title|css|js|data)\}\}", lambda m: parts[m.group(1)], _asset("template.html"))


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


def _day(value: Any) -> str | None:
    """The ISO day (or start of an interval) of an event or document date, as text."""
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, date) else str(value).split("/", 1)[0].strip()
    return text or None


def _month(value: Any) -> str | None:
    day = _day(value)
    return day[:7] if day and _MONTH.match(day) else None


def _corpus_summary(
    events: Sequence[Event], documents: Iterable[Mapping[str, Any]], activity: Counter[str]
) -> dict[str, Any]:
    days = sorted(d for d in (_day(e.date) for e in events) if d)
    return {
        "documents": len(list(documents)),
        "actors": len(activity),
        "events": len(events),
        "from": days[0] if days else None,
        "until": days[-1] if days else None,
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


def _event_table(events: Iterable[Event], doc_index: Mapping[str, int]) -> dict[str, Any]:
    """Events as rows of :data:`EVENT_COLUMNS`; documents and sentences are stored once and
    referred to by index, since many events share a sentence."""
    sentences: dict[str, int] = {}
    rows = []
    for e in events:
        sentence = sentences.setdefault(e.sentence, len(sentences))
        row = {**e.to_dict(), "doc": doc_index[e.doc], "sentence": sentence}
        rows.append([row[c] for c in EVENT_COLUMNS])
    return {"columns": list(EVENT_COLUMNS), "rows": rows, "sentences": list(sentences)}


def timeline(events: Iterable[Event]) -> dict[str, Any]:
    """Events per month and quad, every month from the first to the last (empty ones included),
    plus how many events have no usable date."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    undated = 0
    for e in events:
        month = _month(e.date)
        if month is None:
            undated += 1
        else:
            counts[month][e.quad] += 1
    months = _month_range(min(counts), max(counts)) if counts else []
    return {
        "months": months,
        "quads": list(QUADS),
        "counts": [[counts[m][q] for q in QUADS] for m in months],
        "undated": undated,
    }


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def pair_weights(network: Mapping[str, Any]) -> dict[frozenset[str], dict[str, float]]:
    """Net tie weight and event count per unordered actor pair: ``w(u -> v) + w(v -> u)``."""
    pairs: dict[frozenset[str], dict[str, float]] = defaultdict(lambda: {"weight": 0.0, "events": 0})
    for edge in network.get("edges", []):
        if edge["source"] == edge["target"]:
            continue
        pair = pairs[frozenset((edge["source"], edge["target"]))]
        pair["weight"] += float(edge.get("weight") or 0.0)
        n = edge.get("events", 0)
        pair["events"] += len(n) if isinstance(n, list | tuple) else int(n or 0)
    return pairs


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


# -- plain words -------------------------------------------------------------------------------


def describe(
    network: Mapping[str, Any],
    changes: Sequence[Mapping[str, Any]] = (),
    activity: Mapping[str, int] | None = None,
) -> list[list[Segment]]:
    """The blocs, brokers and side changes in plain words: paragraphs of text and actor links.

    Bloc members are listed most active first when *activity* is given, else as the blocs list them.
    """
    activity = activity or {}
    blocs: list[list[str]] = [
        sorted(b, key=lambda a: -activity.get(a, 0)) for b in network.get("blocs", []) if b
    ]
    pairs = pair_weights(network)
    paragraphs = [_describe_blocs(blocs, network)]
    if blocs:
        fit = _describe_fit(blocs, pairs, network)
        if fit:
            paragraphs.append(fit)
    for rank, broker in enumerate(network.get("brokers", [])[:BROKERS_DESCRIBED]):
        paragraphs.append(_describe_broker(broker, rank, blocs, pairs))
    paragraphs.extend(_describe_extremes(network))
    paragraphs.extend(_describe_changes(changes))
    return paragraphs


_COUNT_WORDS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten")


def _count(n: int, noun: str) -> str:
    word = _COUNT_WORDS[n] if n < len(_COUNT_WORDS) else str(n)
    return f"{word} {noun}{'' if n == 1 else 's'}"


def _actor_list(actors: Sequence[str], most: int | None = None) -> list[Segment]:
    """``A, B and C`` with each actor as a link; past *most* actors, ``A, B and 40 others``."""
    out: list[Segment] = []
    named = list(actors) if most is None or len(actors) <= most else list(actors[:most])
    rest = len(actors) - len(named)
    for i, actor in enumerate(named):
        if i:
            out.append(" and " if i == len(named) - 1 and not rest else ", ")
        out.append({"actor": actor})
    if rest:
        out.append(f" and {rest} others")
    return out


def _describe_blocs(blocs: list[list[str]], network: Mapping[str, Any]) -> list[Segment]:
    if not blocs:
        return ["No blocs: no actor has a signed tie to another yet."]
    out: list[Segment] = [f"{_count(len(blocs), 'bloc')}: "]
    for i, bloc in enumerate(blocs):
        if i:
            out.append(" against " if len(blocs) == 2 else "; ")
        out += ["{", *_actor_list(bloc, BLOC_MEMBERS_NAMED), "}"]
    unassigned = [n["id"] for n in network.get("nodes", []) if n.get("bloc") is None]
    out.append(".")
    if unassigned:
        one = len(unassigned) == 1
        out.append(
            f" {len(unassigned)} actor{'' if one else 's'} {'has' if one else 'have'} no signed tie "
            f"and {'belongs' if one else 'belong'} to no bloc."
        )
    return out


_VERDICTS = (
    (0.0, "the ties split cleanly along these lines"),
    (0.15, "the blocs explain the ties well"),
    (0.3, "the blocs explain the ties only partly"),
    (1.0, "the camps are blurred"),
)


def _describe_fit(
    blocs: list[list[str]], pairs: Mapping[frozenset[str], Mapping[str, float]], network: Mapping[str, Any]
) -> list[Segment] | None:
    """How well the blocs fit the ties: the frustration of the partition (the |weight| of friendly
    ties across blocs and hostile ties inside one) out of all tie weight among bloc members. Uses
    the analysis's own figures when the network carries them."""
    frustration, total = network.get("frustration"), network.get("total_weight")
    if frustration is None or total is None:
        bloc_of = {a: i for i, bloc in enumerate(blocs) for a in bloc}
        frustration = total = 0.0
        for pair, tie in pairs.items():
            a, b = tuple(pair)
            if a not in bloc_of or b not in bloc_of:
                continue
            total += abs(tie["weight"])
            if (tie["weight"] > 0) == (bloc_of[a] != bloc_of[b]):
                frustration += abs(tie["weight"])
    if not total:
        return None
    share = frustration / total
    verdict = next(words for limit, words in _VERDICTS if share <= limit)
    return [
        f"Frustration {frustration:.1f} of {total:.1f} ({share:.0%}): {verdict}; "
        "frustration is the weight of friendly ties across blocs and hostile ties inside one."
    ]


def _describe_broker(
    broker: str, rank: int, blocs: list[list[str]], pairs: Mapping[frozenset[str], Mapping[str, float]]
) -> list[Segment]:
    role = "the leading broker" if rank == 0 else f"broker number {rank + 1}"
    out: list[Segment] = [{"actor": broker}, f" is {role}"]
    friends = defaultdict(list)
    foes = defaultdict(list)
    for pair, tie in pairs.items():
        if broker not in pair or len(pair) != 2:
            continue
        (other,) = pair - {broker}
        for i, bloc in enumerate(blocs):
            if other in bloc:
                (friends if tie["weight"] > 0 else foes)[i].append(other)
    reached = sorted(set(friends) | set(foes))
    if not reached:
        return [*out, "."]
    out.append(f": ties into {_bloc_count(len(reached), len(blocs))}")
    clauses: list[list[Segment]] = []
    if any(friends.values()):
        clauses.append(["cooperates with ", *_actor_list(sorted(a for v in friends.values() for a in v))])
    if any(foes.values()):
        clauses.append(["is in conflict with ", *_actor_list(sorted(a for v in foes.values() for a in v))])
    for i, clause in enumerate(clauses):
        out += ["; " if i else " (it ", *clause]
    out.append(").")
    return out


def _bloc_count(reached: int, total: int) -> str:
    if total == 2 and reached == 2:
        return "both blocs"
    if reached == total and total > 2:
        return f"all {total} blocs"
    return _count(reached, "bloc").lower()


def _describe_extremes(network: Mapping[str, Any]) -> list[list[Segment]]:
    """The strongest cooperative and the sharpest hostile directed tie."""
    edges = [e for e in network.get("edges", []) if e["source"] != e["target"]]
    out: list[list[Segment]] = []
    for label, pick in (("Strongest cooperation", max), ("Sharpest conflict", min)):
        if not edges:
            break
        edge = pick(edges, key=lambda e: float(e.get("weight") or 0))
        weight = float(edge.get("weight") or 0)
        if (weight > 0) != (pick is max) or weight == 0:
            continue
        n = edge.get("events", 0)
        n = len(n) if isinstance(n, list | tuple) else int(n or 0)
        out.append(
            [
                f"{label}: ",
                {"actor": edge["source"]},
                " \u2192 ",
                {"actor": edge["target"]},
                f" (net {weight:+.1f} over {n} event{'' if n == 1 else 's'}).",
            ]
        )
    return out


def _describe_changes(changes: Sequence[Mapping[str, Any]], most: int = 5) -> list[list[Segment]]:
    """The largest swings between cooperating with a bloc and fighting it, biggest first."""
    if not changes:
        return []
    swings = sorted(changes, key=lambda c: -abs(float(c["after"]) - float(c["before"])))
    out: list[list[Segment]] = []
    for change in swings[:most]:
        turned = "cooperation to conflict" if float(change["after"]) < 0 else "conflict to cooperation"
        out.append(
            [
                {"actor": change["actor"]},
                f" turned from {turned} with bloc {int(change['bloc']) + 1} "
                f"between {change['from_window']} and {change['to_window']} "
                f"(net {float(change['before']):+.1f}, then {float(change['after']):+.1f}).",
            ]
        )
    if len(swings) > most:
        out.append(
            [f"{len(swings) - most} smaller side change{'' if len(swings) - most == 1 else 's'} not listed."]
        )
    return out
