"""Roles: where a predicate's participants are found, registered by name.

A pattern file names, for each act, the roles that hold its source and its target, tried in the
order given (``source: [poss, mod, by, host]``). A role is either a registered finder below or a
preposition: ``on``, ``against``, ``in support of`` find the object of that preposition on the
trigger, on its object, or on the light verb that governs a noun trigger. The pattern loader
checks every role against this catalogue and the preposition list (``prepositions`` in
``data/patterns/syntax.yaml``); a multiword role must begin and end with a preposition.

========================  ==================================================================
role                      what fills it
========================  ==================================================================
``subject``               the doer of a verb, voice normalised: the active subject, the "by"
                          agent of a passive, the antecedent of a relative pronoun ("forces,
                          which attacked"), inherited through control ("X decided to attack",
                          "ordered the army to attack": the army), raising ("X is likely to"),
                          coordination and adverbial clauses
``object``                the patient: direct object, passive subject, the noun a participle
                          modifies ("drones supplied by X"), through quantity words ("part of")
``theme``                 what is given: the object, or "with Y" when the object is the
                          recipient ("provided X with weapons")
``recipient``             who receives: the indirect object, the object of "provide X with Y"
``dative``                the indirect object only
``poss``/``mod``          a noun's possessor ("Russia's deployment") / actor modifiers ("Turkish
                          strikes")
``by``/``of``/``on``...   the object of that preposition on the predicate, its object, or the
                          light verb governing a noun ("launched an attack on X")
``host``                  the subject of the light verb that governs an event noun ("X launched
                          an offensive", "X imposed sanctions", "X flew to Y for talks")
``holder``                who an agent noun describes ("X is a backer of Y", "X, an ally of Y")
``receiver``              the subject of "receive/get/enjoy" governing the noun ("Y received
                          support from X")
``supported``             the doer of the clause a "with the support of X" phrase belongs to
``provoker``              what provoked a reaction noun ("X's attack drew condemnation": X)
``side``                  whose side: "on X's side", "on the side of X"
``hyphen``                the actor before "-backed", "-led", "-made" ("the UAE-backed LNA")
``led``                   "the X-led offensive" (word order)
``modified``              the noun a participle or adjective trigger modifies
``purpose``               whom the operation an act prepares is against ("massed troops for an
                          offensive on X")
``place``                 where a domestic act happens ("in/inside/throughout/across X")
``content``               the subject of a reported clause with a modal ("X said Y must")
``predicate``             what a naming verb calls its object ("called it an aggression by X")
``owner``                 whose thing the object is ("withdrew X's recognition")
``destination``           where the host travelled for a noun event ("flew to X for talks")
``own_country``           the source's own country, filled by the coder when no other role has
                          an actor (a domestic protest)
``helped``                whom an act is done to help ("sent troops to X to help Y's government")
``accompanied``           the subject of the clause an absolute accompanies ("With X supplying
                          drones, the militia attacked": the militia)
========================  ==================================================================

Every finder is a function ``(args, tok, kind, *, modals=(), has_objects=False) -> heads`` over
the parse (:class:`~.arguments.Arguments` gives the core relations): nothing here looks up an
event type.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from multipolar.coding.arguments import (
    ADJUNCT_PREPS,
    HYPHENS,
    NP_MODIFIERS,
    PLACE_PREPS,
    Arguments,
    antecedent,
    lemma,
    pobjs,
    predicates_of,
)
from multipolar.coding.catalogue import Catalogue
from multipolar.coding.prepositions import adjacent_prep, phrase_after, preposition

if TYPE_CHECKING:
    from spacy.tokens import Token

RoleFinder = Callable[..., list["Token"]]
ROLES: Catalogue[RoleFinder] = Catalogue("role")
OWN_COUNTRY = "own_country"  # target role: the source's own country, when no other role has an actor


class Roles:
    """Role fillers of predicates in a parse, by role name (see the module docstring)."""

    def __init__(self, args: Arguments) -> None:
        self.args = args

    def __call__(
        self, tok: Token, kind: str, role: str, *, modals: Collection[str] = (), has_objects: bool = False
    ) -> list[Token]:
        """Head tokens filling *role* of the predicate *tok* (a "verb", "noun" or "adj")."""
        if " " in role:  # fixed multiword prepositions are found more reliably by word order
            return phrase_after(tok, role) or self.find(tok, kind, role, modals, has_objects)
        return self.find(tok, kind, role, modals, has_objects)

    def find(
        self, tok: Token, kind: str, role: str, modals: Collection[str] = (), has_objects: bool = False
    ) -> list[Token]:
        finder = ROLES.find(role)
        if finder is not None:
            return finder(self.args, tok, kind, modals=modals, has_objects=has_objects)
        return preposition(self.args, tok, kind, role, has_objects)


def role_problem(role: object, prepositions: Collection[str]) -> str | None:
    """Why *role* is not a role a pattern may name (None when it is one)."""
    if not isinstance(role, str) or not role.strip():
        return f"bad role {role!r}"
    if role in ROLES:
        return None
    words = role.lower().split()
    if words[0] in prepositions and words[-1] in prepositions:
        return None
    return (
        f"unknown role {role!r} (a registered role: {', '.join(ROLES.names())}; or a preposition "
        "listed under 'prepositions' in syntax.yaml)"
    )


@ROLES.register(OWN_COUNTRY)
def find_own_country(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """The source's own country: no words fill it; the coder resolves it from the source."""
    return []


