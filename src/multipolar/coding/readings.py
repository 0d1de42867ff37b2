"""Readings: an act recoded by what is said of it, registered by name.

PLOVER defines some types by what an act is for or how it is said rather than by its verb:
support for a military operation is military aid, readiness to use force is a threat, a state's
own protest is a diplomatic complaint, a doer's stated plan to cooperate is a promise. A *reading*
is such a rule. Each has a name, and an event it changed records it after its pattern id
(``support.noun+operation``), so every code stays explained.

Two kinds:

* **Rewrites** declared in the pattern files: the condition is code, registered here by name and
  by the stage of coding at which it can be judged; what the act becomes is data, in the
  ``readings:`` list of the file of the type it applies to (``support.yaml``)::

      readings:
        - reading: operation                # the condition registered below
          type: SUPPORT                     # acts of this type ...
          becomes: {type: AID, mode: military, context: military}   # ... are coded so

  ``abroad: true`` adds that the recoded act is aimed at others, never at the doer's own
  country. The loader checks each name against this catalogue (an unknown one is an error naming
  the file and line).
* **Readings applied where their evidence is**, declared here so that the catalogue lists every
  suffix an event may carry: ``intent`` and ``refusal`` (:mod:`.intent`, from the modality),
  ``antecedent`` (the document layer).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from multipolar.coding.arguments import Arguments, lemma
from multipolar.coding.catalogue import Catalogue
from multipolar.coding.roles import OWN_COUNTRY

if TYPE_CHECKING:
    from spacy.tokens import Token

    from multipolar.coding.actors import MentionIndex
    from multipolar.coding.parties import Parties
    from multipolar.coding.patterns import Pattern
    from multipolar.coding.triggers import Match

STAGES = (
    "roles",
    "participants",
)  # where the coder judges a rewrite: after the roles, after the participants
FORCEFUL = frozenset(("ASSAULT", "COERCE", "SANCTION", "MOBILIZE"))  # acts whose promise threatens


@dataclass(frozen=True)
class Clause:
    """What a rewrite's condition may look at: the trigger's match and the entry being read, the
    actors of the sentence, the coder's argument and actor layers, its word lists and registry."""

    match: Match
    pattern: Pattern
    index: MentionIndex
    parties: Parties
    lexicon: Mapping[str, frozenset[str]]
    registry: object = None


Condition = Callable[[Clause], bool]
READINGS: Catalogue[Condition] = Catalogue("reading")


def suffix(name: str) -> str:
    """The pattern suffix of the registered reading *name* (``+name``); an unregistered one fails."""
    return f"+{READINGS.get(name).name}"


@READINGS.register("operation", stage="roles")
def supports_operation(clause: Clause) -> bool:
    """What is supported is a military operation ("Russia's support for Haftar's offensive"): the
    support is military (PLOVER AID: "military ... assistance including arms and personnel")."""
    p, tok = clause.pattern, clause.match.token
    operations = clause.lexicon.get("operations", frozenset())
    roles = clause.parties.roles
    heads = [h for role in p.target if role != OWN_COUNTRY for h in roles(tok, p.kind, role)]
    return any(lemma(h) in operations for h in heads)


@READINGS.register("material", stage="roles")
def material_support(clause: Clause) -> bool:
    """The backing is given by weapons or fighters ("forces backed by Emirati drones", "supported
    by Russian mercenaries"): material, military support (PLOVER AID), not a verbal one."""
    p, tok = clause.pattern, clause.match.token
    given = clause.lexicon.get("weapons", frozenset()) | clause.lexicon.get("personnel", frozenset())
    return any(lemma(h) in given for h in clause.parties.heads(tok, p, p.source))


@READINGS.register("proposed", stage="roles")
def signs_proposal(clause: Clause) -> bool:
    """What is signed is a deal another proposed ("signed a plan proposed by X", "adopted the draft
    put forward by X"): the signers accept X's proposal (PLOVER AGREE), X is no co-signer."""
    p, tok = clause.pattern, clause.match.token
    if not p.symmetric or p.kind != "verb":
        return False
    proposing = clause.lexicon.get("proposing", frozenset())
    deals = [o for o in tok.children if o.dep_ in ("dobj", "nsubjpass")]
    return any(
        c.dep_ in ("acl", "relcl") and lemma(c) in proposing and Arguments.prep_objects([c], "by")
        for o in deals
        for c in o.children
    )


