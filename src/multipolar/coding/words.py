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
