"""The HTML report: payload, escaping, offline page, scale, and the ``report`` command."""

from __future__ import annotations

import json
import random
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from multipolar.analyse import Analysis, build_network, find_blocs, network_dict
from multipolar.cli import app
from multipolar.document import QUADS, Document, Event
from multipolar.show.report import (
    EVENT_COLUMNS,
    MODULES,
    SCRIPTS,
    build_payload,
    embed_json,
    render_html,
    timeline,
    write_report,
)
from multipolar.show.report_scale import store_payload
from multipolar.store import Store

HOSTILE = '</script><script>document.title="pwned"</script><!-- <img src=x onerror=alert(1)>'

ACTORS = [
    ("TUR", "Turkey", "state"),
    ("LBY-GNA", "Government of National Accord", "government"),
    ("LBY-LAAF", "Libyan Arab Armed Forces", "military"),
    ("ARE", "United Arab Emirates", "state"),
    ("RUS", "Russia", "state"),
    ("EGY", "Egypt", "state"),
    ("UN", "United Nations", "igo"),
]

# PLOVER type -> (quad, polarity) for the made-up sentences below
KINDS = {
    "AID": ("material_cooperation", 1),
    "AGREE": ("verbal_cooperation", 1),
    "SUPPORT": ("verbal_cooperation", 1),
    "CONSULT": ("verbal_cooperation", 1),
    "ASSAULT": ("material_conflict", -1),
    "FIGHT": ("material_conflict", -1),
    "THREATEN": ("verbal_conflict", -1),
    "ACCUSE": ("verbal_conflict", -1),
}
# (source, target, type, modality, trigger, sentence, date)
TIES = [
    (
        "TUR",
        "LBY-GNA",
        "AID",
        "asserted",
        "shipped",
        "Turkey shipped armoured cars to the GNA.",
        "2019-05-18",
    ),
    ("LBY-GNA", "TUR", "AGREE", "asserted", "signed", "The GNA signed a pact with Turkey.", "2019-11-27"),
    ("ARE", "LBY-LAAF", "AID", "reported", "supplied", "The UAE supplied drones to the LAAF.", "2019-06-02"),
    ("EGY", "LBY-LAAF", "SUPPORT", "asserted", "backed", "Egypt backed the LAAF in public.", "2019-07-09"),
    ("RUS", "LBY-LAAF", "AID", "hedged", "sent", "Russia may have sent fighters to the LAAF.", "2019-09-14"),
    (
        "LBY-LAAF",
        "LBY-GNA",
        "ASSAULT",
        "asserted",
        "shelled",
        "The LAAF shelled GNA positions.",
        "2019-04-06",
    ),
    ("LBY-GNA", "LBY-LAAF", "FIGHT", "reported", "repelled", "GNA units repelled the LAAF.", "2019-06-26"),
    ("TUR", "LBY-LAAF", "THREATEN", "future", "threatened", "Turkey threatened the LAAF.", "2019-07-01"),
    ("RUS", "TUR", "CONSULT", "asserted", "met", "Russia met Turkey to discuss a truce.", "2020-01-08"),
    ("UN", "ARE", "ACCUSE", "asserted", "accused", "The UN accused the UAE of breaking the embargo.", None),
]


def make_document(title: str, ties: list[tuple], day: date = date(2019, 12, 15)) -> Document:
    text = " ".join(t[5] for t in ties)
    doc = Document(text=text, path=f"{title.lower().replace(' ', '-')}.md", title=title, date=day)
    offset = 0
    for source, target, type_, modality, trigger, sentence, when in ties:
        quad, polarity = KINDS[type_]
        doc.sentences.append((offset, offset + len(sentence)))
        doc.events.append(
            Event(
                doc=doc.id,
                sentence=sentence,
                start=offset,
                end=offset + len(sentence),
                source=source,
                target=target,
                type=type_,
                quad=quad,
                polarity=polarity,
                modality=modality,
                trigger=trigger,
                date=when,
            )
        )
        offset += len(sentence) + 1
    return doc


def actor_rows() -> list[dict]:
    return [{"id": i, "name": n, "type": t, "country": None} for i, n, t in ACTORS]


