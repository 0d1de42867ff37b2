"""Prepositional roles: a role that is not a registered finder is a preposition ("on",
"against", "in support of"), found on the trigger, its object or the light verb governing a noun
trigger, with the repairs the small parser needs (a phrase hung on a higher word, multiword
prepositions it breaks up, the parties of a clash wherever "between" hangs, an absolute "with"
phrase that is no partner)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from multipolar.coding.arguments import ARTICLES, Arguments, lemma, pobjs

if TYPE_CHECKING:
    from spacy.tokens import Token


def preposition(
    args: Arguments, tok: Token, kind: str, phrase: str, has_objects: bool = False
) -> list[Token]:
    """The objects of the preposition *phrase* on the trigger, its object or its light verb."""
    found = args.prep_objects(args.prep_anchors(tok, kind, has_objects), phrase)
    if not found and kind == "noun":
        found = adjacent_prep(tok, phrase)
    if not found and kind == "noun" and phrase in ("between", "with"):
        # "the normalisation of relations between X and Y": the parties of what the act is of
        found = args.prep_objects(args.prep_objects([tok], "of"), phrase)
    if not found and kind == "noun" and phrase == "between":
        found = between_in_clause(tok)
    if phrase == "with":  # "With X fighting alongside them, Y advanced": an absolute, no partner
        found = [o for o in found if not absolute(o)]
    # "on X's side", "on the side of X": whose side one is on, never what "on" acts upon
    return [o for o in found if lemma(o) != "side"] if phrase == "on" else found


def absolute(noun: Token) -> bool:
    """A noun with its own participle after an opening "with" ("With Iran supplying the drones",
    "with Russian mercenaries fighting alongside them"): a clause of circumstance, not a partner."""
    prep = noun.head
    return (
        prep.lower_ == "with"
        and prep.i < prep.head.i
        and any(c.dep_ in ("acl", "relcl") and c.tag_ == "VBG" for c in noun.children)
    )


def adjacent_prep(tok: Token, word: str) -> list[Token]:
    """The object of a preposition *word* right after a noun trigger that the parser hung on a
    higher word ("Kremlin's support toward Haftar's blitzkrieg on Tripoli": "on Tripoli" is
    the blitzkrieg's, though parsed as the support's), or right after the noun's own phrase
    ("condemned the deployment of Russian troops to Belarus": "to Belarus" is the deployment's,
    though hung on "condemned")."""
    ancestors = list(tok.ancestors)
    for nxt in sorted({tok.i + 1, tok.right_edge.i + 1}):
        if nxt >= tok.sent.end:
            continue
        prep = tok.doc[nxt]
        if prep.lower_ != word or prep.dep_ not in ("prep", "agent") or prep.head.i == tok.i:
            continue
        if prep.head in ancestors:
            return pobjs(prep)
    return []


def between_in_clause(tok: Token) -> list[Token]:
    """ "Fighting erupted in Khartoum on 15 April between X and Y": the parties of a clash that
    is its clause's subject, wherever the parser hung "between" in that clause."""
    if tok.dep_ != "nsubj" or tok.head.pos_ != "VERB":
        return []
    verb = tok.head
    for t in verb.subtree:
        # hung on the verb, or on a date or place of its clause ("on 15 April between"), not on
        # another noun with parties of its own ("after talks between X and Y")
        if (
            t.lower_ == "between"
            and t.dep_ == "prep"
            and t.i > tok.i
            and (t.head.i == verb.i or t.head.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC"))
        ):
            inner = t.head
            while inner.i != verb.i and inner.dep_ not in ("ccomp", "advcl", "relcl", "acl", "xcomp"):
                inner = inner.head
            if inner.i == verb.i:  # in the same clause, not a clause below it
                return pobjs(t)
    return []


def phrase_after(tok: Token, phrase: str, window: int = 12) -> list[Token]:
    """Fallback for multiword prepositions the parser breaks up ("in support of X"): the
    first content word after the phrase, when the phrase closely follows the trigger."""
    words = [w for w in phrase.lower().split() if w not in ARTICLES]
    end = min(tok.sent.end, tok.i + 1 + 2 * (window + len(words)))  # a window, not the sentence
    toks = [t for t in tok.doc[tok.i + 1 : end] if t.lower_ not in ARTICLES][: window + len(words)]
    for k in range(len(toks) - len(words)):
        if all(toks[k + j].lower_ == w or toks[k + j].lemma_.lower() == w for j, w in enumerate(words)):
            rest = toks[k + len(words) :]
            nxt = next((t for t in rest if t.pos_ in ("PROPN", "NOUN", "ADJ", "PRON")), None)
            return [nxt] if nxt is not None else []
    return []
