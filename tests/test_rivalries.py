"""Cross-theatre analysis: readings of a pair per arena, rivalries, brokers per theatre.

The events are built by hand, with their theatres, so these tests check the definitions of
docs/theatres.md whatever the coder and the theatre rule make of a text.
"""

from __future__ import annotations

import itertools

import pytest

from multipolar.analyse.rivalries import BACKING, backing, by_theatre, find_rivalries
from multipolar.coding.ontology import load_ontology
from multipolar.document import Event

_ids = itertools.count()


def ev(source: str, type_: str, target: str, theatre: str | None, modality: str = "asserted") -> Event:
    kind = load_ontology()[type_]
    n = next(_ids)
    return Event(
        doc="d",
        sentence=f"sentence {n}",
        start=n * 100,
        end=n * 100 + 10,
        source=source,
        target=target,
        type=type_,
        quad=kind.quad,
        polarity=kind.polarity,
        modality=modality,
        trigger=f"t{n}",
        theatre=theatre,
        theatre_basis="test",
    )


PROXY_WARS = [
    # Libya: Russia backs Haftar, Turkey backs the GNA, Haftar and the GNA fight
    ev("RUS", "AID", "LBY-LAAF", "libya"),
    ev("TUR", "AID", "LBY-GNA", "libya"),
    ev("LBY-LAAF", "ASSAULT", "LBY-GNA", "libya"),
    # Syria: Russia backs Damascus, Turkey backs the opposition, they fight
    ev("RUS", "AID", "SYR", "syria"),
    ev("TUR", "SUPPORT", "SYR-OPP", "syria"),
    ev("SYR", "ASSAULT", "SYR-OPP", "syria"),
    # bilateral: a gas deal
    ev("RUS", "COOPERATE", "TUR", None),
    ev("TUR", "COOPERATE", "RUS", None),
]


def test_opposed_by_proxy_in_two_wars_and_cooperating_bilaterally_is_a_rivalry() -> None:
    result = find_rivalries(PROXY_WARS)
    [rivalry] = [r for r in result.pairs if r.pair == ("RUS", "TUR")]
    kinds = {(r.theatre, r.kind, r.sign) for r in rivalry.readings}
    assert kinds == {("libya", "proxy", -1), ("syria", "proxy", -1), (None, "ties", 1)}
    libya = next(r for r in rivalry.readings if r.theatre == "libya")
    evidence = {result.evidence[i].type for i in libya.events}
    assert evidence == {"AID", "ASSAULT"}  # who backs whom, and the clash between them


def test_a_pair_opposed_everywhere_is_no_rivalry() -> None:
    events = [*PROXY_WARS[:6], ev("RUS", "ACCUSE", "TUR", None)]
    result = find_rivalries(events)
    assert ("RUS", "TUR") not in {r.pair for r in result.pairs}
    assert {r.sign for r in result.of("TUR", "RUS")} == {-1}


def test_talking_while_on_opposite_sides_of_one_war_is_a_rivalry() -> None:
    events = [*PROXY_WARS[:3], ev("RUS", "CONSULT", "TUR", "libya"), ev("TUR", "CONSULT", "RUS", "libya")]
    [rivalry] = find_rivalries(events).pairs
    assert rivalry.pair == ("RUS", "TUR")
    assert {(r.kind, r.sign) for r in rivalry.readings} == {("proxy", -1), ("ties", 1)}


def test_talks_are_not_backing() -> None:
    events = [
        ev("RUS", "CONSULT", "LBY-LAAF", "libya"),
        ev("TUR", "CONSULT", "LBY-GNA", "libya"),
        ev("LBY-LAAF", "ASSAULT", "LBY-GNA", "libya"),
        ev("RUS", "AGREE", "TUR", None),
    ]
    result = find_rivalries(events)
    assert result.pairs == []
    assert {r.kind for r in result.of("RUS", "TUR")} == {"ties"}
    assert backing(events) == {}
    assert {"SUPPORT", "AID", "COOPERATE"} == BACKING