def corpus() -> tuple[list[Event], list[dict], list[dict]]:
    docs = [make_document("Backers of the war", TIES[:6]), make_document("Turns and threats", TIES[6:])]
    rows = [{"id": d.id, "title": d.title, "date": d.date, "path": d.path} for d in docs]
    return [e for d in docs for e in d.events], actor_rows(), rows


def data_of(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S)
    assert match, "no data element"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def payload() -> dict:
    events, actors, documents = corpus()
    return build_payload(events, actors, documents, title="Libya test")


# -- payload ----------------------------------------------------------------------------------


def test_payload_follows_the_network_contract(payload: dict) -> None:
    network = payload["network"]
    nodes = {n["id"]: n for n in network["nodes"]}
    assert set(nodes) == {a[0] for a in ACTORS}
    assert nodes["TUR"]["name"] == "Turkey"
    assert nodes["LBY-LAAF"]["activity"] == 6  # source or target of six of the ten events
    assert {"source", "target", "weight", "polarity", "events"} <= set(network["edges"][0])
    camps = [set(b) for b in network["blocs"]]
    assert {"TUR", "LBY-GNA"} <= next(c for c in camps if "TUR" in c)
    assert {"ARE", "LBY-LAAF"} <= next(c for c in camps if "ARE" in c)
    assert not any({"TUR", "LBY-LAAF"} <= c for c in camps)
    assert network["total_weight"] > 0


def test_an_unresolved_actor_is_no_node_but_its_event_stays_listed() -> None:
    events, actors, documents = corpus()
    events[0].source = ""  # a side the coder could not resolve, stored with an empty id
    payload = build_payload(events, actors, documents)
    assert all(n["id"] for n in payload["network"]["nodes"]) and "" not in payload["actors"]
    assert all(e["source"] and e["target"] for e in payload["network"]["edges"])
    assert all(all(blocs) for blocs in payload["network"]["blocs"])
    assert len(payload["events"]["rows"]) == len(events)


def test_event_table_round_trips_and_stores_each_sentence_once(payload: dict) -> None:
    events, _, documents = corpus()
    table = payload["events"]
    assert table["columns"] == list(EVENT_COLUMNS)
    assert len(table["rows"]) == len(events)
    col = {c: i for i, c in enumerate(table["columns"])}
    for row, event in zip(table["rows"], events, strict=True):
        assert row[col["id"]] == event.id
        assert table["sentences"][row[col["sentence"]]] == event.sentence
        assert payload["documents"][row[col["doc"]]]["id"] == event.doc
        assert (row[col["source"]], row[col["modality"]], row[col["trigger"]]) == (
            event.source,
            event.modality,
            event.trigger,
        )
    shared = [events[0]] * 3
    assert len(build_payload(shared, actor_rows(), documents)["events"]["sentences"]) == 1


def test_summary_counts_and_date_range(payload: dict) -> None:
    assert payload["summary"] == {
        "documents": 2,
        "actors": 7,
        "events": 10,
        "from": "2019-04-06",
        "until": "2020-01-08",
        "range": "6 Apr 2019 \u2013 8 Jan 2020",
    }
    assert payload["actors"]["LBY-LAAF"]["name"] == "Libyan Arab Armed Forces"


def redated(when: dict[int, str]) -> tuple[list[Event], list[dict], list[dict]]:
    """The test corpus with some events (by index) given other dates."""
    events, actors, documents = corpus()
    for i, value in when.items():
        events[i].date = value
    return events, actors, documents


def test_date_range_ignores_events_dated_only_by_year() -> None:
    # "the 2011 uprising" dates an event only to 2011; it must not stretch the header back to 2011
    events, actors, documents = redated({0: "2011-01-01/2011-12-31", 1: "2019-12-01/2019-12-31"})
    summary = build_payload(events, actors, documents)["summary"]
    assert summary["from"] == "2019-04-06" and summary["until"] == "2020-01-08"
    assert summary["range"] == "6 Apr 2019 \u2013 8 Jan 2020"
    only_months = build_payload(*redated({i: "2019-12-01/2019-12-31" for i in range(10)}), title="x")[
        "summary"
    ]
    assert only_months["range"] == "Dec 2019" and only_months["until"] == "2019-12-31"


