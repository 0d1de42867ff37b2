"""Parties: the actors that fill an act's roles.

Given a trigger and its lexicon entry, :class:`Parties` turns the entry's roles into actor
mentions: the first role that names an actor wins (:meth:`~Parties.first_role`); a role that names
people rather than actors ("18 people", "rebels") is filled with the group's country
(:meth:`~Parties.participants`); a promise, demand, refusal or threat with no target of its own
takes the target of what it is about (:meth:`~Parties.complement_targets`). :func:`pairs` makes
the source-target pairs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from multipolar.coding.actors import GENERIC, ActorFinder, MentionIndex, phrase_mention, unique
from multipolar.coding.arguments import PLACE_PREPS, Arguments, antecedent, in_adjunct, lemma, pobjs
from multipolar.coding.patterns import Pattern
from multipolar.coding.roles import OWN_COUNTRY, Roles, purpose_of_help, sent_items
from multipolar.document import Mention

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Token

CONDITIONS = ("if", "unless")
# Acts a state exercises over people in its own jurisdiction: with no place given, the people
# they are done to are the doer's own ("the police detained 18 people").
DOMESTIC_TYPES = frozenset(("COERCE", "CONCEDE", "RETREAT"))
LOCATIVE_ROLES = frozenset(("destination", "place", "in", "at", "near", "inside", "into", "to"))


class Parties:
    """The actors of a trigger's roles (see the module docstring)."""

    def __init__(
        self,
        args: Arguments,
        actors: ActorFinder,
        people: frozenset[str] = frozenset(),
        acts: frozenset[str] = frozenset(),
    ) -> None:
        self.args = args
        self.roles = Roles(args)
        self.actors = actors
        self.people = people  # nouns of people and bodies (parties of talks, not topics)
        self.acts = acts  # nouns of acts (talks about a deal name its parties: "negotiated the deal")

    def first_role(
        self, tok: Token, p: Pattern, roles: tuple[str, ...], index: MentionIndex, target: bool = False
    ) -> tuple[list[Mention], str | None]:
        """The actors of the first role that has any (roles are tried in the pattern's order)."""
        for role in roles:
            if role == OWN_COUNTRY:
                continue
            heads = self.roles(tok, p.kind, role, modals=p.modals, has_objects=bool(p.objects))
            heads = self.referents(heads, index)
            if target and p.type == "CONSULT" and role == "object":
                heads = [h for h in heads if not self.topic(h, index)]
            found = self.actors.nested(unique(a for h in heads for a in self.actors(h, index)), tok.doc)
            if not found and target and role in LOCATIVE_ROLES:  # "arrived in Amman", "an embassy in Tehran"
                found = [phrase_mention(h, c) for h in heads if (c := self.actors.place_country(h, index))][
                    :1
                ]
            if found:
                return found, role
        return [], None

    def referents(self, heads: list[Token], index: MentionIndex) -> list[Token]:
        """*heads*, each noun possessed by "whose" by the antecedent of its relative clause ("a
        warlord whose fighters obtained drones": the warlord's), and a noun said to be "known as" a
        name by that name ("a dissident faction of X, known as Y": Y). (A common noun in apposition
        stands for the name it describes, with the reference kept, in
        :meth:`.ActorFinder.actors_of`: "Al-Shabaab, a group armed by Eritrea" is Al-Shabaab, not the
        group's own modifiers.)"""
        out: list[Token] = []
        for head in heads:
            if any(c.lower_ == "whose" and c.dep_ == "poss" for c in head.children):
                head = antecedent(head) or head
            named = named_as(head)
            out.append(named if named is not None and self.actors(named, index) else head)
        return out

    def topic(self, head: Token, index: MentionIndex) -> bool:
        """What talks are about, not who takes part: an object that is no actor, no people and no
        act ("discussed North Korea's missile programme"; but "met Erdogan", "received the Iranian
        delegation", "negotiated the deal")."""
        return (
            head.i not in index
            and head.pos_ in ("NOUN", "PROPN")
            and lemma(head) not in self.people
            and lemma(head) not in self.acts
            and not (head.pos_ == "PROPN" and any(t.i in index for t in head.subtree))
        )

    def heads(self, tok: Token, p: Pattern, roles: tuple[str, ...]) -> list[Token]:
        """The heads of the first of *roles* that names someone or something (a noun or pronoun:
        "a general strike" has the modifier "general", which names no participant)."""
        for role in roles:
            if role != OWN_COUNTRY:
                found = self.roles(tok, p.kind, role, modals=p.modals, has_objects=bool(p.objects))
                if any(h.pos_ in ("NOUN", "PROPN", "PRON") for h in found):
                    return found
        return []

    def participants(
        self,
        tok: Token,
        p: Pattern,
        index: MentionIndex,
        sources: list[Mention],
        targets: list[Mention],
        domestic: bool,
        framed: bool = False,
    ) -> tuple[list[Mention], list[Mention], bool, Mention | None]:
        """Fill an empty source or target with the group its role names ("18 people", "rebels"):
        the country of the clause's place, else (for a state's coercion, release or concession)
        the doer's own country, else no registered actor (see :meth:`ActorFinder.participants`).
        Returns the sources, the targets, whether the act is domestic, and, for an act with no
        target actor, the words it was aimed at ("the scheme", "a draft resolution")."""
        aimed: Mention | None = None
        if sources and targets:
            return sources, targets, domestic, aimed
        where = self.actors.clause_place(tok, p.kind, index)
        place = where.actor if where is not None else None
        source_heads = self.heads(tok, p, p.source)
        if not sources:
            sources = self.actors.participants(source_heads, index, place)
        if sources and not targets and not framed:
            home = place
            state_at_home = p.type in DOMESTIC_TYPES and self.actors.state_doer(source_heads, sources)
            if home is None and state_at_home:
                home = next((c for m in sources if (c := self.actors.country_of(m.actor))), None)
            target_heads = self.heads(tok, p, p.target)
            found = self.actors.participants(target_heads, index, home, any_noun=True)
            targets = [m for m in found if m.actor is not None]
            aimed = next((m for m in found if m.actor is None), None)
            measure = state_at_home and p.type in ("COERCE", "CONCEDE")  # a curfew, a state of emergency
            if not targets and home and (measure or p.type == "AID") and not target_heads:
                # a state's curfew, martial law or release with no one named is aimed at home; aid
                # with no recipient named goes where it is delivered ("troops arrived in Bosnia")
                targets = [where if where is not None else replace(sources[0], actor=home)]
                if p.type != "AID":
                    domestic = True
            domestic = domestic or (bool(targets) and home is not None and p.type != "AID")
        return sources, targets, domestic, aimed

    def complement_targets(self, tok: Token, sources: list[Mention], index: MentionIndex) -> list[Mention]:
        """Target of a promise/demand/refusal/threat without one of its own: who the act it
        governs is aimed at ("refused to let French troops ...", "demanded that X withdraw")."""
        # a group named by what it is ("opposition groups in Zimbabwe") may demand of its own state
        src = {m.actor for m in sources if m.rule != GENERIC}
        args = self.args
        for c in args.complements(tok):
            if c.pos_ not in ("VERB", "AUX"):
                continue
            if lemma(c) in args.syntax.helping:  # "sent fighters to defend Y against Z": Y is helped,
                # not the fighters who help nor the enemy; with Y no actor, no one is named
                helped = [m for h in args.objects_of(c) for m in self.actors(h, index)]
                return unique(m for m in helped if m.actor not in src)
            heads = [*args.subjects_of(c), *args.objects_of(c)]
            heads += [d for d in c.children if d.dep_ == "dative"]
            for prep in ("to", "for", "with", "against", "into", "alongside", "on", "from"):
                heads += args.prep_objects([c, *args.objects_of(c)], prep)
            found = [m for h in heads for m in self.actors(h, index) if m.actor not in src]
            if not found:  # "threatened to resume attacks in X": where the act would happen
                places = [
                    o for prep in PLACE_PREPS for o in args.prep_objects([c, *args.objects_of(c)], prep)
                ]
                found = [m for h in places for m in self.actors(h, index) if m.actor not in src]
            if found:
                return unique(found)
        return self.deep_targets(tok, src, index)

    def deep_targets(self, tok: Token, src: set[str | None], index: MentionIndex) -> list[Mention]:
        """Last resort for a promise, refusal, demand or threat: the first actor named anywhere in
        what it governs ("willing to send material to help defend Saudi Arabia", "refused to commit
        to any assistance to the US-led war", "rejected a call for its forces to be deployed in
        East Timor"), but not in a time or condition clause, nor the doer itself, nor a mediator ("agreed
        to a truce mediated by X")."""
        governed = [*self.args.complements(tok)]
        for c in governed:
            for t in c.subtree:
                if t.i == tok.i or in_adjunct(t, c) or t.dep_ == "mark" or self.args.mediating(t, c):
                    continue
                if t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS:
                    continue  # where the act would happen ("to stop the bloodshed in Libya") is no party
                mention = index.get(t.i)
                if mention is not None and mention.actor not in src and mention.person is None:
                    return [mention]
        return []

    def waged_together(self, tok: Token, p: Pattern) -> bool:
        """Whether a hostile act named by a noun is the object of a verb that starts or carries it
        out ("X and Y waged war", "X and Y launched an offensive"): its coordinated doers act
        together, while being at war or locked in fighting is two-sided."""
        if p.kind != "noun" or p.type not in ("ASSAULT", "COERCE"):
            return False
        if tok.dep_ == "conj" and tok.head.dep_ == "dobj":
            tok = tok.head
        return tok.dep_ == "dobj" and lemma(tok.head) in self.args.syntax.initiating

    def sent_to_help(self, tok: Token) -> bool:
        """Whether *tok* is the purpose of forces sent by someone else: in "X deployed fighters to
        defend Y" the fighters' defending is X's aid to Y (coded on the sending verb), not an act
        of their own, unless the sent are named as an actor of their own ("sent the Wagner Group
        to back Y")."""
        if not purpose_of_help(self.args, tok) or tok.dep_ not in ("acl", "relcl"):
            return False
        sent, verb = tok.head, tok.head.head
        while verb.dep_ == "conj" and verb.pos_ != "VERB":
            verb = verb.head
        return (
            sent.pos_ == "NOUN"
            and verb.pos_ == "VERB"
            and lemma(verb) in self.args.syntax.sending
            and sent in sent_items(verb)
        )

    def condition_targets(self, tok: Token, sources: list[Mention], index: MentionIndex) -> list[Mention]:
        """Who a threat's condition names ("threatened to strike unless X withdraws": X): the
        subject of an "if"/"unless" clause under the threat."""
        src = {m.actor for m in sources}
        for t in tok.subtree:
            if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in t.children):
                found = [
                    m for h in self.args.subjects_of(t) for m in self.actors(h, index) if m.actor not in src
                ]
                if found:
                    return unique(found)
        return []


