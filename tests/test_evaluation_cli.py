"""``multipolar evaluate`` end to end: the pipeline codes gold sentences and the scores come out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multipolar.cli import app

REPO = Path(__file__).parents[1]
SHARED = REPO.parent / "shared"
GSR = SHARED / "benchmarks" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
SEED = SHARED / "seeds" / "000_24b45da38df45773.txt"
runner = CliRunner()


def evaluate(*args: str) -> dict:
    result = runner.invoke(app, ["evaluate", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def tiny_gold(tmp_path) -> Path:
    rows = [
        {
            "id": "a",
            "text": "Greece expelled the Libyan ambassador on Friday.",
            "date": "2019-12-06",
            "events": [{"source": "GRC", "target": "LBY-GNA", "type": "SANCTION"}],
            "tags": ["expulsion"],
        },
        {"id": "b", "text": "The weather in Athens was mild on Friday.", "date": "2019-12-06", "events": []},
    ]
    path = tmp_path / "tiny.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_evaluate_reports_every_level_and_lists_misses(tiny_gold):
    data = evaluate(str(tiny_gold), "--misses", "5")
    assert data["kind"] == "gold" and data["sentences"] == 2 and data["gold_events"] == 1
    assert data["empty_sentences"] == 1
    for level in ("triples", "pairs", "types", "quads"):
        assert data[level]["tp"] + data[level]["fn"] >= 1
    triples = data["triples"]
    assert triples["tp"] + triples["fp"] == data["coded_events"]
    # every gold event is either matched or listed as a miss, every unmatched coded event as a false alarm
    assert len(data["misses"]) == triples["fn"] and len(data["false_alarms"]) == triples["fp"]
    assert {r["type"] for r in data["per_type"]} >= {"SANCTION"}


def test_table_output_names_the_levels(tiny_gold):
    result = runner.invoke(app, ["evaluate", str(tiny_gold)])
    assert result.exit_code == 0, result.output
    assert "(source, target, type)" in result.stdout and "Per type" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "give one gold file"),
        (["missing.jsonl"], "no such gold file"),
    ],
)
def test_bad_input_is_one_line(args, message):
    result = runner.invoke(app, ["evaluate", *args])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_dev_gold_runs_and_codes_something():
    data = evaluate(str(REPO / "eval" / "dev-gold.jsonl"), "--misses", "0")
    assert data["sentences"] >= 170 and data["gold_events"] >= 200
    assert data["triples"]["tp"] > 0 and not any(
        "not in the registry" in n and "LBY" in n for n in data["notes"]
    )


@pytest.mark.skipif(not GSR.is_file(), reason="needs ../shared/benchmarks/plover-gsr")
def test_gsr_is_detected_by_shape():
    data = evaluate(str(GSR), "--misses", "0")
    # sentences whose gold names an actor the registry cannot resolve are left out, and counted
    assert data["kind"] == "gsr" and data["sentences"] > 250
    assert any("country level" in n and "left out" in n for n in data["notes"])
    odd = evaluate(str(GSR), "--misses", "0", "--half", "odd")
    assert 0 < odd["sentences"] < data["sentences"] and odd["half"] == "odd"


CONFLIBERT = SHARED / "benchmarks" / "conflibert-cameo" / "train.jsonl"


def test_conflibert_format_gives_macro_f1_and_dyad_recall(tmp_path):
    rows = [
        {"id": "1", "text": "Turkey attacked Syria on Monday.", "class": 4, "source": ["Turkey"],
         "target": ["Syria"], "joint": []},
        {"id": "2", "text": "The weather was mild.", "class": 0, "source": [], "target": [], "joint": []},
    ]  # fmt: skip
    path = tmp_path / "classes.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    data = evaluate(str(path))
    assert data["kind"] == "conflibert" and data["sentences"] == 2
    assert data["per_class_f1"]["material_conflict"] == 1.0 and data["per_class_f1"]["none"] == 1.0
    assert data["dyad_recall"] == 1.0 and data["dyads"] == 1


@pytest.mark.skipif(not CONFLIBERT.is_file(), reason="needs ../shared/benchmarks/conflibert-cameo")
def test_real_conflibert_halves_split_the_sentences():
    even = evaluate(str(CONFLIBERT), "--misses", "0", "--half", "even")
    odd = evaluate(str(CONFLIBERT), "--misses", "0", "--half", "odd")
    assert even["sentences"] + odd["sentences"] == 934
    assert 0 <= even["macro_f1"] <= 1 and 0 <= odd["dyad_recall"] <= 1


@pytest.mark.seed
@pytest.mark.skipif(not SEED.is_file(), reason="needs the seed article in ../shared")
def test_seed_annotation_keys_are_all_found():
    data = evaluate(str(REPO / "eval" / "seed-gold.jsonl"), "--misses", "0")
    assert data["kind"] == "keyed" and data["gold_events"] >= 25
    assert not any("not found" in n for n in data["notes"])