def test_dates_table_says_how_each_date_is_shown(payload: dict) -> None:
    events, actors, documents = redated({0: "2019-12-01/2019-12-31", 1: "2011-01-01/2011-12-31"})
    table = build_payload(events, actors, documents)["dates"]
    assert table["2019-12-01/2019-12-31"] == {"text": "Dec 2019", "month": "2019-12", "year": "2019"}
    assert table["2011-01-01/2011-12-31"] == {"text": "2011", "month": None, "year": "2011"}
    assert table["2019-04-06"]["text"] == "6 Apr 2019"
    assert table["2019-12-15"]["text"] == "15 Dec 2019"  # the documents' date is in it too


def test_timeline_has_every_month_and_all_dated_events(payload: dict) -> None:
    t = payload["timeline"]
    assert t["bucket"] == "month"
    assert t["periods"][0] == "2019-04" and t["periods"][-1] == "2020-01"
    assert len(t["periods"]) == 10  # April 2019 to January 2020, empty months included
    assert t["labels"][0] == "Apr 2019" and t["labels"][-1] == "Jan 2020"
    assert sum(map(sum, t["counts"])) == 9 and t["undated"] == 1 and t["coarse"] == 0
    april = t["counts"][t["periods"].index("2019-04")]
    assert april[QUADS.index("material_conflict")] == 1


def test_monthly_timeline_leaves_out_events_dated_only_by_year() -> None:
    events, _, _ = redated({0: "2019-01-01/2019-12-31"})
    t = timeline(events)
    assert t["bucket"] == "month" and t["coarse"] == 1
    assert sum(map(sum, t["counts"])) == 8  # not piled into January
    assert t["periods"][0] == "2019-04"


def test_long_timeline_counts_per_year_and_says_so() -> None:
    events, _, _ = redated({0: "2005-03-02", 1: "2019-01-01/2019-12-31"})
    t = timeline(events)
    assert t["bucket"] == "year" and t["periods"][0] == "2005" and t["periods"][-1] == "2020"
    assert t["labels"] == t["periods"] and len(t["periods"]) == 16
    assert sum(map(sum, t["counts"])) == 9 and t["coarse"] == 0  # the year-dated event has a year


def test_alignment_matrix_is_symmetric_and_signed(payload: dict) -> None:
    h = payload["heatmap"]
    i, j = h["actors"].index("LBY-GNA"), h["actors"].index("LBY-LAAF")
    assert h["values"][i][j] == h["values"][j][i] < 0
    assert h["events"][i][j] == 2
    k = h["actors"].index("TUR")
    assert h["values"][i][k] > 0 and h["values"][i][i] is None
    blocs = [
        next((b for b, members in enumerate(payload["network"]["blocs"]) if a in members), 99)
        for a in h["actors"]
    ]
    assert blocs == sorted(blocs)  # grouped by bloc, so camps show as blocks


def text_of(paragraph: list) -> str:
    return "".join(s if isinstance(s, str) else "@" + s["actor"] for s in paragraph)


def test_plain_words_name_the_blocs_and_the_broker(payload: dict) -> None:
    paragraphs = [text_of(p) for p in payload["text"]]
    assert paragraphs[0].startswith("Two blocs: {") and " against {" in paragraphs[0]
    assert re.search(r"Frustration \d+\.\d of \d+\.\d \(\d+%\)", paragraphs[1])
    brokers = payload["network"]["brokers"]
    assert brokers, "the corpus has an actor tied into both camps"
    assert any(p.startswith(f"@{brokers[0]} is the leading broker") for p in paragraphs)
    assert any(p.startswith("Sharpest conflict: @LBY-LAAF \u2192 @LBY-GNA") for p in paragraphs)


