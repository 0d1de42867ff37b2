"""The trigger lexicon (data/patterns/<type>.yaml): every PLOVER type and mode, read by definition.

Sentences we wrote for each type and mode, coded with hand-made actor mentions (the gazetteer in
test_coding_gazetteer.py), must give their (source, target, type, mode); appeals, comments and
non-acts must give nothing of the type they might be mistaken for. The data tests check the
lexicon itself: its size, its coverage of every mode, and that no two entries say the same thing.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
import yaml

from multipolar.coding import Coder, load_ontology, load_patterns
from multipolar.coding.patterns import default_dir
from multipolar.nlp import load_nlp
from test_coding_gazetteer import code


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def coder():
    return Coder(registry=None)


# (sentence, the (source, target, type, mode) it must give; a None target: any or none)
CODED = [
    # AGREE
    ("Turkey pledged to help Qatar.", ("TUR", "QAT", "AGREE", None)),
    ("Russia is ready to negotiate with Ukraine.", ("RUS", "UKR", "AGREE", None)),
    ("Azerbaijan accepted the mediation offer from France.", ("AZE", "FRA", "AGREE", None)),
    ("Russia proposed talks with Ukraine.", ("RUS", "UKR", "AGREE", None)),
    # CONSULT
    ("Egypt hosted the Turkish foreign minister.", ("EGY", "TUR", "CONSULT", "visit")),
    ("The French president telephoned Haftar.", ("FRA", "LBY-LAAF", "CONSULT", "phone")),
    ("Germany and France held a video call.", ("DEU", "FRA", "CONSULT", "phone")),
    ("Greece and Turkey held indirect talks.", ("GRC", "TUR", "CONSULT", "third-party")),
    ("Egypt attended the regional summit with Qatar.", ("EGY", "QAT", "CONSULT", "multilateral")),
    ("Qatar mediated between Israel and Iran.", ("QAT", "ISR", "CONSULT", None)),
    # SUPPORT
    ("Italy praised Egypt.", ("ITA", "EGY", "SUPPORT", None)),
    ("China recognised Sudan.", ("CHN", "SDN", "SUPPORT", None)),
    ("France threw its weight behind Haftar.", ("FRA", "LBY-LAAF", "SUPPORT", None)),
    ("Egypt and Greece restored diplomatic ties.", ("EGY", "GRC", "SUPPORT", None)),
    ("Germany reached an agreement with Egypt.", ("DEU", "EGY", "SUPPORT", None)),
    # CONCEDE
    ("Turkey apologised to Russia.", ("TUR", "RUS", "CONCEDE", None)),
    ("Mali bowed to pressure from France.", ("MLI", "FRA", "CONCEDE", None)),
    ("Iran dropped the charges against the Qatar nationals.", ("IRN", "QAT", "CONCEDE", None)),
    # COOPERATE
    ("Egypt extradited the suspects to Italy.", ("EGY", "ITA", "COOPERATE", None)),
    ("France shared intelligence with Mali.", ("FRA", "MLI", "COOPERATE", None)),
    ("Qatar joined forces with Turkey.", ("QAT", "TUR", "COOPERATE", None)),
    ("Turkey bought missiles from Russia.", ("TUR", "RUS", "COOPERATE", None)),
    # AID
    ("The UAE provided Haftar with drones.", ("ARE", "LBY-LAAF", "AID", "military")),
    ("Germany gave 50 million euros to Sudan.", ("DEU", "SDN", "AID", "economic")),
    ("Qatar sent humanitarian aid to Sudan.", ("QAT", "SDN", "AID", "humanitarian")),
    ("Qatar granted asylum to the Egyptian dissidents.", ("QAT", "EGY", "AID", "asylum")),
    ("Italy deployed peacekeepers in Mali.", ("ITA", "MLI", "AID", "military")),
    ("Russia is Egypt's main arms supplier.", ("RUS", "EGY", "AID", "military")),
    # RETREAT
    ("Russia withdrew its troops from Mali.", ("RUS", "MLI", "RETREAT", "withdraw")),
    ("Iran released the Qatar fishermen.", ("IRN", "QAT", "RETREAT", "release")),
    ("Italy returned the stolen statues to Egypt.", ("ITA", "EGY", "RETREAT", "return")),
    ("Haftar's forces laid down their weapons.", ("LBY-LAAF", None, "RETREAT", "disarm")),
    ("Armenia and Azerbaijan observed the ceasefire.", ("ARM", "AZE", "RETREAT", "ceasefire")),
    ("Sudan allowed UN inspectors into Darfur.", ("SDN", "UN", "RETREAT", "access")),
    ("The Malian prime minister resigned.", ("MLI", None, "RETREAT", "resign")),
    ("The EU lifted its sanctions on Iran.", ("EU", "IRN", "RETREAT", None)),
    # REQUEST
    ("Greece demanded the withdrawal of Turkish ships.", ("GRC", "TUR", "REQUEST", "yield")),
    ("Egypt demanded talks with Sudan.", ("EGY", "SDN", "REQUEST", "meet")),
    ("Ukraine demanded more weapons from Germany.", ("UKR", "DEU", "REQUEST", "assist")),
    ("The EU demanded the resignation of the Malian junta.", ("EU", "MLI", "REQUEST", "change")),
    # ACCUSE
    ("France condemned Russia.", ("FRA", "RUS", "ACCUSE", "disapprove")),
    ("Greece accused Turkey of espionage.", ("GRC", "TUR", "ACCUSE", "allege")),
    ("The UN investigated Sudan.", ("UN", "SDN", "ACCUSE", "investigate")),
    ("Egypt summoned the Turkish ambassador.", ("EGY", "TUR", "ACCUSE", "allege")),
    ("Greece lodged a complaint against Turkey.", ("GRC", "TUR", "ACCUSE", "allege")),
    # REJECT
    ("Azerbaijan turned down the French offer of talks.", ("AZE", "FRA", "REJECT", "meet")),
    ("Mali rejected the French demand.", ("MLI", "FRA", "REJECT", "yield")),
    ("Egypt refused aid from Qatar.", ("EGY", "QAT", "REJECT", "assist")),
    ("Haftar rejected the EU's call for elections.", ("LBY-LAAF", "EU", "REJECT", "yield")),
    ("Sudan rejected reforms demanded by the EU.", ("SDN", "EU", "REJECT", "change")),
    ("Russia vetoed the UN resolution.", ("RUS", "UN", "REJECT", "yield")),
    # THREATEN
    ("Turkey threatened Greece with sanctions.", ("TUR", "GRC", "THREATEN", "restrict")),
    ("Russia threatened Ukraine with military action.", ("RUS", "UKR", "THREATEN", "violence")),
    ("Egypt threatened Qatar with the expulsion of its diplomats.", ("EGY", "QAT", "THREATEN", "expel")),
    ("Turkey threatened the annexation of Cyprus.", ("TUR", None, "THREATEN", "territory")),
    ("Iran threatened Israel with a rupture of relations.", ("IRN", "ISR", "THREATEN", "relations")),
    ("Sudan threatened the Egyptian activists with arrest.", ("SDN", "EGY", "THREATEN", "arrest")),
    ("Mali threatened a ban on the French party.", ("MLI", "FRA", "THREATEN", "ban")),
    # PROTEST
    ("Greek protesters marched against Turkey.", ("GRC", "TUR", "PROTEST", "demo")),
    ("Egyptian rioters rampaged against Israel.", ("EGY", "ISR", "PROTEST", "riot")),
    ("Greek workers began a general strike against the EU.", ("GRC", "EU", "PROTEST", "strike-gen")),
    ("Greek teachers called a labour strike against the EU.", ("GRC", "EU", "PROTEST", "strike-lim")),
    ("The Egyptian prisoners began a hunger strike against Israel.", ("EGY", "ISR", "PROTEST", "strike-hun")),
    ("Greek consumers began a boycott against Turkey.", ("GRC", "TUR", "PROTEST", "boycott")),
    ("Greek farmers blocked the highway in protest against the EU.", ("GRC", None, "PROTEST", "obstruct")),
    # SANCTION
    ("The EU imposed an arms embargo on Sudan.", ("EU", "SDN", "SANCTION", None)),
    ("Egypt imposed visa restrictions on Turkey.", ("EGY", "TUR", "SANCTION", None)),
    ("Germany suspended its aid to Egypt.", ("DEU", "EGY", "SANCTION", "withdraw")),
    ("Egypt cut ties with Qatar.", ("EGY", "QAT", "SANCTION", "sever")),
    ("Turkey expelled the French ambassador.", ("TUR", "FRA", "SANCTION", "expel")),
    ("Italy cancelled the visit to Egypt.", ("ITA", "EGY", "SANCTION", "cancel")),
    ("The EU court fined Russia.", ("EU", "RUS", "SANCTION", "convict")),
    ("Russia pulled out of the deal with Ukraine.", ("RUS", "UKR", "SANCTION", "withdraw")),
    # MOBILIZE
    ("Turkey massed troops near Greece.", ("TUR", "GRC", "MOBILIZE", "troops")),
    ("Russia put its forces on alert.", ("RUS", None, "MOBILIZE", "troops")),
    ("Iran tested ballistic missiles near Israel.", ("IRN", "ISR", "MOBILIZE", "weapons")),
    ("Egypt deployed riot police against the Greek protesters.", ("EGY", "GRC", "MOBILIZE", "police")),
    ("Russia held military exercises near Ukraine.", ("RUS", "UKR", "MOBILIZE", "troops")),
    ("Russia deployed troops along the border with Ukraine.", ("RUS", "UKR", "MOBILIZE", "troops")),
    # COERCE
    ("Israel arrested the Egyptian journalists.", ("ISR", "EGY", "COERCE", "arrest")),
    ("Turkey deported the Egyptian migrants.", ("TUR", "EGY", "COERCE", "deport")),
    ("Russia annexed Ukraine's territory.", ("RUS", "UKR", "COERCE", "seize")),
    ("Turkey imposed a curfew in Turkey's east.", ("TUR", "TUR", "COERCE", "curfew")),
    ("Egypt declared martial law in Sudan.", ("EGY", "SDN", "COERCE", "martial-law")),
    ("Iran banned the Qatar party.", ("IRN", "QAT", "COERCE", "ban")),
    ("Russia censored the French websites.", ("RUS", "FRA", "COERCE", "censor")),
    ("Israel cut off water to Iran's embassy.", ("ISR", "IRN", "COERCE", "withhold")),
    ("Sudan confiscated the Egyptian farms.", ("SDN", "EGY", "COERCE", "confiscate")),
    ("Turkey cracked down on the Greek journalists.", ("TUR", "GRC", "COERCE", "restrict")),
    # ASSAULT
    ("Haftar's forces kidnapped the Turkish engineers.", ("LBY-LAAF", "TUR", "ASSAULT", "abduct")),
    ("Egyptian police beat the Greek protesters.", ("EGY", "GRC", "ASSAULT", "beat")),
    ("Israel tortured the Egyptian prisoners.", ("ISR", "EGY", "ASSAULT", "torture")),
    ("Iran executed the French spies.", ("IRN", "FRA", "ASSAULT", "execute")),
    ("Wagner fighters raped Malian women.", ("RUS-WAGNER", "MLI", "ASSAULT", "sexual")),
    ("Israel assassinated the Egyptian commander.", ("ISR", "EGY", "ASSAULT", "assassinate")),
    ("Russia demolished Greek homes.", ("RUS", "GRC", "ASSAULT", "destroy")),
    ("Greek villagers threw stones at Turkish police.", ("GRC", "TUR", "ASSAULT", "primitive")),
    ("Haftar's forces opened fire on Turkish soldiers.", ("LBY-LAAF", "TUR", "ASSAULT", "firearms")),
    ("Russia planted mines near Kyiv.", ("RUS", "UKR", "ASSAULT", "explosives")),
    ("Haftar carried out a suicide attack on Egypt.", ("LBY-LAAF", "EGY", "ASSAULT", "suicide-attack")),
    ("Russia fired missiles at Ukraine.", ("RUS", "UKR", "ASSAULT", "heavy-weapons")),
    ("Armenia and Azerbaijan clashed.", ("ARM", "AZE", "ASSAULT", None)),
    ("Russia violated the ceasefire with Ukraine.", ("RUS", "UKR", "ASSAULT", None)),
]

# (sentence, types it must not give)
NOT_CODED = [
    # appeals: asking, urging or inviting is not a demand, and PLOVER codes no appeals
    ("Greece urged Turkey to withdraw its ships.", {"REQUEST"}),
    ("Italy called on Egypt to release the activists.", {"REQUEST"}),
    ("France asked Germany for more weapons.", {"REQUEST"}),
    ("The EU appealed to Russia to end the war.", {"REQUEST"}),
    ("Egypt invited Sudan to the summit.", {"REQUEST"}),
    ("Qatar encouraged Iran to negotiate.", {"REQUEST"}),
    # sending a letter or a delegation is no aid
    ("Egypt sent a letter to Sudan.", {"AID"}),
    ("Turkey sent a delegation to Qatar.", {"AID"}),
    # words that only look like acts: a month, a figurative march, taking office
    ("Russia's troops arrived in late March.", {"PROTEST"}),
    ("The Egyptian march toward democracy continued.", {"ASSAULT", "PROTEST"}),
    ("Italy took office in March.", {"COERCE"}),
]


@pytest.mark.parametrize(("text", "expected"), CODED, ids=[c[0][:45] for c in CODED])
def test_each_type_and_mode_is_coded(nlp, coder, text, expected):
    """A None target in the case leaves the target to the coder's rules for unnamed targets."""
    got = {(e.source, e.target, e.type, e.mode) for e in code(nlp, coder, text)}
    source, target, etype, mode = expected
    fits = [g for g in got if g[0] == source and g[2:] == (etype, mode) and target in (None, g[1])]
    assert fits, f"got {got}"