def pairs(
    sources: list[Mention],
    targets: list[Mention],
    p: Pattern,
    mutual: bool = False,
    domestic: bool = False,
    respective: bool = False,
) -> list[tuple]:
    """Source-target pairs. Mutual acts between coordinated parties ("X and Y met", "X and
    Y accused each other") go both ways; with a named counterpart ("X met with Y") only
    fully symmetric acts (signing, a truce) are mirrored. With "respectively" as many sources as
    targets pair off in the order they are named ("X and Y, backed by A and B respectively")."""
    out: list[tuple] = []
    if respective and len(sources) == len(targets) > 1:
        ordered = sorted(sources, key=lambda m: m.token_start), sorted(targets, key=lambda m: m.token_start)
        out = list(zip(*ordered, strict=True))
    elif (p.coordinated or mutual) and not targets and len({s.actor for s in sources}) > 1:
        out = [(a, b) for a in sources for b in sources if a.actor != b.actor]
    elif p.symmetric and targets:  # signing, a truce: the counterpart signs too
        out = [(s, t) for s in sources for t in targets]
        out += [(t, s) for s in sources for t in targets if t.actor]
    else:
        out = [(s, t) for s in sources for t in targets] if targets else [(s, None) for s in sources]
    # a domestic act ("X lifted the curfew in X's capital") may target the doer's own country
    kept = [
        (s, t) for s, t in out if t is None or not t.actor or domestic or s.actor != t.actor or internal(s, t)
    ]
    if out and not kept:  # the only target was the source itself: keep the act, untargeted
        kept = [(s, None) for s in unique(s for s, _ in out)]
    return kept