def test_russia_broker_sentence_names_both_sides() -> None:
    events, actors, documents = corpus()
    network = {
        "nodes": [
            {"id": a, "name": a, "bloc": b, "broker": None}
            for a, b in [("TUR", 0), ("LBY-GNA", 0), ("LBY-LAAF", 1), ("RUS", 1)]
        ],
        "edges": [
            {"source": "RUS", "target": "LBY-LAAF", "weight": 1.0, "polarity": 1, "events": 1},
            {"source": "RUS", "target": "TUR", "weight": 2.0, "polarity": 1, "events": 2},
            {"source": "LBY-GNA", "target": "RUS", "weight": -1.0, "polarity": -1, "events": 1},
        ],
        "blocs": [["TUR", "LBY-GNA"], ["LBY-LAAF", "RUS"]],
        "brokers": ["RUS"],
    }
    text = [text_of(p) for p in build_payload(events, actors, documents, network=network)["text"]]
    assert (
        "@RUS is the leading broker: ties into both blocs (it cooperates with @LBY-LAAF and @TUR; "
        "is in conflict with @LBY-GNA)." in text
    )
    assert any(t.startswith("Frustration 2.0 of 4.0 (50%)") for t in text)


def test_side_changes_are_described() -> None:
    events, actors, documents = corpus()
    network = {"nodes": [], "edges": [], "blocs": [], "brokers": []}
    changes = [
        {
            "actor": "RUS",
            "bloc": 0,
            "from_window": "2019-09",
            "to_window": "2020-01",
            "before": -1.0,
            "after": 1.0,
        }
    ]
    text = [
        text_of(p) for p in build_payload(events, actors, documents, network=network, changes=changes)["text"]
    ]
    assert text[0].startswith("No blocs")
    assert (
        "@RUS turned from conflict to cooperation with bloc 1 between Sep 2019 and Jan 2020 "
        "(net -1.0, then +1.0)." in text
    )


# -- the page ---------------------------------------------------------------------------------


def hostile_payload() -> tuple[dict, Event]:
    events, actors, documents = corpus()
    bad = Event(
        doc=events[0].doc,
        sentence=f"Turkey said {HOSTILE} & more.",
        start=0,
        end=9,
        source="TUR",
        target="LBY-GNA",
        type="AID",
        quad="material_cooperation",
        polarity=1,
        trigger="said",
        date="2019-08-01",
    )
    documents[0]["title"] = HOSTILE
    actors[0]["name"] = "Turkey <b>bold</b>"
    return build_payload([*events, bad], actors, documents, title="A </title><script>x()</script>"), bad


def test_document_text_cannot_break_out_of_the_data_element() -> None:
    payload, bad = hostile_payload()
    page = render_html(payload)
    assert page.count("<script") == 2 and page.count("</script>") == 2  # the data and our own script
    assert "<!--" not in page and "onerror=alert" not in page.replace("onerror=alert(1)\\u003e", "")
    data = data_of(page)
    assert bad.sentence in data["events"]["sentences"]
    assert data["documents"][0]["title"] == HOSTILE and data["title"].startswith("A </title>")
    assert "<title>A &lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;</title>" in page