@pytest.mark.parametrize(("text", "types"), NOT_CODED, ids=[c[0][:45] for c in NOT_CODED])
def test_appeals_comments_and_non_acts_are_not_coded(nlp, coder, text, types):
    got = {(e.source, e.target, e.type, e.pattern) for e in code(nlp, coder, text)}
    assert not {g for g in got if g[2] in types}, f"got {got}"


def test_the_cases_cover_every_type_and_mode():
    ontology = load_ontology()
    covered = {(t, m) for _, (_, _, t, m) in CODED}
    for name, etype in ontology.types.items():
        assert any(t == name for t, _ in covered), name
        for mode in etype.modes:
            assert (name, mode) in covered, (name, mode)


# ------------------------------------------------------------------ the data


def _trigger(p):
    return (p.kind, p.lemma, p.particle)


def test_at_least_1500_triggers_across_the_types():
    patterns = load_patterns()
    assert len({_trigger(p) for p in patterns.patterns}) >= 1500
    per_type = defaultdict(set)
    for p in patterns.patterns:
        per_type[p.type].add(_trigger(p))
    assert set(per_type) == set(load_ontology().types)
    assert all(len(triggers) >= 20 for triggers in per_type.values()), per_type.keys()


def test_every_type_has_entries_for_each_of_its_modes():
    ontology = load_ontology()
    patterns = load_patterns()
    for name, etype in ontology.types.items():
        modes = {p.mode for p in patterns.patterns if p.type == name}
        assert set(etype.modes) <= modes, (name, set(etype.modes) - modes)
    for p in patterns.patterns:
        assert p.mode is None or p.mode in ontology[p.type].modes, (p.id, p.mode)


