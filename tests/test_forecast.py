"""Bargaining models, what-ifs, drafting from events, and backtests."""

from __future__ import annotations

import random
from pathlib import Path
from statistics import fmean

import numpy as np
import pytest

from multipolar.document import Event
from multipolar.forecast import (
    MODELS,
    Actor,
    CompromiseModel,
    ExpectedUtilityModel,
    Forecast,
    MeanModel,
    MedianModel,
    PivotModel,
    Scenario,
    ScenarioError,
    get_model,
    read_scenario,
)
from multipolar.forecast.base import MAX_ROUNDS, weighted_median
from multipolar.forecast.draft import draft_scenario, position
from multipolar.forecast.expected_utility import (
    MAX_ACTORS,
    classify,
    risk_exponents,
    vote_matrix,
    win_probabilities,
    win_probability,
)
from multipolar.forecast.scenario import read_csv, to_yaml
from multipolar.forecast.whatif import Change, apply_all, coalition, compare, drop, parse_set, set_value

SHARED = Path(__file__).parents[1].parent / "shared" / "scenarios"

# Bueno de Mesquita (1994), Table 1: the EC vehicle emission standards decision (facts, as published).
EMISSIONS_CSV = """Actor,Capability,Position,Salience
Netherlands,0.08,4,0.8
Belgium,0.08,7,0.4
Luxembourg,0.03,4,0.2
Germany,0.16,4,0.8
France,0.16,10,0.6
Italy,0.16,10,0.6
UK,0.16,10,0.9
Ireland,0.05,7,0.1
Denmark,0.05,4,1.0
Greece,0.08,7,0.7
"""
# Scholz, Calbert & Smith (2011), Table 2, rounds 1 to 8 (Q = 1.0).
TABLE2_MEDIAN = [8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6]
TABLE2_MEAN = [7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6]


@pytest.fixture(scope="module")
def emissions(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    path = tmp_path_factory.mktemp("scenarios") / "emissions.csv"
    path.write_text(EMISSIONS_CSV)
    return read_csv(path)


def scenario_of(*rows: tuple[str, float, float, float]) -> Scenario:
    return Scenario(actors=tuple(Actor(n, c, x, s) for n, c, x, s in rows))


def random_scenario(rng: random.Random, n: int = 7) -> Scenario:
    return scenario_of(
        *(
            (f"a{i}", rng.uniform(0.05, 1), rng.choice(range(0, 101, 10)), rng.uniform(0.1, 1))
            for i in range(n)
        )
    )


# -- reproduction -----------------------------------------------------------------------------


def table2_errors(forecast: Forecast) -> tuple[float, float]:
    rounds = forecast.rounds
    assert [r.round for r in rounds] == list(range(1, 9))
    return (
        fmean(abs(r.median - m) for r, m in zip(rounds, TABLE2_MEDIAN, strict=True)),
        fmean(abs(r.mean - m) for r, m in zip(rounds, TABLE2_MEAN, strict=True)),
    )


def test_eu_model_reproduces_table_2_on_the_published_data(emissions: Scenario) -> None:
    median_error, mean_error = table2_errors(ExpectedUtilityModel().run(emissions, rounds=8))
    assert median_error <= 0.3
    assert mean_error <= 0.3


def test_eu_model_reproduces_table_2_on_the_shared_file() -> None:
    path = SHARED / "eu-emission-standards.csv"
    if not path.is_file():
        pytest.skip("../shared/scenarios is absent")
    median_error, mean_error = table2_errors(ExpectedUtilityModel().run(read_scenario(path), rounds=8))
    assert median_error <= 0.3
    assert mean_error <= 0.3


def test_first_round_matches_bueno_de_mesquitas_forecast(emissions: Scenario) -> None:
    # Bueno de Mesquita's own forecast was 8.35; Scholz et al. report 8.4 after round 1.
    assert ExpectedUtilityModel().run(emissions, rounds=1).forecast == pytest.approx(8.4, abs=0.1)


def test_compromise_model_gives_the_published_mean(emissions: Scenario) -> None:
    assert CompromiseModel().run(emissions).forecast == pytest.approx(7.39, abs=0.005)


# -- the models' building blocks ----------------------------------------------------------------


def test_weighted_median_is_the_condorcet_winner() -> None:
    rng = random.Random(7)
    for _ in range(50):
        positions = [rng.choice(range(0, 11)) for _ in range(6)]
        weights = [rng.uniform(0.1, 1) for _ in range(6)]
        winner = weighted_median(positions, weights)
        for other in set(positions) - {winner}:
            margin = sum(
                w * (abs(x - other) - abs(x - winner)) for x, w in zip(positions, weights, strict=True)
            )
            assert margin >= -1e-12, (positions, weights, winner, other)


def test_votes_and_probabilities() -> None:
    x = np.array([0.0, 5.0, 10.0])
    w = np.array([1.0, 1.0, 2.0])
    votes = vote_matrix(x, w, 10.0)
    # actor 2 (at 10, weight 2) prefers position 10 over 0 by the whole scale
    assert votes[2, 2, 0] == pytest.approx(2.0)
    assert votes[0, 2, 0] == pytest.approx(-1.0)
    assert np.allclose(votes, -votes.transpose(0, 2, 1))
    p = win_probability(votes)
    assert np.all((p >= 0) & (p <= 1))
    assert np.all(np.diag(p) == 0)
    assert p[2, 0] > p[0, 2]  # more weight stands nearer 10 than 0


@pytest.mark.parametrize("seed", range(8))
def test_win_probabilities_in_square_memory_equal_the_definition(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 25))
    ties = seed % 2 == 0  # shared positions and zero weights: the edges of the closed form
    x = rng.choice([0.0, 10, 25, 50, 75, 100], size=n) if ties else rng.uniform(0, 100, n)
    w = rng.uniform(0, 1, n) * (rng.uniform(size=n) > 0.2 if ties else 1)
    expected = win_probability(vote_matrix(x, w, 100.0))
    assert np.allclose(win_probabilities(x, w, 100.0), expected, atol=1e-12)


