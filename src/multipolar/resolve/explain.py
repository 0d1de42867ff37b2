"""What each resolution rule means, and mentions as rows a user can read."""

from __future__ import annotations

from multipolar.document import Mention

RULES = {
    "alias": "a registered name or short form of the actor",
    "capital": "a capital city standing for its state",
    "seat": "a seat of power standing for the actor that governs from it (the Kremlin, Tripoli in 2016-2021)",
    "demonym": "a nationality adjective or noun (Turkish, the Turks)",
    "description": "a description that stands for one actor in the conflict and at the time of the text "
    "(the east-based army, the Tripoli-based government, the junta)",
    "sector": "a state and a noun of one of its sectors (a Brazilian court, Kenyan police, the Iraqi "
    "parliament)",
    "office": "a title with its state or organisation (the U.S. president, Russia's foreign minister)",
    "person": "a person's full name; the actor is the one they speak for on the document's date",
    "surname": "a person's short name, after a full mention or unique in the registry",
    "antecedent": "a bare title (the general) taking the nearest earlier compatible person",
    "context": "an ambiguous name settled by cue words or other actors in the text",
    "ambiguous": "a name with several readings and no context to choose: left unresolved",
    "provisional": "a group the registry does not know, named in the text: a provisional actor (X-...)",
    # Not kept as mentions: a capital named as a place ("talks in Moscow"), a name inside a longer
    # personal name ("Richard Wagner"), an ambiguous name whose cues point to its non-actor reading.
}


def explain(mentions: list[Mention]) -> list[dict]:
    """Mentions as rows for display: text, actor, person, rule and what the rule means."""
    return [
        {
            "text": m.text,
            "start": m.start,
            "end": m.end,
            "actor": m.actor,
            "person": m.person,
            "rule": m.rule,
            "candidates": list(m.candidates),
            "why": RULES.get(m.rule, ""),
        }
        for m in mentions
    ]
