"""The issue's test of incidents: the demo texts ingested twice (other ids, other dates, another
outlet) and a wire story reprinted by three outlets weigh as the originals alone, in both stores;
and the demo re-reported with its paragraphs reordered and reworded clusters back."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multipolar.cli import app
from multipolar.cli.corpus import demo_files
from multipolar.read import read_paths

runner = CliRunner()

# A wire story written for this test; reprinted below by two more outlets.
WIRE = (
    "Russia and Turkey agreed on Monday to hold new talks on the war in Libya. Turkey has sent military "
    "advisers to the Government of National Accord in Tripoli, while Russian mercenaries fight for Khalifa "
    "Haftar. Egypt condemned the Turkish deployment and warned Ankara against any further intervention."
)


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reprints")
    wire = write_jsonl(
        folder / "wire.jsonl",
        [{"id": "w1", "text": WIRE, "date": "2020-01-13", "url": "https://www.wire.example/libya-talks"}],
    )
    copies = [
        {
            "id": f"copy-{i}",
            "title": d.title,
            "text": d.text + "\nReprinted by the Example Courier.\n",
            "date": (d.date + timedelta(days=1)).isoformat(),
            "outlet": "Example Courier",
        }
        for i, d in enumerate(read_paths([demo_files()]))
    ]
    reprints = [
        {
            "id": "r1",
            "text": WIRE + "\n\n(Wire copy.)",
            "date": "2020-01-13",
            "url": "https://herald.example/world/1",
        },
        {
            "id": "r2",
            "text": "WIRE: " + WIRE,
            "date": "2020-01-14",
            "url": "https://www.gazette.example/a?id=9",
        },
    ]
    return {
        "wire": wire,
        "copies": write_jsonl(folder / "copies.jsonl", copies),
        "reprints": write_jsonl(folder / "reprints.jsonl", reprints),
        "folder": folder,
    }


def measured(where: list[str], *count: str) -> tuple[dict, list, float]:
    """Tie weights, blocs and frustration as the commands print them."""
    network = json.loads(cli("network", *where, "-f", "json", *count))
    blocs = json.loads(cli("blocs", *where, "-f", "json", *count))
    weights = {(e["source"], e["target"]): e["weight"] for e in network["edges"]}
    return weights, blocs["blocs"], blocs["frustration"]


@pytest.mark.parametrize("kind", ["--db", "--store"])
def test_reprints_weigh_as_the_originals_alone(corpora: dict[str, Path], kind: str) -> None:
    folder = corpora["folder"]
    alone = [kind, str(folder / f"alone{kind}")]
    both = [kind, str(folder / f"both{kind}")]
    cli("ingest", str(demo_files()), str(corpora["wire"]), *alone)
    cli("ingest", str(demo_files()), str(corpora["wire"]), *both)
    added = cli("ingest", str(corpora["copies"]), str(corpora["reprints"]), *both)  # linked incrementally
    assert "ingested 10 new document(s)" in added
    assert measured(both) == measured(alone)
    reports_both, reports_alone = measured(both, "--count", "reports"), measured(alone, "--count", "reports")
    assert reports_both[0] != reports_alone[0]  # every report counted: the reprints would double the ties
    assert reports_both[0][("TUR", "LBY-GNA")] > reports_alone[0][("TUR", "LBY-GNA")]
    listed = json.loads(cli("incidents", *both, "--actor", "TUR", "--type", "AID", "-f", "json"))
    advisers = next(i for i in listed if i["first_report"] == "2020-01-13")
    assert (advisers["documents"], advisers["outlets"]) == (3, 3)  # three URLs, three domains
    assert {r["outlet"] for r in advisers["evidence"]} == {
        "wire.example",
        "herald.example",
        "gazette.example",
    }


def test_incidents_command_shows_an_incident_with_its_reports(corpora: dict[str, Path]) -> None:
    both = ["--db", str(corpora["folder"] / "both--db")]
    if not Path(both[1]).exists():
        pytest.skip("needs the store of the test above")
    table = cli("incidents", *both, "--actor", "EGY", "--since", "2020-01-13", "--until", "2020-01-14")
    assert "ACCUSE" in table and "THREATEN" in table
    rows = json.loads(
        cli(
            "incidents",
            *both,
            "--actor",
            "EGY",
            "--since",
            "2020-01-13",
            "--until",
            "2020-01-14",
            "-f",
            "json",
        )
    )
    shown = cli("incidents", *both, "--id", rows[0]["id"][:8])
    assert "reported by 3 documents (3 outlets), first on 13 Jan 2020" in shown
    assert shown.count("condemned") >= 3 or shown.count("warned") >= 3
    bad = runner.invoke(app, ["incidents", *both, "--since", "2020-13-01"])
    assert bad.exit_code == 1 and "--since expects YYYY-MM-DD" in bad.output


@pytest.mark.slow
def test_the_demo_reprinted_reordered_and_reworded_clusters_back() -> None:
    from multipolar.evaluation.incidents_stress import stress_test

    result = stress_test()
    assert result["coverage"] > 0.8  # what the coder still reads the same way
    assert result["cluster_back"] == 1.0  # every such event in its original's incident
    assert result["merged"] == result["split"] == 0  # the reprints leave the originals' acts as they were
