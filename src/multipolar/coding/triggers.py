"""Finding event triggers: which words of a sentence name an act, and by which lexicon entry.

A token is a trigger when its lemma (with a required particle, object, modifier or modal) is in
the lexicon (``data/patterns/*.yaml``, loaded by :mod:`.patterns`). Entries for one lemma are
tried most constrained first. Repairs for the small model: a regular verb form the lemmatiser
gets wrong ("raped" -> "rap") is looked up by its regular base; a hyphenated noun the tokenizer
splits ("counter - offensive") is looked up whole; and a verb form tagged as something else
between two actors ("France and Egypt back Haftar") is read by word order.

Among a lemma's entries of equal specificity, one whose object constraint names the object's head
is preferred to one that names only the head's modifier ("refugee agency" is an agency), and one
naming both ("visa restrictions") to one naming the head alone. The other entries that fit are kept as
alternatives, read when the preferred one yields no event (a joint exercise with no partner is
one state's exercise).

A promise, demand, refusal or threat *absorbs* the act it is about ("agreed to withdraw" is one
AGREE, not an AGREE and a RETREAT); a verb whose constrained object is itself a trigger noun
("signed an agreement") consumes that noun.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from multipolar.coding.actors import ActorFinder, MentionIndex
from multipolar.coding.arguments import Arguments, in_adjunct, lemma, own_forces, predicates_of
from multipolar.coding.patterns import ARMED_TYPES, Pattern, PatternSet
from multipolar.coding.readings import FORCEFUL
from multipolar.coding.roles import Roles
from multipolar.coding.words import modifier_words

VERB_POS = ("VERB",)
NOUN_POS = ("NOUN", "PROPN")
FRAME_PREP = "of"
# Prepositions that place a sent force somewhere rather than give it to someone ("deployed troops
# along the border", "near X"): such a sending is a deployment (MOBILIZE), never aid.
PARTICLE_DEPS = ("prt", "advmod", "prep")
POSITION_PREPS = ("near", "along", "toward", "towards", "around", "opposite", "off")


@dataclass
class Match:
    token: Token
    pattern: Pattern
    absorbed: bool = False
    inner: Match | None = None  # the act an absorbing trigger swallowed
    linear: bool = False  # the tagger missed the verb: arguments are read by word order
    alternatives: tuple[Pattern, ...] = ()  # other entries that fit, read if this one yields no event


class TriggerMatcher:
    def __init__(self, patterns: PatternSet, arguments: Arguments, actors: ActorFinder) -> None:
        self.patterns = patterns
        self.args = arguments
        self.roles = Roles(arguments)
        self.actors = actors
        lex = patterns.lexicon
        self.places = lex.get("places", frozenset())
        self.groups = lex.get("groups", frozenset())
        self.frames = lex.get("frames", frozenset())
        self.decisions = lex.get("decisions", frozenset())
        self.verb_forms = verb_forms(lemma for kind, lemma in patterns.index if kind == "verb")

    def match(self, tok: Token, index: MentionIndex) -> Match | None:
        if tok.i in index:  # a word inside an actor's name ("Armed Forces") is no trigger
            return None
        if tok.dep_ == "compound" and lemma(tok.head) in self.groups:
            return None  # a word that describes people ("opposition parties", "aid workers") is no act
        if tok.pos_ in VERB_POS:
            kind = "verb"
        elif tok.pos_ in NOUN_POS:
            kind = "noun"
        elif tok.pos_ == "ADJ":
            kind = "adj"
        else:
            return self.mistagged_verb(tok, index)
        if kind == "verb" and lemma(tok) == "command" and any(c.dep_ == "agent" for c in tok.children):
            return None  # "a force commanded by X": X leads it, nobody is ordered to do anything
        naming = kind == "verb" and lemma(tok) in self.args.syntax.naming and predicates_of(tok)
        if kind == "verb" and self.args.stative(tok):  # "is opposed to": the adjective
            kind = "adj"
        entries = self.patterns.lookup(
            kind, tok.lower_ if kind == "adj" and tok.pos_ in VERB_POS else tok.lemma_.lower()
        )
        if not entries and kind == "verb":  # the lemmatiser's slips: "raped" -> "rap", "fined" -> "fin"
            entries = self.patterns.lookup(kind, self.verb_forms.get(tok.lower_, ""))
        if naming:  # "called the operation an aggression": a description, an accusation only by its name
            entries = [p for p in entries if p.predicates]
        fitting = [(p, q) for p in entries if (q := self.fit(tok, p, index))]
        if fitting:
            top = fitting[0][0].specificity
            best = max((f for f in fitting if f[0].specificity == top), key=lambda f: f[1])[0]
            return Match(tok, best, alternatives=tuple(p for p, _ in fitting if p is not best))
        if naming:
            return None
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
        if base is None or tok.pos_ == "VERB" or tok.i - 1 not in index or tok.dep_ == "pobj":
            return None  # (the object of a preposition is a noun: "against Houthi targets")
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            return None
        if next_actor(tok, index) is None:
            return None
        plain = [p for p in self.patterns.lookup("verb", base) if p.specificity == 0]
        return Match(tok, plain[0], linear=True) if plain else None

    def fits(self, tok: Token, p: Pattern, index: MentionIndex) -> bool:
        return self.fit(tok, p, index) > 0

    def fit(self, tok: Token, p: Pattern, index: MentionIndex) -> int:
        """How well entry *p* fits *tok*: 0 not at all. For an object constraint, 2 when the
        object's head is one it names, 3 when the head and the head's own modifier both are ("visa
        restrictions" for an entry naming both), 1 when only the modifier is ("refugee agency": an
        agency, not a refugee). Entries without one fit with 2."""
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
            return 0  # "in support of X" marks a target; it is not itself an event
        if (
            p.type == "AID"
            and self.sent_to_place(tok, positioned=p.mode == "military")
            and not self.roles(tok, p.kind, "helped")  # "sent troops to the north to help X": aid to X
        ):
            return 0  # troops sent to a border or region: a deployment, not aid to a recipient
        if p.modals and not self.args.content_with_modal(tok, p.modals):
            return 0
        if p.predicates and not any(lemma(w) in p.predicates for w in predicates_of(tok)):
            return 0
        if any(not self.roles(tok, p.kind, role) for role in p.requires):
            return 0
        for word in (p.particle, p.preposition):
            if word and not any(c.lower_ == word for c in particles(tok, p)):
                return 0
        if p.modifiers and not (modifier_words(tok) & p.modifiers):
            return 0
        if p.objects or p.objects_actor or p.objects_armed:
            heads = self.constrained_objects(tok, p)
            heads = heads + [c for o in heads for c in o.conjuncts]
            # "vaccine doses", "USD1 million": what a modifier or an amount says the object is
            named = [c for o in heads for c in o.children if c.dep_ in ("compound", "nummod", "quantmod")]
            head = any(self.names(o, p, index) for o in heads)
            modifier = any(self.names(o, p, index) for o in named)
            return 2 * head + modifier
        return 2

    def names(self, tok: Token, p: Pattern, index: MentionIndex) -> bool:
        """Whether *tok* is one of the objects entry *p* allows."""
        return (
            tok.lemma_.lower() in p.objects
            or tok.lower_ in p.objects
            or bool(p.objects_actor and self.actors(tok, index))
            or (p.objects_armed and self.armed(tok, index))
        )

    def armed(self, tok: Token, index: MentionIndex) -> bool:
        """Whether *tok* names an armed group or PMC itself (not a pronoun or a place standing for
        one): forces that can be sent like troops."""
        m = index.get(tok.i)
        return m is not None and self.actors.type_of(m.actor) in ARMED_TYPES

    def constrained_objects(self, tok: Token, p: Pattern) -> list[Token]:
        """The nouns an entry's object constraint applies to: a verb's theme ("sent drones"), the
        object of its preposition ("pulled out of the deal", "took to the streets"), the "of"
        phrase of either ("declared a state of emergency"); a noun's "of" phrase (or, for a noun
        of stopping, its "to" phrase: "a halt to transactions")."""
        if p.kind != "verb":
            return self.args.noun_themes(tok)
        objs = self.args.theme_of(tok)
        anchors = [tok, *(c for c in particles(tok, p) if c.lower_ == p.particle)]
        for word in (p.particle, p.preposition):
            if word:
                objs = objs + self.args.prep_objects(anchors, word)
        return objs + self.args.prep_objects(objs, "of")

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

    def sent_to_place(self, tok: Token, positioned: bool = False) -> bool:
        """Whether what *tok* sends goes to a place ("deployed troops to the border") or, for
        forces and weapons (*positioned*), is placed near one ("along the border", "near X"),
        not given to a recipient actor: AID needs a recipient."""
        anchors = [tok, *self.args.objects_of(tok)]
        if positioned and any(self.args.prep_objects(anchors, prep) for prep in POSITION_PREPS):
            return True
        dests = self.args.prep_objects(anchors, "to")
        return bool(dests) and all(lemma(d) in self.places for d in dests)

    def absorb(self, matches: list[Match]) -> None:
        """A promise, demand, refusal or threat swallows the act it is about ("agreed to
        withdraw", "rejected a French offer to mediate"): one event, not two."""
        by_token = {m.token.i: m for m in matches}
        for m in matches:
            if not m.pattern.absorbs:
                continue
            if self.orders_own_forces(m):
                m.absorbed = True  # the order is the ordered act, which stays (see below)
                continue
            swallowed = []
            for c in self.args.complements(m.token):
                if c.i < m.token.i and any(t.text in (":", ";") for t in c.doc[c.i : m.token.i]):
                    continue  # "X backs Y: it blocked Z": a clause before a colon is no complement
                for t in c.subtree:
                    inner = by_token.get(t.i)
                    if inner and inner is not m and not in_adjunct(t, c):
                        if not inner.absorbed:
                            swallowed.append(inner)
                        inner.absorbed = True
                        m.inner = m.inner or inner
            decided = self.decided_act(m, by_token)
            if decided is not None:  # "the EU agreed to impose sanctions": the sanction, by the EU
                m.absorbed = True
                for inner in swallowed:
                    inner.absorbed = False

    def decided_act(self, m: Match, by_token: dict[int, Match]) -> Match | None:
        """The forceful act a body decides or agrees on ("the bloc agreed to impose sanctions",
        "leaders agreed on sanctions against X", "parliament voted to deploy troops"): the decision
        is that act, done by the deciders, not a promise of cooperation (AGREE), nor a threat."""
        tok = m.token
        if m.pattern.type != "AGREE" or m.pattern.kind != "verb" or lemma(tok) not in self.decisions:
            return None
        # the act the decision is about: the head of its complement ("agreed to impose ..."), not an
        # act named below it ("agreed to halt fighting" decides a halt, not the fighting)
        heads = [c for c in self.args.complements(tok) if c.dep_ in ("xcomp", "ccomp")]
        heads += self.args.prep_objects([tok], "on")
        acts = [by_token[h.i] for h in heads if h.i in by_token]
        return next((a for a in acts if a.pattern.type in FORCEFUL), None)

    def orders_own_forces(self, m: Match) -> bool:
        """An order to one's own forces ("Abiy Ahmed ordered the army to attack the TPLF") is not
        an act between two actors but the ordered act, done by whoever gave the order (the
        argument layer makes the orderer its doer)."""
        tok = m.token
        if (
            m.pattern.type != "REQUEST"
            or m.pattern.kind != "verb"
            or lemma(tok) not in self.args.syntax.orders
        ):
            return False
        orderees = [c for c in tok.children if c.dep_ == "dobj"]
        ordered = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
        return bool(orderees and ordered) and all(own_forces(o, self.args.syntax) for o in orderees)

    def consumed_objects(self, matches: list[Match]) -> dict[int, int]:
        """Nouns that a constrained verb pattern used as its object ("signed an agreement"), each
        with the verb that used it. A verb with no mode takes the mode and context of a consumed
        act noun of its own type ("sent humanitarian aid": the noun's reading says humanitarian)."""
        out: dict[int, int] = {}
        by_token = {m.token.i: m for m in matches}
        for m in matches:
            if m.pattern.kind == "verb" and m.pattern.objects:
                objs = self.constrained_objects(m.token, m.pattern)
                used = [o.i for o in objs if o.lemma_.lower() in m.pattern.objects]
                out.update(dict.fromkeys(used, m.token.i))
                noun = next((by_token[i].pattern for i in used if i in by_token), None)
                if noun is not None and noun.type == m.pattern.type and noun.mode and not m.pattern.mode:
                    m.pattern = replace(m.pattern, mode=noun.mode, context=noun.context or m.pattern.context)
        return out


def particles(tok: Token, p: Pattern) -> list[Token]:
    """The trigger's particles and prepositions, and those of its particle ("pulled out of":
    the parser hangs "of" on "out")."""
    out = [c for c in tok.children if c.dep_ in PARTICLE_DEPS]
    return out + [g for c in out if c.lower_ == p.particle for g in c.children if g.dep_ in PARTICLE_DEPS]


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
