"""No relation the text does not state: acts that are asked for, supposed, questioned, denied or
only allowed are not coded as done, and words that name no party make none. Every sentence here
is written for this test."""

from __future__ import annotations

import pytest

from multipolar.document import Document, Event


def code(pipeline, text: str) -> list[Event]:
    return pipeline.process(Document(text=text)).events


def triples(events: list[Event]) -> set[tuple]:
    return {(e.source, e.type, e.target) for e in events}


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        # an act only called for
        ("Iraq renewed its call for the withdrawal of Turkish troops.", "TUR", None),
        # a condition
        ("If Iran attacks Israel, the United States will respond.", "IRN", "ISR"),
        # an open question
        ("Will Turkey send troops to Libya?", "TUR", "LBY"),
        ("It is unclear whether Ethiopia will withdraw its troops from Somalia.", "ETH", "SOM"),
        # what something is seen as
        (
            "The fighting in northern Syria is often described as a proxy battle between Turkey and Russia.",
            "TUR",
            "RUS",
        ),
        # only allowed, or not
        ('"We will not allow Ethiopia to take our ports," the Eritrean president said.', "ETH", None),
    ],
)
def test_what_the_text_does_not_assert_is_no_event(
    pipeline, text: str, source: str, target: str | None
) -> None:
    events = code(pipeline, text)
    assert not any(e.source == source and (target is None or e.target == target) for e in events)


def test_a_question_with_a_question_word_takes_the_act_as_given(pipeline) -> None:
    assert ("RUS", "ASSAULT", "UKR") in triples(code(pipeline, "Why did Russia attack Ukraine?"))


def test_the_content_of_an_accusation_is_the_accusers_report(pipeline) -> None:
    events = code(pipeline, "Ukraine made accusations that Belarus attacked Kyiv.")
    attack = next(e for e in events if e.type == "ASSAULT")
    assert (attack.source, attack.target, attack.modality, attack.speaker) == (
        "BLR",
        "UKR",
        "reported",
        "UKR",
    )
    assert ("UKR", "ACCUSE", "BLR") in triples(events)


def test_a_denied_accusation_is_negated(pipeline) -> None:
    events = code(pipeline, "Iran denied accusations that it was sending drones to Russia.")
    aid = next(e for e in events if e.type == "AID")
    assert (aid.source, aid.target, aid.modality) == ("IRN", "RUS", "negated")


def test_a_means_adjunct_acts_by_the_main_subject(pipeline) -> None:
    events = code(pipeline, "Sudan accused the UAE of violating the embargo by supplying arms to the RSF.")
    supply = next(e for e in events if e.type == "AID")
    assert (supply.source, supply.target, supply.modality, supply.speaker) == (
        "ARE",
        "SDN-RSF",
        "reported",
        "SDN",
    )


def test_what_talks_are_about_is_no_party(pipeline) -> None:
    events = code(pipeline, "Egypt and Ethiopia discussed Sudan's water needs.")
    assert ("EGY", "CONSULT", "ETH") in triples(events)
    assert not any(e.target == "SDN" for e in events)
    hosted = code(pipeline, "Sisi received the Sudanese delegation in Cairo.")
    assert ("EGY", "CONSULT", "SDN") in triples(hosted)  # a delegation is a party


def test_a_threat_issued_together_threatens_no_co_issuer(pipeline) -> None:
    events = code(pipeline, "Rwanda and Congo pledged to cut off support for the rebels.")
    assert {e.source for e in events if e.type == "THREATEN"} == {"RWA", "COD"}
    assert not any(e.type == "THREATEN" and e.target in ("RWA", "COD") for e in events)


def test_a_news_agency_that_reports_an_attack_accuses_no_one(pipeline) -> None:
    text = "Saudi jets bombed Houthi positions on Monday, Houthi news agency SABA reported."
    events = code(pipeline, text)
    assert any(e.type == "ASSAULT" and e.modality == "reported" for e in events)
    assert not any(e.type == "ACCUSE" for e in events)


def test_breakaway_regions_of_a_state_are_not_the_state(pipeline) -> None:
    events = code(pipeline, "Putin recognised the independence of two breakaway regions of Ukraine.")
    assert any(e.source == "RUS" and e.type == "SUPPORT" for e in events)
    assert not any(e.target == "UKR" for e in events)


def test_a_verb_that_names_what_it_hails_inherits_no_target(pipeline) -> None:
    text = (
        "Qatar announced that Egypt and Sudan will restore diplomatic relations, hailing the news as a step."
    )
    hailing = [e for e in code(pipeline, text) if e.trigger == "hailing"]
    assert hailing and all(e.target is None and e.target_text == "the news" for e in hailing)
