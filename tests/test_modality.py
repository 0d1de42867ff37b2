"""Modality: asserted, hedged, negated, future and reported speech (with its speaker)."""

from __future__ import annotations

import pytest

from multipolar.coding import Coder, load_ontology
from multipolar.nlp import load_nlp
from test_coding_gazetteer import code


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def coder():
    return Coder(registry=None)


# (sentence, (source, target, type) of the event to look at, modality, speaker)
CASES = [
    ("Turkey attacked Greece.", ("TUR", "GRC", "ASSAULT"), "asserted", None),
    ("Turkey did not attack Greece.", ("TUR", "GRC", "ASSAULT"), "negated", None),
    ("Turkey never attacked Greece.", ("TUR", "GRC", "ASSAULT"), "negated", None),
    ("Turkey failed to attack Greece.", ("TUR", "GRC", "ASSAULT"), "negated", None),
    # refraining from an act is not doing it
    ("Turkey refrained from attacking Greece.", ("TUR", "GRC", "ASSAULT"), "negated", None),
    ("Italy abstained from condemning Turkey.", ("ITA", "TUR", "ACCUSE"), "negated", None),
    ("No talks were held between Egypt and Greece.", ("EGY", "GRC", "CONSULT"), "negated", None),
    ("Turkey may attack Greece.", ("TUR", "GRC", "ASSAULT"), "hedged", None),
    ("Turkey could attack Greece.", ("TUR", "GRC", "ASSAULT"), "hedged", None),
    ("Turkey is likely to attack Greece.", ("TUR", "GRC", "ASSAULT"), "hedged", None),
    ("Turkey seeks to attack Greece.", ("TUR", "GRC", "ASSAULT"), "hedged", None),
    ("Turkey will accuse Greece.", ("TUR", "GRC", "ACCUSE"), "future", None),
    ("Turkey is to investigate Greece.", ("TUR", "GRC", "ACCUSE"), "future", None),
    ("Italy said that Turkey attacked Greece.", ("TUR", "GRC", "ASSAULT"), "reported", "ITA"),
    ("Italy claimed Turkey had attacked Greece.", ("TUR", "GRC", "ASSAULT"), "reported", "ITA"),
    ("According to Italy, Turkey attacked Greece.", ("TUR", "GRC", "ASSAULT"), "reported", "ITA"),
    ('"Turkey attacked Greece," Italy said.', ("TUR", "GRC", "ASSAULT"), "reported", "ITA"),
    ("Turkey reportedly attacked Greece.", ("TUR", "GRC", "ASSAULT"), "reported", None),
    ("Turkey was reported to have attacked Greece.", ("TUR", "GRC", "ASSAULT"), "reported", None),
    ("Turkey is said to have attacked Greece.", ("TUR", "GRC", "ASSAULT"), "reported", None),
    # reported speech keeps its speaker under a stronger modality
    ("Italy said Turkey would attack Greece.", ("TUR", "GRC", "ASSAULT"), "future", "ITA"),
    ("Italy said Turkey did not attack Greece.", ("TUR", "GRC", "ASSAULT"), "negated", "ITA"),
    # negation does not leak to a coordinated verb
    ("Turkey did not meet Greece but attacked Egypt.", ("TUR", "EGY", "ASSAULT"), "asserted", None),
]


@pytest.mark.parametrize(("text", "triple", "modality", "speaker"), CASES, ids=[c[0][:40] for c in CASES])
def test_modality(nlp, coder, text, triple, modality, speaker):
    events = [e for e in code(nlp, coder, text) if (e.source, e.target, e.type) == triple]
    assert events, f"{triple} not coded"
    assert events[0].modality == modality
    assert events[0].speaker == speaker


# PLOVER reads some acts by the stance taken toward them: a doer's own planned cooperation is
# AGREE, its announced coercion THREATEN, its announced refusal REJECT; comments and appeals are
# not coded at all. (sentence, (source, target, type) expected, pattern suffix)
STANCES = [
    ("Turkey would like to meet Greece.", ("TUR", "GRC", "AGREE"), "+intent"),
    ("Turkey plans to send troops to Haftar.", ("TUR", "LBY-LAAF", "AGREE"), "+intent"),
    ("Turkey will send troops to Haftar.", ("TUR", "LBY-LAAF", "AGREE"), "+intent"),
    ("Turkey will attack Greece.", ("TUR", "GRC", "THREATEN"), "+intent"),
    ("Turkey intends to attack Greece.", ("TUR", "GRC", "THREATEN"), "+intent"),
    ("Turkey will impose sanctions on Greece.", ("TUR", "GRC", "THREATEN"), "+intent"),
    ("Turkey will not release the Greek soldiers.", ("TUR", "GRC", "REJECT"), "+refusal"),
]


@pytest.mark.parametrize(("text", "triple", "suffix"), STANCES, ids=[c[0][:40] for c in STANCES])
def test_intentions_refusals_and_threats(nlp, coder, text, triple, suffix):
    events = [e for e in code(nlp, coder, text) if (e.source, e.target, e.type) == triple]
    assert events, f"{triple} not coded in {[(e.source, e.target, e.type) for e in code(nlp, coder, text)]}"
    assert events[0].pattern.endswith(suffix)


def test_a_third_partys_forecast_stays_the_act(nlp, coder):
    events = code(nlp, coder, "Italy said Turkey would attack Greece.")
    assert {(e.source, e.target, e.type) for e in events} == {("TUR", "GRC", "ASSAULT")}


COMMENTS = [
    "Turkey is considering sending troops to Haftar.",
    "Italy urged Turkey to withdraw its troops from Syria.",
    "Greece hopes that Turkey will release the soldiers.",
    "Egypt expects Turkey to attack Haftar.",
    "Italy is pessimistic that Turkey will meet Greece.",
    "Italy called for talks between Turkey and Greece.",
    "A rapprochement between Turkey and Greece may follow.",
]


@pytest.mark.parametrize("text", COMMENTS, ids=[c[:40] for c in COMMENTS])
def test_comments_and_appeals_are_not_events(nlp, coder, text):
    assert code(nlp, coder, text) == []


def test_hedged_and_reported_events_are_kept_not_dropped(nlp, coder):
    text = "Turkey attacked Greece. Turkey may attack Egypt. Italy said Turkey attacked France."
    got = {(e.target, e.modality) for e in code(nlp, coder, text) if e.type == "ASSAULT"}
    assert got == {("GRC", "asserted"), ("EGY", "hedged"), ("FRA", "reported")}


def test_reporting_act_that_is_itself_an_event_is_coded(nlp, coder):
    events = code(nlp, coder, "Italy accused Turkey of attacking Greece.")
    triples = {(e.source, e.target, e.type, e.modality) for e in events}
    assert ("ITA", "TUR", "ACCUSE", "asserted") in triples
    assert ("TUR", "GRC", "ASSAULT", "reported") in triples


def test_saying_is_not_an_event_but_a_reported_attack_is_an_accusation(nlp, coder):
    events = code(nlp, coder, "Italy said that Turkey attacked Greece.")
    assert {(e.source, e.target, e.type) for e in events if e.source == "ITA"} == {("ITA", "TUR", "ACCUSE")}
    assert not [e for e in code(nlp, coder, "Italy said that Turkey met Greece.") if e.source == "ITA"]


def test_network_weights_rank_modalities():
    o = load_ontology()
    assert o.weight("asserted") == 1.0
    assert o.weight("asserted") > o.weight("reported") > o.weight("future") > o.weight("hedged") > 0
    assert o.weight("negated") == 0.0
