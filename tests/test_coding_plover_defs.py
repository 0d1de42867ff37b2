"""Rules read from PLOVER's definitions and English argument structure: an armed group or PMC sent
somewhere is personnel sent (AID to whom it helps, not to the group); signing a deal another
proposed accepts the proposal (AGREE toward the proposer, who signs nothing); "they" of a judging
predicate after a report ("said they violated ...") is what the reporters judged, not themselves;
ending one's own involvement in a war is RETREAT (by its owner), not SANCTION; what coordinated doers
call "their" own is no target of theirs. Every sentence is
written for this test; each case lists the events that must be coded and those that must not, as
(source, target, type)."""

from __future__ import annotations

import pytest

from multipolar.document import Document

CASES = [
    # ------------------------------------------ a named armed group or PMC sent: fighters sent (AID)
    (
        "In 2021 the Kremlin dispatched the Wagner Group to eastern Libya to help Khalifa Haftar.",
        {("RUS", "LBY-LAAF", "AID")},
        {("RUS", "RUS-WAGNER", "AID")},
    ),
    (
        "In 2020 Ankara sent the Sultan Murad Division to Azerbaijan.",
        {("TUR", "AZE", "AID")},
        set(),
    ),
    # ------------------------------------------ signing another's proposal accepts it (AGREE); the
    # proposer signed nothing
    (
        "Ghana and Togo ratified a treaty drafted by the African Union.",
        {("GHA", "AU", "AGREE"), ("TGO", "AU", "AGREE")},
        {("AU", "GHA", "SUPPORT"), ("GHA", "AU", "SUPPORT"), ("AU", "TGO", "SUPPORT")},
    ),
    # ... while a deal signed with someone stays a signing by both
    (
        "Ghana signed a trade accord with Togo.",
        {("GHA", "TGO", "SUPPORT"), ("TGO", "GHA", "SUPPORT")},
        set(),
    ),
    # ------------------------------------------ "they" of a judging predicate after a report: what was
    # judged, not the reporters ("they violated ..." says what the acts did)
    (
        "Chile and Peru criticised Bolivia's border closures and said they breached the Andean treaty.",
        {("CHL", "BOL", "ACCUSE"), ("PER", "BOL", "ACCUSE")},
        {("CHL", None, "REJECT"), ("PER", None, "REJECT")},
    ),
    (
        "Norway and Iceland denounced Russia's naval drills, saying they threatened NATO.",
        {("NOR", "RUS", "ACCUSE")},
        {("NOR", "NATO", "THREATEN"), ("ISL", "NATO", "THREATEN")},
    ),
    # ... while what the reporters say they will do is theirs
    (
        "Chile and Peru criticised Bolivia's border closures and said they would impose tariffs on Bolivia.",
        {("CHL", "BOL", "THREATEN"), ("PER", "BOL", "THREATEN")},
        set(),
    ),
    # ------------------------------------------ ending one's own part in a war de-escalates one's own
    # force (RETREAT, by the one whose part it is), it cuts no help given to anyone (SANCTION)
    (
        "Qatari mediators travelled to Khartoum to end Cairo's military involvement in Sudan.",
        {("EGY", "SDN", "RETREAT")},
        {("QAT", "SDN", "SANCTION"), ("QAT", "SDN", "RETREAT"), ("EGY", "SDN", "SANCTION")},
    ),
    # ... while halting aid to someone still is a sanction
    ("Denmark halted its military aid to Mali.", {("DNK", "MLI", "SANCTION")}, set()),
    # ------------------------------------------ "their" of coordinated doers on what each holds is each
    # one's own: "X and Y recalled their envoys" acts on neither; an act they share still joins them
    (
        "Chile and Peru recalled their ambassadors.",
        set(),
        {("CHL", "PER", "SANCTION"), ("PER", "CHL", "SANCTION")},
    ),
    (
        "Chile and Peru expelled their Bolivian counterparts.",
        {("CHL", "BOL", "SANCTION"), ("PER", "BOL", "SANCTION")},
        {("CHL", "PER", "SANCTION"), ("PER", "CHL", "SANCTION")},
    ),
    (
        "Chile and Peru praised their growing cooperation.",
        {("CHL", "PER", "SUPPORT"), ("PER", "CHL", "SUPPORT")},
        set(),
    ),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), CASES, ids=[c[0][:48] for c in CASES])
def test_plover_definitions(pipeline, text: str, wanted: set, unwanted: set) -> None:
    events = pipeline.process(Document(text=text)).events
    coded = {(e.source, e.target, e.type) for e in events}
    assert wanted <= coded, coded
    assert not (unwanted & coded), coded
