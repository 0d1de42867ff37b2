"""A synthetic stress test of incident linking: the demo texts re-reported, which must cluster back.

Each demo text (``src/multipolar/data/demo``) is reprinted twice as another outlet would run it:

* one day later, its paragraphs in reverse order;
* two days later, its paragraphs rotated by one, and reworded (:data:`REWORDING`: other verbs of
  the same act, a capital for its state, reported speech for plain statements).

Both copies are coded and linked together with the originals. An event of a copy has a
*counterpart* when an original event comes from the sentence it was rewritten from and has the same
pair (units folded) and the same or a compatible type. The test reports

``coverage``
    the share of the copies' events that have a counterpart (the rest the coder read differently
    once the order or the words changed: the coder's share, not the linking's);
``cluster_back``
    the share of the events with a counterpart that are in its incident (the linking's target: all);
``merged``, ``split``
    incidents of the originals that the copies joined together, or split (linking the originals
    alone and with the copies must give the same incidents of the originals: none);
``strays``
    copy events without a counterpart that joined an incident of the originals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from multipolar.analyse.incidents import DEFAULT_RULES, IncidentRules
from multipolar.document import Document

REWORDING: tuple[tuple[str, str], ...] = (
    ("condemned", "denounced"),
    ("accused", "blamed"),
    ("said that", "stated that"),
    ("met", "held talks"),
    ("Turkey", "Ankara"),
    ("Russia", "Moscow"),
    ("attacked", "struck"),
)
"""Word for word rewrites that keep the act (each a whole word or phrase, case kept)."""

OUTLETS = ("Stress Test Courier", "Stress Test Gazette")


def demo_documents() -> list[Document]:
    """The demo texts as ``multipolar ingest`` reads them."""
    from multipolar.read import read_paths

    folder = Path(__file__).resolve().parents[1] / "data" / "demo"
    return list(read_paths([folder]))


def reword(text: str) -> str:
    """*text* with :data:`REWORDING` applied."""
    for old, new in REWORDING:
        text = re.sub(rf"\b{re.escape(old)}\b", new, text)
    return text


def reprints(document: Document) -> list[Document]:
    """The two copies of *document* (see the module documentation)."""
    paragraphs = [p for p in document.text.split("\n\n") if p.strip()]
    body = [p.strip() for p in paragraphs]
    later = document.date + timedelta(days=1) if document.date else None
    latest = document.date + timedelta(days=2) if document.date else None
    rotated = body[1:] + body[:1]
    return [
        Document(
            text="\n\n".join(reversed(body)) + "\n",
            path=f"reversed/{Path(document.path).name}",
            title=document.title,
            date=later,
            meta={"outlet": OUTLETS[0]},
        ),
        Document(
            text=reword("\n\n".join(rotated)) + "\n",
            path=f"reworded/{Path(document.path).name}",
            title=document.title,
            date=latest,
            meta={"outlet": OUTLETS[1]},
        ),
    ]


def _linked(documents: Sequence[Document], registry: Any, rules: IncidentRules) -> dict[str, tuple]:
    """``event id -> (incident, source, target, kind)`` of *documents* linked in a store in memory."""
    from multipolar.analyse.incidents_link import link_incidents
    from multipolar.corpus import document_actors
    from multipolar.store import Store

    with Store(":memory:") as store:
        for document in documents:
            store.add(document, document_actors(document, registry))
        link_incidents(store, rules)
        rows = store.con.execute(
            "SELECT event, incident, source, target, kind FROM incident_links"
        ).fetchall()
    return {row[0]: row[1:] for row in rows}


def stress_test(rules: IncidentRules = DEFAULT_RULES) -> dict[str, Any]:
    """Run the stress test (see the module documentation); the figures as a dict."""
    from multipolar.pipeline import Pipeline

    pipeline = Pipeline.default()
    originals = list(pipeline.pipe(demo_documents()))
    copies = list(pipeline.pipe(c for d in originals for c in reprints(replace(d, events=[], mentions=[]))))
    alone = _linked(originals, pipeline.registry, rules)
    together = _linked(originals + copies, pipeline.registry, rules)
    # The original events of each (rewritten sentence, pair, kind).
    counterparts: dict[tuple, list[str]] = {}
    for document in originals:
        for event in document.events:
            _, source, target, kind = together[event.id]
            for sentence in {event.sentence, reword(event.sentence)}:  # as reprinted, as reworded
                counterparts.setdefault((" ".join(sentence.split()), source, target, kind), []).append(
                    event.id
                )
    copied = [e for d in copies for e in d.events]
    covered = back = strays = 0
    original_incidents = {together[e.id][0] for d in originals for e in d.events}
    for event in copied:
        incident, source, target, kind = together[event.id]
        found = counterparts.get((" ".join(event.sentence.split()), source, target, kind), [])
        if found:
            covered += 1
            back += any(together[o][0] == incident for o in found)
        else:
            strays += incident in original_incidents
    joined: dict[str, set[str]] = {}  # an incident with the reprints -> the originals' incidents in it
    parted: dict[str, set[str]] = {}  # an incident of the originals -> where its events went
    for event_id, (incident, *_rest) in alone.items():
        joined.setdefault(together[event_id][0], set()).add(incident)
        parted.setdefault(incident, set()).add(together[event_id][0])
    merged = sum(len(group) - 1 for group in joined.values())
    split = sum(len(group) - 1 for group in parted.values())
    return {
        "originals": len(originals),
        "copies": len(copies),
        "original_events": len(alone),
        "original_incidents": len({v[0] for v in alone.values()}),
        "copy_events": len(copied),
        "with_counterpart": covered,
        "coverage": round(covered / len(copied), 3) if copied else None,
        "clustered_back": back,
        "cluster_back": round(back / covered, 3) if covered else None,
        "merged": merged,
        "split": split,
        "strays": strays,
    }


def stress_table(result: dict[str, Any]) -> str:
    """The stress test's figures as lines of text."""
    return "\n".join(
        [
            f"demo stress test: {result['originals']} texts, {result['copies']} reprints "
            f"(reversed +1 day; rotated, reworded +2 days)",
            f"  original events {result['original_events']} in {result['original_incidents']} incidents; "
            f"reprints' events {result['copy_events']}",
            f"  coverage (a reprint's event has an original counterpart): {result['with_counterpart']} "
            f"= {result['coverage']}",
            f"  cluster back (in its counterpart's incident): {result['clustered_back']} "
            f"= {result['cluster_back']}",
            f"  originals' incidents merged by the reprints: {result['merged']}, split: {result['split']}; "
            f"strays: {result['strays']}",
        ]
    )
