"""The rule-based coder, table-driven: one sentence per construction, its expected events."""

from __future__ import annotations

import pytest

from multipolar.coding import Coder, load_ontology
from multipolar.document import Document
from multipolar.nlp import load_nlp
from test_coding_gazetteer import DOC_DATE, code, triples


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def coder():
    return Coder(registry=None)


# (sentence, triples that must be coded, triples that must not)
CASES = [
    # every PLOVER type at least once
    (
        "Russia agreed to withdraw its troops from Mali.",
        {("RUS", "MLI", "AGREE")},
        {("RUS", "MLI", "RETREAT")},
    ),
    # a named counterpart is one event (the gold convention); coordinated parties go both ways
    ("Egypt held talks with Greece on Tuesday.", {("EGY", "GRC", "CONSULT")}, {("GRC", "EGY", "CONSULT")}),
    ("Italy praised Egypt for its mediation.", {("ITA", "EGY", "SUPPORT")}, set()),
    (
        "Egypt and Greece signed a maritime agreement.",
        {("EGY", "GRC", "SUPPORT"), ("GRC", "EGY", "SUPPORT")},
        set(),
    ),
    ("Greece cooperated with Egypt on border security.", {("GRC", "EGY", "COOPERATE")}, set()),
    ("Turkey supplied drones to Haftar.", {("TUR", "LBY-LAAF", "AID")}, {("TUR", "LBY-LAAF", "SUPPORT")}),
    ("Russia withdrew its forces from Mali.", {("RUS", "MLI", "RETREAT")}, set()),
    ("Iran pardoned the Qatar nationals it had detained.", {("IRN", "QAT", "CONCEDE")}, set()),
    # a demand absorbs what it demands; an appeal ("urged") is no event in PLOVER (test_lexicon.py)
    (
        "Greece demanded that Turkey withdraw its ships.",
        {("GRC", "TUR", "REQUEST")},
        {("TUR", None, "RETREAT")},
    ),
    ("France condemned Russia for the attack.", {("FRA", "RUS", "ACCUSE")}, set()),
    ("Haftar rejected the proposal put forward by Russia.", {("LBY-LAAF", "RUS", "REJECT")}, set()),
    ("Turkey threatened Greece with military action.", {("TUR", "GRC", "THREATEN")}, set()),
    ("Crowds in Athens protested against Turkey.", {("GRC", "TUR", "PROTEST")}, set()),
    ("The EU imposed sanctions on Iran.", {("EU", "IRN", "SANCTION")}, set()),
    ("Turkey massed troops near Greece.", {("TUR", "GRC", "MOBILIZE")}, set()),
    ("Israel arrested the Iran agents.", {("ISR", "IRN", "COERCE")}, set()),
    ("Haftar attacked Turkey.", {("LBY-LAAF", "TUR", "ASSAULT")}, set()),
    # passive voice: the "by" agent acts, the subject suffers
    (
        "A Turkish drone was shot down by Haftar.",
        {("LBY-LAAF", "TUR", "ASSAULT")},
        {("TUR", "LBY-LAAF", "ASSAULT")},
    ),
    ("Greece was attacked by Turkey.", {("TUR", "GRC", "ASSAULT")}, {("GRC", "TUR", "ASSAULT")}),
    # coordination expands sources and targets
    (
        "France and Egypt back Haftar.",
        {("FRA", "LBY-LAAF", "SUPPORT"), ("EGY", "LBY-LAAF", "SUPPORT")},
        set(),
    ),
    ("Italy condemned Russia and Turkey.", {("ITA", "RUS", "ACCUSE"), ("ITA", "TUR", "ACCUSE")}, set()),
    # possessives and nominal triggers
    (
        "Russia's deployment of Wagner mercenaries in support of Haftar alarmed Italy.",
        {("RUS", "LBY-LAAF", "AID")},
        {("RUS", "ITA", "AID")},
    ),
    (
        "Turkey condemned the downing of a Turkish drone by Haftar.",
        {("LBY-LAAF", "TUR", "ASSAULT"), ("TUR", "LBY-LAAF", "ACCUSE")},
        set(),
    ),
    ("Haftar's offensive on Tripoli drew criticism from Italy.", set(), {("LBY-LAAF", "ITA", "ASSAULT")}),
    ("Emirati drones struck Haftar's rivals near Tripoli.", set(), set()),
    ("Russia launched airstrikes against Turkey.", {("RUS", "TUR", "ASSAULT")}, set()),
    # instrument: the actor in the subject's modifier acts
    ("Emirati drones bombed Turkish positions.", {("ARE", "TUR", "ASSAULT")}, set()),
    # xcomp chains: the controller acts
    ("Germany decided to scale back its support to Egypt.", {("DEU", "EGY", "SANCTION")}, set()),
    ("Italy halted its military aid to Egypt.", {("ITA", "EGY", "SANCTION")}, {("ITA", "EGY", "AID")}),
    # accusation content: the accused acts, reported by the accuser
    (
        "Turkey accused Russia of arming Haftar.",
        {("TUR", "RUS", "ACCUSE"), ("RUS", "LBY-LAAF", "AID")},
        {("TUR", "LBY-LAAF", "AID")},
    ),
    # a relative clause's antecedent acts
    ("Italy criticised Russia, which attacked Turkey.", {("RUS", "TUR", "ASSAULT")}, set()),
    # a nominal act that another noun is about is background, not an event
    ("Analysts debated the likely outcome of Russia's offensive.", set(), {("RUS", None, "ASSAULT")}),
    ("Russia's offensive on Ukraine stalled.", {("RUS", "UKR", "ASSAULT")}, set()),
    # domestic acts aim at the place where they happen, the doer's own country included
    ("Egypt lifted the curfew in Sudan.", {("EGY", "SDN", "CONCEDE")}, set()),
    ("Turkey imposed a curfew in Turkey's east.", {("TUR", "TUR", "COERCE")}, set()),
    ("Mali accepted the demands of France.", {("MLI", "FRA", "CONCEDE")}, set()),
    ("Italy announced a suspension of flights to Egypt.", {("ITA", "EGY", "SANCTION")}, set()),
    ("Russia expelled inspectors from Iran.", set(), {("RUS", "IRN", "AID")}),
    # AID needs a recipient: troops sent to a border are a deployment
    (
        "Greece deployed troops to the border with Turkey.",
        {("GRC", "TUR", "MOBILIZE")},
        {("GRC", "TUR", "AID")},
    ),
    ("Greece sent troops to Egypt.", {("GRC", "EGY", "AID")}, set()),
    # a threat aims at whoever its condition names, else where the threatened act would happen
    (
        "Iran threatened to close the strait unless Egypt released the tanker.",
        {("IRN", "EGY", "THREATEN")},
        set(),
    ),
    ("Turkey threatened to resume strikes in Greece.", {("TUR", "GRC", "THREATEN")}, set()),
    # exercises are cooperation between partners; one state's own drills are not
    (
        "Greek and Egyptian frigates began five days of war games.",
        {("GRC", "EGY", "COOPERATE"), ("EGY", "GRC", "COOPERATE")},
        set(),
    ),
    ("Russia held naval exercises with China.", {("RUS", "CHN", "COOPERATE")}, set()),
    ("Turkey held military exercises.", set(), {("TUR", None, "COOPERATE")}),
    # fighting alongside is cooperation, not an attack; a passive report's subject acts
    (
        "Wagner contractors were reported fighting alongside Haftar near Tripoli.",
        {("RUS-WAGNER", "LBY-LAAF", "COOPERATE")},
        {("RUS-WAGNER", "LBY-LAAF", "ASSAULT")},
    ),
    ("Turkey was said to be supplying Qatar.", {("TUR", "QAT", "AID")}, set()),
    # supplying an actor is aid to it; speaking to an actor is consulting it
    ("Turkey said that Ankara was supplying Qatar.", {("TUR", "QAT", "AID")}, set()),
    ("The French president spoke to Haftar by telephone.", {("FRA", "LBY-LAAF", "CONSULT")}, set()),
    # "the truce" refers back to a truce, not to the latest deal of another kind
    (
        "Russia and Turkey signed a ceasefire. Turkey signed a memorandum with Qatar. "
        "Egypt accepted the truce.",
        {("EGY", "RUS", "AGREE"), ("EGY", "TUR", "AGREE")},
        {("EGY", "QAT", "AGREE")},
    ),
    (
        "Turkey signed a memorandum with Qatar. Egypt accepted the truce.",
        {("EGY", None, "AGREE")},
        {("EGY", "QAT", "AGREE"), ("EGY", "TUR", "AGREE")},
    ),
    ("Turkey signed a memorandum with Qatar. Egypt condemned the deal.", {("EGY", "QAT", "ACCUSE")}, set()),
    # sentences without an actor or a trigger give nothing
    ("The weather in the capital was mild.", set(), set()),
]