def test_embed_json_escapes_markup_but_reads_back_unchanged() -> None:
    value = {"s": '</script> <!-- & \u2028 "q"'}
    text = embed_json(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def asset(name: str) -> str:
    from importlib import resources

    return (resources.files("multipolar.show") / "assets" / name).read_text(encoding="utf-8")


def test_page_is_self_contained_and_forbids_the_network(payload: dict) -> None:
    page = render_html(payload)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp and "default-src 'none'" in csp.group(1) and "connect-src" not in csp.group(1)
    assert page.index("Content-Security-Policy") < page.index("<script")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "@import" not in page and "url(" not in page and "sourceMappingURL" not in page
    ours = "".join(asset(m) for m in (*MODULES, "js/report.js", "report.css", "template.html"))
    assert (
        "fetch(" not in ours and "XMLHttpRequest" not in ours
    )  # the vendored code's image loader is never called
    assert "{{" not in page.replace(embed_json(payload), "")  # every placeholder filled
    for name in SCRIPTS:  # every script, the vendored libraries included, is inlined
        assert asset(name).split("//# sourceMappingURL")[0].strip() in page


def test_page_script_never_parses_data_as_html() -> None:
    script = "".join(asset(m) for m in (*MODULES, "js/report.js", "js/app.js"))
    assert "innerHTML" not in script and "outerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script and "eval(" not in script
    for name in SCRIPTS:  # nothing in any inlined script can end the script element or open a comment
        assert "</script" not in asset(name).lower() and "<!--" not in asset(name)


def test_vendored_libraries_carry_their_licences_and_versions() -> None:
    readme = asset("vendor/README.md")
    for package, version in (("sigma", "3.0.3"), ("graphology", "0.26.0")):
        assert re.search(rf"\| {package} \(.*\| {re.escape(version)} \| MIT", readme), package
        assert "Permission is hereby granted" in asset(f"vendor/{package}.LICENSE.txt")
    for bundled in ("events", "graphology-utils"):  # sigma.min.js bundles these
        assert bundled in readme and "MIT" in asset(f"vendor/{bundled}.LICENSE.txt")


def test_nodes_carry_positions_so_the_page_runs_no_layout(payload: dict) -> None:
    nodes = payload["network"]["nodes"]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)
    events, actors, documents = corpus()
    again = build_payload(events, actors, documents, title="Libya test")["network"]["nodes"]
    assert [(n["x"], n["y"]) for n in again] == [(n["x"], n["y"]) for n in nodes]  # deterministic


def test_write_report_from_store(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    fill_store(db)
    with Store(db, read_only=True) as store:
        payload = store_payload(store, title="From the store", since=date(2019, 6, 1))
        out = write_report(payload, tmp_path / "sub" / "r.html")
    data = data_of(out.read_text(encoding="utf-8"))
    assert data["title"] == "From the store"
    assert data["summary"]["from"] >= "2019-06-01"
    assert data["summary"]["events"] < len(TIES)


# -- scale ------------------------------------------------------------------------------------


def synthetic(n_actors: int, n_events: int, seed: int = 1) -> tuple[list[Event], list[dict], list[dict]]:
    """Two camps that cooperate inside and fight across, with one tie in ten against the grain."""
    rng = random.Random(seed)
    ids = [f"X{i:03d}" for i in range(n_actors)]
    documents = [
        {
            "id": f"d{i}",
            "title": f"Dispatch {i}",
            "date": date(2015 + i % 8, 1 + i % 12, 1),
            "path": f"d{i}.txt",
        }
        for i in range(max(1, n_events // 50))
    ]
    events = []
    for k in range(n_events):
        source, target = rng.sample(ids, 2)
        friendly = ((ids.index(source) % 2) == (ids.index(target) % 2)) != (rng.random() < 0.1)
        quad = rng.choice(QUADS[:2] if friendly else QUADS[2:])
        verb = "praised" if friendly else "attacked"
        events.append(
            Event(
                doc=documents[k % len(documents)]["id"],
                start=k,
                end=k + 40,
                source=source,
                target=target,
                sentence=f"In report {k}, {source} {verb} {target} near the border.",
                type="CONSULT" if friendly else "ASSAULT",
                quad=quad,
                polarity=1 if friendly else -1,
                modality=rng.choice(("asserted", "reported", "hedged")),
                trigger=verb,
                date=f"{2015 + k % 8}-{1 + k % 12:02d}-{1 + k % 28:02d}",
            )
        )
    actors = [{"id": a, "name": f"Actor {a}", "type": "state", "country": None} for a in ids]
    return events, actors, documents


def quick_network(events: list[Event], actors: list[dict]) -> dict:
    """The analysis's own network and blocs; broker scoring (minutes at 300 actors) is left out."""
    graph = build_network(events, names={a["id"]: a["name"] for a in actors})
    return network_dict(Analysis(graph, find_blocs(graph), []))


@pytest.mark.slow
def test_report_at_300_actors_and_20000_events(tmp_path: Path) -> None:
    events, actors, documents = synthetic(300, 20_000)
    network = quick_network(events, actors)
    payload = build_payload(events, actors, documents, network=network)
    out = write_report(payload, tmp_path / "big.html")  # its speed: benchmarks/bench_report.py
    size = out.stat().st_size
    assert size < 8 * 2**20, f"report is {size / 2**20:.1f} MiB"
    data = data_of(out.read_text(encoding="utf-8"))
    assert len(data["network"]["nodes"]) == 300 and len(data["events"]["rows"]) == 20_000
    assert len(data["heatmap"]["actors"]) == 30
    assert len(data["timeline"]["periods"]) == 8 * 12
    assert re.search(r"and \d+ others\}", text_of(data["text"][0]))  # big blocs are not listed in full


# -- the command ------------------------------------------------------------------------------


def fill_store(db: Path) -> None:
    actors = [
        SimpleNamespace(id=i, name=n, type=t, country=None, parent=None, aliases=()) for i, n, t in ACTORS
    ]
    with Store(db) as store:
        store.add(make_document("Backers of the war", TIES[:6]), actors)
        store.add(make_document("Turns and threats", TIES[6:], date(2020, 1, 10)), actors)


runner = CliRunner()


def test_report_command_writes_the_page(tmp_path: Path) -> None:
    db, out = tmp_path / "m.duckdb", tmp_path / "report.html"
    fill_store(db)
    result = runner.invoke(app, ["report", "--db", str(db), "--out", str(out), "--title", "Libya"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output and "2 documents, 7 actors, 10 events" in result.output
    data = data_of(out.read_text(encoding="utf-8"))
    assert data["title"] == "Libya" and len(data["events"]["rows"]) == 10


def test_report_command_date_window(tmp_path: Path) -> None:
    db, out = tmp_path / "m.duckdb", tmp_path / "report.html"
    fill_store(db)
    result = runner.invoke(app, ["report", "--db", str(db), "-o", str(out), "--until", "2019-06-30"])
    assert result.exit_code == 0, result.output
    dates = [
        r[EVENT_COLUMNS.index("date")] for r in data_of(out.read_text(encoding="utf-8"))["events"]["rows"]
    ]
    assert dates and all(d <= "2019-06-30" for d in dates)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "June"], "--since expects YYYY-MM-DD"),
        (["--since", "2020-01-01", "--until", "2019-01-01"], "is after"),
        (["--db", "missing.duckdb"], "no such database"),
    ],
)
def test_report_command_bad_input_is_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    db = tmp_path / "m.duckdb"
    fill_store(db)
    full = ["report", "--db", str(db), "--out", str(tmp_path / "r.html"), *args]
    if "missing.duckdb" in args:
        full = ["report", "--db", str(tmp_path / "missing.duckdb"), "--out", str(tmp_path / "r.html")]
    result = runner.invoke(app, full)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "r.html").exists()


def function_lengths(source: str) -> dict[str, int]:
    """Lines of each function in a script (by brace matching; nested functions counted inside
    their parent too, and on their own)."""
    lines = source.splitlines()
    found: dict[str, int] = {}
    for number, line in enumerate(lines):
        match = re.search(r"function\s*([\w$]*)\s*\(", line)
        if not match or "{" not in line[match.end() :]:
            continue
        depth, started = 0, False
        for end in range(number, len(lines)):
            text = re.sub(r'"(?:\\.|[^"\\])*"', "", lines[end] if end > number else line[match.start() :])
            depth += text.count("{") - text.count("}")
            started = started or "{" in text
            if started and depth <= 0:
                found[f"{match.group(1) or 'anonymous'}@{number + 1}"] = end - number + 1
                break
    return found


def test_the_page_script_is_modules_without_long_functions() -> None:
    for name in (*MODULES, "js/report.js", "js/app.js"):
        source = asset(name)
        lengths = function_lengths(source)
        # each module is one closure over the namespace; within it, no function over ~80 lines
        inner = {
            f: n
            for f, n in lengths.items()
            if not f.startswith("anonymous@") or n < len(source.splitlines()) - 5
        }
        assert inner and max(inner.values()) <= 85, (name, sorted(inner.items(), key=lambda x: -x[1])[:3])
    assert asset("js/core.js").count("function maxOf") + asset("js/core.js").count("mp.maxOf =") == 1
