"""The walks over the parse are bounded: a pronoun whose antecedent leads back to the pronoun (the
thing delivered "to X and their use ...": X's conjunct holds "their", whose antecedent is X) ends
instead of recursing until Python gives up. Sentences written for this test."""

from __future__ import annotations

import pytest

from multipolar.coding.actors import MAX_DEPTH
from multipolar.document import Document

LOOPING = [
    "The council deplores the shipment of Syrian rockets to Lebanon and their reckless use in the "
    "campaign against Israel.",
    "NATO denounced the transfer of North Korean shells to Russia and their use in the assault on Ukraine.",
]


@pytest.mark.parametrize("text", LOOPING)
def test_a_pronoun_that_leads_back_to_itself_ends(pipeline, text):
    document = pipeline.process(Document(text=text))
    assert any(e.type == "ACCUSE" for e in document.events)


def test_the_walk_through_antecedents_stops_at_its_depth(pipeline):
    parsed = pipeline.nlp(LOOPING[1])
    index = pipeline.coder.index(parsed, pipeline.resolver(parsed))  # with its document layer
    finder = pipeline.coder.actors
    their = next(t for t in parsed if t.lower_ == "their")
    assert finder.actors_of(their, index, MAX_DEPTH + 1) == []
    # "their use": the shells' (North Korea's) or their user's (Russia), never nothing
    assert {m.actor for m in finder.actors_of(their, index)} & {"RUS", "PRK"}
