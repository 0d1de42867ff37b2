"""Coder rules added for longer analytical prose: one table row per construction (our own
sentences), with the events that must and must not come out. Mentions come from a small
gazetteer (with multiword names and people) so the resolver cannot change what is tested."""

from __future__ import annotations

from datetime import date

import pytest

from multipolar.coding import Coder
from multipolar.document import Document, Mention
from multipolar.nlp import load_nlp
from test_coding_gazetteer import GAZETTEER

NAMES = {  # multiword names and people: (actor, person)
    "Sudan Armed Forces": ("SDN-SAF", None),
    "Erdogan": ("TUR", "TUR-ERDOGAN"),
    "Putin": ("RUS", "RUS-PUTIN"),
    "Chad": ("TCD", None),
    "Italian": ("ITA", None),
    "GNA": ("LBY-GNA", None),
    "Sarraj": ("LBY-GNA", "LBY-SARRAJ"),
    "head of Libya": ("LBY", None),
    "Libya": ("LBY", None),
}


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def coder():
    return Coder(registry=None)


def mentions_for(doc) -> list[Mention]:
    sents = {s.start: k for k, s in enumerate(doc.sents)}
    k, out, skip = -1, [], -1
    for tok in doc:
        k = sents.get(tok.i, k)
        if tok.i <= skip:
            continue
        for name, (actor, person) in NAMES.items():
            words = name.split()
            span = doc[tok.i : tok.i + len(words)]
            if [t.text for t in span] == words:
                out.append(
                    Mention(
                        span.start_char, span.end_char, name, actor, "alias", k, span.start, span.end, person
                    )
                )
                skip = span.end - 1
                break
        else:
            if tok.text in GAZETTEER:
                out.append(
                    Mention(
                        tok.idx,
                        tok.idx + len(tok),
                        tok.text,
                        GAZETTEER[tok.text],
                        "alias",
                        k,
                        tok.i,
                        tok.i + 1,
                    )
                )
    return out


def code(nlp, coder, text: str):
    doc = nlp(text)
    return coder(doc, mentions_for(doc), Document(text=text, date=date(2020, 3, 1)))


def triples(events) -> set[tuple]:
    return {(e.source, e.target, e.type) for e in events}