@pytest.mark.parametrize(("text", "expected", "forbidden"), CASES, ids=[c[0][:40] for c in CASES])
def test_coded_triples(nlp, coder, text, expected, forbidden):
    got = triples(code(nlp, coder, text))
    assert expected <= got, f"missing {expected - got}; got {got}"
    assert not (forbidden & got), f"unexpected {forbidden & got}"


def test_sentence_without_triggers_or_actors_gives_nothing(nlp, coder):
    assert code(nlp, coder, "The weather in the capital was mild.") == []
    assert code(nlp, coder, "Unknown gunmen attacked a checkpoint.") == []


def test_every_event_is_explained_and_consistent(nlp, coder):
    text = (
        "Russia's deployment of Wagner mercenaries in support of Haftar alarmed Italy. "
        "Turkey attacked Greece."
    )
    events = code(nlp, coder, text)
    ontology = load_ontology()
    assert events
    for ev in events:
        assert ev.pattern and coder.patterns.by_id(ev.pattern) is not None
        assert ev.trigger and ev.trigger.split()[0] in ev.sentence
        assert ev.quad == ontology.quad(ev.type)
        assert ev.polarity == ontology.polarity(ev.type)
        assert text[ev.start : ev.end] == ev.sentence
        assert ev.source_text in ev.sentence