def test_no_two_entries_say_the_same_thing():
    """One trigger with the same constraints in two entries: the second could only ever fire when
    the first yields no event, which only a joint entry (an exercise with no partner) may do."""
    seen = {}
    for p in load_patterns().patterns:
        key = (*_trigger(p), p.objects, p.objects_actor, p.modifiers, p.modals, p.requires, p.predicates)
        if key in seen:
            first = seen[key]
            assert first.joint and first.type != p.type, (p.id, first.id, key[:3])
        else:
            seen[key] = p


def test_one_file_per_type_and_every_id_in_its_file():
    """Each PLOVER type has its file; pattern ids are unique across the files."""
    folder = default_dir()
    ontology = load_ontology()
    ids = []
    for name in ontology.types:
        f = folder / f"{name.lower()}.yaml"
        specs = yaml.safe_load(f.read_text(encoding="utf-8"))["patterns"]
        assert specs, name
        ids += [s["id"] for s in specs]
    assert len(ids) == len(set(ids))
    words = yaml.safe_load((folder / "words.yaml").read_text(encoding="utf-8"))
    assert "patterns" not in words and {"appeals", "weapons", "personnel", "money"} <= set(words["lexicon"])


def test_triggers_are_single_tokens_with_at_most_a_particle_and_a_preposition():
    """The tokenizer splits hyphenated words, so a hyphenated verb could never be looked up
    (nouns are looked up whole, "counter-offensive"); appeal verbs are not triggers."""
    patterns = load_patterns()
    appeals = patterns.lexicon["appeals"]
    for p in patterns.patterns:
        assert not (p.kind == "verb" and "-" in p.lemma), p.id
        assert p.type != "REQUEST" or p.lemma not in appeals or p.objects or p.modals, (p.id, p.lemma)
