"""The headline-act check of the incidents benchmark: gold fields, matching, halves, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multipolar.cli import app
from multipolar.evaluation import evaluate_path, gold_kind
from multipolar.evaluation.incidents import load_acts, parties

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "incidents"


def test_gold_fields_name_their_parties():
    assert parties("USA, GBR") == ("USA", "GBR")
    assert parties("UKR-DPR/LPR (the two republics)") == ("UKR-DPR", "UKR-LPR")
    assert parties("NER-junta (CNSP)") == ("NER-junta",)


def folder(tmp_path: Path) -> Path:
    gold = {
        "acts": {
            "A1": {"source": "CHL", "target": "PER", "type": "ASSAULT", "summary": "shelling"},
            "A1b": {"source": "CHL", "target": "PER", "type": "ASSAULT", "summary": "a later raid"},
            "A2": {"source": "URY, PRY", "target": "PRY, URY", "type": "AGREE", "summary": "a deal"},
            "A3": {"source": "UKR-DPR", "target": "RUS", "type": "SUPPORT", "summary": "praise"},
        },
        "reports": {
            "01-a.txt": ["A1"],
            "02-b.txt": ["A1"],
            "03-c.txt": ["A2"],
            "04-d.txt": ["A1b"],
            "05-e.txt": ["A3"],
        },
    }
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    texts = {
        "01-a.txt": "Chilean artillery shelled Peruvian border posts on Tuesday.",
        "02-b.txt": "Peru said on Tuesday that it had summoned its ambassador for consultations.",
        "03-c.txt": "Uruguay and Paraguay agreed to reopen their shared border crossings.",
        "04-d.txt": "Chile raided a Peruvian outpost.",
        "05-e.txt": "Ukraine praised Russia for its restraint.",
    }
    for name, text in texts.items():
        (tmp_path / "docs" / name).write_text("Date: 2021-03-04\n\n" + text + "\n", encoding="utf-8")
    return tmp_path


def test_headline_acts_are_found_by_pair_and_sign(tmp_path, pipeline):
    path = folder(tmp_path)
    assert gold_kind(path) == "incidents"
    acts, reports = load_acts(path)
    assert "A1b" not in acts and "04-d.txt" not in reports  # a near-miss is another act
    outcome = evaluate_path(path, pipeline)
    checks = {c.report: c for c in outcome.headlines.checks}
    assert checks["01-a.txt"].found and checks["01-a.txt"].typed
    assert not checks["02-b.txt"].found  # the act is not coded in this report
    assert checks["03-c.txt"].found  # a mutual act, either way
    # a breakaway entity is compared as itself: Ukraine praising Russia is not the DPR doing so
    assert not checks["05-e.txt"].found
    assert outcome.headlines.found == 2


def test_halves_are_by_act_number(tmp_path, pipeline):
    path = folder(tmp_path)
    even = evaluate_path(path, pipeline, half="even").headlines
    assert {c.act for c in even.checks} == {"A2"}


def test_the_cli_reads_an_incidents_folder(tmp_path):
    path = folder(tmp_path)
    result = CliRunner().invoke(app, ["evaluate", str(path), "--half", "odd", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["reports"] == 3 and data["found"] == 1


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/benchmarks/incidents")
def test_the_benchmark_reads(pipeline):
    report = evaluate_path(SHARED, pipeline, half="even").headlines
    assert len(report.checks) == 12
    assert {c.act for c in report.checks} == {"A2", "A4", "A6", "A8"}


def test_a_malformed_incidents_gold_is_a_clear_error(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold.json").write_text('{"acts": [1, 2], "reports": {}}', encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path)])
    assert result.exit_code != 0
    assert "not an incidents gold file" in result.output
