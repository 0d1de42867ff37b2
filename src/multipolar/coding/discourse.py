"""Discourse: what one event learns from the events around it.

* Target inheritance: a later reference to an act ("X's deployment", "thanks to X's support")
  is the same relation as the act named in full earlier, so it takes the same target.
* Event anaphora: "condemned the deal", "attended the talks", "condemned the attack" stand for
  the parties of the latest act of that kind coded (its doer, for a hostile act).
* Reported accusations: "X said Y attacked Z" is Y's attack as X reports it, and X's
  accusation of Y (PLOVER ACCUSE: allege, charge, blame), when the reported act is hostile.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Token

from multipolar.coding.arguments import lemma
from multipolar.document import Event, Mention, Reference

if TYPE_CHECKING:
    from multipolar.coding.references import ReferenceWords


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
    nouns = nominal if nominal is not None else frozenset()
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
                references=inherited(event, earlier.target, earlier.target_text),
                id="",
            )
        elif event.target is None and event.pattern in on_support and event.source in supported:
            earlier = supported[event.source]
            event = replace(
                event,
                target=earlier.target,
                target_text=event.target_text or earlier.target_text,
                pattern=f"{event.pattern}+antecedent",
                references=inherited(event, earlier.target, earlier.target_text),
                id="",
            )
        elif (
            event.target is None and key in latest and not (event.target_text and event.pattern not in nouns)
        ):
            # (a verb that names what it was aimed at, "hailing the news", is no repeat of the act)
            target, text, sentence = latest[key]
            if nominal is None or event.pattern in nominal or sentence == event.start:
                event = replace(
                    event,
                    target=target,
                    target_text=event.target_text or text,
                    pattern=f"{event.pattern}+antecedent",
                    references=inherited(event, target, text),
                    id="",
                )
        elif event.target is not None:
            latest[key] = (event.target, event.target_text, event.start)
        if event.target is not None and event.type in ("AID", "SUPPORT") and event.modality != "negated":
            supported[event.source] = event
        resolved.append(event)
    return resolved


# Acts every party of which takes part in ("the talks", "the deal"); any other act named again
# ("the offensive", "the allegations") stands for its doer.
MUTUAL = frozenset(("CONSULT", "AGREE", "COOPERATE"))


def inherited(event: Event, target: str | None, text: str) -> tuple[Reference, ...]:
    """The event's references, and the target it took from the same act named earlier."""
    return (*event.references, Reference("target", event.trigger, target, text, "inherited"))


def event_parties(
    noun: Token,
    events: list[Event],
    agreements: list[tuple[str, list[Mention]]],
    words: ReferenceWords,
    between: bool = False,
    sentence: tuple[int, int] = (-1, -1),
) -> list[tuple[str, str]]:
    """ "condemned the attack", "Qatar also attended the meeting", "welcomed the deal": an act named
    by a definite noun with no party of its own refers back to the latest earlier act of its kind
    (``words.events``) and stands for its parties (event anaphora): every party of talks and
    agreements, the doer of any other act. An agreement is looked up among the agreements coded
    (a truce only among truces); a truce nobody made before, or talks someone mediates (*between*),
    are between the parties of the latest fighting (first of all, fighting in the same *sentence*:
    "fought a war before a truce was brokered"). Returns each party with the words that named it
    there."""
    word = lemma(noun)
    kinds = words.events.get(word, frozenset())
    between = between or word in words.truces
    here = [e for e in events if sentence[0] <= e.start and e.end <= sentence[1]]
    act = latest_act(here, frozenset(("ASSAULT",)), mutual=True) if between else None
    if act is None and "AGREE" in kinds:
        truce = word in words.truces
        for earlier, parties in reversed(agreements):
            if not truce or earlier in words.truces:
                return list({m.actor: (m.actor, m.text) for m in parties if m.actor}.values())
    act = act or latest_act(events, kinds)
    if act is None and between:  # a truce ends the latest fighting
        act = latest_act(events, frozenset(("ASSAULT",)), mutual=True)
    if act is None:
        return []
    if act[0].type in MUTUAL or between:
        named = [(e.source, e.source_text) for e in act] + [(e.target, e.target_text) for e in act]
    else:
        named = [(e.source, e.source_text) for e in act]
    return list({actor: (actor, text) for actor, text in named if actor}.values())


def latest_act(events: list[Event], kinds: frozenset[str], mutual: bool = False) -> list[Event] | None:
    """The events of the latest act of one of *kinds* (one trigger of one sentence), not denied;
    for a joint act (talks, agreements, or *mutual*), one with two parties or more."""
    for event in reversed(events):
        if event.type not in kinds or event.modality == "negated":
            continue
        same = (event.trigger, event.start, event.type)
        act = [e for e in events if (e.trigger, e.start, e.type) == same]
        parties = {a for e in act for a in (e.source, e.target) if a}
        if (mutual or event.type in MUTUAL) and len(parties) < 2:
            continue
        return act
    return None


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
        source_text=speaker.name,
        target_text=event.source_text,
        references=tuple(
            replace(r, role={"speaker": "source", "source": "target"}[r.role])
            for r in event.references
            if r.role in ("speaker", "source")
        ),
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
