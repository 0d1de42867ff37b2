"""Acceptance on the seed article (read from ../shared, never copied): the actors and the relations
a reader takes from it. The code has no rule that names this text; these are general expectations."""

from __future__ import annotations

from pathlib import Path

import pytest

from multipolar.read import read_document

pytestmark = pytest.mark.seed

COOPERATION, CONFLICT = 1, -1


@pytest.fixture(scope="module")
def seed(seed_path: Path, pipeline):
    return pipeline.process(read_document(seed_path))


def has(events, sources, targets, types=None, polarity=None, modalities=None) -> bool:
    sources, targets = set(sources), set(targets)
    return any(
        e.source in sources
        and e.target in targets
        and (types is None or e.type in types)
        and (polarity is None or e.polarity == polarity)
        and (modalities is None or e.modality in modalities)
        for e in seed_events(events)
    )


def seed_events(events):
    return events


def test_main_actors_are_found(seed) -> None:
    actors = set(seed.actor_ids())
    expected = {
        "RUS",
        "TUR",
        "ARE",
        "EGY",
        "FRA",
        "USA",
        "DEU",
        "ITA",
        "GRC",
        "CYP",
        "ISR",
        "UN",
        "EU",
        "LBY-GNA",
        "LBY-LAAF",
        "RUS-WAGNER",
    }
    assert expected <= actors, f"missing: {sorted(expected - actors)}"


def test_who_backs_which_libyan_side(seed) -> None:
    ev = seed.events
    assert has(ev, {"RUS", "RUS-WAGNER"}, {"LBY-LAAF"}, {"AID"}), "Russia's deployment for Haftar's offensive"
    assert has(ev, {"FRA"}, {"LBY-LAAF"}, polarity=COOPERATION), "France backs Haftar"
    assert has(ev, {"EGY"}, {"LBY-LAAF"}, polarity=COOPERATION), "Egypt backs Haftar"
    assert has(ev, {"ARE"}, {"LBY-LAAF"}, polarity=COOPERATION), "the UAE backs Haftar"
    assert has(ev, {"TUR"}, {"LBY-GNA"}, polarity=COOPERATION), "Turkey backs the GNA"
    assert not has(ev, {"TUR"}, {"LBY-LAAF"}, polarity=COOPERATION, modalities={"asserted"})
    assert not has(ev, {"RUS"}, {"LBY-GNA"}, {"AID"})


def test_who_attacked_whose_aircraft(seed) -> None:
    assert has(seed.events, {"RUS"}, {"ITA"}, {"ASSAULT"})
    assert has(seed.events, {"RUS"}, {"USA", "USA-AFRICOM"}, {"ASSAULT"})


def test_who_signed_what_with_whom(seed) -> None:
    signed = {"SUPPORT", "AGREE", "COOPERATE"}
    assert has(seed.events, {"LBY-GNA"}, {"TUR"}, signed) or has(seed.events, {"TUR"}, {"LBY-GNA"}, signed)


def test_who_condemned_what(seed) -> None:
    for critic in ("CYP", "EGY", "ISR"):
        assert has(seed.events, {critic}, {"TUR", "LBY-GNA"}, {"ACCUSE"}), critic
    assert has(seed.events, {"EU"}, {"TUR"}, {"ACCUSE"})


def test_who_talks_to_whom(seed) -> None:
    assert has(seed.events, {"TUR"}, {"RUS"}, {"CONSULT"})
    agreed = [e for e in seed.events if {e.source, e.target} == {"TUR", "RUS"} and e.type == "AGREE"]
    assert agreed, "Erdogan and Putin agreed to work bilaterally"
    assert any(e.modality == "reported" and e.speaker == "TUR" for e in agreed)


def test_every_event_has_evidence(seed) -> None:
    for event in seed.events:
        assert seed.text[event.start : event.end] == event.sentence
        assert event.pattern
