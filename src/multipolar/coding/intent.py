"""Intentions, refusals and threats: how PLOVER reads an act by what is said of it.

The PLOVER manual defines some types by the stance toward another act rather than by a verb:

* AGREE: "Agree to, offer, promise, or otherwise indicate willingness or commitment to
  cooperate ... All cooperative actions reported in future tense are also taken to imply
  intentions." A doer's own planned or announced cooperative act ("X will send aid to Y", "X
  plans to meet Y", "X said it would release the prisoners") is AGREE.
* THREATEN: "All threats, coercive or forceful warnings ...": a doer's own announced coercive
  act ("X will impose sanctions on Y", "X plans to begin an operation against Y") is THREATEN.
* REJECT: "All rejections and refusals ... Refuse to ...": a doer's announced refusal of a
  cooperative act ("X will not release the prisoners") is REJECT.

"Own" means the doer states it, or the report gives no other speaker: a third party's forecast
("Italy said Turkey would attack") stays the act, marked future and reported. The event keeps
its trigger; the pattern records the reading (``+intent``, ``+refusal``), so it stays explained.
"""

from __future__ import annotations

from dataclasses import dataclass

from multipolar.coding.readings import suffix

COOPERATIVE_QUADS = ("verbal_cooperation", "material_cooperation")
COERCIVE_TYPES = frozenset(("ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"))
RESHAPED = frozenset(("AGREE", "REJECT", "THREATEN"))  # already stances: left as they are


@dataclass(frozen=True, slots=True)
class Reading:
    type: str
    modality: str
    suffix: str = ""


def read_stance(event_type: str, quad: str, modality: str, intent: bool, own: bool) -> Reading:
    """The PLOVER type and modality of an act of *event_type* given its modality and whether it is
    the doer's own stated intention (*intent*) made by the doer itself (*own*)."""
    if event_type in RESHAPED or not own:
        return Reading(event_type, modality)
    cooperative = quad in COOPERATIVE_QUADS
    if modality in ("future", "hedged") and intent:
        stated = "asserted" if modality == "future" else "hedged"  # "would like to meet": hedged AGREE
        if cooperative:
            return Reading("AGREE", stated, suffix("intent"))
        if event_type in COERCIVE_TYPES:
            return Reading("THREATEN", stated, suffix("intent"))
    if modality == "negated" and intent and cooperative:
        return Reading("REJECT", "asserted", suffix("refusal"))
    return Reading(event_type, modality)
