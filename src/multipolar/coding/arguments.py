"""Predicate-argument structure over the dependency parse: who acts, on whom, for whom.

This layer knows English argument structure, not the event ontology. :class:`Arguments` gives the
core relations of a predicate token (a verb, an event noun or an adjective): its acting subject
(voice, relative pronouns, control and raising normalised), its patient, what a giving verb gives
and to whom, the objects of its prepositions and the clauses it governs. The named roles a pattern
file uses (``subject``, ``host``, ``holder`` ...) are built on these in :mod:`.roles`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

RELATIVE_PRONOUNS = frozenset(("which", "who", "that", "whom"))
ARTICLES = frozenset(("the", "a", "an"))
PLACE_PREPS = ("in", "inside", "throughout", "across")
TIME_ADJUNCTS = ("after", "during", "following", "before")
ADJUNCT_PREPS = (*TIME_ADJUNCTS, "at", "in")  # "X agreed after talks with Y"
NP_MODIFIERS = ("poss", "compound", "amod", "nmod")
HYPHENS = ("-", "–")
GIVING_PREPS = ("with",)  # "provided X with weapons"


def lemma(tok: Token) -> str:
    return tok.lemma_.lower().rstrip(".")


def pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


@dataclass(frozen=True)
class Syntax:
    """English word classes the argument rules need (data: ``data/patterns/syntax.yaml``)."""

    light_verbs: frozenset[str] = frozenset()
    receiving_verbs: frozenset[str] = frozenset()
    object_control: frozenset[str] = frozenset()
    travel_verbs: frozenset[str] = frozenset()
    quantities: frozenset[str] = frozenset()
    giving_verbs: frozenset[str] = frozenset()
    provoking_verbs: frozenset[str] = frozenset()
    orders: frozenset[str] = frozenset()
    organs: frozenset[str] = frozenset()
    operations: frozenset[str] = frozenset()
    stative: frozenset[str] = frozenset()
    naming: frozenset[str] = frozenset()
    decisions: frozenset[str] = frozenset()
    stops: frozenset[str] = frozenset()
    instruments: frozenset[str] = frozenset()
    helping: frozenset[str] = frozenset()
    light_nouns: frozenset[str] = frozenset()
    adoptions: frozenset[str] = frozenset()
    permits: frozenset[str] = frozenset()
    mediation: frozenset[str] = frozenset()
    involvement: frozenset[str] = frozenset()
    initiating: frozenset[str] = frozenset()
    sending: frozenset[str] = frozenset()
    opponents: frozenset[str] = frozenset()

    @classmethod
    def from_lexicon(cls, lexicon: dict[str, frozenset[str]]) -> Syntax:
        return cls(**{name: lexicon.get(name, frozenset()) for name in cls.__dataclass_fields__})


class Arguments:
    """The core relations of predicates in one parse (see the module docstring)."""

    def __init__(self, syntax: Syntax) -> None:
        self.syntax = syntax

    def stative(self, verb: Token) -> bool:
        """A participle of state after "be" with no agent: "is opposed to", "are committed to"."""
        return (
            verb.lower_ in self.syntax.stative
            and any(c.dep_ == "auxpass" for c in verb.children)
            and not any(c.dep_ == "agent" for c in verb.children)
        )

    # ------------------------------------------------------------------ the core relations
    def subjects_of(self, verb: Token, depth: int = 0) -> list[Token]:
        """The acting subject of a verb (voice, relatives, control and raising normalised)."""
        agents = [o for c in verb.children if c.dep_ == "agent" for o in pobjs(c)]
        if agents:
            return agents
        if self.stative(verb):  # "Israel is opposed to X": the one in that state
            return [c for c in verb.children if c.dep_ == "nsubjpass"]
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return self.permitted_passive(verb, depth)
        subs = [c for c in verb.children if c.dep_ in ("nsubj", "csubj", "expl")]
        if subs and small_clause(verb):  # "X wants to see recognition withdrawn": X acts
            return self.subjects_of(verb.head, depth + 1) if depth <= 6 else []
        if subs:
            s = subs[0]
            if s.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return [verb.head]
            if (
                verb.dep_ in ("ccomp", "xcomp")
                and lemma(verb.head) in self.syntax.permits
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in verb.children)
                and own_forces(s, self.syntax)
                and depth <= 6
            ):  # "a bill that allows the government to deploy troops" (parsed as a clause)
                return self.permitter(verb.head, depth + 1)
            return [s]
        if verb.dep_ == "ROOT":  # the small parser sometimes labels a sentence-initial subject npadvmod
            lefts = [c for c in verb.lefts if c.dep_ == "npadvmod" and c.pos_ == "PROPN"]
            if lefts:
                return lefts[:1]
        if depth > 6 or verb.head.i == verb.i:
            return []
        head = verb.head
        if verb.dep_ == "acomp" and head.pos_ in ("AUX", "VERB"):  # "X is ready to ...": X
            return self.subjects_of(head, depth + 1)
        if verb.dep_ == "xcomp":
            if head.pos_ == "ADJ" and head.dep_ == "acomp":  # "X is likely to attack"
                return self.subjects_of(head.head, depth + 1)
            patients = [c for c in head.children if c.dep_ == "nsubjpass"]
            if patients:  # "X was reported fighting", "X was urged to withdraw": X acts
                return patients
            if lemma(head) in self.syntax.object_control:
                objs = [c for c in head.children if c.dep_ == "dobj"]
                if (
                    objs
                    and lemma(head) in self.syntax.orders | self.syntax.permits
                    and all(own_forces(o, self.syntax) for o in objs)
                ):
                    # "Abiy Ahmed ordered the army to attack X", "a bill allowing the government to
                    # deploy troops": the one who orders or permits it acts
                    return self.permitter(head, depth + 1)
                if objs:
                    return objs
            return self.subjects_of(head, depth + 1)
        if verb.dep_ in ("conj", "advcl") and head.pos_ in ("VERB", "AUX"):
            return self.subjects_of(head, depth + 1)
        if (
            verb.dep_ == "pcomp"
            and head.dep_ == "prep"
            and head.head.pos_ == "ADJ"
            and head.head.head.pos_ in ("VERB", "AUX")
        ):  # "Rwandan troops, who were key in aiding the army": the troops aid it
            return self.subjects_of(head.head.head, depth + 1)
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and lemma(head.head) in self.syntax.instruments:
            return self.authorisers(head.head, depth + 1)  # "passed a mandate for deploying troops"
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            # "accused X of backing Y", "stopped X from attacking": the object acts; "undermined X
            # by supplying Y" (the means): the subject does
            objs = [c for c in head.head.children if c.dep_ == "dobj"] if head.lower_ != "by" else []
            return objs or self.subjects_of(head.head, depth + 1)
        if verb.dep_ == "acl" and active_participle(verb):
            return [verb.head]  # "The Iraqi air force carried out three strikes" parsed as a noun phrase
        if verb.dep_ in ("relcl", "acl") and verb.tag_ != "VBN":
            if head.dep_ == "attr":  # "X was the first country to recognise Y"
                return self.subjects_of(head.head, depth + 1) or [head]
            if lemma(head) in self.syntax.instruments:  # "passed a motion to deploy troops": the
                return self.authorisers(head, depth + 1) or [head]  # motion's adopters deploy them
            return [head]
        return []

    def permitter(self, verb: Token, depth: int = 0) -> list[Token]:
        """Who orders or permits: the verb's subject, or, for a participle on a motion, bill or
        mandate ("a bill allowing ..."), whoever adopts it."""
        if verb.dep_ in ("acl", "relcl") and lemma(verb.head) in self.syntax.instruments:
            return self.authorisers(verb.head, depth + 1)
        return self.subjects_of(verb, depth + 1)

    def permitted_passive(self, verb: Token, depth: int = 0) -> list[Token]:
        """The doer of an agentless passive that is what someone permits ("voted to allow troops to
        be sent to X", "a motion allowing troops to be deployed"): the permitter, when the
        patient names no owner of its own ("US troops" are the US's)."""
        head = verb.head
        if verb.dep_ not in ("xcomp", "ccomp") or lemma(head) not in self.syntax.permits or depth > 6:
            return []
        patients = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if any(m.dep_ in ("poss", "compound", "amod", "nmod") for p in patients for m in p.children):
            return []
        return self.permitter(head, depth + 1)

    def own_authorisation(self, verb: Token) -> bool:
        """Whether *verb* is an act its permitter authorises for itself ("parliament voted to allow
        troops to be deployed", "a bill allowing the government to deploy troops"): decided, not
        merely allowed to someone else; a refused permission decides nothing."""
        head = verb.head
        if verb.dep_ not in ("xcomp", "ccomp") or lemma(head) not in self.syntax.permits:
            return False
        if any(c.dep_ == "neg" for c in head.children):
            return False
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        return bool(self.permitted_passive(verb)) or any(own_forces(s, self.syntax) for s in subjects)

    def authorisers(self, instrument: Token, depth: int = 0) -> list[Token]:
        """Who adopts a motion, bill, mandate or resolution ("parliament passed a motion", "the
        motion approved by parliament"): the act it authorises is theirs."""
        gov = instrument.head
        if instrument.dep_ == "pobj" and gov.dep_ == "prep":  # "voted for a motion"
            gov = gov.head
        if gov.i == instrument.i or lemma(gov) not in self.syntax.adoptions or depth > 6:
            return []
        if instrument.dep_ in ("dobj", "nsubjpass", "pobj"):
            return self.subjects_of(gov, depth + 1)
        return []

    def objects_of(self, verb: Token) -> list[Token]:
        """The patient: direct object, passive subject (a relative pronoun stands for its
        antecedent), or the noun a participle modifies; quantity words are looked through."""
        passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if passive:
            return [
                verb.head if p.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" else p for p in passive
            ]
        if small_clause(verb):  # "see recognition withdrawn": the participle's subject undergoes it
            return [c for c in verb.children if c.dep_ == "nsubj"]
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and not active_participle(verb):
            return [verb.head]  # "drones supplied by X": the drones
        if fronted_participle(verb):  # "Armed by Iran, the militia seized ...": the militia
            return [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        objs = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        if not objs:  # "fired on X", "sided with X" are handled as prepositions; "met X" is dobj
            objs = [c for c in verb.children if c.dep_ == "attr"]
        if not objs:  # "kidnapped up to 16 advisers": the parser reads "up to" as particle and preposition
            ups = [c for c in verb.children if c.dep_ == "prt" and c.lower_ == "up"]
            objs = [o for u in ups for o in pobjs_of(u, "to") if any(n.dep_ == "nummod" for n in o.children)]
        if not objs:  # "drove out what it said were Armenian troops": the free relative's noun
            objs = free_relative(verb)
        if not objs:  # "allow UN agencies access": a bare clause the parser made of the two objects
            bare = [
                c
                for c in verb.children
                if c.dep_ in ("ccomp", "xcomp")
                and not any(a.dep_ in ("aux", "auxpass", "mark") for a in c.children)
            ]
            objs = [s for c in bare for s in c.children if s.dep_ == "nsubj"] + [
                c for c in bare if c.pos_ == "NOUN"
            ]
        # "suspended part of its aid": look through quantity words to what they measure
        return objs + [
            o for q in objs if lemma(q) in self.syntax.quantities for o in self.prep_objects([q], "of")
        ]

    def theme_of(self, verb: Token) -> list[Token]:
        """What a giving verb gives: "provided weapons to X" -> weapons; "provided X with
        weapons" -> weapons (the object is then the recipient)."""
        given = self.prep_objects([verb], "with") if lemma(verb) in self.syntax.giving_verbs else []
        return given or self.objects_of(verb)

    def recipients_of(self, verb: Token) -> list[Token]:
        """Who a giving verb gives to: the indirect object, or the object of "provide X with Y"."""
        dative = [
            x for c in verb.children if c.dep_ == "dative" for x in ([c] if c.pos_ != "ADP" else pobjs(c))
        ]
        if dative:
            return dative
        if lemma(verb) in self.syntax.giving_verbs and self.prep_objects([verb], "with"):
            return self.objects_of(verb)
        return []

    @staticmethod
    def prep_objects(heads: Collection[Token], phrase: str) -> list[Token]:
        """Objects of a (possibly multiword) preposition: "on", "in support of", "on behalf of"."""
        words = [w for w in phrase.lower().split() if w not in ARTICLES]
        cur = list(heads)
        for i, w in enumerate(words):
            if i % 2 == 0:
                preps = [
                    c
                    for h in cur
                    for c in h.children
                    if c.dep_ in ("prep", "agent", "dative") and c.lower_ == w
                ]
                cur = [o for pr in preps for o in pobjs(pr)]
            else:
                cur = [c for c in cur if c.lemma_.lower() == w or c.lower_ == w]
        return cur

    def noun_themes(self, tok: Token) -> list[Token]:
        """What an act noun acts on: its "of" phrase ("the closure of borders"), and for a noun of
        stopping its "to"/"on" phrase ("a halt to transactions", "a freeze on imports"), looked
        through quantity words."""
        themes = self.prep_objects([tok], "of")
        if lemma(tok) in self.syntax.stops:
            themes += self.prep_objects([tok], "to") + self.prep_objects([tok], "on")
        # "the deployment of 1,000 members of its police": through quantity words
        return themes + [
            o for q in themes if lemma(q) in self.syntax.quantities for o in self.prep_objects([q], "of")
        ]

    def mediating(self, tok: Token, top: Token) -> bool:
        """Whether *tok* sits below *top* in a participle of mediation ("a truce brokered by X"):
        a mediator is no party to what it mediates."""
        while tok.i != top.i and tok.head.i != tok.i:
            if tok.dep_ == "acl" and lemma(tok) in self.syntax.mediation:
                return True
            tok = tok.head
        return False

    def prep_anchors(self, tok: Token, kind: str, has_objects: bool = False) -> list[Token]:
        """Where a prepositional argument may attach: the trigger, a verb's object, or the
        light verb governing a noun trigger (the parser attaches "on X" to either)."""
        if kind == "verb":  # "signed two memorandums of understanding with X": any of these
            objs = self.objects_of(tok)
            return [tok, *objs, *self.prep_objects(objs, "of")]
        anchors = [tok]
        if has_objects:  # "a suspension of flights to X": the object carries the preposition
            anchors += self.noun_themes(tok)
        # "strikes carried out by X", "an attack launched by X on Y": the participle's phrases (not a
        # mediator's: "a truce brokered by X" is not X's truce)
        anchors += [
            c
            for c in tok.children
            if c.dep_ == "acl" and c.tag_ == "VBN" and lemma(c) not in self.syntax.mediation
        ]
        if tok.dep_ == "compound":
            anchors.append(tok.head)
            tok = tok.head
        if tok.dep_ in ("dobj", "nsubjpass") and lemma(tok.head) in (
            self.syntax.light_verbs | self.syntax.receiving_verbs
        ):
            anchors.append(tok.head)
        return anchors

    # ------------------------------------------------------------------ clauses
    def complements(self, tok: Token) -> list[Token]:
        """Heads of what a trigger is about: its clausal complement or purpose clause ("to X"),
        a noun's infinitival modifier ("threat to cut"), and a verb's object."""
        out = []
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp") or (
                c.dep_ in ("advcl", "acl", "relcl")
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            ):
                out.append(c)
        if tok.pos_ == "VERB":
            out.extend(self.objects_of(tok))
        return out

    @staticmethod
    def content_with_modal(tok: Token, modals: Collection[str]) -> Token | None:
        """The reported clause of *tok* when it carries one of *modals* ("X said Y must leave")."""
        for c in tok.children:
            if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in modals for a in c.children):
                return c
        return None


def active_participle(verb: Token) -> bool:
    """A participle the parser hung on a noun as a reduced relative although it has an object
    of its own and no "by" agent ("The Iraqi air force carried out three strikes", parsed as a
    noun phrase): it is the clause's verb and the noun its subject."""
    return (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBN", "VBD")
        and any(c.dep_ == "dobj" for c in verb.children)
        and not any(c.dep_ == "agent" for c in verb.children)
    )


def own_forces(tok: Token, syntax: Syntax) -> bool:
    """ "the army", "its troops", "security forces": a state organ with no other name or
    nationality, so the forces of whoever commands them."""
    if lemma(tok) not in syntax.organs:
        return False
    return not any(
        c.dep_ in ("amod", "compound", "nmod", "poss") and (c.pos_ == "PROPN" or c.text[:1].isupper())
        for c in tok.children
    )


def fronted_participle(verb: Token) -> bool:
    """A passive participle with an agent and no subject of its own, said of the subject of the
    clause it modifies ("Armed by Iran, the militia seized the ship", "the rebels, backed by X,
    advanced"): that subject undergoes it."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBN"
        and any(c.dep_ == "agent" for c in verb.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark") for c in verb.children)
    )


def small_clause(verb: Token) -> bool:
    """A bare participle with a subject complementing another verb ("see X withdrawn", "wants X
    expelled"): the subject is its patient and the governor's subject its doer."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("ccomp", "xcomp", "oprd")
        and not any(c.dep_ in ("aux", "auxpass", "agent") for c in verb.children)
    )


def in_adjunct(tok: Token, top: Token) -> bool:
    """Whether *tok* sits in a time adjunct below *top* ("agreed to X after talks with Y"):
    such an act is a separate event, not the content of a promise or demand."""
    while tok.i != top.i and tok.head.i != tok.i:
        if tok.dep_ == "prep" and tok.lower_ in TIME_ADJUNCTS:
            return True
        tok = tok.head
    return False


def pobjs_of(tok: Token, prep: str) -> list[Token]:
    """The objects of the preposition *prep* that depends on *tok*."""
    return [o for c in tok.children if c.dep_ == "prep" and c.lower_ == prep for o in pobjs(c)]


def antecedent(tok: Token) -> Token | None:
    """The noun that the relative clause containing *tok* modifies ("a warlord whose fighters
    ...": the warlord), or None."""
    node = tok
    for _ in range(12):
        if node.dep_ == "relcl":
            return node.head
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def free_relative(verb: Token) -> list[Token]:
    """The noun a free relative object names when a report hedges it ("drive out what it said were
    Armenian troops", "struck what it called terrorist positions"): the predicate of its clause."""
    for c in verb.children:
        if c.dep_ not in ("ccomp", "dobj", "xcomp"):
            continue
        if not any(w.lower_ == "what" for w in c.subtree if w.dep_ in ("dobj", "nsubj", "attr")):
            continue
        return [t for t in c.subtree if t.dep_ in ("attr", "oprd") and t.pos_ in ("NOUN", "PROPN")][:1]
    return []


def predicates_of(verb: Token) -> list[Token]:
    """What a naming verb calls its object: the object predicate ("called the strike an
    aggression") or the "as" phrase on the verb or its object ("described X's raid as a
    violation", "branded the move as unlawful"); with the predicate's "of" phrase and
    modifiers ("an act of aggression", "a terrorist organisation")."""
    preds = [c for c in verb.children if c.dep_ == "oprd"]
    if not preds:
        anchors = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "obj"))]
        preds = [
            w
            for a in anchors
            for c in a.children
            if c.dep_ == "prep" and c.lower_ == "as"
            for w in c.children
            if w.pos_ in ("NOUN", "PROPN", "ADJ")
        ]
    return preds + [
        w for p in preds for w in (*pobjs_of(p, "of"), *p.children) if w.dep_ in ("pobj", "amod", "compound")
    ]