@ROLES.register("subject")
def find_subject(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    return args.subjects_of(tok)


@ROLES.register("object")
def find_object(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    return args.objects_of(tok) if kind == "verb" else args.prep_objects([tok], "of")


@ROLES.register("theme")
def find_theme(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    return args.theme_of(tok) if kind == "verb" else args.prep_objects([tok], "of")


@ROLES.register("recipient")
def find_recipient(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    return args.recipients_of(tok) if kind == "verb" else []


@ROLES.register("content")
def find_content(args: Arguments, tok: Token, kind: str, modals: Collection[str] = (), **_) -> list[Token]:
    c = args.content_with_modal(tok, modals)
    return args.subjects_of(c) if c is not None else []


@ROLES.register("dative")
def find_dative(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """The indirect object, and the recipient of "provide X with Y" (X); for a noun, also the
    indirect object of the light verb that governs it ("gave X an ultimatum")."""
    if kind == "verb":
        return args.recipients_of(tok)
    d = [c for c in tok.children if c.dep_ == "dative"]
    if not d and tok.dep_ == "dobj" and lemma(tok.head) in args.syntax.light_verbs:
        d = [c for c in tok.head.children if c.dep_ == "dative"]
    return [x for c in d for x in ([c] if c.pos_ != "ADP" else pobjs(c))]


@ROLES.register("poss")
def find_poss(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    owners = [c for c in tok.children if c.dep_ == "poss"]
    if not owners and tok.dep_ == "compound":  # "Russian troops' combat contributions"
        owners = [c for c in tok.head.children if c.dep_ == "poss"]
    first = tok
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if owners and first.i != tok.i and first.pos_ == "PROPN":
        owners.insert(0, first)  # "X, Y and Z's backing": the parser hangs the noun off X
    return owners


@ROLES.register("holder")
def find_holder(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """The one a relational noun describes: "X is a staunch backer of Y", "X, an ally of Y", "X is
    among the patrons of Y", "X is one of Y's sponsors", "Y's backers include X", "Y's main
    backer is X", "Y's backers, X and Z, ..."."""
    gov = tok.head
    if tok.dep_ in ("attr", "oprd"):
        return args.subjects_of(gov)
    if tok.dep_ == "appos":  # "X, a backer of Y"
        return [gov]
    if tok.dep_ == "pobj" and gov.lower_ in ("as", "among") and gov.head.pos_ in ("VERB", "AUX"):
        return args.subjects_of(gov.head)  # "X emerged as a backer of Y", "X is among the patrons of Y"
    if tok.dep_ == "pobj" and gov.lower_ == "of" and gov.head.dep_ in ("attr", "appos"):
        return find_holder(args, gov.head, kind)  # "X is one of the backers of Y"
    if tok.dep_ == "nsubj" and lemma(gov) in ("be", "include", "comprise"):
        named = [c for c in gov.children if c.dep_ in ("attr", "dobj")]  # "Y's backers include X"
        if named:
            return named
    # "Y's backers, X and Z, ...": the apposition, or a list the parser took for conjuncts
    listed = [c for c in tok.children if c.dep_ == "conj" and tok.doc[c.left_edge.i - 1].text == ","]
    return [c for c in tok.children if c.dep_ == "appos"] + listed[:1]


@ROLES.register("mod")
def find_mod(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    return [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "npadvmod")]


@ROLES.register("by")
def find_by(args: Arguments, tok: Token, kind: str, has_objects: bool = False, **_) -> list[Token]:
    found = args.prep_objects(args.prep_anchors(tok, kind, has_objects), "by")
    return found or (adjacent_prep(tok, "by") if kind == "noun" else [])


@ROLES.register("host")
def find_host(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """The subject of a light verb governing the noun ("X launched an offensive")."""
    if tok.dep_ == "compound":  # "a military aid package": the package's host
        tok = tok.head
    gov = tok.head
    if tok.dep_ == "pobj" and gov.lower_ == "of" and lemma(gov.head) in args.syntax.quantities:
        tok, gov = gov.head, gov.head.head  # "held a round of talks": the round's host
    if tok.dep_ == "pobj" and gov.lower_ == "of" and lemma(gov.head) in args.syntax.light_nouns:
        return find_host(args, gov.head, kind)  # "announced the enforcement of a no-fly zone"
    if tok.dep_ == "pobj" and gov.lower_ == "in" and lemma(gov.head) in args.syntax.involvement:
        # "engaged in a firefight with Y", "X was locked in a war with Y" (the one locked in it)
        surface = [c for c in gov.head.children if c.dep_ == "nsubjpass"]
        surface = [(antecedent(c) or c) if c.tag_ in ("WDT", "WP") else c for c in surface]  # "which"
        return surface or args.subjects_of(gov.head)
    if tok.dep_ == "pobj" and gov.lower_ in ADJUNCT_PREPS and gov.head.pos_ == "VERB":
        # "after talks with Y, X agreed to ...": X talked; "X threw stones during protests
        # against Y": X protested; but "following the attack, X condemned ..." says nothing
        # of who attacked: only an act with a named partner or counterpart, or one the doer
        # was busy with ("during"), has the main clause's doer among its parties
        # ("following a summit between X, Y and Z": its parties are those named, not the doer)
        preps = {c.lower_ for c in tok.children if c.dep_ == "prep"}
        if "between" in preps:
            return []
        if preps & {"with", "against"} or gov.lower_ == "during":
            return args.subjects_of(gov.head)
        return []
    if tok.dep_ == "pobj" and gov.lower_ in ("for", "on") and lemma(gov.head) in args.syntax.travel_verbs:
        return args.subjects_of(gov.head)  # "flew to X for talks", "arrived in X on a visit"
    if tok.dep_ == "pobj" and gov.lower_ in ("on", "for") and lemma(gov.head) in args.syntax.decisions:
        return args.subjects_of(gov.head)  # "leaders agreed on sanctions against X": they impose them
    if tok.dep_ == "pobj" and gov.lower_ == "at" and lemma(gov.head) == "be" and gov.head.pos_ == "AUX":
        return args.subjects_of(gov.head)  # "X has been at war with Y"
    if tok.dep_ == "pobj" and gov.lower_ == "for" and lemma(gov.head) == "responsible":
        return args.subjects_of(gov.head.head)  # "X has been responsible for mass killings": X did them
    if tok.dep_ == "pobj" and gov.lower_ == "for" and lemma(gov.head) in ("responsibility", "credit"):
        claim = gov.head.head  # "X claimed responsibility for the attack": X did it
        if claim.pos_ == "VERB" and lemma(claim) in (
            "claim",
            "take",
            "accept",
            "bear",
            "assume",
            "admit",
        ):
            return args.subjects_of(claim)
    if tok.dep_ in ("dobj", "nsubjpass", "attr") and lemma(gov) in args.syntax.light_verbs:
        return args.subjects_of(gov)
    if (
        tok.dep_ == "dobj"
        and lemma(gov) in args.syntax.permits
        and gov.dep_ in ("acl", "relcl")
        and lemma(gov.head) in args.syntax.instruments
    ):
        return args.authorisers(gov.head)  # "a bill allowing the deployment of troops": its adopters
    if tok.dep_ == "conj" and tok.head.dep_ in ("dobj", "nsubjpass"):
        gov = tok.head.head
        if lemma(gov) in args.syntax.light_verbs:
            return args.subjects_of(gov)
    return listed_host(args, tok)


def listed_host(args: Arguments, tok: Token) -> list[Token]:
    """The host of an act noun listed after the first object of a light verb ("announced a no-fly
    zone, the closure of borders and the freezing of assets"), wherever the parser hung the list
    item: a noun right after a comma or a conjunction, linked to the verb's object by nominal arcs."""
    before = tok.doc[tok.left_edge.i - 1] if tok.left_edge.i > tok.sent.start else None
    if before is None or before.text not in (",", ";") and before.lower_ not in ("and", "or"):
        return []
    node = tok
    for _ in range(10):
        if node.dep_ not in ("appos", "conj", "pobj", "prep", "compound") or node.head.i == node.i:
            break
        node = node.head
    if node.dep_ == "dobj" and lemma(node.head) in args.syntax.light_verbs and node.i < tok.i:
        return args.subjects_of(node.head)
    return []


@ROLES.register("purpose")
def find_purpose(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """Whom the operation an act prepares is against: "mobilized reservists for a war against
    Iraq", "massed troops for an offensive on the city"."""
    ops = [o for o in args.prep_objects([tok], "for") if lemma(o) in args.syntax.operations]
    return args.prep_objects(ops, "against") + args.prep_objects(ops, "on")


@ROLES.register("destination")
def find_destination(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    gov = tok.head
    if tok.dep_ == "pobj" and gov.lower_ in ("for", "on") and lemma(gov.head) in args.syntax.travel_verbs:
        travel = gov.head
        return args.prep_objects([travel], "to") + args.objects_of(travel) + args.prep_objects([travel], "in")
    return []


@ROLES.register("led")
def find_led(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """ "the GNA-led offensive": word order, since the parser splits "X-led"."""
    window = tok.doc[max(tok.sent.start, tok.i - 6) : tok.i]
    return [
        t.doc[t.i - 2]
        for t in window
        if t.lower_ == "led" and t.i - 2 >= tok.sent.start and t.doc[t.i - 1].text in HYPHENS
    ]


@ROLES.register("hyphen")
def find_hyphen(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """ "the UAE-backed LNA": the name before the hyphen acts (the trigger is "backed")."""
    if tok.i >= 2 and tok.doc[tok.i - 1].text in HYPHENS and tok.i - 2 >= tok.sent.start:
        return [tok.doc[tok.i - 2]]
    return []


@ROLES.register("modified")
def find_modified(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """The noun a participle or adjective trigger modifies ("the UAE-backed LNA": the LNA)."""
    if tok.dep_ in ("amod", "compound", "acl", "nmod") and tok.head.i != tok.i:
        return [tok.head]
    return []


@ROLES.register("owner")
def find_owner(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """Whose recognition is withdrawn: "X's recognition", "recognition of X", "their withdrawal"
    (a pronoun as the document layer resolves it)."""
    objs = args.objects_of(tok) if kind == "verb" else [tok]
    objs = [o for o in objs if lemma(o) not in args.syntax.opponents]  # "X's enemies" are not X's
    named = args.prep_objects(objs, "of")
    return named or [c for o in objs for c in o.children if c.dep_ in NP_MODIFIERS]


@ROLES.register("place")
def find_place(args: Arguments, tok: Token, kind: str, has_objects: bool = False, **_) -> list[Token]:
    """Where a domestic act happens: "lifted the curfew in X"."""
    anchors = args.prep_anchors(tok, kind, has_objects)
    return [o for prep in PLACE_PREPS for o in args.prep_objects(anchors, prep)]


@ROLES.register("receiver")
def find_receiver(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    if tok.dep_ == "dobj" and lemma(tok.head) in args.syntax.receiving_verbs:
        return args.subjects_of(tok.head)
    return []


@ROLES.register("provoker")
def find_provoker(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """ "X's attack drew condemnation from Y", "elicited a reprimand by Y": the reaction noun
    is aimed at what the provoking verb's subject names (X's attack: X)."""
    gov = tok
    while (
        gov.dep_ in ("dobj", "nsubjpass", "pobj", "prep", "amod", "advmod", "quantmod")
        and gov.head.i != gov.i
    ):
        gov = gov.head  # "elicited little more than a reprimand": through the quantity words
        if gov.pos_ == "VERB":
            break
    if gov.pos_ == "VERB" and lemma(gov) in args.syntax.provoking_verbs:
        # the active subject: a "by" phrase after the reaction noun is the reaction's author
        return [c for c in gov.children if c.dep_ == "nsubj"] or args.subjects_of(gov)
    return []


@ROLES.register("supported")
def find_supported(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """ "X attacked Y with the support of Z" / "thanks to Z's backing": X is supported."""
    gov = tok.head
    if tok.dep_ == "pobj" and gov.lower_ in ("with", "to", "without") and gov.head.pos_ in ("VERB", "AUX"):
        if gov.lower_ == "to" and not (gov.i > 0 and tok.doc[gov.i - 1].lower_ == "thanks"):
            return []
        return args.subjects_of(gov.head)
    return []


@ROLES.register("side")
def find_side(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """ "fighting on Haftar's side", "on the side of the GNA": whose side."""
    anchors = args.prep_anchors(tok, kind)
    sides = [o for o in args.prep_objects(anchors, "on") if lemma(o) == "side"]
    return [
        c for s in sides for c in s.children if c.dep_ in ("poss", "compound", "amod")
    ] + args.prep_objects(sides, "of")


@ROLES.register("predicate")
def find_predicate(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """What a naming verb calls its object: "called the shelling an act of aggression by X"."""
    return predicates_of(tok) if kind == "verb" else []


@ROLES.register("helped")
def find_helped(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """Whom an act is done to help: "deployed forces to Cabo Delgado to help the government of X",
    "sent troops to defend Y", "the deployment of police to support Z"."""
    owners = [tok]
    if kind == "noun" and tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ == "VERB":
        owners.append(tok.head)  # "started the deployment of troops ... to help X": hung on the verb
    if kind == "verb":  # "sent fighters, frigates and drones to defend X": hung on what is sent
        owners += sent_items(tok)
    clauses = [c for o in owners for c in o.children if purpose_of_help(args, c)]
    return [o for c in clauses for o in args.objects_of(c)]


def purpose_of_help(args: Arguments, clause: Token) -> bool:
    """An infinitive of helping that says what an act is for ("to defend X", "to back Y")."""
    return (
        clause.dep_ in ("advcl", "xcomp", "acl", "relcl")
        and lemma(clause) in args.syntax.helping
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children)
    )


def sent_items(verb: Token) -> list[Token]:
    """What a verb sends, with the rest of its list wherever the parser hung it ("deployed special
    forces, Syrian fighters and drones": the later items may hang off the verb as modifiers)."""
    items = [c for c in verb.children if c.dep_ in ("dobj", "npadvmod")]
    return items + [c for i in items for c in i.subtree if c.dep_ == "conj"]


@ROLES.register("accompanied")
def find_accompanied(args: Arguments, tok: Token, kind: str, **_) -> list[Token]:
    """The subject of the clause an absolute accompanies ("With Iran supplying the drones, the
    Houthis attacked": the Houthis; "With mercenaries fighting alongside them, X advanced": X)."""
    if kind != "verb":
        return []
    if tok.dep_ == "pcomp" and tok.head.lower_ == "with":
        main = tok.head.head
    elif tok.dep_ == "acl" and tok.head.dep_ == "pobj" and tok.head.head.lower_ == "with":
        main = tok.head.head.head
    else:
        return []
    return args.subjects_of(main) if main.pos_ in ("VERB", "AUX") and main.i > tok.i else []
