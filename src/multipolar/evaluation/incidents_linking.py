"""How well reports are linked into incidents, on real reporting: ``../shared/benchmarks/incidents``.

The benchmark holds short excerpts of real news reports, each file reporting one act (gold:
``gold.json``, ``reports``: file -> act ids), several outlets per act, and near-misses (another act
of the same parties days or weeks later) that must stay apart. Scores are **pairwise** over the
pairs of report files: a pair is *gold* when both files report the same act, *predicted* when an
incident holds an event of each that reports its file's act. Precision and recall are taken three
ways, to tell the linking rules from the coder:

``coder``
    end to end: the coder's events (``Pipeline.default()``), linked as a store links them; a file
    whose act the coder did not find links to nothing (so recall also measures the coder).
``found``
    the same, over the files in which the coder found the act: the linking of what was found.
``given``
    one event per file as gold describes its act (doer, target, type; dated by the file), linked by
    the same rules: the rules alone, given perfectly coded reports.

An event *reports its file's act* when its doer is among the act's doers and its target among the
act's targets (an id, or an id of the same country: gold names ``LBY-GNA`` where the coder may say
``LBY``) and its type is the act's, one the gold notes name as also defensible, or one compatible
with it (:class:`IncidentRules`). Halves: the even-numbered acts (A2, A4, A6, A8 and their
near-misses) were used to choose the defaults, the odd ones are only measured (``--half``).

The run also gives the network of the benchmark's events counted both ways (every report, and each
act once): total tie weight, the ties that changed, and the blocs.

    python -m multipolar.evaluation.incidents_linking ../shared/benchmarks/incidents [--half odd]
        [--format json]
    python -m multipolar.evaluation.incidents_linking --stress      # the demo re-reported (incidents_stress)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

from multipolar.analyse.incidents import DEFAULT_RULES, IncidentRules
from multipolar.document import Document, Event

HALVES = ("all", "even", "odd")
_TYPES = frozenset(
    ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST"]
    + ["ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
)


def read_report(path: Path) -> Document:
    """A benchmark file, read as ``multipolar ingest`` reads it (its ``Date:`` and ``Outlet:``
    header lines are the document's date and outlet), named by its file name."""
    from multipolar.read.readers import read_document

    document = read_document(path)
    document.path = path.name
    return document


def load_gold(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "gold.json").read_text(encoding="utf-8"))


def act_half(act: str) -> str:
    """``even`` or ``odd``: the parity of an act's number (A4b is A4's)."""
    return "even" if int(re.sub(r"\D", "", act)) % 2 == 0 else "odd"


def _actors(text: str) -> set[str]:
    """The actor ids a gold field names: ``"USA, GBR"``, ``"IRN, SAU (mediator CHN)"``."""
    head = re.sub(r"\(.*?\)", "", text)
    return {part.strip().split()[0] for part in head.split(",") if part.strip()}


def _same_actor(coded: str, gold: set[str]) -> bool:
    """*coded* is a gold id, or an id of the same country (``LBY`` for ``LBY-GNA``)."""
    country = coded.split("-")[0]
    return bool(coded) and any(coded == g or country == g.split("-")[0] for g in gold)


def act_types(act: Mapping[str, Any], rules: IncidentRules) -> set[str]:
    """The act's type, the types its note calls defensible too, and the types compatible with them."""
    found = {act["type"]} | (set(re.findall(r"[A-Z]{4,}", act.get("type_note", ""))) & _TYPES)
    return {t for group in rules.compatible if group & found for t in group} | found


def reports_act(event: Event, act: Mapping[str, Any], rules: IncidentRules) -> bool:
    """Whether *event* reports *act* (see the module documentation)."""
    sources, targets = _actors(act["source"]), _actors(act["target"])
    return (
        event.type in act_types(act, rules)
        and _same_actor(event.source, sources)
        and _same_actor(event.target or "", targets)
    )