def test_eu_model_memory_grows_with_the_square_of_the_actors() -> None:
    import tracemalloc

    rng = random.Random(5)
    scenario = random_scenario(rng, n=400)
    tracemalloc.start()
    ExpectedUtilityModel(rounds=1).run(scenario)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # n^3 votes of 8 bytes would be 512 MB; a dozen n x n matrices are about 15 MB
    assert peak < 60_000_000, peak


def test_eu_model_refuses_more_actors_than_documented() -> None:
    huge = Scenario(actors=tuple(Actor(f"a{i}", 1, i % 100, 0.5) for i in range(MAX_ACTORS + 1)))
    with pytest.raises(ScenarioError, match=f"at most {MAX_ACTORS:,} actors"):
        ExpectedUtilityModel().run(huge)


def test_rounds_are_bounded(emissions: Scenario) -> None:
    with pytest.raises(ValueError, match=f"0..{MAX_ROUNDS:,}"):
        ExpectedUtilityModel(rounds=MAX_ROUNDS + 1)
    with pytest.raises(ValueError, match="rounds must be within"):
        ExpectedUtilityModel().run(emissions, rounds=1_000_000)


def test_risk_exponents_span_half_to_two() -> None:
    rng = np.random.default_rng(3)
    r = risk_exponents(rng.normal(size=(6, 6)))
    assert r.min() == pytest.approx(0.5) and r.max() == pytest.approx(2.0)
    assert np.all(risk_exponents(np.zeros((4, 4))) == 1)


@pytest.mark.parametrize(
    ("eu_proposer", "eu_receiver", "kind"),
    [
        (0.5, 0.2, "conflict"),
        (0.2, 0.5, None),  # the receiver expects to win: it makes the offer, not this one
        (0.5, -0.2, "compromise"),
        (0.2, -0.5, "capitulation"),
        (-0.1, -0.5, None),
        (-0.1, 0.5, None),
    ],
)
def test_offer_classification(eu_proposer: float, eu_receiver: float, kind: str | None) -> None:
    assert classify(eu_proposer, eu_receiver) == kind


# -- one interface ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(MODELS))
def test_every_model_returns_the_same_shape(name: str, emissions: Scenario) -> None:
    forecast = get_model(name).run(emissions, rounds=3)
    data = forecast.to_dict()
    assert set(data) == {"model", "forecast", "intervals", "winner", "sides", "caveat", "rounds"}
    assert data["model"] == name
    assert data["intervals"] == [] and data["winner"] is None  # until calibrated
    low, high = emissions.bounds
    assert low <= data["forecast"] <= high
    for number, r in enumerate(data["rounds"], start=1):
        assert set(r) == {"round", "median", "mean", "positions", "offers", "made"}
        assert r["round"] == number
        assert set(r["positions"]) == set(emissions.names)


