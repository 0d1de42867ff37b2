"""Incidents: the rules that link reports of one act, on events written by hand (no parser needed),
linking as documents arrive, in both stores, and the analysis counting each act once."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

import multipolar
from multipolar.analyse import build_network
from multipolar.analyse.incidents import IncidentRules, acts, combined_modality, outlet_of
from multipolar.analyse.incidents_link import link_incidents
from multipolar.document import Document, Event
from multipolar.store import Store, open_store
from multipolar.store.incidents import has_incidents
from multipolar.store.parquet_store import ParquetStore

QUADS = {
    "ASSAULT": ("material_conflict", -1),
    "RETREAT": ("material_cooperation", 1),
    "AID": ("material_cooperation", 1),
    "AGREE": ("verbal_cooperation", 1),
    "SUPPORT": ("verbal_cooperation", 1),
    "CONSULT": ("verbal_cooperation", 1),
    "ACCUSE": ("verbal_conflict", -1),
}
ACTORS = [
    SimpleNamespace(id="TUR", name="Turkey", type="state", country="TUR", parent=None, aliases=()),
    SimpleNamespace(
        id="TUR-TAF", name="Turkish Armed Forces", type="military", country="TUR", parent="TUR", aliases=()
    ),
    SimpleNamespace(id="RUS", name="Russia", type="state", country="RUS", parent=None, aliases=()),
    SimpleNamespace(id="SYR", name="Syria", type="state", country="SYR", parent=None, aliases=()),
    SimpleNamespace(id="LBY-GNA", name="GNA", type="government", country="LBY", parent=None, aliases=()),
]


def report(
    text: str,
    day: date | None,
    *acts_: tuple,
    outlet: str | None = None,
    url: str | None = None,
) -> Document:
    """A document with the events *acts_*: ``(source, type, target, stated date or None, extras)``;
    an event without a stated date is dated by the document, as the coder dates it."""
    meta = {k: v for k, v in (("outlet", outlet), ("url", url)) if v}
    doc = Document(text=text, path=f"{text[:12]}.txt", title=text[:20], date=day, meta=meta)
    doc.sentences = [(0, len(text))]
    for i, (source, kind, target, stated, *extra) in enumerate(acts_):
        quad, polarity = QUADS[kind]
        fields = extra[0] if extra else {}
        doc.events.append(
            Event(
                doc=doc.id,
                sentence=text,
                start=i,
                end=len(text),
                source=source,
                target=target,
                type=kind,
                quad=quad,
                polarity=polarity,
                date=stated or (day.isoformat() if day else None),
                trigger=kind.lower(),
                **fields,
            )
        )
    return doc


def linked(documents: list[Document], rules: IncidentRules | None = None, store=None) -> dict[str, str]:
    """``event id -> incident id`` after storing *documents* and linking them."""
    own = store is None
    store = store or Store(":memory:")
    try:
        for document in documents:
            store.add(document, ACTORS)
        link_incidents(store, *([rules] if rules else []))
        return dict(store.con.execute("SELECT event, incident FROM incident_links").fetchall())
    finally:
        if own:
            store.close()


def together(links: dict[str, str], a: Document, b: Document) -> bool:
    return links[a.events[0].id] == links[b.events[0].id]


D = date(2020, 3, 1)


def test_reports_of_one_act_link_across_documents_outlets_and_days() -> None:
    first = report("Turkey shelled Syrian positions.", D, ("TUR", "ASSAULT", "SYR", None), outlet="Wire")
    next_day = report("Turkish artillery hit Syria.", date(2020, 3, 2), ("TUR-TAF", "ASSAULT", "SYR", None))
    stated = report(
        "On 1 March Turkey struck Syria.", date(2020, 3, 6), ("TUR", "ASSAULT", "SYR", "2020-03-01")
    )
    links = linked([first, next_day, stated])
    assert together(links, first, next_day)  # the army folded into its state
    assert together(links, first, stated)  # a later analysis that states the act's day


def test_different_acts_of_one_pair_stay_apart() -> None:
    march = report("Turkey shelled Syrian positions.", D, ("TUR", "ASSAULT", "SYR", None))
    april = report("Turkey shelled Syria again.", date(2020, 4, 2), ("TUR", "ASSAULT", "SYR", None))
    truce = report("Turkey observed the truce with Syria.", D, ("TUR", "RETREAT", "SYR", None))
    back = report("Syria shelled Turkish positions.", D, ("SYR", "ASSAULT", "TUR", None))
    week = report(
        "Two Turkish strikes on Syria, on 20 and 26 February.",
        D,
        ("TUR", "ASSAULT", "SYR", "2020-02-20"),
        ("TUR", "ASSAULT", "SYR", "2020-02-26"),
    )
    links = linked([march, april, truce, back, week])
    assert len({links[d.events[0].id] for d in (march, april, truce, back)}) == 4
    assert links[week.events[0].id] != links[week.events[1].id]  # stated days a week apart
    assert links[week.events[1].id] != links[march.events[0].id]  # reported 4 days after its stated day


def test_compatible_types_places_and_objects() -> None:
    agreed = report("Russia agreed a deal with Turkey.", D, ("RUS", "AGREE", "TUR", None))
    signed = report("Russia signed the deal with Turkey.", D, ("RUS", "SUPPORT", "TUR", None))
    talks = report("Russia held talks with Turkey.", D, ("RUS", "CONSULT", "TUR", None))
    libya = report(
        "Turkey sent arms to the GNA.",
        D,
        ("TUR", "AID", "LBY-GNA", None, {"mode": "military", "theatre": "libya"}),
    )
    relief = report(
        "Turkey sent food to the GNA.", D, ("TUR", "AID", "LBY-GNA", None, {"mode": "humanitarian"})
    )
    nowhere = report("Turkey aided the GNA.", D, ("TUR", "AID", "LBY-GNA", None))
    syria = report(
        "Turkey armed the GNA in Idlib.",
        D,
        ("TUR", "AID", "LBY-GNA", None, {"mode": "military", "theatre": "syria"}),
    )
    links = linked([agreed, signed, talks, libya, relief, syria])
    assert together(links, agreed, signed) and not together(links, agreed, talks)
    assert not together(links, libya, relief)  # military and humanitarian aid: two acts
    assert not together(links, libya, syria)  # two theatres: two acts
    links = linked([libya, nowhere])
    assert together(links, libya, nowhere)  # a report that gives no place or object agrees with any
    strict = IncidentRules(compatible=())
    assert not together(linked([agreed, signed], strict), agreed, signed)


def test_vague_and_open_dates() -> None:
    november = report(
        "In November Russia accused Turkey.", D, ("RUS", "ACCUSE", "TUR", "2019-11-01/2019-11-30")
    )
    again = report(
        "Russia accused Turkey in November.",
        date(2020, 3, 20),
        ("RUS", "ACCUSE", "TUR", "2019-11-01/2019-11-30"),
    )
    day = report("On 5 November Russia accused Turkey.", D, ("RUS", "ACCUSE", "TUR", "2019-11-05"))
    since = report("Russia has aided Syria since April.", D, ("RUS", "AID", "SYR", "2019-04-01/2020-03-01"))
    still = report(
        "Russia has aided Syria since April.",
        date(2020, 3, 2),
        ("RUS", "AID", "SYR", "2019-04-01/2020-03-02"),
    )
    links = linked([november, again, day, since, still])
    assert together(links, november, again) and not together(links, november, day)
    assert together(links, since, still)  # one ongoing act, reported on two days


def test_linking_is_incremental_order_free_and_redraws_what_a_late_report_changes(tmp_path: Path) -> None:
    early = report("Turkey shelled Syria, reports said.", date(2020, 3, 1), ("TUR", "ASSAULT", "SYR", None))
    a = report("Turkey shelled Syrian positions.", date(2020, 3, 2), ("TUR", "ASSAULT", "SYR", None))
    c = report("Turkish shelling of Syria went on.", date(2020, 3, 4), ("TUR", "ASSAULT", "SYR", None))
    once = linked([early, a, c])
    assert together(once, early, a) and not together(once, a, c)  # windows of 3 days from the first report
    with Store(tmp_path / "step.duckdb") as store:
        first = linked([c, a], store=store)
        assert together(first, a, c)  # 2 and 4 March: one window, so far
        after = linked([early], store=store)  # a report of 1 March, ingested late
        assert after == once  # the same incidents, with the same ids, as linking all at once
        rows = store.con.execute(
            "SELECT id, reports, first_report, last_report FROM incidents ORDER BY 3"
        ).fetchall()
        assert rows == [
            (once[early.events[0].id], 2, date(2020, 3, 1), date(2020, 3, 2)),
            (once[c.events[0].id], 1, date(2020, 3, 4), date(2020, 3, 4)),
        ]
        assert link_incidents(store).linked == 0  # nothing left to link
    for order in ([c, early, a], [a, c, early]):
        assert linked(order) == once
    daily = [
        report(f"Russia accused Turkey, day {i}.", date(2020, 5, 1 + i), ("RUS", "ACCUSE", "TUR", None))
        for i in range(9)
    ]
    assert len(set(linked(daily).values())) == 3  # a pair in the news every day: an act every three days


def test_both_stores_hold_the_same_incidents_and_compaction_keeps_them(tmp_path: Path) -> None:
    docs = [
        report("Turkey shelled Syrian positions.", D, ("TUR", "ASSAULT", "SYR", None), outlet="Wire"),
        report(
            "Turkish shelling of Syria.",
            date(2020, 3, 2),
            ("TUR", "ASSAULT", "SYR", None),
            url="https://www.example.org/a",
        ),
        report("Russia agreed a deal with Turkey.", D, ("RUS", "AGREE", "TUR", None)),
        report("Russia signed the deal with Turkey.", date(2020, 3, 2), ("RUS", "SUPPORT", "TUR", None)),
    ]
    with Store(tmp_path / "m.duckdb") as db:
        for doc in docs[:2]:
            linked([doc], store=db)
        linked(docs[2:], store=db)
        expected = sorted(db.con.execute("SELECT * FROM incidents").fetchall())
        links = sorted(db.con.execute("SELECT * FROM incident_links").fetchall())
    folder = tmp_path / "p"
    for doc in docs:  # one batch per document: several files to compact
        with ParquetStore(folder, read_only=False) as pq:
            linked([doc], store=pq)
    with open_store(folder) as pq:
        assert sorted(pq.con.execute("SELECT * FROM incidents").fetchall()) == expected
        assert sorted(pq.con.execute("SELECT * FROM incident_links").fetchall()) == links
    with ParquetStore(folder, read_only=False) as pq:
        removed = pq.compact()
        assert removed["incident_links"] == 3 and removed["incidents"] == 3
    assert len(list((folder / "incident_links").glob("*.parquet"))) == 1
    with open_store(folder) as pq:
        assert sorted(pq.con.execute("SELECT * FROM incidents").fetchall()) == expected
        assert sorted(pq.con.execute("SELECT * FROM incident_links").fetchall()) == links
    shelling = next(r for r in expected if r[4] == "ASSAULT")
    assert shelling[10:13] == (2, 2, 2)  # reports, documents, outlets (meta outlet; the URL's domain)


def test_a_parquet_batch_cut_short_counts_for_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    one = report("Turkey shelled Syrian positions.", D, ("TUR", "ASSAULT", "SYR", None))
    with ParquetStore(folder, read_only=False) as pq:
        linked([one], store=pq)
        before = pq.con.execute("SELECT * FROM incidents").fetchall()
        # a later run died after writing its incidents file, before its links file (the batch's commit)
        late = (folder / "incidents" / "b-ffffffffffffffff-dead.parquet").as_posix()
        pq.con.execute(
            "COPY (SELECT * REPLACE (99 AS reports, 'ffffffffffffffff-dead' AS batch) FROM raw_incidents) "
            f"TO '{late}'"
        )
    with open_store(folder) as pq:
        assert pq.con.execute("SELECT * FROM incidents").fetchall() == before
    with ParquetStore(folder, read_only=False) as pq:
        pq.compact()
    assert not Path(late).exists()
    with open_store(folder) as pq:
        assert pq.con.execute("SELECT * FROM incidents").fetchall() == before


def test_how_an_incident_was_reported() -> None:
    denied = report("Russia denied arming Syria.", D, ("RUS", "AID", "SYR", None, {"modality": "negated"}))
    claimed = report(
        "Turkey said Russia armed Syria.",
        D,
        ("RUS", "AID", "SYR", None, {"modality": "reported", "speaker": "TUR"}),
    )
    stated = report("Russia armed Syria.", date(2020, 3, 2), ("RUS", "AID", "SYR", None))
    with Store(":memory:") as store:
        linked([denied, claimed], store=store)
        row = multipolar.open(store).incident_rows()[0]
        assert (row["modality"], row["speakers"], row["reports"]) == ("reported", ["TUR"], 2)
        linked([stated], store=store)
        row = multipolar.open(store).incident_rows()[0]
        assert (row["modality"], row["event"], row["documents"]) == ("asserted", stated.events[0].id, 3)
    assert combined_modality(["negated", "negated"]) == "negated"
    assert combined_modality(["negated", "hedged", "future"]) == "future"
    assert outlet_of({"url": "https://www2.bbc.co.uk/news/1"}) == "bbc.co.uk"
    assert outlet_of({"outlet": " AP ", "url": "https://x.org"}) == "AP" and outlet_of({}) is None


def test_the_analysis_counts_each_act_once(tmp_path: Path) -> None:
    wire = [
        report(f"Russia armed Syria, copy {i}.", D, ("RUS", "AID", "SYR", None), outlet=f"Paper {i}")
        for i in range(5)
    ]
    rebuke = report("Turkey accused Russia.", D, ("TUR", "ACCUSE", "RUS", None))
    with Store(tmp_path / "m.duckdb") as store:
        links = linked([*wire, rebuke], store=store)
        events = store.events()
    counted = build_network(acts(events, links))
    first = next(e.id for e in events if e.source == "RUS")  # the first report in store order stands for it
    assert counted.edges["RUS", "SYR"]["weight"] == 2.0 and counted.edges["RUS", "SYR"]["events"] == [first]
    assert build_network(events).edges["RUS", "SYR"]["weight"] == 10.0
    with multipolar.open(tmp_path / "m.duckdb") as corpus:
        assert corpus.network().edges["RUS", "SYR"]["weight"] == 2.0  # SQL, in the store
        assert corpus.network(count="reports").edges["RUS", "SYR"]["weight"] == 10.0
        assert len(corpus.incidents()) == 2 and len(corpus.reports(corpus.incidents()["id"])) == 6
        assert corpus.timeline("RUS", "SYR")["events"].tolist() == [1]
        with pytest.raises(multipolar.QueryError, match="count"):
            corpus.network(count="acts")


def test_a_store_never_linked_counts_every_report(tmp_path: Path) -> None:
    with Store(tmp_path / "old.duckdb") as store:  # as an older version stored it: no incident tables
        for i in range(3):
            store.add(report(f"Russia armed Syria, copy {i}.", D, ("RUS", "AID", "SYR", None)), ACTORS)
    with multipolar.open(tmp_path / "old.duckdb") as corpus:
        assert not has_incidents(corpus.store) and corpus.unlinked == 3
        assert corpus.network().edges["RUS", "SYR"]["weight"] == 6.0
        assert corpus.incidents().empty
    with Store(tmp_path / "old.duckdb") as store:
        assert link_incidents(store).linked == 3
    with multipolar.open(tmp_path / "old.duckdb") as corpus:
        assert corpus.network().edges["RUS", "SYR"]["weight"] == 2.0 and corpus.unlinked == 0


def test_rules_are_checked() -> None:
    with pytest.raises(ValueError, match="days"):
        IncidentRules(window_days=-1)
    with pytest.raises(ValueError, match="two compatible groups"):
        IncidentRules(compatible=(frozenset({"AID", "AGREE"}), frozenset({"AID"})))
    assert json.dumps(IncidentRules().kinds()) == '{"AGREE": "AGREE+SUPPORT", "SUPPORT": "AGREE+SUPPORT"}'
