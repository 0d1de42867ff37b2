"""What the resolver reads a parsed text into: phrase matches (:class:`Item`), the names they may
stand for (:class:`Name`), mentions in the making (:class:`Found`), and the small readings of the
tokens around a match that its rules use ("the president *of* Egypt", "talks *in* Moscow")."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from spacy.tokens import Doc

from multipolar.resolve.registry import Registry

NOT_CURRENT = {"former", "ex", "late", "then", "future", "next", "previous", "vice", "deputy", "acting"}
POSSESSIVE = {"'s", "’s", "'", "’"}
LOCATIVE = {"in", "at", "near", "outside", "inside", "around", "across", "within"}
# "at" after these is aimed at someone, not a place: "fired shells at Seoul", "took a swipe at Moscow".
AIMED_AT = {
    "fire", "shoot", "launch", "aim", "lob", "hurl", "throw", "direct", "point", "lash", "swipe", "jab",
    "strike", "rocket", "missile", "shell", "salvo", "barrage", "drone", "shot", "dig", "jibe", "anger",
    "fury", "outrage", "criticism", "warning", "threat", "accusation", "finger", "bomb", "round",
    "projectile",
}  # fmt: skip
MAX_NAME_RUN = 4  # tokens of an unregistered personal name after a title


# The Arabic article is written al-, el-, assimilated (as-, ad-, ash- ...) or left out: "al-Sarraj",
# "el-Sarraj", "Sarraj" name the same person.
class Name(NamedTuple):
    """What a matched phrase can stand for: an actor id and how it names it. (A named tuple: the
    cached name table holds tens of thousands of these, and tuples load fastest.)"""

    actor: str
    kind: str  # alias, capital, seat, demonym, person, surname


@dataclass
class Item:
    """A phrase match: a name (``names`` set) or a title (``roles`` set)."""

    start: int
    end: int
    names: tuple[Name, ...] = ()
    roles: tuple[str, ...] = ()
    key: str = ""

    @property
    def is_title(self) -> bool:
        return bool(self.roles)

    @property
    def people(self) -> tuple[Name, ...]:
        return tuple(n for n in self.names if n.kind in ("person", "surname"))

    @property
    def groups(self) -> tuple[Name, ...]:
        return tuple(n for n in self.names if n.kind not in ("person", "surname"))


@dataclass
class Found:
    """A mention in the making (token offsets), with what later rules need to know about it."""

    start: int
    end: int
    actor: str | None
    rule: str
    person: str | None = None
    candidates: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    key: str = ""  # the matched alias, for settling ambiguity later


def valid(registry: Registry, actor_id: str, on: date | None) -> bool:
    actor = registry.get(actor_id)
    return actor is not None and actor.valid_on(on)


def adjacent(doc: Doc, left: Item, right: Item) -> bool:
    """Next to each other, or joined by a possessive: "Russia's foreign minister"."""
    gap = [t for t in doc[left.end : right.start] if not t.is_space]  # "The Turkish  leader"
    return len(gap) == 0 or (len(gap) == 1 and gap[0].text in POSSESSIVE)


def of_between(doc: Doc, title: Item, group: Item) -> bool:
    gap = [t.lower_ for t in doc[title.end : group.start]]
    return gap in (["of"], ["of", "the"], ["for"], ["to"])


def used_as_modifier(doc: Doc, item: Item, found: list[Item]) -> bool:
    """A name whose last word is an adjective modifying the next noun names the shorter name inside
    it: in "Turkish military support" the support is Turkey's; only "the Turkish military" (a noun)
    is the armed forces."""
    if item.is_title or item.end - item.start < 2 or item.end >= len(doc):
        return False
    last = doc[item.end - 1]
    if not (last.pos_ == "ADJ" and last.dep_ == "amod" and last.head.i >= item.end):
        return False
    return any(
        other is not item and not other.is_title and item.start <= other.start and other.end < item.end
        for other in found
    )


def not_current(doc: Doc, start: int) -> bool:
    """ "former", "ex-", "vice", "deputy" before a title: not the office holder of the date."""
    return any(token.lower_.strip("-") in NOT_CURRENT for token in doc[max(0, start - 3) : start])


def is_place(doc: Doc, start: int, end: int | None = None) -> bool:
    """A capital after a locative preposition is where something happens, not who acts: "talks in Moscow",
    and so is one joined to such a place ("across Abkhazia and South Ossetia"). "at" after a word of
    aiming is a target: "North Korea fired artillery shells at Seoul" (the state)."""
    if after_locative(doc, start):
        return True
    tok = doc[start:end].root if end is not None else doc[start]
    for _ in range(len(doc)):  # up the chain of conjuncts (bounded: a parse is a tree)
        if tok.dep_ != "conj" or tok.head.i == tok.i:
            return False
        tok = tok.head
        if after_locative(doc, tok.left_edge.i):
            return True
    return False


def after_locative(doc: Doc, start: int) -> bool:
    if start == 0 or doc[start - 1].lower_ not in LOCATIVE:
        return False
    prep = doc[start - 1]
    return not (prep.lower_ == "at" and (prep.head.lemma_.lower() in AIMED_AT or aimed_before(doc, prep.i)))


def aimed_before(doc: Doc, at: int) -> bool:
    """A word of aiming among the few words before "at" ("fired two missiles at")."""
    return any(t.lemma_.lower() in AIMED_AT for t in doc[max(0, at - 4) : at])


def name_run(doc: Doc, start: int) -> int:
    """End of a run of capitalised proper-noun tokens starting at *start* (a personal name)."""
    end = start
    while end < len(doc) and end - start < MAX_NAME_RUN:
        token = doc[end]
        if token.pos_ != "PROPN" or not token.text[:1].isupper() or token.ent_type_ not in ("PERSON", ""):
            break
        end += 1
    return end


def part_of_longer_name(doc: Doc, item: Item) -> bool:
    """An ambiguous name inside a longer personal name: "Richard Wagner", "Michael Jordan"."""
    before = doc[item.start - 1] if item.start > 0 else None
    after = doc[item.end] if item.end < len(doc) else None
    return any(
        t is not None and t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_type_ == "PERSON"
        for t in (before, after)
    )


def sentence_index(doc: Doc, token: int) -> int:
    if not doc.has_annotation("SENT_START"):
        return 0
    starts = doc.user_data.get("_multipolar_sent_starts")
    if starts is None:
        starts = [s.start for s in doc.sents]
        doc.user_data["_multipolar_sent_starts"] = starts
    return max(0, bisect_right(starts, token) - 1)
