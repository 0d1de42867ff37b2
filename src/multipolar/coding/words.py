"""Small readings of a token's words shared by the trigger matcher and the parties."""

from __future__ import annotations

from typing import TYPE_CHECKING

from multipolar.coding.arguments import HYPHENS

if TYPE_CHECKING:
    from spacy.tokens import Token

MODIFIER_DEPS = ("amod", "compound", "advmod", "nmod", "npadvmod")


def modifier_words(tok: Token) -> set[str]:
    """The lemmas and forms of a word's modifiers, with hyphenated ones the tokenizer split
    rejoined ("anti - terrorist operation": "anti-terrorist"; "self - proclaimed republic")."""
    words: set[str] = set()
    doc = tok.doc
    for c in tok.children:
        if c.dep_ not in MODIFIER_DEPS:
            continue
        words.update((c.lemma_.lower(), c.lower_))
        if c.i + 2 < tok.i and doc[c.i + 1].text in HYPHENS:
            words.add(f"{c.lower_}-{doc[c.i + 2].lower_}")
            words.add(f"{c.lower_}-{doc[c.i + 2].lemma_.lower()}")
    return words


PHRASE_ENDS = frozenset(",;:.()")


def as_well_as(tok: Token) -> list[Token]:
    """The noun coordinated with *tok* by "as well as" ("backed by X's drones, as well as Y's
    mercenaries"), which the parser often hangs elsewhere (on the "as", or the verb): the head of
    the phrase right after it, when *tok* ends its own phrase."""
    doc, i = tok.doc, tok.i + 1
    if i < tok.sent.end and doc[i].text == ",":
        i += 1
    if [t.lower_ for t in doc[i : i + 3]] != ["as", "well", "as"]:
        return []
    span = []
    for t in doc[i + 3 : tok.sent.end]:
        if t.text in PHRASE_ENDS or t.pos_ in ("VERB", "AUX", "ADP", "CCONJ"):
            break
        span.append(t)
    inside = {t.i for t in span}
    roots = [t for t in span if t.head.i not in inside and t.pos_ in ("NOUN", "PROPN")]
    return roots[:1]
