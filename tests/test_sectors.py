"""Domestic actors as a state's sectors (data/actors/sectors.tsv): "a Brazilian court" is Brazil's
judiciary, "police in Nairobi" Kenya's police; organs fold into the state, the opposition does not.
Sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from multipolar.analyse.units import fold_units, unit_parents
from multipolar.document import Document, Event
from multipolar.evaluation.gsr import rollup
from multipolar.evaluation.run import part_of
from multipolar.resolve import Registry

ON = date(2021, 3, 4)


@pytest.fixture(scope="module")
def registry():
    return Registry.load()


def test_every_state_has_every_sector_with_the_state_as_parent(registry):
    states = [a for a in registry if a.type == "state"]
    sectors = [a for a in registry if a.sector]
    assert len(sectors) >= 9 * len(states) - 5  # an id a group already holds is left to it
    for actor in sectors:
        state = registry.get(actor.parent)
        assert state is not None and state.type == "state" and actor.country == state.id
        assert actor.id == f"{state.id}-{actor.sector}"
    assert registry.get("BRA-JUDICIARY").name == "Brazilian judiciary"
    assert registry.get("PAK-JUD").type == "movement"  # Jamaat-ud-Dawa keeps its id


@pytest.mark.parametrize(
    "text, span, actor",
    [
        ("A Chilean court froze the senator's assets.", "Chilean court", "CHL-JUDICIARY"),
        ("Ghana's parliament approved the loan.", "Ghana's parliament", "GHA-LEGISLATURE"),
        ("The Peruvian police raided the offices.", "Peruvian police", "PER-POLICE"),
        ("The opposition in Zimbabwe rejected the result.", "opposition in Zimbabwe", "ZWE-OPPOSITION"),
        ("Malian rebels took the town of Ber.", "Malian rebels", "MLI-REBELS"),
        ("Turkish state media reported the arrests.", "Turkish state media", "TUR-MEDIA"),
        ("The parliament of Kenya met.", "parliament of Kenya", "KEN-LEGISLATURE"),
    ],
)
def test_a_state_qualifying_a_noun_of_a_sector_is_that_sector(pipeline, text, span, actor):
    mentions = pipeline.process(Document(text=text, date=ON)).mentions
    assert (span, actor, "sector") in {(m.text, m.actor, m.rule) for m in mentions}


def test_a_state_backing_a_group_is_not_its_country(pipeline):
    mentions = pipeline.process(Document(text="Sudan-backed rebels raided Bentiu.", date=ON)).mentions
    assert all(m.actor != "SDN-REBELS" for m in mentions)


@pytest.mark.parametrize(
    "text, expected",
    [
        # arrests and detentions are COERCE
        ("Police in Lusaka detained 40 protesters on Friday.", ("ZMB-POLICE", "COERCE", "ZMB-CIVIL-SOCIETY")),
        # charges and investigations are ACCUSE
        ("Prosecutors in Lima charged the former minister with bribery.", ("PER-JUDICIARY", "ACCUSE", None)),
        # boycotts are PROTEST
        ("Opposition parties in Malawi boycotted the vote.", ("MWI-OPPOSITION", "PROTEST", "MWI")),
    ],
)
def test_domestic_acts_are_typed_by_plover(pipeline, text, expected):
    events = pipeline.process(Document(text=text, date=ON)).events
    source, event_type, target = expected
    assert any(
        e.source == source and e.type == event_type and (target is None or e.target == target) for e in events
    ), [(e.source, e.type, e.target) for e in events]


def test_organs_fold_into_their_state_and_the_opposition_stays_apart(registry):
    parents = unit_parents(vars(a) for a in registry)
    assert parents["BRA-JUDICIARY"] == "BRA" and parents["KEN-POLICE"] == "KEN"
    assert "VEN-OPPOSITION" not in parents and "COL-REBELS" not in parents
    event = Event("d", "s", 0, 1, "KEN-POLICE", "VEN-OPPOSITION", "COERCE", "material_conflict", -1)
    (folded,) = fold_units([event], parents)
    assert (folded.source, folded.target) == ("KEN", "VEN-OPPOSITION")


def test_evaluation_matches_a_sector_to_its_state(registry):
    same = part_of(registry)
    assert same("BRA", "BRA-JUDICIARY") and not same("ARG", "BRA-JUDICIARY")
    assert rollup("VEN-OPPOSITION", registry) == "VEN"
