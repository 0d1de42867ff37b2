"""Backoff pairing: the target of an act whose lexicon roles found none, read from the parse.

A lexicon entry names where its target stands (the object, "on", "against", "with" ...). Reports
often put the party a step further down, inside what the object or a prepositional phrase is
about: "suspended military aid and arms deals with X", "claimed responsibility for the attacks on
X", "demanded an end to another armed group, X", "imposed sanctions in relation to X". When every
role of the entry comes back empty, :func:`chained_targets` reads the trigger's *object side* as
English argument structure lays it out: the trigger's objects and prepositional phrases, and below
them only further prepositional, appositive, coordinated and noun-modifier links. It never enters a
clause with its own predicate (relative, adverbial, complement, participial), never climbs to the
subject side, and skips the doer's own phrases (an agent "by X", a noun's "of"/"from" owner),
adjuncts of time and attribution ("according to"), and where the act happened (the lexicon's
place roles already decide when a place stands for a party). A noun that names a party by what it
is ("the regions", "the group", "targets") is read by the actor finder, which knows its own "of"
and place phrases ("two breakaway regions of X" are not X): the walk stops there, named or not.
The talks of a CONSULT are about their object ("discussed X's missile programme"), and what a
REJECT refuses or violates is a proposal or a norm whose own parties are not the refuser's
counterpart ("broke the sanctions on X"): no backoff for either. A verb below the object starts a
clause of its own ("barred her from leaving X", "warned against scrapping the deal with X"): the
walk stops there.

The nearest actor by links wins; different actors at the same distance that are not coordinated
with each other leave the act without a target (argument structure, not word order, decides).
Every event paired this way carries the pattern suffix ``+chain`` (the reading of the same name),
so the code says how its target was found. The backoff is the last resort of the whole document:
an event the document layer can give a target (the same act named earlier with its target) takes
that one instead (:func:`last_resort`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Token

from multipolar.coding.arguments import TIME_ADJUNCTS
from multipolar.coding.readings import READINGS
from multipolar.document import Event, Mention

# Links that stay inside one noun phrase or prepositional chain below the object.
CHAIN_DEPS = frozenset(
    ("dobj", "pobj", "prep", "conj", "appos", "compound", "nmod", "poss", "npadvmod", "pcomp")
)
# The trigger's own object side (its first step).
VERB_STARTS = frozenset(("dobj", "dative", "prep", "attr", "oprd"))
NOUN_STARTS = frozenset(("prep",))
THEME_DEPS = frozenset(("dobj", "attr", "oprd"))
# A noun trigger's "by"/"from"/"of" phrase names its doer or its content, not a recipient.
NOUN_DOER_PREPS = frozenset(("by", "from", "of", "among", "between"))
NOT_PARTIES = frozenset(
    (
        *TIME_ADJUNCTS,
        "since",
        "until",
        "till",
        "despite",
        "amid",
        "like",
        "as",
        "than",
        "via",
        "because",
        "including",
        "except",
        "besides",
        "without",
        "per",
        "according",
        "in",
        "inside",
        "at",
        "near",
        "across",
        "around",
        "within",
        "outside",
        "along",
        "throughout",
        "over",
        "under",
        "beyond",
    )
)
NO_BACKOFF = frozenset(("CONSULT", "REJECT"))
# A cooperative act is done for someone; what it is "against" is the opponent ("helped defend X
# against Y"), never its recipient.
COOPERATIVE = frozenset(("AGREE", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"))
OPPOSING = frozenset(("against", "versus", "vs"))
CHAIN = "+chain"
MAX_LINKS = 6


READINGS.declare(
    "chain",
    "An act whose lexicon roles name no target is aimed at the nearest actor on the trigger's object "
    'side, through prepositional, appositive and coordinated links ("suspended aid and arms deals with X").',
    stage="roles",
    where="coding.backoff",
)


def chained_targets(
    tok: Token,
    kind: str,
    etype: str,
    sources: list[Mention],
    actors_of: Callable[[Token], list[Mention]],
    parties: frozenset[str] = frozenset(),
    opponents: frozenset[str] = frozenset(),
) -> list[Mention]:
    """The target actors on *tok*'s object side (see the module docstring), or []. *parties* are
    the nouns that name a party by what it is (the walk stops at them); *opponents* those that
    name the other side of whoever they are of ("the enemies of X"): the walk stops there too."""
    if etype in NO_BACKOFF:
        return []
    own = {m.actor for m in sources}
    starts = NOUN_STARTS if kind == "noun" else VERB_STARTS
    frontier = [
        c for c in tok.children if c.dep_ in starts and not (kind == "noun" and c.lower_ in NOUN_DOER_PREPS)
    ]
    # the object itself is what is done or given ("deployed special forces, Syrian fighters ..."): its
    # own modifiers name its owner, not a party; a party stands behind a preposition below it
    theme = {c.i for c in frontier if c.dep_ in THEME_DEPS}
    extra, listed = set_off(tok, frontier)
    frontier += extra
    theme |= {c.i for c in extra} if listed else set()
    seen = {tok.i}
    for _ in range(MAX_LINKS):
        blocked = NOT_PARTIES | OPPOSING if etype in COOPERATIVE else NOT_PARTIES
        frontier = [t for t in frontier if t.i not in seen and not (t.dep_ == "prep" and t.lower_ in blocked)]
        if not frontier:
            return []
        seen.update(t.i for t in frontier)
        found: list[tuple[Token, list[Mention]]] = []
        ends: set[int] = set()
        for t in frontier:
            if t.dep_ == "prep":
                continue
            if t.pos_ in ("VERB", "AUX"):
                ends.add(t.i)  # a clause of its own
                continue
            if t.i in theme and t.lemma_.lower() not in opponents:
                continue
            named = [m for m in actors_of(t) if m.actor and m.actor not in own]
            if named or t.lemma_.lower() in parties:
                ends.add(t.i)  # the party this branch names (the finder read its own phrases)
            if named:
                found.append((t, named))
        if found:
            heads = [t for t, _ in found]
            if all(coordinated(heads[0], h) for h in heads[1:]):
                out: list[Mention] = []
                for _, named in found:
                    out.extend(m for m in named if m.actor not in {o.actor for o in out})
                return out
            return []
        frontier = [c for t in frontier if t.i not in ends for c in t.children if c.dep_ in CHAIN_DEPS]
        theme |= {c.i for c in frontier if c.head.i in theme and c.dep_ != "prep"}
    return []


def coordinated(a: Token, b: Token) -> bool:
    """Whether *a* and *b* are conjuncts of one coordination (or one token)."""

    def top(t: Token) -> Token:
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        return t

    return top(a).i == top(b).i


def paired_by_backoff(event: Event) -> bool:
    """Whether *event*'s target came from the backoff (its pattern carries ``+chain``), not from
    a role of its trigger: such a pair yields to any other reading and is no antecedent."""
    return CHAIN in event.pattern


def last_resort(events: list[Event], resolve: Callable[[list[Event]], list[Event]]) -> list[Event]:
    """*resolve* (the document layer's target inheritance) run on *events* with each chained
    event's target taken away; an event it leaves targetless gets its chained target back."""
    chained: dict[int, Event] = {}
    plain: list[Event] = []
    for event in events:
        if paired_by_backoff(event):
            twin = replace(
                event,
                target=None,
                target_text="",
                pattern=event.pattern.replace(CHAIN, "").replace("+held", ""),
                references=tuple(r for r in event.references if r.role != "target"),
                id="",
            )
            chained[id(twin)] = event
            event = twin
        plain.append(event)
    return [chained.get(id(event), event) for event in resolve(plain)]


def set_off(tok: Token, objects: list[Token]) -> tuple[list[Token], bool]:
    """Noun phrases set off by a comma right after the object, which the parser hung on the verb
    itself, and whether they continue a list of what the object names. After a prepositional
    phrase they are the apposition of its object ("demanded an end to another armed group, the
    Democratic Forces for ..."); right after the object's own head they list more of it
    ("deployed special forces, Syrian fighters, frigates ...")."""
    if not objects:
        return [], False
    end = max(o.right_edge.i for o in objects)
    found = [
        c
        for c in tok.children
        if c.dep_ in ("dep", "appos", "npadvmod")
        and c.pos_ in ("NOUN", "PROPN")
        and c.left_edge.i == end + 2
        and tok.doc[end + 1].text == ","
    ]
    last = tok.doc[end]
    while last.dep_ != "pobj" and last.head.i != last.i and last.i not in {o.i for o in objects}:
        last = last.head
    return found, last.dep_ != "pobj"