@READINGS.register("force", stage="roles")
def promises_force(clause: Clause) -> bool:
    """A promise is readiness or a vow to use force or sanctions ("it is prepared to impose martial
    law", "vowed to crush the revolt"): a threat (PLOVER THREATEN: "coercive or forceful warnings").
    An agreement or decision to sanction ("the EU agreed to impose sanctions") stays the agreed act's."""
    inner = clause.match.inner
    return (
        inner is not None
        and inner.pattern.type in FORCEFUL
        and lemma(clause.match.token) not in ("agree", "decide", "accept", "approve")
    )


@READINGS.register("diplomatic", stage="participants")
def speaks_for_itself(clause: Clause) -> bool:
    """The protester is a state, government or organisation itself, not people named by nationality
    ("Greece protested", not "Greek students protested"): a diplomatic complaint, since PLOVER
    PROTEST is collective civilian action."""
    p, tok, index, registry = clause.pattern, clause.match.token, clause.index, clause.registry
    for head in clause.parties.heads(tok, p, p.source):
        mention = index.get(head.i)
        if mention is not None and mention.rule == "demonym":
            continue  # "Palestinians protested": people, named by their nationality
        entry = registry.get(mention.actor) if mention and hasattr(registry, "get") else None
        if entry is not None and entry.type in ("state", "government", "igo"):
            return True
    return False


@READINGS.register("unwelcome", stage="roles")
def against_the_will(clause: Clause) -> bool:
    """Forces or arms sent to someone despite that one's objection ("deployed troops to X despite
    X's objections", "over Y's protests", "against Z's wishes"): no help to a recipient who
    refuses it (PLOVER AID benefits the recipient) but a deployment against it (MOBILIZE)."""
    p, tok, index = clause.pattern, clause.match.token, clause.index
    objections = clause.lexicon.get("objections", frozenset())
    nouns = [
        o
        for prep in tok.children
        if prep.dep_ == "prep" and prep.lower_ in ("despite", "over", "against", "in")
        for o in prep.children
        if o.dep_ == "pobj"
    ]
    nouns = [n for o in nouns for n in (pobj_of(o, "of") if o.lower_ == "spite" else [o])]  # "in spite of"
    nouns = [n for n in nouns if lemma(n) in objections and n.head.lower_ != "in"]
    objectors = {
        index[w.i].actor
        for n in nouns
        for c in n.children
        if c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("of", "from", "by"))
        for w in c.subtree
        if w.i in index
    }
    roles = clause.parties.roles
    recipients = {
        index[w.i].actor
        for role in p.target
        if role != OWN_COUNTRY
        for h in roles(tok, p.kind, role)
        for w in h.subtree
        if w.i in index
    }
    return bool(objectors & recipients - {None})


def pobj_of(tok: Token, word: str) -> list[Token]:
    """The objects of *tok*'s preposition *word*."""
    return [
        o
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == word
        for o in c.children
        if o.dep_ == "pobj"
    ]


# Readings applied where their evidence is (their logic lives in the module named).
READINGS.declare(
    "intent",
    "The doer's own stated plan: a cooperative act is AGREE, a coercive one THREATEN (PLOVER: "
    "cooperative actions reported in future tense imply intentions).",
    stage="modality",
    where="coding.intent",
)
READINGS.declare(
    "refusal",
    "The doer's own stated refusal of a cooperative act: REJECT.",
    stage="modality",
    where="coding.intent",
)
READINGS.declare(
    "likewise",
    'Others named as doing the same did the same act to the same target ("X suspended its aid to Y, '
    'following similar measures by Z").',
    stage="sentence",
    where="coding.coder",
)
READINGS.declare(
    "shared",
    "A coordinated act with no target of its own is aimed at the target of the act it is coordinated "
    'with, by the same doers and with the same sign ("imposed sanctions on X and threatened force").',
    stage="sentence",
    where="coding.coder",
)
READINGS.declare(
    "antecedent",
    "The target taken from the act an event refers back to (a support inherits its recipient).",
    stage="document",
    where="coding.discourse",
)