def test_negated_backing_backs_nothing() -> None:
    events = [ev("RUS", "AID", "LBY-LAAF", "libya", modality="negated"), *PROXY_WARS[1:3]]
    assert ("RUS", "LBY-LAAF") not in backing(events)


def test_backing_a_side_that_fights_the_other_is_proxy_opposition() -> None:
    # a backs x, x clashes with b directly (Russia backs Haftar, Haftar shoots Turkish drones)
    events = [
        ev("RUS", "SUPPORT", "LBY-LAAF", "libya"),
        ev("LBY-LAAF", "ASSAULT", "TUR", "libya"),
        ev("RUS", "CONSULT", "TUR", None),
    ]
    [rivalry] = find_rivalries(events).pairs
    proxy = next(r for r in rivalry.readings if r.kind == "proxy")
    assert proxy.weight == pytest.approx(1.0)  # the weakest link: verbal support


def test_rivalries_rank_by_their_weaker_side() -> None:
    strong = [*PROXY_WARS]
    weak = [
        ev("EGY", "AID", "LBY-LAAF", "libya"),
        ev("QAT", "AID", "LBY-GNA", "libya"),
        ev("EGY", "CONSULT", "QAT", None, modality="hedged"),
    ]
    pairs = [r.pair for r in find_rivalries(strong + weak).pairs]
    assert pairs.index(("RUS", "TUR")) < pairs.index(("EGY", "QAT"))


def test_a_theatre_and_the_region_around_it_are_one_conflict() -> None:
    events = [ev("FRA", "ASSAULT", "MLI", "mali"), ev("FRA", "COOPERATE", "MLI", "sahel")]
    result = find_rivalries(events)
    assert result.pairs == []
    assert len(result.of("FRA", "MLI")) == 2


def test_events_never_assessed_are_counted_and_left_out() -> None:
    old = ev("RUS", "AID", "TUR", None)
    old.theatre_basis = ""
    arenas, unassessed = by_theatre([*PROXY_WARS, old])
    assert unassessed == 1 and old not in arenas[None]
    assert find_rivalries([*PROXY_WARS, old]).unassessed == 1


def test_brokers_are_listed_per_theatre() -> None:
    events = [
        *PROXY_WARS,
        ev("RUS", "CONSULT", "LBY-GNA", "libya"),  # Russia also talks to the other side
        ev("ITA", "SUPPORT", "LBY-GNA", "libya"),
    ]
    result = find_rivalries(events)
    roles = result.brokers["RUS"]
    assert "libya" in {r.theatre for r in roles}
    assert all(r.rank >= 1 and r.score > 0 for r in roles)
    every = [r for found in result.brokers.values() for r in found]
    assert all(r.theatre is not None for r in every)  # the bilateral arena has no camps, so no brokers


def test_the_json_reads_back() -> None:
    data = find_rivalries(PROXY_WARS).to_dict()
    [first] = data["rivalries"]
    assert first["pair"] == ["RUS", "TUR"] and first["weight"] > 0
    assert {r["kind"] for r in first["readings"]} == {"proxy", "ties"}


def test_an_unnamed_doer_is_no_actor() -> None:
    """The coder stores an act whose doer the registry cannot name with source "": it backs no one,
    is in no pair, and a theatre's actors do not list it."""
    from multipolar.analyse.theatres import theatre_uses
    from multipolar.theatre import load_theatres

    unnamed = [ev("", "AID", "LBY-LAAF", "libya"), ev("", "ASSAULT", "TUR", "libya")]
    assert not [pair for pair in backing(unnamed) if "" in pair]
    result = find_rivalries([*PROXY_WARS, *unnamed])
    assert not [pair for pair in result.readings if "" in pair]
    assert [r.pair for r in result.pairs] == [r.pair for r in find_rivalries(PROXY_WARS).pairs]
    libya = next(u for u in theatre_uses([*PROXY_WARS, *unnamed], load_theatres()) if u.id == "libya")
    assert "" not in libya.actors and libya.events == 5
