"""Reactions said to accompany an act: aimed at whoever did it.

"Egypt sent troops to Somalia despite objections from Uganda", "... amid criticism from Ethiopia",
"... over the protests of Kenya", "... in the face of opposition from Y": the objection, criticism
or protest is a reaction to the act the phrase qualifies, so it is aimed at that act's doer
(Uganda ACCUSE Egypt), as a reaction a provoking verb draws is aimed at what provoked it (the
``provoker`` role). The coder tries this role for a reaction noun that names no target of its own.
"""

from __future__ import annotations

from spacy.tokens import Token

from multipolar.coding.arguments import Arguments
from multipolar.coding.roles import ROLES

CONCESSIVE = frozenset(("despite", "amid", "amidst", "over", "notwithstanding", "against"))


@ROLES.register("opposed")
def find_opposed(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """The doer of the act a reaction noun accompanies ("X acted despite objections from Y": X)."""
    if kind != "noun" or tok.dep_ != "pobj":
        return []
    prep = tok.head
    if prep.lower_ == "of" and prep.head.lower_ == "face" and prep.head.head.lower_ == "in":
        prep = prep.head.head  # "in the face of objections from Y"
    elif prep.lower_ not in CONCESSIVE:
        return []
    act = prep.head
    if act.pos_ in ("VERB", "AUX"):
        return args.subjects_of(act)
    if act.pos_ == "NOUN":  # "Egypt's deployment despite objections": the act noun's owner
        return [c for c in act.children if c.dep_ in ("poss", "compound", "amod") and c.i < act.i]
    return []
