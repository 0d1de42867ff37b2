"""Parties named by example: "neighbours such as Uganda", "several states, including Kenya and
Uganda", "countries like Chad". A common noun of parties that names none itself stands for the
members it lists: those are the ones the clause says act or are acted on (PLOVER codes the named
actors; the unnamed rest of the group cannot be coded).
"""

from __future__ import annotations

from spacy.tokens import Token

from multipolar.coding.arguments import pobjs

EXAMPLE_PREPS = frozenset(("including", "like", "notably", "especially", "particularly"))


def exemplified(tok: Token) -> list[Token]:
    """The heads of the examples a noun lists ("such as X", "including X and Y", "like X"). A list
    set off by a comma may hang lower, on the last noun before it ("countries contributing troops
    to the mission, such as Uganda": the countries)."""
    if tok.pos_ not in ("NOUN", "PRON"):
        return []
    out: list[Token] = []
    for c in tok.subtree:
        if c.dep_ != "prep" or not (c.head.i == tok.i or set_off(c)):
            continue
        word = c.lower_
        such = word == "as" and (
            any(s.lower_ == "such" for s in c.children) or (c.i > 0 and c.doc[c.i - 1].lower_ == "such")
        )
        if such or word in EXAMPLE_PREPS:
            out.extend(pobjs(c))
            break
    return out


def set_off(prep: Token) -> bool:
    """Whether a preposition starts a phrase set off by a comma ("..., such as X")."""
    doc = prep.doc
    before = prep.i - 1
    if before >= 0 and doc[before].lower_ == "such":
        before -= 1
    return before >= 0 and doc[before].text == ","
