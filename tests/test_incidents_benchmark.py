"""Incident linking on real reporting (../shared/benchmarks/incidents, read there and never copied):
the odd half, which no default was chosen on, is only measured here. Skipped when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from multipolar.evaluation.incidents_linking import act_half, evaluate, load_gold

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BENCHMARK = SHARED / "benchmarks" / "incidents"

pytestmark = pytest.mark.skipif(
    not (BENCHMARK / "gold.json").is_file(), reason="needs ../shared/benchmarks/incidents"
)


@pytest.fixture(scope="module")
def odd() -> dict:
    return evaluate(BENCHMARK, half="odd")


def test_the_halves_split_acts_and_their_near_misses() -> None:
    gold = load_gold(BENCHMARK)
    assert {act_half(a) for a in ("A2", "A4b", "A8")} == {"even"} and act_half("A7b") == "odd"
    assert len(gold["reports"]) == 29


def test_the_rules_link_the_reports_of_one_act_and_keep_near_misses_apart(odd: dict) -> None:
    given = odd["given"]  # perfectly coded reports: the rules alone
    assert given["gold_pairs"] >= 10
    assert given["precision"] >= 0.9 and given["recall"] >= 0.8


def test_the_coders_events_link_without_false_pairs(odd: dict) -> None:
    # End to end, recall is bounded by the coder finding the act in each report; what it finds,
    # the linking must not join across acts (the near-misses are in this half).
    assert odd["coder"]["fp"] == 0 and odd["found"]["precision"] in (1.0, None)
    assert odd["incidents"] < odd["events"]  # some reports were linked
    net = odd["network"]
    assert net["total_weight"]["incidents"] < net["total_weight"]["reports"]
