"""The analysis functions on hand-made events: weights, blocs, brokers, timelines, the JSON contract."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

import multipolar.analyse as analyse_module
from multipolar.analyse import (
    alignment_timeline,
    analyse,
    broker_scores,
    build_network,
    default_modality_weights,
    event_day,
    event_weight,
    find_blocs,
    fold_units,
    joint_shares,
    network_json,
    rank_brokers,
    side_changes,
    signed_projection,
    unit_parents,
    window_of,
)
from multipolar.coding.ontology import load_ontology
from multipolar.document import Event
from multipolar.forecast.draft import tie_weight

POLARITY = {
    "verbal_cooperation": 1,
    "material_cooperation": 1,
    "verbal_conflict": -1,
    "material_conflict": -1,
}
TYPE = {
    "verbal_cooperation": "CONSULT",
    "material_cooperation": "AID",
    "verbal_conflict": "ACCUSE",
    "material_conflict": "ASSAULT",
}


def ev(
    source: str,
    target: str | None,
    quad: str = "material_cooperation",
    *,
    modality: str = "asserted",
    day: str | None = "2020-01-15",
    doc: str = "d1",
    n: int = 0,
) -> Event:
    return Event(
        doc=doc,
        sentence="",
        start=n,
        end=n + 1,
        source=source,
        target=target,
        type=TYPE[quad],
        quad=quad,
        polarity=POLARITY[quad],
        modality=modality,
        date=day,
        trigger=f"t{n}",
    )


def events_from(ties: list[tuple[str, str, str]]) -> list[Event]:
    return [ev(s, t, q, n=i) for i, (s, t, q) in enumerate(ties)]


# Two camps: A1, A2, A3 cooperate; B1, B2 cooperate; every tie across is conflict.
TWO_CAMPS = events_from(
    [
        ("A1", "A2", "material_cooperation"),
        ("A2", "A3", "verbal_cooperation"),
        ("A1", "A3", "material_cooperation"),
        ("B1", "B2", "material_cooperation"),
        ("A1", "B1", "material_conflict"),
        ("B2", "A3", "verbal_conflict"),
        ("A2", "B2", "verbal_conflict"),
    ]
)


def camps(blocs) -> set[frozenset[str]]:
    return {frozenset(b) for b in blocs.blocs}


# -- network --------------------------------------------------------------------------------------


def test_edge_weight_is_net_cooperation_weighted_by_quad() -> None:
    graph = build_network(
        events_from(
            [
                ("X", "Y", "material_cooperation"),
                ("X", "Y", "verbal_conflict"),
                ("Y", "X", "material_conflict"),
            ]
        )
    )
    assert graph.edges["X", "Y"]["weight"] == pytest.approx(2 - 1)
    assert graph.edges["X", "Y"]["cooperation"] == 1 and graph.edges["X", "Y"]["conflict"] == 1
    assert graph.edges["Y", "X"]["weight"] == pytest.approx(-2) and graph.edges["Y", "X"]["polarity"] == -1
    assert len(graph.edges["X", "Y"]["events"]) == 2
    assert signed_projection(graph).edges["X", "Y"]["weight"] == pytest.approx(-1)


@pytest.mark.parametrize(
    ("modality", "weight"), [("asserted", 2.0), ("reported", 1.4), ("future", 1.0), ("hedged", 0.8)]
)
def test_modality_weights_come_from_the_ontology(modality: str, weight: float) -> None:
    # material cooperation (2) times the ontology's modality weight (data/ontology/plover.yaml)
    graph = build_network([ev("X", "Y", modality=modality)])
    assert graph.edges["X", "Y"]["weight"] == pytest.approx(weight)
    assert graph.edges["X", "Y"]["weight"] == pytest.approx(2 * load_ontology().weight(modality))


def test_one_table_of_modality_weights() -> None:
    assert dict(default_modality_weights()) == load_ontology().modality_weights
    assert default_modality_weights()["negated"] == 0.0
    assert not hasattr(analyse_module, "MODALITY_WEIGHTS")
    # scenario drafting weighs a tie exactly as the network does
    for modality in ("asserted", "reported", "future", "hedged", "negated"):
        event = ev("X", "Y", "verbal_conflict", modality=modality)
        assert tie_weight(event) == event_weight(event) == -load_ontology().weight(modality)


def test_importing_the_analysis_does_not_load_spacy() -> None:
    code = "import sys, multipolar.analyse; print('spacy' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "False"


def test_negated_event_is_no_tie_but_keeps_the_actors() -> None:
    graph = build_network([ev("X", "Y", "material_conflict", modality="negated"), ev("Z", None)])
    assert graph.number_of_edges() == 0
    assert set(graph) == {"X", "Y", "Z"}


def test_custom_weights() -> None:
    graph = build_network([ev("X", "Y", "material_conflict")], quad_weights={"material_conflict": 5.0})
    assert graph.edges["X", "Y"]["weight"] == pytest.approx(-5)


def test_time_window_and_documents() -> None:
    events = [
        ev("X", "Y", day="2019-12-31", n=1),
        ev("X", "Y", day="2020-02-01/2020-02-20", n=2),
        ev("X", "Z", day=None, n=3),
        ev("X", "Z", day="2020-03-01", doc="d2", n=4),
    ]
    window = build_network(events, since=date(2020, 1, 1), until=date(2020, 2, 28))
    assert list(window.edges) == [("X", "Y")] and len(window.edges["X", "Y"]["events"]) == 1
    assert set(build_network(events, docs=["d2"]).edges) == {("X", "Z")}
    assert build_network(events).number_of_edges() == 2  # the undated event counts without a window


def test_event_day_and_windows() -> None:
    assert event_day("2019-11-20/2019-11-30") == date(2019, 11, 20)
    assert event_day("2019-11") == date(2019, 11, 1)
    assert event_day("sometime") is None
    assert window_of("2019-11-20", "month") == "2019-11"
    assert window_of("2019-11-20", "quarter") == "2019-Q4"
    assert window_of("2019-11-20/2020-01-02", "year") == "2019"
    assert window_of("2019", "month") is None
    with pytest.raises(ValueError, match="freq"):
        window_of("2019-11-20", "week")


# -- blocs ----------------------------------------------------------------------------------------


def test_balanced_two_camps_have_zero_frustration() -> None:
    blocs = find_blocs(build_network(TWO_CAMPS))
    assert camps(blocs) == {frozenset({"A1", "A2", "A3"}), frozenset({"B1", "B2"})}
    assert blocs.frustration == 0 and blocs.normalised == 0
    assert blocs.exact and blocs.optima == 1 and not blocs.contested


def test_unbalanced_triangle_has_frustration_one() -> None:
    # +, +, - : whichever way it splits, one tie contradicts the camps.
    graph = nx.Graph()
    graph.add_weighted_edges_from([("X", "Y", 1.0), ("Y", "Z", 1.0), ("X", "Z", -1.0)])
    blocs = find_blocs(graph)
    assert blocs.frustration == pytest.approx(1)
    assert blocs.normalised == pytest.approx(1 / 3)
    assert len(blocs.frustrated) == 1
    assert blocs.optima == 3  # each of the three ties can be the frustrated one


def test_all_negative_triangle_is_frustrated_with_two_blocs_but_not_three() -> None:
    graph = nx.Graph()
    graph.add_weighted_edges_from([("X", "Y", -1.0), ("Y", "Z", -1.0), ("X", "Z", -1.0)])
    assert find_blocs(graph).frustration == pytest.approx(1)
    three = find_blocs(graph, k=3)
    assert three.frustration == 0 and len(three.blocs) == 3 and not three.exact


def test_weights_decide_which_tie_is_frustrated() -> None:
    graph = nx.Graph()
    graph.add_weighted_edges_from([("X", "Y", 5.0), ("Y", "Z", 1.0), ("X", "Z", -4.0)])
    blocs = find_blocs(graph)
    assert blocs.frustration == pytest.approx(1)
    assert blocs.frustrated == [("Y", "Z", 1.0)]
    assert camps(blocs) == {frozenset({"X", "Y"}), frozenset({"Z"})}


def test_members_placed_only_by_whom_they_oppose() -> None:
    # E only attacks A1: balance puts it with the B camp, but it has no ally there.
    blocs = find_blocs(build_network(TWO_CAMPS + events_from([("E", "A1", "material_conflict")])))
    assert blocs.bloc_of("E") == blocs.bloc_of("B1") != blocs.bloc_of("A1")
    assert blocs.by_opposition == ["E"]
    assert find_blocs(build_network(TWO_CAMPS)).by_opposition == []
    assert blocs.to_dict()["by_opposition"] == ["E"]


def test_local_search_matches_exact_optimum() -> None:
    graph = signed_projection(build_network(TWO_CAMPS + events_from([("A1", "B2", "verbal_cooperation")])))
    exact = find_blocs(graph)
    heuristic = find_blocs(graph, exact_limit=0)
    assert not heuristic.exact
    assert heuristic.frustration == pytest.approx(exact.frustration)
    assert camps(heuristic) == camps(exact)


def test_isolated_actors_and_separate_components() -> None:
    events = TWO_CAMPS + events_from([("C1", "C2", "verbal_cooperation")]) + [ev("LONE", None, n=99)]
    blocs = find_blocs(build_network(events))
    assert blocs.unassigned == ["LONE"] and blocs.bloc_of("LONE") is None
    # C1 and C2 have no path to the camps, so they form their own bloc rather than joining one.
    assert frozenset({"C1", "C2"}) in camps(blocs) and len(blocs.blocs) == 3


def test_exact_and_heuristic_components_mix() -> None:
    events = TWO_CAMPS + events_from([("C1", "C2", "verbal_cooperation")])
    blocs = find_blocs(build_network(events), exact_limit=3)  # the camps: heuristic; the pair: exact
    assert not blocs.exact and blocs.optima is None
    assert camps(blocs) == {frozenset({"A1", "A2", "A3"}), frozenset({"B1", "B2"}), frozenset({"C1", "C2"})}


def test_bad_k() -> None:
    with pytest.raises(ValueError):
        find_blocs(nx.Graph(), k=0)


# -- brokers --------------------------------------------------------------------------------------


def bridged() -> list[Event]:
    # R arms camp A (material) and talks with B's patron B1; everyone else is a loyal camp member.
    return TWO_CAMPS + events_from(
        [
            ("R", "A1", "material_cooperation"),
            ("R", "A2", "material_cooperation"),
            ("R", "B1", "verbal_cooperation"),
            ("B1", "R", "verbal_cooperation"),
            ("R", "B2", "material_conflict"),
        ]
    )


def test_bridging_actor_ranks_first_as_broker() -> None:
    graph = build_network(bridged())
    ranking = rank_brokers(graph)
    assert ranking[0][0] == "R"
    best = broker_scores(graph)[0]
    assert best.actor == "R" and best.pivot > 0 and best.reach == 1.0
    assert ranking[0][1] > ranking[1][1]  # strictly first, not first by the id tie-break


def test_loyal_camp_has_no_pivot() -> None:
    scores = {s.actor: s for s in broker_scores(build_network(TWO_CAMPS))}
    assert all(s.pivot == 0 and s.reach == 0 for s in scores.values())
    # The cross-camp ties end at A1 and B2, so the shortest paths between the camps run through them.
    by_betweenness = sorted(scores.values(), key=lambda s: -s.betweenness)
    assert {s.actor for s in by_betweenness[:2]} == {"A1", "B2"}
    assert by_betweenness[1].betweenness > by_betweenness[2].betweenness


# -- units ----------------------------------------------------------------------------------------


def test_only_military_units_of_their_own_state_are_folded() -> None:
    actors = [
        {"id": "TUR-TAF", "type": "military", "country": "TUR", "parent": "TUR"},
        {"id": "LBY-GNA", "type": "government", "country": "LBY", "parent": "LBY"},  # a rival government
        {"id": "RUS-WAGNER", "type": "pmc", "country": "RUS", "parent": "RUS"},
        {"id": "SYR-SNA", "type": "armed_group", "country": "SYR", "parent": "TUR"},  # a foreign patron
        {"id": "TUR", "type": "state", "country": "TUR", "parent": None},
    ]
    assert unit_parents(actors) == {"TUR-TAF": "TUR"}


def test_folded_unit_adds_its_ties_to_the_state_and_keeps_the_evidence() -> None:
    events = [ev("TAF", "GNA", n=1), ev("TUR", "GNA", "verbal_cooperation", n=2), ev("TAF", "TUR", n=3)]
    folded = fold_units(events, {"TAF": "TUR"})
    assert [(e.source, e.target) for e in folded] == [("TUR", "GNA"), ("TUR", "GNA"), ("TUR", "TUR")]
    assert [e.id for e in folded] == [e.id for e in events]
    graph = build_network(folded)
    assert set(graph) == {"TUR", "GNA"} and graph.edges["TUR", "GNA"]["weight"] == pytest.approx(3)


# -- timeline -------------------------------------------------------------------------------------


def shifting() -> list[Event]:
    return [
        ev("S", "A1", "material_cooperation", day="2020-01-10", n=1),
        ev("A1", "S", "verbal_cooperation", day="2020-01-20", n=2),
        ev("S", "B1", "verbal_conflict", day="2020-01-25", n=3),
        ev("S", "A1", "verbal_conflict", day="2020-03-02", n=4),
        ev("S", "B1", "material_cooperation", day="2020-03-05", n=5),
        ev("S", "B1", "verbal_cooperation", day=None, n=6),
    ]


def test_alignment_timeline_for_a_pair_and_each_partner() -> None:
    pair = alignment_timeline(shifting(), "S", "A1")
    assert [(r["window"], r["net"], r["cooperation"], r["conflict"]) for r in pair] == [
        ("2020-01", 3.0, 2, 0),
        ("2020-03", -1.0, 0, 1),
    ]
    every = alignment_timeline(shifting(), "S", freq="quarter")
    assert {(r["partner"], r["net"]) for r in every} == {("A1", 2.0), ("B1", 1.0)}


def test_alignment_timeline_for_a_bloc() -> None:
    rows = alignment_timeline(TWO_CAMPS, ["A1", "A2", "A3"], ["B1", "B2"])
    assert rows == [
        {
            "window": "2020-01",
            "actor": "A1+A2+A3",
            "partner": "B1+B2",
            "net": -4.0,
            "cooperation": 0,
            "conflict": 3,
            "events": 3,
        }
    ]
    cohesion = alignment_timeline(TWO_CAMPS, ["A1", "A2", "A3"], ["A1", "A2", "A3"])
    assert cohesion[0]["net"] == pytest.approx(5.0) and cohesion[0]["events"] == 3


def test_side_change_detection() -> None:
    changes = side_changes(shifting(), [["A1", "A2"], ["B1", "B2"]])
    assert [(c["actor"], c["bloc"], c["from_window"], c["to_window"]) for c in changes] == [
        ("S", 0, "2020-01", "2020-03"),
        ("S", 1, "2020-01", "2020-03"),
    ]
    assert changes[0]["before"] > 0 > changes[0]["after"]
    assert side_changes(TWO_CAMPS, find_blocs(build_network(TWO_CAMPS))) == []


# -- the JSON contract ----------------------------------------------------------------------------


def test_network_json_contract() -> None:
    names = {"R": "Russia", "A1": "Alpha"}
    data = network_json(bridged(), names)
    assert set(data) == {"nodes", "edges", "blocs", "brokers"}
    assert all(set(n) == {"id", "name", "bloc", "broker"} for n in data["nodes"])
    assert all(set(e) == {"source", "target", "weight", "polarity", "events"} for e in data["edges"])
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["R"]["name"] == "Russia" and nodes["B1"]["name"] == "B1"
    assert data["brokers"][0] == "R" and nodes["R"]["broker"] == 1
    for node in data["nodes"]:
        assert node["id"] in data["blocs"][node["bloc"]]
    edge = next(e for e in data["edges"] if (e["source"], e["target"]) == ("A1", "B1"))
    assert edge == {"source": "A1", "target": "B1", "weight": -2.0, "polarity": -1, "events": 1}


def test_analyse_is_deterministic() -> None:
    first, second = analyse(bridged()), analyse(bridged())
    assert first.blocs.blocs == second.blocs.blocs
    assert [b.actor for b in first.brokers] == [b.actor for b in second.brokers]


def test_a_joint_act_weighs_as_one_act_per_party() -> None:
    parties = ["A", "B", "C", "D", "E"]
    summit = [ev(a, b, "verbal_cooperation", n=7) for a in parties for b in parties if a != b]
    met = [ev("A", "Z", "verbal_cooperation", n=9), ev("Z", "A", "verbal_cooperation", n=9)]
    praised = [ev("Y", "A", "verbal_cooperation", n=10)]
    accused = [ev(a, "Z", "verbal_conflict", n=11) for a in ("B", "C", "D")]
    shares = joint_shares(summit + met + praised + accused)
    assert set(shares) == {e.id for e in summit + met}
    assert {shares[e.id] for e in summit} == {0.125} and {shares[e.id] for e in met} == {0.5}
    signed = signed_projection(build_network(summit + met + praised + accused))
    # each party's ties from the summit add up to one act, as does a meeting or a one-sided act
    assert sum(signed.edges["A", x]["weight"] for x in "BCDE") == pytest.approx(1.0)
    assert signed.edges["A", "Z"]["weight"] == pytest.approx(signed.edges["A", "Y"]["weight"])
    assert signed.edges["B", "Z"]["weight"] == -1.0  # several accusers of one target: no joint act
    rows = alignment_timeline(summit, "A", "B", freq="year")
    assert rows[0]["net"] == pytest.approx(0.25)
