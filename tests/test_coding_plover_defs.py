"""Rules read from PLOVER's definitions and English argument structure: an armed group or PMC sent
somewhere is personnel sent (AID to whom it helps, not to the group). Every sentence is written for
this test; each case lists the events that must be coded and those that must not, as
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
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), CASES, ids=[c[0][:48] for c in CASES])
def test_plover_definitions(pipeline, text: str, wanted: set, unwanted: set) -> None:
    events = pipeline.process(Document(text=text)).events
    coded = {(e.source, e.target, e.type) for e in events}
    assert wanted <= coded, coded
    assert not (unwanted & coded), coded
