"""Discourse: what one event learns from the events around it.

* Target inheritance: a later reference to an act ("X's deployment", "thanks to X's support")
  is the same relation as the act named in full earlier, so it takes the same target.
* Event anaphora: "condemned the deal" stands for the parties of the latest agreement coded.
* Reported accusations: "X said Y attacked Z" is Y's attack as X reports it, and X's
  accusation of Y (PLOVER ACCUSE: allege, charge, blame), when the reported act is hostile.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from spacy.tokens import Token

from multipolar.coding.actors import MentionIndex
from multipolar.coding.arguments import lemma
from multipolar.document import Event, Mention


def inherit_targets(
    events: list[Event],
    nominal: Collection[str] | None = None,
    support_words: Collection[str] = (),
    ontology: object = None,
    on_support: Collection[str] = (),
) -> list[Event]:
    """Give a targetless event the target of the latest earlier event with its source and type.

    Across sentences only events of the *nominal* pattern ids inherit (every event when
    *nominal* is None): a verb in a later sentence is a new act ("X shot it down"); within a
    sentence coordinated verbs share their target ("would prohibit aid to X and would deny
    entry"). A bare word for support (*support_words*: "thanks to Russian support") refers back
    to the source's latest act of support, material or verbal, and takes its type as well; an act
    on one's own support (*on_support* patterns: "Turkey's decision to scale back its support") is
    aimed at whoever that support went to. The pattern records the inheritance (``+antecedent``),
    so the code stays explainable.
    """
    latest: dict[tuple[str, str], tuple[str, str, int]] = {}
    supported: dict[str, Event] = {}  # source -> its latest AID or SUPPORT with a target
    resolved: list[Event] = []
    for event in events:
        key = (event.source, event.type)
        bare_support = event.type == "SUPPORT" and event.trigger.lower() in support_words
        if event.target is None and bare_support and event.source in supported and ontology is not None:
            earlier = supported[event.source]
            kind = ontology[earlier.type]
            event = replace(
                event,
                target=earlier.target,
                target_text=event.target_text or earlier.target_text,
                type=earlier.type,
                quad=kind.quad,
                polarity=kind.polarity,
                mode=earlier.mode,
                context=earlier.context,
                pattern=f"{event.pattern}+antecedent",
                id="",
            )
        elif event.target is None and event.pattern in on_support and event.source in supported:
            earlier = supported[event.source]
            event = replace(
                event,
                target=earlier.target,
                target_text=event.target_text or earlier.target_text,
                pattern=f"{event.pattern}+antecedent",
                id="",
            )
        elif event.target is None and key in latest:
            target, text, sentence = latest[key]
            if nominal is None or event.pattern in nominal or sentence == event.start:
                event = replace(
                    event,
                    target=target,
                    target_text=event.target_text or text,
                    pattern=f"{event.pattern}+antecedent",
                    id="",
                )
        elif event.target is not None:
            latest[key] = (event.target, event.target_text, event.start)
        if event.target is not None and event.type in ("AID", "SUPPORT") and event.modality != "negated":
            supported[event.source] = event
        resolved.append(event)
    return resolved


def deal_parties(
    heads: list[Token], index: MentionIndex, deals: frozenset[str], truces: frozenset[str]
) -> list[Mention]:
    """ "condemned the deal": a definite agreement that names no actor stands for the parties of
    the latest agreement coded earlier in the document (event anaphora). A truce ("accepted the
    truce") refers back only to a truce, never to another kind of deal."""
    for h in heads:
        word = lemma(h)
        definite = any(c.dep_ in ("det", "poss") for c in h.children)
        if word in deals and definite:
            truce = word in truces
            for earlier, parties in reversed(index.agreements):
                if not truce or earlier in truces:
                    return list(parties)
    return []


# Hostile acts a third party can be accused of: reported by a speaker, they are the speaker's
# allegation against their doer.
ACCUSABLE = frozenset(("ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "THREATEN"))


def reported_accusation(event: Event, speaker: Mention, quad: str, polarity: int) -> Event | None:
    """The speaker's ACCUSE of the doer of a hostile act it reports ("Washington said that Syria
    had attacked ..." -> USA ACCUSE SYR), or None when the act is not hostile or the speaker
    reports its own act."""
    if event.type not in ACCUSABLE or speaker.actor in (None, event.source):
        return None
    return replace(
        event,
        source=speaker.actor,
        target=event.source,
        type="ACCUSE",
        quad=quad,
        polarity=polarity,
        mode="allege",
        modality="asserted",
        speaker=None,
        pattern=f"accuse.reported+{event.pattern}",
        source_text=speaker.text,
        target_text=event.source_text,
        id="",
    )


def targetless_accusations(events: list[Event]) -> list[Event]:
    """An accusation with no target of its own is aimed at whoever its content says acted
    ("X was delivered by Y, Z alleged": Z accuses Y)."""
    for ev in events:
        if ev.type == "ACCUSE" and ev.target is None:
            for other in events:
                if other is not ev and other.speaker == ev.source and other.source != ev.source:
                    ev.target, ev.target_text = other.source, other.source_text
                    break
    return events