def internal(source: Mention, target: Mention) -> bool:
    """Two participants of one state that are not the same one: an act between a state's own
    people ("officials accused President Aristide", "the opposition urged President Mugabe")
    is domestic politics, coded with the state at both ends as PLOVER does."""
    people = {source.person, target.person} - {None}
    return bool(people) and source.person != target.person and source.token_start != target.token_start


def respectively(tok: Token, linear: bool = False) -> bool:
    """ "backed by A and B respectively": the trigger's clause pairs its conjuncts in order (for a
    trigger read by word order, the rest of its sentence)."""
    if linear:
        return any(t.lower_ == "respectively" for t in tok.doc[tok.i : tok.sent.end])
    words = list(tok.subtree) + (list(tok.head.children) if tok.dep_ == "acl" else [])
    return any(t.lower_ == "respectively" for t in words)


NAMING_PARTICIPLES = ("know", "call", "name", "dub", "style", "brand")


def named_as(tok: Token) -> Token | None:
    """The name a noun is given by a participle right after it ("a faction of X, known as the
    EMC", "the western administration, then known as the GNA"; the parser hangs the participle
    on the nearest noun or on the verb): that name's head, or None."""
    if tok.pos_ != "NOUN":
        return None
    doc = tok.doc
    for t in doc[tok.i + 1 : min(tok.right_edge.i + 4, tok.sent.end)]:
        if t.lemma_.lower() not in NAMING_PARTICIPLES or t.tag_ != "VBN" or t.dep_ not in ("acl", "advcl"):
            continue
        between = doc[tok.right_edge.i + 1 : t.i] if t.i > tok.right_edge.i else []
        if any(w.pos_ not in ("PUNCT", "ADV") for w in between):
            return None
        names = [o for p in t.children if p.dep_ == "prep" and p.lower_ == "as" for o in pobjs(p)]
        names += [o for o in t.children if o.dep_ == "oprd"]
        return names[0] if names and names[0].pos_ == "PROPN" else None
    return None


def own_possessions(
    targets: list[Mention], sources: list[Mention], doc: Doc, is_act: Callable[[Token], bool]
) -> list[Mention]:
    """The *targets* that are a possessive pronoun standing for the doers themselves, on a thing
    they hold rather than an act (*is_act*): "X and Y recalled their ambassadors" (each its own)."""
    doers = {s.actor for s in sources}
    return [
        t
        for t in targets
        if t.rule == "pronoun"
        and t.actor in doers
        and doc[t.token_start].dep_ == "poss"
        and not is_act(doc[t.token_start].head)
    ]