def test_eu_rounds_and_parameters(emissions: Scenario) -> None:
    assert len(ExpectedUtilityModel().run(emissions).rounds) == 8  # the default
    assert len(ExpectedUtilityModel(rounds=3).run(emissions).rounds) == 3
    zero = ExpectedUtilityModel().run(emissions, rounds=0)
    assert zero.rounds == () and zero.forecast == MedianModel().run(emissions).forecast
    with pytest.raises(ValueError, match="Q"):
        ExpectedUtilityModel(q=1.5)


def test_each_actor_accepts_at_most_one_offer_per_round(emissions: Scenario) -> None:
    for r in ExpectedUtilityModel().run(emissions).rounds:
        assert all(o.accepted for o in r.offers)  # a round keeps the offers taken
        accepted = [o.receiver for o in r.offers]
        assert len(accepted) == len(set(accepted)) <= sum(r.made.values())
        assert set(r.made) == {"conflict", "compromise", "capitulation"}
        for o in r.offers:
            assert r.positions[o.receiver] == pytest.approx(o.position)


def test_q_below_one_changes_the_game(emissions: Scenario) -> None:
    baseline = ExpectedUtilityModel().run(emissions, rounds=2)
    other = ExpectedUtilityModel(q=0.5, t=0.5).run(emissions, rounds=2)
    assert [o.eu_proposer for o in baseline.rounds[0].offers] != [
        o.eu_proposer for o in other.rounds[0].offers
    ]


@pytest.mark.parametrize("seed", range(6))
def test_models_do_not_depend_on_the_scale_or_its_direction(seed: int) -> None:
    """Relabelling the scale (x -> a + b x, b < 0 mirrors it) relabels every forecast the same way."""
    scenario = random_scenario(random.Random(seed))
    mirrored = scenario.with_actors(
        Actor(a.name, a.capability, 50 - 0.5 * a.position, a.salience) for a in scenario.actors
    )
    for model in (
        CompromiseModel(),
        MedianModel(),
        MeanModel(),
        PivotModel(),
        ExpectedUtilityModel(rounds=5),
    ):
        assert model.run(mirrored).forecast == pytest.approx(50 - 0.5 * model.run(scenario).forecast)


# -- what-ifs -----------------------------------------------------------------------------------


def test_set_drop_and_coalition(emissions: Scenario) -> None:
    changed = set_value(emissions, "uk", "salience", 0.2)
    assert changed.find("UK").salience == 0.2 and emissions.find("UK").salience == 0.9
    assert "Germany" not in drop(emissions, "Germany").names
    deal = coalition(emissions, "Germany", "France")  # equal capabilities: the midpoint
    assert deal.find("Germany").position == deal.find("France").position == pytest.approx(7.0)
    deal = coalition(emissions, "Luxembourg", "UK")
    assert deal.find("UK").position == pytest.approx((0.03 * 4 + 0.16 * 10) / 0.19)


def test_what_if_errors_name_the_problem(emissions: Scenario) -> None:
    with pytest.raises(ScenarioError, match="Atlantis"):
        drop(emissions, "Atlantis")
    with pytest.raises(ScenarioError, match="outside 0..1"):
        set_value(emissions, "UK", "salience", 2)
    with pytest.raises(ScenarioError, match="ACTOR.FIELD=VALUE"):
        parse_set("UK salience 0.2")
    with pytest.raises(ScenarioError, match="cannot set"):
        parse_set("UK.mood=3")
    with pytest.raises(ScenarioError, match="two different"):
        coalition(emissions, "UK", "uk")


def test_compare_reports_the_difference(emissions: Scenario) -> None:
    changes = [parse_set("UK.position=4"), Change("drop", ("Ireland",))]
    result = compare(CompromiseModel(), emissions, changes)
    variant = CompromiseModel().run(apply_all(emissions, changes))
    assert result["whatif"].forecast == variant.forecast
    assert result["difference"]["forecast"] == pytest.approx(variant.forecast - result["baseline"].forecast)
    assert result["difference"]["forecast"] < 0  # the UK moving to 4 pulls the compromise down
    assert result["difference"]["positions"]["UK"] == pytest.approx(-6)
    assert result["difference"]["positions"]["Ireland"] is None
    assert result["changes"] == ["UK.position=4", "drop Ireland"]


