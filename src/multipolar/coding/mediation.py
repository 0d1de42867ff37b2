"""Mediators: whoever brokers an agreement or talks consults each of their parties.

PLOVER counts mediation as CONSULT (mode third-party): "talks mediated by X" are talks X holds
with each side. Reports name the mediator in a participle on the agreement or talks and the parties
in the act that noun belongs to: "Y and Z agreed to restore ties in a deal brokered by X", "Y and Z
agreed to a truce after talks mediated by X", "Y and Z agreed ..., a breakthrough brokered by X",
"the X-brokered deal between Y and Z". :func:`mediated_parties` gives such a mediator's CONSULT
events the parties of that act: the cooperative act (an agreement, talks, a truce, a signing)
the participle's noun hangs under, or the noun's own "between"/"with" parties. The participles are
the lexicon's ``mediation`` list (``data/patterns/syntax.yaml``); events so paired carry the pattern
suffix ``+parties``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Token

from multipolar.coding.arguments import lemma, pobjs
from multipolar.coding.readings import READINGS
from multipolar.document import Event, Mention

READINGS.declare(
    "parties",
    "A mediator named in a participle on an agreement or talks ('a deal brokered by X', 'the X-brokered "
    "truce') consults each party of the act that agreement or those talks belong to.",
    stage="sentence",
    where="coding.mediation",
)

PARTIES = "+parties"
MEDIATED_TYPES = frozenset(("AGREE", "CONSULT", "SUPPORT", "RETREAT", "COOPERATE", "CONCEDE"))
MAX_STEPS = 6


def governing_parties(noun: Token, produced: dict[int, list[Event]], skip: set[int]) -> list[Event]:
    """The cooperative events of the nearest trigger above *noun* (or *noun* itself). An act with
    one party named ("X agreed to a truce mediated by Y") has that party: Y consulted X."""
    node = noun
    for _ in range(MAX_STEPS):
        events = [e for e in produced.get(node.i, []) if e.type in MEDIATED_TYPES]
        if events and node.i not in skip:
            return events
        if node.head.i == node.i:
            return []
        node = node.head
    return []


def mediated_parties(
    participles: list[tuple[Token, list[Mention]]],
    produced: dict[int, list[Event]],
    make: Callable[[Event, Mention, str, str], Event],
) -> dict[int, list[Event]]:
    """For each participle (with its mediators) that qualifies a cooperative act, the CONSULT
    events of each mediator with each party of that act, by the participle's token index. *make*
    makes one from the act's event it copies modality and date from, the mediator, the party and
    the trigger word."""
    out: dict[int, list[Event]] = {}
    for participle, mediators in participles:
        acts = governing_parties(participle.head, produced, {participle.i})
        parties: dict[str, Event] = {}
        for e in acts:
            for actor in (e.source, e.target):
                if actor and actor not in parties:
                    parties[actor] = e
        found = [
            make(act, mediator, actor, participle.text)
            for mediator in mediators
            for actor, act in parties.items()
            if actor != mediator.actor
        ]
        if found:
            out[participle.i] = found
    return out


def mediators_of(
    tok: Token, mediation: frozenset[str], actors_of: Callable[[Token], list[Mention]]
) -> list[Mention]:
    """Who a participle of mediation names as mediating: its agent ("brokered by X") or the name
    before its hyphen ("the X-brokered deal")."""
    if (
        lemma(tok) not in mediation
        or tok.dep_ not in ("acl", "amod")
        or tok.head.pos_ not in ("NOUN", "PROPN")
    ):
        return []
    found = [m for c in tok.children if c.dep_ == "agent" for o in pobjs(c) for m in actors_of(o)]
    if not found:
        found = [
            m
            for c in tok.children
            if c.dep_ in ("npadvmod", "compound", "nmod") and c.i < tok.i
            for m in actors_of(c)
        ]
    return [m for m in found if m.actor]


def consult_of(event: Event, mediator: Mention, actor: str, trigger: str, quad: str, polarity: int) -> Event:
    """A mediator's CONSULT with one party, dated and qualified as the act it mediated."""
    return replace(
        event,
        source=mediator.actor,
        target=actor,
        type="CONSULT",
        quad=quad,
        polarity=polarity,
        mode="third-party",
        context="diplomatic",
        pattern=f"consult.mediate{PARTIES}",
        trigger=trigger,
        source_text=mediator.name,
        target_text=event.source_text if actor == event.source else event.target_text,
        references=(),
        id="",
    )