def link_documents(
    documents: Sequence[Document], registry: Any = None, rules: IncidentRules = DEFAULT_RULES
) -> dict[str, str]:
    """``event id -> incident id`` for the events of *documents* (their actors from *registry*),
    linked as a store links them."""
    from multipolar.analyse.incidents_link import link_incidents
    from multipolar.corpus import document_actors
    from multipolar.store import Store

    with Store(":memory:") as store:
        for document in documents:
            store.add(document, document_actors(document, registry) if registry is not None else ())
        link_incidents(store, rules)
        return dict(store.con.execute("SELECT event, incident FROM incident_links").fetchall())


def pairwise(
    files: Sequence[str],
    gold: Mapping[str, set[str]],
    matching: Mapping[str, Sequence[Event]],
    incident_of: Mapping[str, str],
) -> dict[str, Any]:
    """Pairwise precision and recall over the pairs of *files*: gold same when they report a
    common act; predicted same when an incident holds an event of each from *matching* (file ->
    its events that report its act)."""
    incidents = {f: {incident_of.get(e.id, e.id) for e in matching.get(f, ())} for f in files}
    tp = fp = fn = 0
    for a, b in combinations(sorted(files), 2):
        same = bool(gold[a] & gold[b])
        linked = bool(incidents[a] & incidents[b])
        tp += same and linked
        fp += linked and not same
        fn += same and not linked
    return {
        "pairs": len(files) * (len(files) - 1) // 2,
        "gold_pairs": tp + fn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
    }


def evaluate(folder: Path, *, half: str = "all", rules: IncidentRules = DEFAULT_RULES) -> dict[str, Any]:
    """The three scores of the module documentation on the benchmark in *folder*, and the
    network's change when acts are counted once."""
    from multipolar.pipeline import Pipeline

    if half not in HALVES:
        raise ValueError(f"half must be one of {', '.join(HALVES)}")
    gold = load_gold(folder)
    acts = gold["acts"]
    reports = {f: set(ids) for f, ids in gold["reports"].items()}
    files = sorted(f for f, ids in reports.items() if half == "all" or {act_half(a) for a in ids} == {half})
    pipeline = Pipeline.default()
    documents = list(pipeline.pipe(read_report(folder / "docs" / f) for f in files))
    registry = pipeline.registry
    links = link_documents(documents, registry, rules)
    names = {a: (registry.get(a) or d.provisional.get(a) or a) for d in documents for a in d.actor_ids()}
    by_file = {d.path: d for d in documents}
    matching = {
        f: [e for e in by_file[f].events if any(reports_act(e, acts[a], rules) for a in reports[f])]
        for f in files
    }
    found = [f for f in files if matching[f]]
    given_docs = [_given(by_file[f], [acts[a] for a in sorted(reports[f])]) for f in files]
    given_links = link_documents(given_docs, None, rules)
    given = {d.path: d.events for d in given_docs}
    return {
        "half": half,
        "files": len(files),
        "acts": len({a for f in files for a in reports[f]}),
        "coder": pairwise(files, reports, matching, links),
        "found": {**pairwise(found, reports, matching, links), "files": len(found)},
        "given": pairwise(files, reports, given, given_links),
        "network": network_change(documents, links, {a: getattr(n, "name", a) for a, n in names.items()}),
        "events": sum(len(d.events) for d in documents),
        "incidents": len({links.get(e.id, e.id) for d in documents for e in d.events}),
    }


def _given(document: Document, acts: Sequence[Mapping[str, Any]]) -> Document:
    """*document* with one event per act it reports, as gold describes the act (first doer and
    target named), dated by the document."""
    from multipolar.coding.ontology import load_ontology

    ontology = load_ontology()
    given = Document(text=document.text, path=document.path, title=document.title, date=document.date)
    given.meta = document.meta
    for act in acts:
        kind = ontology[act["type"]]
        given.events.append(
            Event(
                doc=given.id,
                sentence=document.text[:200],
                start=0,
                end=0,
                source=sorted(_actors(act["source"]))[0],
                target=sorted(_actors(act["target"]))[0],
                type=act["type"],
                quad=kind.quad,
                polarity=kind.polarity,
                date=document.date.isoformat() if document.date else None,
                trigger=act["type"].lower(),
            )
        )
    return given