# -- drafting from events ----------------------------------------------------------------------


def event(source: str, target: str | None, polarity: int, quad: str, modality: str = "asserted") -> Event:
    return Event(
        doc="d",
        sentence="s",
        start=0,
        end=1,
        source=source,
        target=target,
        type="X",
        quad=quad,
        polarity=polarity,
        modality=modality,
    )


MATERIAL_COOP, VERBAL_COOP = "material_cooperation", "verbal_cooperation"
MATERIAL_CONFLICT, VERBAL_CONFLICT = "material_conflict", "verbal_conflict"


def libya_events() -> list[Event]:
    return [
        event("LBY-LAAF", "LBY-GNA", -1, MATERIAL_CONFLICT),
        event("TUR", "LBY-GNA", 1, MATERIAL_COOP),
        event("TUR", "LBY-LAAF", -1, VERBAL_CONFLICT),
        event("LBY-LAAF", "TUR", -1, MATERIAL_CONFLICT),
        event("ARE", "LBY-LAAF", 1, MATERIAL_COOP),
        event("ARE", "LBY-LAAF", 1, MATERIAL_COOP, "hedged"),
        event("ARE", "LBY-GNA", 1, MATERIAL_COOP, "negated"),  # a denial is no tie
        event("UN", "LBY-GNA", 1, VERBAL_COOP),
        event("UN", "LBY-LAAF", 1, VERBAL_COOP),
        event("UN", "RUS", -1, VERBAL_CONFLICT),
        event("UN", "ARE", -1, VERBAL_CONFLICT),
        event("RUS", "LBY-LAAF", 1, VERBAL_COOP),
        event("RUS", "LBY-GNA", 1, VERBAL_COOP),
        event("RUS", "LBY-GNA", -1, VERBAL_CONFLICT),
        event("GRC", "TUR", -1, VERBAL_CONFLICT),  # no tie to a pole: not in the draft
        event("ITA", None, 1, VERBAL_COOP),
    ]


def test_draft_places_actors_by_their_ties_to_the_poles() -> None:
    names = {"LBY-GNA": "GNA", "LBY-LAAF": "LAAF", "TUR": "Turkey"}
    scenario = draft_scenario(
        libya_events(), "LBY-GNA", "LBY-LAAF", names, capabilities={"TUR": 0.45}, default_capability=0.2
    )
    actors = {a.id: a for a in scenario.actors}
    assert set(actors) == {"LBY-GNA", "LBY-LAAF", "TUR", "ARE", "UN", "RUS"}
    assert actors["LBY-GNA"].position == 0 and actors["LBY-LAAF"].position == 100
    # Turkey: arms for the GNA (2), a threat to the LAAF (1), shelled by the LAAF (2): 50 - 50 * 5/7
    assert (
        actors["TUR"].position == pytest.approx(50 - 50 * 5 / 7, abs=0.05) and actors["TUR"].name == "Turkey"
    )
    assert actors["ARE"].position == pytest.approx(50 + 50 * 2.8 / 4.8, abs=0.05)  # asserted 2 + hedged 0.8
    assert actors["UN"].position == 50
    assert (
        50 < actors["RUS"].position < actors["ARE"].position
    )  # friendly words to both, a hostile one to the GNA
    assert actors["RUS"].position == pytest.approx(50 + 50 * 1 / 5, abs=0.05)
    assert all(0 < a.position < 100 for a in scenario.actors if a.id not in ("LBY-GNA", "LBY-LAAF"))
    assert actors["UN"].salience == 0.5  # two of its four events concern a pole
    assert actors["LBY-GNA"].salience == 1.0
    # capability: the default scaled by material acts; the LAAF carried out the most (2 asserted),
    # Turkey one asserted (0.5 + 0.5 x 1/2 of 0.45), the UN none (half its default)
    assert actors["TUR"].capability == pytest.approx(0.45 * 0.75, abs=0.001)
    assert actors["UN"].capability == pytest.approx(0.1) and actors["LBY-LAAF"].capability == 0.2
    assert scenario.scale == (0, 100) and "GNA" in scenario.scale_labels[0]
    assert all("review" in a.notes for a in scenario.actors)
    # every value says where it came from
    turkey = actors["TUR"].evidence
    assert set(turkey) == {"position", "salience", "capability"}
    assert "= 14.3" in turkey["position"]["rule"] and len(turkey["position"]["events"]) == 3
    assert all(e.startswith("undated ") and "TUR" in e for e in turkey["position"]["events"])
    assert turkey["salience"]["rule"] == "3 of its 4 events involve a pole"
    assert "0.45" in turkey["capability"]["rule"] and len(turkey["capability"]["events"]) == 1


