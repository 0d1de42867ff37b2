"""Finding event triggers: which words of a sentence name an act, and by which lexicon entry.

A token is a trigger when its lemma (with a required particle, object, modifier or modal) is in
the lexicon (``data/patterns/*.yaml``, loaded by :mod:`.patterns`). Entries for one lemma are
tried most constrained first. Two repairs for the small tagger: a hyphenated noun the tokenizer
splits ("counter - offensive") is looked up whole, and a verb form tagged as something else
between two actors ("France and Egypt back Haftar") is read by word order.

A promise, demand, refusal or threat *absorbs* the act it is about ("agreed to withdraw" is one
AGREE, not an AGREE and a RETREAT); a verb whose constrained object is itself a trigger noun
("signed an agreement") consumes that noun.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from multipolar.coding.actors import ActorFinder, MentionIndex
from multipolar.coding.arguments import Arguments, in_adjunct, lemma
from multipolar.coding.patterns import Pattern, PatternSet

VERB_POS = ("VERB",)
NOUN_POS = ("NOUN", "PROPN")
FRAME_PREP = "of"


@dataclass
class Match:
    token: Token
    pattern: Pattern
    absorbed: bool = False
    inner: Match | None = None  # the act an absorbing trigger swallowed
    doers: list | None = None  # who acts, when an order to one's own forces names the act's doer
    linear: bool = False  # the tagger missed the verb: arguments are read by word order


class TriggerMatcher:
    def __init__(self, patterns: PatternSet, arguments: Arguments, actors: ActorFinder) -> None:
        self.patterns = patterns
        self.args = arguments
        self.actors = actors
        lex = patterns.lexicon
        self.places = lex.get("places", frozenset())
        self.frames = lex.get("frames", frozenset())
        self.verb_forms = verb_forms(lemma for kind, lemma in patterns.index if kind == "verb")

    def match(self, tok: Token, index: MentionIndex) -> Match | None:
        if tok.i in index:  # a word inside an actor's name ("Armed Forces") is no trigger
            return None
        if tok.pos_ in VERB_POS:
            kind = "verb"
        elif tok.pos_ in NOUN_POS:
            kind = "noun"
        elif tok.pos_ == "ADJ":
            kind = "adj"
        else:
            return self.mistagged_verb(tok, index)
        for pattern in self.patterns.lookup(kind, tok.lemma_.lower()):
            if self.fits(tok, pattern, index):
                return Match(tok, pattern)
        return self.prefixed_noun(tok) or self.mistagged_verb(tok, index)

    def prefixed_noun(self, tok: Token) -> Match | None:
        """A hyphenated trigger the tokenizer splits ("counter - offensive", tagged anything):
        looked up whole as a noun ("counter-offensive"), the last word standing for it."""
        doc = tok.doc
        if tok.i < 2 or doc[tok.i - 1].text not in ("-", "–") or tok.i - 2 < tok.sent.start:
            return None
        for word in {tok.lemma_.lower(), tok.lower_}:
            found = self.patterns.lookup("noun", f"{doc[tok.i - 2].lower_}-{word}")
            if found:
                return Match(tok, found[0])
        return None

    def mistagged_verb(self, tok: Token, index: MentionIndex) -> Match | None:
        """The small tagger sometimes reads a present-tense verb between two actors as an
        adverb or noun ("France and Egypt back Haftar"). When a verb form of a trigger sits
        right after an actor and right before another, code it by word order."""
        base = self.verb_forms.get(tok.lower_)
        if base is None or tok.pos_ == "VERB" or tok.i - 1 not in index:
            return None
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            return None
        if next_actor(tok, index) is None:
            return None
        plain = [p for p in self.patterns.lookup("verb", base) if p.specificity == 0]
        return Match(tok, plain[0], linear=True) if plain else None

    def fits(self, tok: Token, p: Pattern, index: MentionIndex) -> bool:
        if (
            p.kind == "noun"
            and tok.dep_ == "pobj"
            and tok.head.lower_ == "in"
            and lemma(tok)
            in (
                "support",
                "favor",
                "favour",
            )
        ):
            return False  # "in support of X" marks a target; it is not itself an event
        if p.type == "AID" and p.kind == "verb" and self.sent_to_place(tok):
            return False  # troops sent to a border or region: a deployment, not aid to a recipient
        if p.modals and not self.args.content_with_modal(tok, p.modals):
            return False
        if any(not self.args.role(tok, p.kind, role) for role in p.requires):
            return False
        if p.particle and not any(
            c.lower_ == p.particle for c in tok.children if c.dep_ in ("prt", "advmod", "prep")
        ):
            return False
        if p.modifiers and not any(
            c.lemma_.lower() in p.modifiers or c.lower_ in p.modifiers
            for c in tok.children
            if c.dep_ in ("amod", "compound", "advmod", "nmod", "npadvmod")
        ):
            return False
        if p.objects or p.objects_actor:
            objs = self.args.theme_of(tok) if p.kind == "verb" else self.args.prep_objects([tok], "of")
            objs = objs + [c for o in objs for c in o.conjuncts]
            objs = objs + [c for o in objs for c in o.children if c.dep_ == "compound"]  # "vaccine doses"
            if not any(
                o.lemma_.lower() in p.objects
                or o.lower_ in p.objects
                or (p.objects_actor and self.actors(o, index))
                for o in objs
            ):
                return False
        return True

    def framed(self, tok: Token, p: Pattern) -> bool:
        """A nominal act mentioned as what another noun is about ("the outcome of X's offensive"):
        background to the sentence, not asserted by it."""
        gov = tok.head
        return (
            p.kind == "noun"
            and tok.dep_ == "pobj"
            and gov.lower_ == FRAME_PREP
            and gov.head.pos_ == "NOUN"
            and gov.head.lemma_.lower() in self.frames
        )

    def sent_to_place(self, tok: Token) -> bool:
        """Whether what *tok* sends goes to a place ("deployed troops to the border"), not to a
        recipient actor: AID needs a recipient."""
        dests = self.args.prep_objects([tok, *self.args.objects_of(tok)], "to")
        return bool(dests) and all(lemma(d) in self.places for d in dests)

    def absorb(self, matches: list[Match]) -> None:
        """A promise, demand, refusal or threat swallows the act it is about ("agreed to
        withdraw", "rejected a French offer to mediate"): one event, not two."""
        by_token = {m.token.i: m for m in matches}
        for m in matches:
            if not m.pattern.absorbs:
                continue
            for c in self.args.complements(m.token):
                for t in c.subtree:
                    inner = by_token.get(t.i)
                    if inner and inner is not m and not in_adjunct(t, c):
                        inner.absorbed = True
                        m.inner = m.inner or inner

    def consumed_objects(self, matches: list[Match]) -> set[int]:
        """Nouns that a constrained verb pattern used as its object ("signed an agreement")."""
        out: set[int] = set()
        for m in matches:
            if m.pattern.kind == "verb" and m.pattern.objects:
                out.update(o.i for o in self.args.theme_of(m.token) if o.lemma_.lower() in m.pattern.objects)
        return out


def next_actor(tok: Token, index: MentionIndex, window: int = 3) -> Token | None:
    for t in tok.doc[tok.i + 1 : min(tok.i + 1 + window, tok.sent.end)]:
        if t.i in index:
            return t
    return None


def verb_forms(lemmas) -> dict[str, str]:
    """Regular inflections of each trigger verb (enough to recognise a mistagged verb)."""
    forms: dict[str, str] = {}
    for base in lemmas:
        stem = base[:-1] if base.endswith("e") else base
        for form in (base, base + "s", base + "es", stem + "ed", stem + "ing"):
            forms.setdefault(form, base)
        if base.endswith("y"):
            forms.setdefault(base[:-1] + "ies", base)
            forms.setdefault(base[:-1] + "ied", base)
    return forms
