"""Places held by someone: the target of force used on them is whoever holds them.

PLOVER aims an attack on a place at the actor the place stands for. When the text says who holds
the place, that is the actor: "strikes on targets in Houthi-controlled Yemen" are aimed at the
Houthis, "shelling of rebel-held districts" at the rebels, "raids on territory held by X" or "areas
under X's control" at X, not at the state the place lies in. The holder is read from the place's
own phrase: a hyphenated modifier ("X-held", "X-controlled", "X-run", "X-occupied"), a participle
with an agent ("held by X") or "under the control of X" / "under X's control". The words are the
lexicon's ``holding`` list (``data/patterns/syntax.yaml``). Events so aimed carry the pattern
suffix ``+held``.

A place that is the seat of a non-state authority on the date (the registry's seats: an enclave
or capital held by a de facto government) is held by that authority: force used *in* it ("an
operation in Nagorno-Karabakh" in September 2023, "strikes in Sanaa" in 2024) is aimed at it
(:class:`Seats`), unless the doer is that authority, one of its units or its patron.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from spacy.tokens import Doc, Token

from multipolar.coding.actors import phrase_mention
from multipolar.coding.arguments import lemma, pobjs
from multipolar.coding.readings import READINGS
from multipolar.document import Mention

READINGS.declare(
    "held",
    'Force used on a place said to be held by someone ("targets in Houthi-controlled Yemen", "territory '
    'held by X") is aimed at the holder, not at the state the place lies in.',
    stage="roles",
    where="coding.holders",
)

# Acts aimed at whoever a place stands for (force, coercion, and threats of them).
HELD_TYPES = frozenset(("ASSAULT", "COERCE", "THREATEN"))
CONTROL_NOUNS = frozenset(("control", "occupation", "rule", "command"))


def holders(
    tok: Token, holding: frozenset[str], actors_of: Callable[[Token], list[Mention]]
) -> list[Mention]:
    """Who the place *tok* is said to be held by, or []."""
    found: list[Mention] = []
    for c in tok.children:
        word = lemma(c)
        if c.dep_ in ("amod", "acl") and word in holding:
            # "Houthi-controlled Yemen": the holder hangs on the participle (or before the hyphen)
            for h in c.children:
                if h.dep_ in ("npadvmod", "compound", "nmod", "nsubj", "amod") and h.i < c.i:
                    found += actors_of(h)
                if h.dep_ == "agent":
                    found += [m for o in pobjs(h) for m in actors_of(o)]
            if not found and c.i >= 2 and c.doc[c.i - 1].text in ("-", "–"):
                found += actors_of(c.doc[c.i - 2])
        elif c.dep_ == "compound" and c.i + 2 < len(c.doc) and c.doc[c.i + 1].text in ("-", "–"):
            if lemma(c.doc[c.i + 2]) in holding:  # tokenised as one compound: "rebel - held"
                found += actors_of(c)
        elif c.dep_ == "prep" and c.lower_ == "under":
            for o in pobjs(c):
                if lemma(o) in CONTROL_NOUNS:
                    owners = [x for x in o.children if x.dep_ in ("poss", "compound", "amod")]
                    owners += [
                        x for p in o.children if p.dep_ == "prep" and p.lower_ == "of" for x in pobjs(p)
                    ]
                    found += [m for x in owners for m in actors_of(x)]
    return [m for m in found if m.actor]


def held_targets(
    targets: Iterable[Mention],
    doc: Doc,
    holding: frozenset[str],
    actors_of: Callable[[Token], list[Mention]],
) -> tuple[list[Mention], bool]:
    """*targets* with each place said to be held by someone replaced by its holders; whether any was."""
    out: list[Mention] = []
    changed = False
    for m in targets:
        root = doc[m.token_start : m.token_end].root if m.token_end > m.token_start else None
        held = holders(root, holding, actors_of) if root is not None else []
        held = [h for h in held if h.actor != m.actor]
        if held:
            out += [h for h in held if h.actor not in {o.actor for o in out}]
            changed = True
        else:
            out.append(m)
    return out, changed


LOCATIVE = frozenset(("in", "inside", "into", "across", "throughout", "over"))
# authorities that hold a seat by force or de facto (a state's or an organisation's seat is its own)
SEAT_HOLDERS = frozenset(("government", "armed_group"))


class Seats:
    """The non-state authorities whose seats a place names, by date (from the registry)."""

    def __init__(self, registry: object) -> None:
        self.registry = registry
        self.by_name: dict[str, list[tuple[str, str]]] = {}  # lower name -> (seat, actor)
        actors = getattr(registry, "actors", {}) or {}
        for actor in actors.values():
            if actor.type not in SEAT_HOLDERS:
                continue
            for seat in actor.seats:
                self.by_name.setdefault(seat.lower(), []).append((seat, actor.id))

    def holders(self, place: str, on: date | None, doers: set[str | None]) -> list[str]:
        """The authorities *place* is the seat of on *on* (none without a date), none of them a
        doer or the authority a doer is a unit of. A state's forces in a seat held against it are
        aimed at the holder ("Ethiopian forces shelled towns in Tigray" in 2021: at the TPLF)."""
        seats = self.by_name.get(place.lower(), [])
        if on is None or not seats:
            return []
        parents = {getattr(self.registry.get(d), "parent", None) for d in doers if d}
        return [
            actor
            for seat, actor in seats
            if actor not in doers and actor not in parents and self.registry.seat_held(seat, actor, on)
        ]

    def targets(
        self, tok: Token, on: date | None, doers: set[str | None], named: Callable[[Token], bool]
    ) -> list[Mention]:
        """Force used in a seat (*tok*'s locative places) aimed at its holders on *on*; none when the
        clause it is the subject of names whom it hit (*named*: a token of another party's mention;
        "a strike in Kabul killed X's leader" is at X)."""
        if on is None or any(named(t) for t in struck(tok)):
            return []
        return [
            phrase_mention(p, actor) for p in places_of(tok) for actor in self.holders(phrase(p), on, doers)
        ]


def struck(tok: Token) -> list[Token]:
    """What an act that is a clause's subject did it to: the words of its verb's objects."""
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return []
    verb = tok.head
    return [t for c in verb.children if c.dep_ in ("dobj", "attr", "agent") for t in c.subtree]


def places_of(tok: Token) -> list[Token]:
    """Where an act happens: the objects of a locative preposition on the trigger, its object, or
    the verb it is the object of ("launched an offensive in X")."""
    anchors = [tok, *(c for c in tok.children if c.dep_ == "dobj")]
    if tok.dep_ == "dobj":
        anchors.append(tok.head)
    return [
        o for a in anchors for c in a.children if c.dep_ == "prep" and c.lower_ in LOCATIVE for o in pobjs(c)
    ]


def phrase(tok: Token) -> str:
    """A place's name as written: its compounds and the head ("Nagorno - Karabakh" rejoined)."""
    start = min(
        [tok.i, *(c.left_edge.i for c in tok.children if c.dep_ in ("compound", "punct") and c.i < tok.i)]
    )
    return "".join(t.text_with_ws for t in tok.doc[start : tok.i + 1]).replace(" - ", "-").strip()
