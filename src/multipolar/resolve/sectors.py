"""A state's sectors named by a state and a noun: "a Brazilian court", "Kenyan police", "Iraq's
parliament", "the opposition in Venezuela".

CAMEO codes a domestic actor as its state and a sector (BRAJUD: a court of Brazil); the registry holds
one actor per state and sector (``data/actors/sectors.tsv``: ``BRA-JUDICIARY``, ``KEN-POLICE``,
``VEN-OPPOSITION``), with the state as parent so that evaluation and analysis can fold them into it.
A mention of a state that qualifies a noun of a sector (as its adjective, compound or possessive, or
after "of" or "in") becomes a mention of that sector, covering the noun: the coder then finds the
sector where it finds the noun.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from multipolar.resolve.spans import LOCATIVE, Found

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from multipolar.resolve.registry import Registry

RULE = "sector"
QUALIFYING = frozenset(("amod", "compound", "poss", "nmod"))
AFTER = frozenset(("of", "in"))  # "the parliament of Iraq", "the opposition in Venezuela"
NAMING_RULES = frozenset(("alias", "demonym", "capital", "context"))


def compose(doc: Doc, found: list[Found], registry: Registry) -> None:
    """Turn each mention of a state that qualifies a sector's noun into a mention of the sector."""
    taken = {i for f in found for i in range(f.start, f.end)}
    for f in found:
        if f.person is not None or f.rule not in NAMING_RULES or not _is_state(registry, f.actor):
            continue
        head = _qualified(doc, f)
        if head is None:
            continue
        sector = sector_named(registry, f.actor, head)
        if sector is None:
            continue
        start, end = (f.start, head.i + 1) if head.i >= f.end else (_phrase_start(head), f.end)
        if any(i in taken for i in range(start, end) if not f.start <= i < f.end):
            continue  # another name stands in between: "Turkish Foreign Minister"
        taken.update(range(start, end))
        f.start, f.end, f.actor, f.rule = start, end, sector, RULE


def sector_named(registry: Registry, state: str | None, noun: Token) -> str | None:
    """The sector of *state* that *noun* names, by itself ("police", "courts") or by the noun
    before it ("opposition parties", "police officers")."""
    for tok in (noun, *(c for c in noun.lefts if c.dep_ == "compound")):
        for word in (tok.lemma_.lower(), tok.lower_):
            sector = registry.sector_of(state, word)
            if sector:
                return sector
    return None


def _is_state(registry: Registry, actor: str | None) -> bool:
    entry = registry.get(actor) if actor else None
    return entry is not None and entry.type == "state"


def _qualified(doc: Doc, f: Found) -> Token | None:
    """The noun the state's mention qualifies: its head, or the noun of the "of"/"in" it follows."""
    root = doc[f.start : f.end].root
    if root.dep_ in QUALIFYING and root.head.i >= f.end and root.head.pos_ in ("NOUN", "PROPN"):
        return root.head
    prep = root.head
    if root.dep_ == "pobj" and prep.lower_ in AFTER and prep.head.i < prep.i and prep.head.pos_ == "NOUN":
        return prep.head
    return None


def _phrase_start(head: Token) -> int:
    """Where the noun phrase of *head* starts, its determiner left out ("the opposition in X")."""
    lefts = [c.i for c in head.lefts if c.dep_ in ("amod", "compound")]
    return min([head.i, *lefts])


def placed(doc: Doc, found: list[Found], registry: Registry, places: dict[str, str]) -> list[Found]:
    """Nouns of a sector that no name qualifies, in a sentence that places itself in one state ("Police
    in Nairobi detained 30 protesters": Kenya's police and civil society). The place is a name after a
    preposition of place: a state, or a capital or region of one (*places*)."""
    if not doc.has_annotation("DEP"):
        return []
    taken = {i for f in found for i in range(f.start, f.end)}
    by_token = {i: f for f in found for i in range(f.start, f.end)}
    out = []
    for sent in doc.sents:
        states = {c for tok in sent if (c := _place_country(tok, by_token, registry, places))}
        if len(states) != 1:
            continue
        (state,) = states
        for tok in sent:
            if tok.i in taken or tok.pos_ != "NOUN" or tok.dep_ in QUALIFYING:
                continue
            sector = sector_named(registry, state, tok)
            if sector is None or any(t.i in taken for c in tok.lefts for t in c.subtree):
                continue  # "Rwanda-backed rebels": a backer is not the rebels' country
            start = _phrase_start(tok)
            taken.update(range(start, tok.i + 1))
            out.append(Found(start, tok.i + 1, sector, RULE))
    return out


def _place_country(
    tok: Token, by_token: dict[int, Found], registry: Registry, places: dict[str, str]
) -> str | None:
    """The state of a place named after a preposition of place ("in Nairobi", "in northern Mali")."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in LOCATIVE:
        return None
    mention = by_token.get(tok.i)
    if mention is not None:
        entry = registry.get(mention.actor) if mention.actor else None
        return entry.id if entry is not None and entry.type == "state" else None
    first = _phrase_start(tok)
    for name in (tok.doc[first : tok.i + 1].text, tok.text):
        if name in places:
            return places[name]
    return None