def network_change(documents: Sequence[Document], links: Mapping[str, str], names: Mapping[str, str]) -> dict:
    """The network of *documents*' events counted per report and per act: total tie weight, the
    ties whose weight changed (largest change first) and the blocs of each."""
    from multipolar.analyse import analyse
    from multipolar.analyse.incidents import acts

    events = [e for d in documents for e in d.events]
    counted = {"reports": analyse(events, names), "incidents": analyse(acts(events, links), names)}
    weights = {name: {(u, v): w for u, v, w in a.graph.edges(data="weight")} for name, a in counted.items()}
    changed = sorted(
        (
            {"tie": f"{u} -> {v}", "reports": weights["reports"].get((u, v), 0.0), "incidents": w}
            for (u, v), w in weights["incidents"].items()
            if abs(w - weights["reports"].get((u, v), 0.0)) > 1e-9
        ),
        key=lambda row: -abs(row["reports"] - row["incidents"]),
    )
    return {
        "total_weight": {name: round(sum(abs(w) for w in ws.values()), 3) for name, ws in weights.items()},
        "changed_ties": changed,
        "blocs": {name: [sorted(b) for b in a.blocs.blocs] for name, a in counted.items()},
        "frustration": {name: round(a.blocs.frustration, 3) for name, a in counted.items()},
    }


def _table(result: Mapping[str, Any]) -> str:
    lines = [
        f"incidents benchmark, half {result['half']}: {result['files']} reports of {result['acts']} acts, "
        f"{result['events']} events coded, {result['incidents']} incidents"
    ]
    heads = ("files", 5), ("gold pairs", 10), ("tp", 4), ("fp", 4), ("fn", 4), ("precision", 9), ("recall", 7)
    lines.append(f"{'setting':<8} " + " ".join(f"{name:>{width}}" for name, width in heads))
    for name in ("coder", "found", "given"):
        row = result[name]
        files = row.get("files", result["files"])
        shown = ["-" if row[k] is None else f"{row[k]:.3f}" for k in ("precision", "recall")]
        lines.append(
            f"{name:<8} {files:>5} {row['gold_pairs']:>10} {row['tp']:>4} {row['fp']:>4} {row['fn']:>4} "
            f"{shown[0]:>9} {shown[1]:>7}"
        )
    net = result["network"]
    lines.append(
        f"tie weight: {net['total_weight']['reports']} counting reports, {net['total_weight']['incidents']} "
        f"counting acts; {len(net['changed_ties'])} ties changed"
    )
    for row in net["changed_ties"][:8]:
        lines.append(f"  {row['tie']}: {row['reports']:+.2f} -> {row['incidents']:+.2f}")
    for name in ("reports", "incidents"):
        lines.append(f"blocs counting {name}: " + " | ".join(", ".join(b) for b in net["blocs"][name]))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m multipolar.evaluation.incidents_linking", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "folder", nargs="?", type=Path, help="the incidents benchmark (../shared/benchmarks/incidents)"
    )
    parser.add_argument("--half", choices=HALVES, default="all")
    parser.add_argument("--stress", action="store_true", help="the demo texts re-reported (incidents_stress)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args(argv)
    if args.stress:
        from multipolar.evaluation.incidents_stress import stress_table, stress_test

        result = stress_test()
        print(json.dumps(result, indent=2, default=str) if args.format == "json" else stress_table(result))
        return 0
    if args.folder is None or not (args.folder / "gold.json").is_file():
        print("multipolar: error: give the incidents benchmark folder (with gold.json)", file=sys.stderr)
        return 1
    result = evaluate(args.folder, half=args.half)
    print(json.dumps(result, indent=2, default=str) if args.format == "json" else _table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