def test_deployment_in_support_is_military_aid(nlp, coder):
    (ev,) = [
        e
        for e in code(nlp, coder, "Russia deployed Wagner mercenaries in support of Haftar.")
        if e.type == "AID"
    ]
    assert (ev.source, ev.target, ev.mode, ev.context) == ("RUS", "LBY-LAAF", "military", "military")
    assert ev.pattern == "aid.arms" and ev.trigger == "deployed"


def test_downing_is_assault_with_trigger(nlp, coder):
    evs = code(nlp, coder, "Turkey condemned the downing of a Turkish drone by Haftar.")
    (assault,) = [e for e in evs if e.type == "ASSAULT"]
    assert assault.trigger == "downing" and assault.pattern == "assault.downing"


def test_symmetric_consult_goes_both_ways_and_never_self(nlp, coder):
    evs = code(nlp, coder, "Egypt and Greece held talks in Athens.")
    pairs = {(e.source, e.target) for e in evs if e.type == "CONSULT"}
    assert pairs == {("EGY", "GRC"), ("GRC", "EGY")}
    assert all(e.source != e.target for e in evs)


def test_one_sided_acts_are_not_mirrored(nlp, coder):
    evs = code(nlp, coder, "Turkey attacked Greece.")
    assert ("GRC", "TUR", "ASSAULT") not in triples(evs)


def test_event_offsets_point_into_a_multi_sentence_document(nlp, coder):
    text = "The weather was mild. Later, Turkey attacked Greece."
    (ev,) = code(nlp, coder, text)
    assert ev.sentence == "Later, Turkey attacked Greece."
    assert text[ev.start : ev.end] == ev.sentence


def test_event_date_explicit_else_document_else_none(nlp, coder):
    (ev,) = code(nlp, coder, "Turkey attacked Greece in late November.")
    assert ev.date == "2019-11-21/2019-11-30"
    (ev,) = code(nlp, coder, "Turkey attacked Greece.")
    assert ev.date == "2019-12-15"
    (ev,) = code(nlp, coder, "Turkey attacked Greece.", when=None)
    assert ev.date is None


def test_user_pattern_file_replaces_bundled_patterns(nlp, tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text(
        "patterns:\n  - id: my.scold\n    type: ACCUSE\n    verbs: [scold]\n    target: [object]\n",
        encoding="utf-8",
    )
    mine = Coder(registry=None, patterns=f)
    evs = code(nlp, mine, "France scolded Italy. France attacked Italy.")
    assert [(e.source, e.target, e.type, e.pattern) for e in evs] == [("FRA", "ITA", "ACCUSE", "my.scold")]


def test_coder_runs_with_the_real_resolver():
    from multipolar.resolve import Registry, Resolver

    nlp = load_nlp()
    registry = Registry.load()
    resolver, coder = Resolver(registry, nlp), Coder(registry)
    text = "France and Egypt back Haftar. Russia deployed Wagner mercenaries in support of Haftar."
    document = Document(text=text)
    doc = nlp(text)
    events = coder(doc, resolver(doc), document)
    got = {(e.source, e.type) for e in events}
    assert ("FRA", "SUPPORT") in got and ("EGY", "SUPPORT") in got and ("RUS", "AID") in got


def test_a_protest_at_home_is_aimed_at_the_protesters_own_country(pipeline):
    text = (
        "Kenyan opposition supporters protested in Nairobi. "
        "Thousands of Greeks demonstrated outside the Turkish consulate in Thessaloniki."
    )
    events = pipeline.process(Document(text=text)).events
    protests = {(e.source, e.target) for e in events if e.type == "PROTEST"}
    # the Kenyan opposition is a sector of Kenya (data/actors/sectors.tsv), protesting at home
    assert protests == {("KEN-OPPOSITION", "KEN"), ("GRC", "TUR")}


def test_evidence_has_no_surrounding_whitespace(nlp, coder):
    text = "Turkey attacked Greece.\n\nFrance met Italy.\n"
    evs = code(nlp, coder, text)
    assert evs
    for ev in evs:
        assert ev.sentence == ev.sentence.strip()
        assert text[ev.start : ev.end] == ev.sentence


def test_a_state_qualifying_its_own_body_is_not_a_second_participant():
    """ "Libya's GNA", "the Libyan GNA offensive": the body acts, not also its state."""
    from multipolar.resolve import Registry, Resolver

    nlp = load_nlp()
    registry = Registry.load()
    resolver, coder = Resolver(registry, nlp), Coder(registry)
    text = "The Libyan GNA offensive against Haftar stalled. Libya's GNA signed a deal with Turkey."
    doc = nlp(text)
    got = triples(coder(doc, resolver(doc), Document(text=text, date=DOC_DATE)))
    assert ("LBY-GNA", "LBY-LAAF", "ASSAULT") in got and ("LBY-GNA", "TUR", "SUPPORT") in got
    assert not any("LBY" in (s, t) for s, t, _ in got)
