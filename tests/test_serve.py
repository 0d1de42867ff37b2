"""multipolar serve as a real server process on loopback: the endpoints, their limits and errors,
the guard (token, host, methods, headers), and live updates while ``ingest --watch`` writes.

The browser test is tests/test_browser_serve.py; the load test benchmarks/bench_serve.py."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from pathlib import Path

import pytest

from multipolar.store import open_store
from serving import finish, get, get_json, multipolar, served, stop

pytestmark = pytest.mark.slow

# Written for these tests; no article's sentences.
NEW_TEXTS = {
    "border-talks.md": "---\ntitle: Border talks\ndate: 2021-03-04\n---\n\nOn 4 March 2021 Armenia accused "
    "Azerbaijan of shelling three villages near the border. Russia sent two hundred peacekeepers to "
    "the region the same week.\n",
    "port-deal.md": "---\ntitle: Port deal\ndate: 2021-03-05\n---\n\nOn 5 March 2021 Turkey signed a port "
    "agreement with the Government of National Accord in Tripoli. Egypt condemned the agreement.\n",
}


@pytest.fixture()
def db(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    return copy


@pytest.fixture(scope="module")
def demo(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """One server over a copy of the demo database, for the read-only tests."""
    copy = tmp_path_factory.mktemp("serve") / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    with served("--db", str(copy)) as base:
        yield base


def test_status_and_events_agree_with_the_store(demo: str, demo_db: Path) -> None:
    status, found = get_json(f"{demo}/api/status")
    with open_store(demo_db) as store:
        counts = store.counts()
        russia = {e.id for e in store.events(actor="RUS")}
        aid = {e.id for e in store.events(type="AID")}
    assert status == 200 and found["counts"] == counts and found["generation"] == 1
    first, second = (get_json(f"{demo}/api/events?limit=5&offset={o}")[1] for o in (0, 5))
    assert first["total"] == first["all"] == counts["events"] and len(first["rows"]) == 5
    assert not {r["id"] for r in first["rows"]} & {r["id"] for r in second["rows"]}
    _, rus = get_json(f"{demo}/api/events?actor=RUS&limit=500")
    assert russia <= {r["id"] for r in rus["rows"]} and rus["total"] == len(rus["rows"])
    _, typed = get_json(f"{demo}/api/events?type=AID&limit=500")
    assert {r["id"] for r in typed["rows"]} == aid


def test_words_period_theatre_and_pair_filters(demo: str) -> None:
    _, found = get_json(f"{demo}/api/events?q=Sochi%20signed&limit=500")
    assert found["total"] > 0
    assert all("sochi" in r["sentence"].lower() and "signed" in r["sentence"].lower() for r in found["rows"])
    _, libya = get_json(f"{demo}/api/events?theatre=Libya&limit=500")
    assert libya["total"] > 0 and {r["theatre"] for r in libya["rows"]} == {"libya"}
    _, pair = get_json(f"{demo}/api/events?actor=TUR&with=LBY-GNA&limit=500")
    assert pair["total"] > 0 and all({r["source"], r["target"]} == {"TUR", "LBY-GNA"} for r in pair["rows"])
    _, view = get_json(f"{demo}/api/view")
    month = next(
        p for p, c in zip(view["timeline"]["periods"], view["timeline"]["counts"], strict=True) if sum(c)
    )
    _, dated = get_json(f"{demo}/api/events?period={month}&limit=500")
    assert dated["total"] == sum(view["timeline"]["counts"][view["timeline"]["periods"].index(month)])


def test_view_is_the_reports_and_theatres_narrow_it(demo: str) -> None:
    _, whole = get_json(f"{demo}/api/view")
    assert {"network", "text", "heatmap", "timeline", "summary", "actors"} <= set(whole)
    assert whole["summary"]["events"] > 0 and all("x" in n and "y" in n for n in whole["network"]["nodes"])
    _, karabakh = get_json(f"{demo}/api/view?theatre=nagorno-karabakh")
    ids = {n["id"] for n in karabakh["network"]["nodes"]}
    assert {"ARM", "AZE"} <= ids < {n["id"] for n in whole["network"]["nodes"]}
    _, menu = get_json(f"{demo}/api/theatres")
    assert {"libya", "bilateral"} <= {o["id"] for o in menu["options"]}
    _, rivalries = get_json(f"{demo}/api/rivalries")
    assert any(r["pair"] == ["RUS", "TUR"] for r in rivalries["rivalries"])


def test_downloads_and_openapi(demo: str) -> None:
    status, headers, body = get(f"{demo}/api/events.csv?actor=RUS")
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert status == 200 and "attachment" in headers["content-disposition"]
    assert rows and {"id", "sentence", "theatre", "doc_title"} <= set(rows[0])
    _, as_json = get_json(f"{demo}/api/events.json?actor=RUS")
    assert [r["id"] for r in as_json] == [r["id"] for r in rows]
    _, network = get_json(f"{demo}/api/network.json")
    assert network["nodes"] and network["blocs"]
    _, spec = get_json(f"{demo}/openapi.json")
    assert {"/api/view", "/api/events", "/api/events.csv", "/api/evidence/{kind}/{id}"} <= set(spec["paths"])
    assert get(f"{demo}/docs")[0] == 404  # no documentation page that would load a CDN's script


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/api/events?limit=100000", 413, "at most 500"),
        ("/api/events?since=2020-13-01", 400, "YYYY-MM-DD"),
        ("/api/events?since=2021-01-01&until=2020-01-01", 400, "after"),
        ("/api/view?theatre=atlantis", 400, "not defined"),
        ("/api/events?with=TUR", 400, "needs 'actor'"),
        ("/api/events?period=May", 422, "period"),
        ("/api/evidence/spell/x", 404, "no evidence kind"),
        ("/static/../pyproject.toml", 404, ""),
    ],
)
def test_bad_requests_get_one_clear_line(demo: str, path: str, status: int, says: str) -> None:
    code, _, body = get(demo + path)
    assert code == status, body
    if says:
        assert says in json.loads(body)["error"]


def test_guard_read_only_host_check_and_headers(demo: str) -> None:
    assert get(f"{demo}/api/status", method="POST")[0] == 405
    assert get(f"{demo}/api/status", method="DELETE")[0] == 405
    assert get(f"{demo}/api/status", headers={"Host": "attacker.example"})[0] == 421  # DNS rebinding
    status, headers, page = get(f"{demo}/")
    csp = headers["content-security-policy"]
    assert (
        status == 200 and "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
    )
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert b"http://" not in page and b"https://" not in page and b"<style>" not in page
    for name in ("js/app.js", "js/table.js", "vendor/sigma.min.js", "report.css"):
        assert get(f"{demo}/static/{name}")[0] == 200


def test_non_loopback_needs_a_token_and_refuses_requests_without_it(db: Path) -> None:
    refused = multipolar("serve", "--db", str(db), "--host", "0.0.0.0", "--port", "8799")
    out = finish(refused)
    assert refused.returncode == 1 and "token" in out and "0.0.0.0" in out
    assert out.startswith("multipolar: error:") and "Traceback" not in out
    token = "s3cret-token-for-tests"
    with served("--db", str(db), "--token", token, host="0.0.0.0") as base:
        status, _, body = get(f"{base}/api/status")
        assert status == 401 and "token" in json.loads(body)["error"]
        assert (
            get(f"{base}/api/status", headers={"Authorization": "Bearer wrong-token-of-same-len"})[0] == 401
        )
        assert get(f"{base}/api/status", headers={"Authorization": f"Bearer {token}"})[0] == 200
        status, headers, _ = get(f"{base}/?token={token}")
        assert status == 303 and headers["location"] == "/" and "HttpOnly" in headers["set-cookie"]
        assert get(f"{base}/api/status", headers={"Cookie": f"multipolar_token={token}"})[0] == 200


def test_short_token_and_missing_store_are_one_line_errors(tmp_path: Path) -> None:
    for args in (["--token", "short"], ["--db", str(tmp_path / "none.duckdb")]):
        process = multipolar("serve", *args, "--port", "8798")
        out = finish(process)
        assert process.returncode == 1 and out.startswith("multipolar: error:") and len(out.splitlines()) == 1


def test_a_watched_folder_shows_up_live_in_whole_batches(db: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with open_store(db) as store:
        before = store.counts()
    with served("--db", str(db)) as base:
        watcher = multipolar("ingest", "--watch", str(inbox), "--db", str(db), "--poll", "0.5")
        try:
            for name, text in NEW_TEXTS.items():  # written under a dot name, then renamed: whole
                (inbox / f".{name}").write_text(text, encoding="utf-8")
                (inbox / f".{name}").rename(inbox / name)
            seen, deadline = set(), time.monotonic() + 240
            while time.monotonic() < deadline:
                counts = get_json(f"{base}/api/status")[1]["counts"]
                seen.add(counts["documents"])
                if counts["documents"] == before["documents"] + 2:
                    break
                assert watcher.poll() is None, stop(watcher)
                time.sleep(0.1)
            _, found = get_json(f"{base}/api/events?q=border%20talks")  # words of the new title
        finally:
            out = stop(watcher)
    assert seen <= {before["documents"], before["documents"] + 2}, (seen, out)  # never half the batch
    assert before["documents"] + 2 in seen, out
    assert "ingested 2 new document(s)" in out
    assert found["total"] >= 1 and {r["doc_title"] for r in found["rows"]} == {"Border talks"}
    with open_store(db) as store:  # the writer was never kept out: everything is there, once
        after = store.counts()
        ids = [d["id"] for d in store.documents()]
    assert after["documents"] == before["documents"] + 2 and len(ids) == len(set(ids))


def test_parquet_store_is_served_and_refreshed(db: Path, tmp_path: Path) -> None:
    from multipolar.store.copy import copy_store

    folder = tmp_path / "pq"
    with open_store(db) as source:
        copy_store(source, folder)
    with served("--store", str(folder)) as base:
        _, status = get_json(f"{base}/api/status")
        assert status["kind"] == "parquet" and status["counts"]["events"] > 0
        _, page = get_json(f"{base}/api/events?actor=RUS&limit=3")
        assert page["total"] > 0 and len(page["rows"]) == 3
        # its incidents (copied with the store) count acts, in the view and in the event pages
        _, view = get_json(f"{base}/api/view")
        _, acts = get_json(f"{base}/api/events?acts=true&limit=1")
        assert view["count"] == "incidents" and view["summary"]["reports"] == status["counts"]["events"]
        assert acts["total"] == view["summary"]["events"] < status["counts"]["events"]
        assert acts["rows"][0]["incident"]


def wire_story(store_path: Path, link: bool = True) -> dict[str, list[str]]:
    """A wire story reprinted by three outlets and one rebuke (written for these tests) in a DuckDB
    file, linked into incidents when *link*; the event ids of each act."""
    from datetime import date

    from multipolar.analyse.incidents_link import link_incidents
    from multipolar.store import Store
    from test_incidents import ACTORS, report

    wire = [
        report(
            f"Russia sent arms to Syria, reprint {i}.",
            date(2020, 3, 1 + i // 2),
            ("RUS", "AID", "SYR", None),
            url=f"https://www.paper{i}.example/story",
        )
        for i in range(3)
    ]
    rebuke = report(
        "Turkey accused Russia of arming Syria.", date(2020, 3, 2), ("TUR", "ACCUSE", "RUS", None)
    )
    with Store(store_path) as store:
        for document in [*wire, rebuke]:
            store.add(document, ACTORS)
        if link:
            link_incidents(store)
    return {"arms": [d.events[0].id for d in wire], "rebuke": [rebuke.events[0].id]}


def test_incidents_an_act_once_its_reports_as_evidence_and_the_view_counts_acts(tmp_path: Path) -> None:
    from multipolar.show.report import payload_from_store

    ids = wire_story(tmp_path / "w.duckdb")
    with open_store(tmp_path / "w.duckdb") as store:
        report = payload_from_store(store)
    with served("--db", str(tmp_path / "w.duckdb")) as base:
        # the view counts acts as the report does (the same figures), or every report when asked
        _, view = get_json(f"{base}/api/view")
        assert view["count"] == "incidents" and view["summary"] == report["summary"]
        assert (view["summary"]["events"], view["summary"]["reports"]) == (2, 4)
        assert view["network"]["edges"] == report["network"]["edges"]
        for _ in range(100):  # another count is another view: computed on demand
            status, every = get_json(f"{base}/api/view?count=reports")
            if status != 202:
                break
            time.sleep(0.3)
        assert every["count"] == "reports" and every["summary"]["events"] == 4
        _, menu = get_json(f"{base}/api/theatres")
        assert menu["count"] == "incidents" and menu["total"] == 2
        # every report carries its incident; with acts=true each act is listed once, saying how
        _, rows = get_json(f"{base}/api/events?actor=RUS&limit=50")
        assert rows["total"] == 4 and {r["incident"] for r in rows["rows"]} != {None}
        _, acts = get_json(f"{base}/api/events?actor=RUS&acts=true&limit=50")
        assert acts["total"] == len(acts["rows"]) == 2
        arms = next(r for r in acts["rows"] if r["id"] in ids["arms"])
        assert arms["id"] == ids["arms"][0]  # its first report
        assert (arms["incident_reports"], arms["incident_documents"], arms["incident_outlets"]) == (3, 3, 3)
        assert arms["incident_first"] == "1 Mar 2020"
        # an incident's reports, through the evidence kind the page asks
        status, reports = get_json(f"{base}/api/evidence/incident/{arms['incident']}")
        assert status == 200 and [r["id"] for r in reports["rows"]] == ids["arms"] and reports["total"] == 3
        _, none = get_json(f"{base}/api/evidence/incident/{'0' * 16}")
        assert none["total"] == 0


def test_a_store_without_incidents_counts_reports_and_says_it_links_none(tmp_path: Path) -> None:
    wire_story(tmp_path / "w.duckdb", link=False)
    with served("--db", str(tmp_path / "w.duckdb")) as base:
        _, view = get_json(f"{base}/api/view")
        assert view["count"] == "reports" and view["summary"]["events"] == 4
        _, acts = get_json(f"{base}/api/events?actor=RUS&acts=true")
        assert acts["total"] == 4  # each event is an act of its own
        status, found = get_json(f"{base}/api/evidence/incident/abc")
        assert status == 404 and "links no incidents" in found["error"]
