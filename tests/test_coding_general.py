"""General argument-structure rules for whom an act joins and whom it is aimed at, and what is
asserted: allies who wage a war together, the one a sending verb's purpose clause helps, forces
sent against the recipient's will, "as well as" coordination, and conditions by inversion. Every
sentence is written for this test; each case lists the events that must be coded and those that
must not, as (source, target, type)."""

from __future__ import annotations

import pytest

from multipolar.document import Document

CASES = [
    # ------------------------------------------ a war waged together is not waged on each other
    ("Kenya and Uganda waged war in Somalia.", set(), {("KEN", "UGA", "ASSAULT"), ("UGA", "KEN", "ASSAULT")}),
    (
        "Chad and Niger launched a war against Libya.",
        {("TCD", "LBY", "ASSAULT"), ("NER", "LBY", "ASSAULT")},
        {("TCD", "NER", "ASSAULT"), ("NER", "TCD", "ASSAULT")},
    ),
    # ... while being at war, or fighting one with each other, is two-sided
    (
        "Peru and Ecuador have been at war for years.",
        {("PER", "ECU", "ASSAULT"), ("ECU", "PER", "ASSAULT")},
        set(),
    ),
    (
        "Peru and Ecuador fought a war with each other.",
        {("PER", "ECU", "ASSAULT"), ("ECU", "PER", "ASSAULT")},
        set(),
    ),
    # ------------------------------------------ forces sent to help someone: the sender's aid to them
    # (wherever the parser hangs the purpose clause: here on the last items of the list sent); the
    # sent fighters are no doer of their own, their nationality no recipient, the enemy no recipient
    (
        "Cairo deployed special forces, Sudanese volunteers, gunboats and heavy artillery to defend Khartoum "
        "against the RSF.",
        {("EGY", "SDN", "AID")},
        {("SDN", None, "SUPPORT"), ("EGY", None, "AID"), ("EGY", "SDN-RSF", "AID")},
    ),
    (
        "Tehran shipped missiles, Afghan fighters, and drones to support the Houthis against Saudi Arabia.",
        {("IRN", "YEM-HOUTHI", "AID")},
        {("IRN", "AFG", "AID"), ("AFG", "YEM-HOUTHI", "AID"), ("IRN", "SAU", "AID")},
    ),
    (
        "Tehran deployed Iraqi fighters to protect Bashar al-Assad.",
        {("IRN", "SYR", "AID")},
        {("IRQ", "SYR", "AID")},
    ),
    # ------------------------------------------ forces sent against the recipient's will help no one
    (
        "Kenya sent soldiers to Somalia in spite of calls from Mogadishu for their withdrawal.",
        {("KEN", "SOM", "MOBILIZE")},
        {("KEN", "SOM", "AID")},
    ),
    (
        "Uganda sent troops to Congo over Kinshasa's protests.",
        {("UGA", "COD", "MOBILIZE")},
        {("UGA", "COD", "AID")},
    ),
    # ... but a third party's objection leaves the help as it is
    (
        "Iran sent drones to Russia despite Ukraine's protests.",
        {("IRN", "RUS", "AID")},
        {("IRN", "RUS", "MOBILIZE")},
    ),
    # ------------------------------------------ "as well as" coordinates, wherever the parser hangs it
    ("Eritrea as well as Egypt armed the rebels.", {("ERI", None, "AID"), ("EGY", None, "AID")}, set()),
    (
        "The junta is backed by Turkish drones, as well as Russian instructors.",
        {("TUR", None, "AID"), ("RUS", None, "AID")},
        set(),
    ),
    # ------------------------------------------ a condition by inversion is not asserted
    ("Had Kenya bombed Somalia, Ethiopia would have objected.", set(), {("KEN", "SOM", "ASSAULT")}),
    ("Had Chad invaded Niger, Mali would have protested.", set(), {("TCD", "NER", "ASSAULT")}),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), CASES, ids=[c[0][:48] for c in CASES])
def test_general_rules(pipeline, text: str, wanted: set, unwanted: set) -> None:
    events = pipeline.process(Document(text=text)).events
    coded = {(e.source, e.target, e.type) for e in events}
    assert wanted <= coded, coded
    assert not (unwanted & coded), coded