def test_draft_uses_the_bundled_capability_defaults() -> None:
    scenario = draft_scenario(libya_events(), "LBY-GNA", "LBY-LAAF")
    assert scenario.find("TUR").capability > scenario.find("LBY-GNA").capability > 0


def test_draft_by_theatre_chooses_the_poles_and_reads_salience_from_the_context() -> None:
    """Without poles, each of the two camps' pole is the member its camp backs most; with a
    context, salience is the share of an actor's events that are in the conflict's events."""
    conflict = libya_events()
    elsewhere = [event("TUR", "SYR", -1, MATERIAL_CONFLICT), event("RUS", "SYR", 1, MATERIAL_COOP)] * 3
    scenario = draft_scenario(conflict, context=conflict + elsewhere, about="libya")
    actors = {a.id: a for a in scenario.actors}
    # backing received from the own camp: the GNA from Turkey (and the UN), the LAAF from the UAE
    assert (actors["LBY-GNA"].position, actors["LBY-LAAF"].position) == (0, 100)
    assert "poles chosen" in actors["LBY-GNA"].evidence["position"]["rule"]
    turkey_events = sum("TUR" in (e.source, e.target) for e in conflict)
    assert actors["TUR"].salience == round(turkey_events / (turkey_events + 3), 2)
    assert (
        actors["TUR"].evidence["salience"]["rule"]
        == f"{turkey_events} of its {turkey_events + 3} events are in libya"
    )
    assert scenario.extra["theatre"] == "libya" and "in libya" in scenario.notes
    with pytest.raises(ScenarioError, match="both poles"):
        draft_scenario(conflict, "LBY-GNA")
    friends = [event("TUR", "QAT", 1, VERBAL_COOP), event("QAT", "TUR", 1, VERBAL_COOP)]
    with pytest.raises(ScenarioError, match="two camps"):
        draft_scenario(friends)


def test_draft_skips_events_without_a_named_actor_and_keeps_evidence_through_yaml(tmp_path: Path) -> None:
    events = [*libya_events(), event("", "LBY-GNA", -1, MATERIAL_CONFLICT)]
    scenario = draft_scenario(events, "LBY-GNA", "LBY-LAAF")
    assert all(a.id for a in scenario.actors)
    path = tmp_path / "draft.yaml"
    path.write_text(to_yaml(scenario), encoding="utf-8")
    again = read_scenario(path)
    assert again.find("TUR").evidence == scenario.find("TUR").evidence
    assert [a.position for a in again.actors] == [a.position for a in scenario.actors]


def test_draft_rejects_unknown_or_equal_poles() -> None:
    with pytest.raises(ScenarioError, match="no events involve"):
        draft_scenario(libya_events(), "LBY-GNA", "LBY-HOR")
    with pytest.raises(ScenarioError, match="different"):
        draft_scenario(libya_events(), "TUR", "TUR")


def test_position_is_graded_by_the_strength_of_the_ties() -> None:
    assert position((2.0, 0.0), (0.0, 0.0)) == 25  # one asserted material act for A
    assert position((0.0, 2.0), (0.0, 0.0)) == 75  # hostility to A is support for B
    assert position((0.0, 0.0), (0.0, 0.0)) == 50
    assert position((10.0, 0.0), (0.0, 0.0)) < position((2.0, 0.0), (0.0, 0.0))  # more evidence, nearer A
    assert position((1.0, 0.0), (3.0, 0.0)) == pytest.approx(50 + 50 * 2 / 6)
    assert position((1e6, 0.0), (0.0, 0.0)) == pytest.approx(0, abs=0.001)
    assert position((2.0, 0.0), (0.0, 0.0), prior=0) == 0  # without the prior: all or nothing


def test_forecast_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The benchmark's scale run reports every figure (speed itself is not tested)."""
    import importlib.util

    path = Path(__file__).parents[1] / "benchmarks" / "bench_forecast.py"
    spec = importlib.util.spec_from_file_location("bench_forecast", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.scale([5, 12])
    out = capsys.readouterr().out
    assert "| 12 |" in out and "closed form" in out and "largest difference" in out