# (sentence, triples that must be coded, triples that must not)
CASES = [
    # a word inside an actor's name is never a trigger
    ("The Sudan Armed Forces attacked Chad.", {("SDN-SAF", "TCD", "ASSAULT")}, {("SDN-SAF", None, "AID")}),
    # a possessive on the last conjunct belongs to every conjunct
    (
        "Italy, Greece and Egypt's backing of Haftar worried Turkey.",
        {("ITA", "LBY-LAAF", "SUPPORT"), ("GRC", "LBY-LAAF", "SUPPORT"), ("EGY", "LBY-LAAF", "SUPPORT")},
        set(),
    ),
    # agent nouns describe their holder
    ("Egypt has long been a loyal Haftar backer.", {("EGY", "LBY-LAAF", "SUPPORT")}, set()),
    ("Greece, a staunch supporter of Egypt, objected.", {("GRC", "EGY", "SUPPORT")}, set()),
    # "in support of X's campaign": the campaign's owner benefits
    ("Egypt sent fighter jets in support of Haftar's campaign.", {("EGY", "LBY-LAAF", "AID")}, set()),
    # a target inside an affiliation phrase
    ("Turkey increased military support for the units loyal to Haftar.", {("TUR", "LBY-LAAF", "AID")}, set()),
    # "with X" hanging on the object's "of" phrase; signing is mutual
    (
        "Egypt signed three memorandums of understanding with Greece on energy.",
        {("EGY", "GRC", "SUPPORT"), ("GRC", "EGY", "SUPPORT")},
        set(),
    ),
    # object control: "led X to condemn Y"
    (
        "Pressure from Italy led Greece to condemn Turkey.",
        {("GRC", "TUR", "ACCUSE")},
        {("ITA", "TUR", "ACCUSE")},
    ),
    # hyphenated compounds of actors: every actor takes part
    (
        "The Greece-Egypt-France alliance condemned Turkey.",
        {("GRC", "TUR", "ACCUSE"), ("EGY", "TUR", "ACCUSE"), ("FRA", "TUR", "ACCUSE")},
        set(),
    ),
    (
        "A Greece-Egypt rapprochement worried Turkey.",
        {("GRC", "EGY", "SUPPORT"), ("EGY", "GRC", "SUPPORT")},
        set(),
    ),
    # a definite agreement refers back to the latest agreement's parties
    (
        "Turkey signed a maritime deal with Haftar. Greece condemned the deal.",
        {("GRC", "TUR", "ACCUSE"), ("GRC", "LBY-LAAF", "ACCUSE")},
        set(),
    ),
    # pronouns: his -> the latest person, their -> the latest coordination, it -> a state
    (
        "Erdogan flew home from Paris. His conversation with Putin followed.",
        {("TUR", "RUS", "CONSULT")},
        set(),
    ),
    (
        "France and Egypt met in Cairo. Their support for Haftar has grown.",
        {("FRA", "LBY-LAAF", "SUPPORT"), ("EGY", "LBY-LAAF", "SUPPORT")},
        set(),
    ),
    ("Turkey said it had attacked Greece.", {("TUR", "GRC", "ASSAULT")}, set()),
    # reciprocal objects
    (
        "Egypt and Turkey accused each other of lying.",
        {("EGY", "TUR", "ACCUSE"), ("TUR", "EGY", "ACCUSE")},
        set(),
    ),
    # a named counterpart is one event; the host is the source
    ("Egypt met with Greece in Cairo.", {("EGY", "GRC", "CONSULT")}, {("GRC", "EGY", "CONSULT")}),
    ("Egypt hosted the Greek delegation.", {("EGY", "GRC", "CONSULT")}, {("GRC", "EGY", "CONSULT")}),
    # talks in a time adjunct are their own event, held by the clause's subject
    (
        "Egypt pledged to send aid to Sudan after a meeting with Greece.",
        {("EGY", "GRC", "CONSULT")},
        set(),
    ),
    # places stand for the actor they are near or in
    ("Russia shelled targets near Kyiv.", {("RUS", "UKR", "ASSAULT")}, set()),
    # "X said Y must ...": a demand, which swallows the demanded act
    ("Italy said that Turkey must withdraw.", {("ITA", "TUR", "REQUEST")}, {("TUR", None, "RETREAT")}),
    # readiness is an expressed intent
    ("Egypt is ready to send troops to Sudan.", {("EGY", "SDN", "AGREE")}, {("EGY", "SDN", "AID")}),
    # vocabulary: hunger strikes, ultimatums, curfews, diplomatic ties, cancelled visits
    (
        "Greek workers began a hunger strike against Turkey.",
        {("GRC", "TUR", "PROTEST")},
        {("GRC", None, "ASSAULT")},
    ),
    ("Turkey issued an ultimatum to Greece.", {("TUR", "GRC", "THREATEN")}, {("TUR", "GRC", "REQUEST")}),
    ("Egypt imposed a curfew in Sudan.", {("EGY", "SDN", "COERCE")}, set()),
    (
        "Israel and Sudan established diplomatic ties.",
        {("ISR", "SDN", "SUPPORT"), ("SDN", "ISR", "SUPPORT")},
        set(),
    ),
    ("France cancelled a planned visit to Mali.", {("FRA", "MLI", "SANCTION")}, set()),
    ("Egypt put its army on high alert near Sudan.", {("EGY", "SDN", "MOBILIZE")}, set()),
    (
        "Egypt and Sudan exchanged artillery fire.",
        {("EGY", "SDN", "ASSAULT"), ("SDN", "EGY", "ASSAULT")},
        set(),
    ),
    ("Greece closed its border with Turkey.", {("GRC", "TUR", "COERCE")}, set()),
    ("Greece bowed to Turkish demands.", {("GRC", "TUR", "CONCEDE")}, set()),
    ("Russia made concessions to Ukraine on gas prices.", {("RUS", "UKR", "CONCEDE")}, set()),
    ("China delivered vaccine doses to Mali.", {("CHN", "MLI", "AID")}, set()),
    # withdrawing or denying recognition reduces relations with whoever owned it
    (
        "Greece withdrew its recognition of the GNA.",
        {("GRC", "LBY-GNA", "SANCTION")},
        {("GRC", None, "RETREAT"), ("GRC", "LBY-GNA", "SUPPORT")},
    ),
    (
        "France and Egypt met. Their efforts to withdraw the GNA's recognition failed.",
        {("FRA", "LBY-GNA", "SANCTION"), ("EGY", "LBY-GNA", "SANCTION")},
        {("LBY-GNA", None, "SUPPORT"), ("FRA", None, "RETREAT")},
    ),
    # a wish that others act is a comment, which PLOVER does not code (the doer's own plan would be)
    (
        "Egypt wants to see recognition withdrawn from the GNA.",
        set(),
        {("EGY", "LBY-GNA", "SANCTION"), ("EGY", "LBY-GNA", "THREATEN")},
    ),
    ("Egypt wants to withdraw its recognition of the GNA.", {("EGY", "LBY-GNA", "THREATEN")}, set()),
    ("Egypt denied the GNA legitimacy.", {("EGY", "LBY-GNA", "SANCTION")}, set()),
    ("Egypt recalled its ambassador from Turkey.", {("EGY", "TUR", "SANCTION")}, set()),
    ("Greece downgraded its ties with Turkey.", {("GRC", "TUR", "SANCTION")}, set()),
    # attack nouns and fire take their target from "on/into/at/against"; "X-led" names the attacker
    ("Haftar fired rockets into Cairo.", {("LBY-LAAF", "EGY", "ASSAULT")}, set()),
    ("Haftar's blitzkrieg on Cairo stalled.", {("LBY-LAAF", "EGY", "ASSAULT")}, set()),
    ("A GNA-led counter-offensive against Haftar began.", {("LBY-GNA", "LBY-LAAF", "ASSAULT")}, set()),
    ("Egypt launched a counterattack against Sudan.", {("EGY", "SDN", "ASSAULT")}, set()),
    # a description in apposition to a person is the same participant
    (
        "Erdogan and Sarraj, head of Libya's GNA, signed a deal.",
        {("TUR", "LBY-GNA", "SUPPORT"), ("LBY-GNA", "TUR", "SUPPORT")},
        {("TUR", "LBY", "SUPPORT"), ("LBY", "TUR", "SUPPORT"), ("LBY-GNA", "LBY", "SUPPORT")},
    ),
    # several downed aircraft: one assault per owner
    (
        "The Russian downing of both an Italian drone and a French jet alarmed NATO.",
        {("RUS", "ITA", "ASSAULT"), ("RUS", "FRA", "ASSAULT")},
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected", "forbidden"), CASES, ids=[c[0][:40] for c in CASES])
def test_rule(nlp, coder, text, expected, forbidden):
    got = triples(code(nlp, coder, text))
    assert expected <= got, f"missing {expected - got}; got {got}"
    assert not (forbidden & got), f"unexpected {forbidden & got}"


# (sentence, event to look at, modality, speaker)
MODALITY = [
    # focus "not just" and a predicate about a nominal event in the subject do not negate or hedge it
    ("Russia's deployment of Wagner fighters was not just a rumour.", ("RUS", None, "AID"), "asserted", None),
    ("Egypt's talks with Greece should come as no surprise.", ("EGY", "GRC", "CONSULT"), "asserted", None),
    # ... but a predicate that says whether it happens still counts
    ("Egypt's talks with Greece will take place in May.", ("EGY", "GRC", "CONSULT"), "future", None),
    # the speaker of a participial reporting clause is the head clause's subject
    (
        "Italy's foreign minister spoke in Rome, stating that France and Egypt agreed to meet.",
        ("FRA", "EGY", "AGREE"),
        "reported",
        "ITA",
    ),
    # a time clause with a reporting verb is not a quotation
    (
        "France cancelled a visit to Mali after a curfew was declared.",
        ("FRA", "MLI", "SANCTION"),
        "asserted",
        None,
    ),
]


@pytest.mark.parametrize(("text", "key", "modality", "speaker"), MODALITY, ids=[m[0][:40] for m in MODALITY])
def test_modality_rule(nlp, coder, text, key, modality, speaker):
    events = [e for e in code(nlp, coder, text) if (e.source, e.target, e.type) == key]
    assert events, f"no {key} in {triples(code(nlp, coder, text))}"
    assert (events[0].modality, events[0].speaker) == (modality, speaker)
