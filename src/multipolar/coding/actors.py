"""From argument heads to actors: which actor mentions a noun phrase stands for.

A role filler is a head token ("forces", "Turkey", "it"); the actor it stands for may be its own
mention, an actor modifying it ("Turkish drones", "Russia's forces", "forces of X", "the
government in X"), its conjuncts ("France and Egypt"), or a pronoun's antecedent ("its", "they").

A group named by what it is, not who ("protesters", "18 people", "the police") is a *participant*
(:meth:`ActorFinder.participants`): PLOVER codes actors by country and sector, so it stands for
the country where its clause happens ("protesters rallied in Nairobi": Kenya), for the doer's own
country when a state organ acts on it at home ("the police detained 18 people"), or for no
registered actor (id ``""``) with its words kept. Any other noun that fills a target role ("the
scheme", "a draft resolution") is kept as target text only.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from multipolar.coding.arguments import HYPHENS, NP_MODIFIERS, Arguments, lemma
from multipolar.coding.members import exemplified
from multipolar.coding.words import as_well_as
from multipolar.document import Mention
from multipolar.resolve.places import gazetteer
from multipolar.resolve.sectors import sector_named

if TYPE_CHECKING:
    from multipolar.coding.references import References
    from multipolar.resolve import Registry

PLACE_PREPOSITIONS = ("in", "inside", "across", "throughout", "at", "near", "outside", "around")
PHRASE_DEPS = ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "advmod")
LEADING = frozenset(("led", "commanded", "controlled", "run", "dominated"))  # "X-led forces" are X's
MAX_DEPTH = 6  # steps of one walk from a noun phrase to the actors it stands for (a pronoun
# may lead to a phrase whose own possessive is one: "it said" after "its defence ministry said")
GENERIC = "generic"  # Mention.rule of a participant that is a group named by what it is


class MentionIndex(dict):
    """Token index -> the actor mention covering it, plus what anaphora needs: the document's
    mentions in order, the parties of the agreements coded so far ("condemned the deal" -> the
    deal's parties), and the document layer that resolves words referring back
    (:class:`multipolar.coding.references.References`, set by the coder)."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = sorted((m for m in mentions if m.actor), key=lambda m: m.token_start)
        super().__init__((i, m) for m in self.mentions for i in range(m.token_start, m.token_end))
        # each agreement event in order: the word that named it and its parties
        self.agreements: list[tuple[str, list[Mention]]] = []
        self.references: References | None = None


class ActorFinder:
    """Actors that argument heads stand for (see the module docstring)."""

    def __init__(
        self,
        arguments: Arguments,
        registry: Registry | None,
        located: frozenset[str],
        places: frozenset[str],
        affiliated: frozenset[str],
        groups: frozenset[str] = frozenset(),
        organs: frozenset[str] = frozenset(),
    ) -> None:
        self.args = arguments
        self.registry = registry
        self.located = located
        self.places = places
        self.affiliated = affiliated
        self.groups = groups
        self.organs = organs
        # the current document's provisional actors (id -> actor with its country, if the text
        # gave one): set by the coder for each document
        self.provisional: dict = {}
        self.places_known = gazetteer(registry)

    def __call__(self, tok: Token, index: MentionIndex, depth: int = 0) -> list[Mention]:
        return self.actors_of(tok, index, depth)

    def actors_of(self, tok: Token, index: MentionIndex, depth: int = 0) -> list[Mention]:
        """Actors a noun phrase stands for: its own mention, else actor modifiers, plus every
        conjunct. *depth* counts the steps taken so far, through pronouns' antecedents too ("X and
        their allies" leads back to X, whose conjuncts lead to "their" again): the walk ends after
        :data:`MAX_DEPTH` of them, so no parse can make it loop."""
        if depth > MAX_DEPTH:
            return []
        out: list[Mention] = []
        m = index.get(tok.i)
        if m is None and tok.pos_ == "PRON":  # "its", "they", "we": what they refer back to
            return (index.references.resolve(tok, depth + 1) or []) if index.references is not None else []
        if m is not None and m.rule == "demonym" and self.ethnic_elsewhere(tok, index):
            # "ethnic Albanians in south Serbia": a people, living where the text puts them
            out.append(replace(m, actor=self.ethnic_elsewhere(tok, index)))
        elif m is None and tok.dep_ == "appos" and (described := self.actors_of(tok.head, index, depth + 1)):
            # "Haftar, a former army chief (who is backed by X)": the chief is Haftar, so his forces;
            # kept as a reference (rule "apposition") so the code says why
            out.extend(referring(described, tok, "apposition"))
        elif m is not None:
            out.append(m)
            for c in tok.children:  # "the Cyprus-Egypt-Israel bloc", "an Ankara-Moscow rapprochement"
                if c.dep_ in ("compound", "appos", "nmod") and hyphenated(c, tok):
                    out.extend(self.actors_of(c, index, depth + 1))
        else:
            # "his rivals", "the enemies of X": the possessor is the other side, no member
            opposed = lemma(tok) in self.args.syntax.opponents
            for c in tok.children:
                if opposed and c.dep_ in ("poss", "prep"):
                    continue
                if (c.dep_ in NP_MODIFIERS and c.i < tok.i) or c.dep_ == "appos":
                    out.extend(self.actors_of(c, index, depth + 1))
                if c.dep_ == "amod" and c.lower_ in LEADING and c.i >= 2 and c.doc[c.i - 1].text in HYPHENS:
                    # "Saudi-led forces" are the leader's (not "UAE-backed forces": backed, not led)
                    out.extend(self.actors_of(c.doc[c.i - 2], index, depth + 1))
            # "forces of X", "envoys from X", "the government in X"; for a group, its organisation
            # is more specific than its nationality ("Russian mercenaries from the Wagner Group")
            if (not out or lemma(tok) in self.groups) and not opposed:
                # an act's doer ("the downing of X by Y") before what it acted on
                word = lemma(tok)
                preps: tuple[str, ...] = ("by", "of", "from")
                if word in self.located:
                    preps = ("by", "of", "from", "in", "throughout", "across")
                elif word in self.places:  # "the area around Kyiv", "targets near Damascus"
                    preps = ("of", "near", "around", "in", "outside", "along", "on", "inside", "with")
                for prep in preps:
                    for o in self.args.prep_objects([tok], prep):
                        out.extend(self.actors_of(o, index, depth + 1))
                if index.references is not None and index.references.separatist(tok):
                    # "two breakaway regions of Ukraine" are not Ukraine
                    out = [m for m in out if self.country_of(m.actor) != m.actor]
            if not out:  # "the proposal put forward by X", "forces aligned with X", "units loyal to X"
                for c in tok.children:
                    if lemma(c) in self.args.syntax.mediation:
                        continue  # "a truce brokered by Qatar": Qatar is no party to the truce
                    if c.dep_ in ("acl", "amod"):
                        preps = (
                            ("by", "under", "with", "to", "behind")
                            if lemma(c) in self.affiliated
                            else ("by",)
                        )
                        for prep in preps:
                            for o in self.args.prep_objects([c], prep):
                                out.extend(self.actors_of(o, index, depth + 1))
            if not out:  # "neighbours such as Uganda", "states, including X and Y" (members.py)
                for example in exemplified(tok):
                    out.extend(self.actors_of(example, index, depth + 1))
            if not out and index.references is not None:  # "the group", "both sides", "the talks"
                out.extend(index.references.resolve(tok, depth) or [])
        for c in tok.children:
            if c.dep_ == "conj" or (c.dep_ == "appos" and named_apposition(m, c, index)):
                out.extend(self.actors_of(c, index, depth + 1))
        for c in as_well_as(tok):  # "X, as well as Y"
            out.extend(self.actors_of(c, index, depth + 1))
        return unique(out)

    def ethnic_elsewhere(self, tok: Token, index: MentionIndex, where: str | None = None) -> str | None:
        """The country an ethnic group named by a nationality lives in, when the text says so
        ("ethnic Albanians in Serbia": Serbia; PLOVER codes a people by the state it lives in):
        its own place, else *where* its clause happens."""
        head = tok if tok.pos_ in ("NOUN", "PROPN") else tok.head
        if not any(c.lower_ == "ethnic" for c in (*head.children, *tok.children)):
            return None
        for prep in ("in", "of"):
            for o in self.args.prep_objects([head], prep):
                country = self.place_country(o, index)
                if country:
                    return country
        return where

    def relocate(
        self, found: list[Mention], doc: Doc, index: MentionIndex, where: str | None
    ) -> list[Mention]:
        """Ethnic groups in *found* that live where their clause happens ("ethnic Albanians
        demonstrated in Serbia"): the place's country."""
        out = []
        for m in found:
            country = None
            if m.rule == "demonym" and where:
                country = self.ethnic_elsewhere(doc[m.token_start], index, where)
            out.append(replace(m, actor=country) if country else m)
        return out

    def nested(self, found: list[Mention], doc: Doc) -> list[Mention]:
        """Drop actors that only qualify another actor in the same role ("Libya's GNA", "the
        Libyan GNA offensive": LBY-GNA, not also LBY): a modifier whose actor is the state or
        parent of another actor found."""
        if len(found) < 2 or self.registry is None:
            return found
        owners: set[str] = set()
        for m in found:
            actor = self.registry.get(m.actor)
            if actor is not None:
                owners.update(x for x in (actor.country, actor.parent) if x and x != m.actor)
        return [
            m
            for m in found
            if not (m.actor in owners and doc[m.token_start : m.token_end].root.dep_ in NP_MODIFIERS)
        ] or found

    # ------------------------------------------------------------------ participants
    def type_of(self, actor: str | None) -> str | None:
        """An actor's registry type ("state", "armed_group", "pmc", ...), provisional ones too."""
        entry = self.registry.get(actor) if actor and self.registry is not None else None
        if entry is None and actor:
            entry = self.provisional.get(actor)
        return getattr(entry, "type", None)

    def country_of(self, actor: str | None) -> str | None:
        """The state an actor belongs to: itself for a state, else its registry country."""
        if not actor:
            return None
        entry = self.registry.get(actor) if self.registry is not None else None
        if entry is None:
            entry = self.provisional.get(actor)
            if entry is not None:
                return entry.country or None
            return actor if len(actor) == 3 and actor.isupper() else None
        return actor if entry.type == "state" else entry.country

    def clause_place(self, tok: Token, kind: str, index: MentionIndex) -> Mention | None:
        """Where the clause of predicate *tok* happens ("... in eastern Afghanistan", "... in
        Tehran", "... in West Darfur"): the place's words, standing for its country."""
        anchors = self.args.prep_anchors(tok, kind)
        if kind != "verb" and tok.head.pos_ in ("VERB", "AUX"):
            anchors = [*anchors, tok.head]
        for prep in PLACE_PREPOSITIONS:
            for o in self.args.prep_objects(anchors, prep):
                country = self.place_country(o, index)
                if country:
                    return phrase_mention(o, country)
        return None

    def clause_country(self, tok: Token, kind: str, index: MentionIndex) -> str | None:
        place = self.clause_place(tok, kind, index)
        return place.actor if place is not None else None

    def place_country(self, tok: Token, index: MentionIndex) -> str | None:
        """The country a place phrase is in: its actor's country, or a capital or region the
        gazetteer knows (the resolver does not make "in Tehran" a mention of Iran: a place where
        something happens is not an actor)."""
        for m in self.actors_of(tok, index):
            country = self.country_of(m.actor)
            if country:
                return country
        first = min([tok.i, *(c.i for c in tok.lefts if c.dep_ in ("compound", "amod"))])
        for name in (tok.doc[first : tok.i + 1].text, tok.text):
            if name in self.places_known:
                return self.places_known[name]
        return None

    def participants(
        self, heads: list[Token], index: MentionIndex, country: str | None, *, any_noun: bool = False
    ) -> list[Mention]:
        """Groups named by what they are among *heads* ("18 people", "rebels"), standing for
        *country* (or for no registered actor, ``""``); with *any_noun*, other nouns too, as
        text without an actor (``None``): what an act was aimed at, unnamed."""
        out = []
        for h in heads:
            for tok in (h, *h.conjuncts):
                if tok.pos_ not in ("NOUN", "PROPN") or tok.i in index:
                    continue
                if lemma(tok) in self.groups:  # "opposition parties in Nepal", "Darfur rebels": its place
                    where = [o for p in ("in", "from") for o in self.args.prep_objects([tok], p)]
                    where += [c for c in tok.lefts if c.dep_ in ("compound", "amod") and c.pos_ == "PROPN"]
                    own = next((c for o in where if (c := self.place_country(o, index))), None)
                    out.append(phrase_mention(tok, self.sector(own or country, tok) or ""))
                elif any_noun:
                    out.append(phrase_mention(tok, None))
            if out:
                break
        return out

    def sector(self, country: str | None, tok: Token) -> str | None:
        """The sector of *country* that the noun *tok* names ("police", "prosecutors", "rebels": the
        country's police, judiciary, rebels), else the country itself."""
        if not country or self.registry is None or not hasattr(self.registry, "sector_of"):
            return country
        return sector_named(self.registry, country, tok) or country

    def state_doer(self, heads: list[Token], sources: list[Mention]) -> bool:
        """Whether the doer is a state or one of its organs ("Turkey", "the police", "Chinese
        authorities"): its acts on people with no place given happen at home."""
        if any(lemma(h) in self.organs for h in heads):
            return True
        for m in sources:
            entry = self.registry.get(m.actor) if self.registry is not None and m.actor else None
            if entry is not None and entry.type in ("state", "government", "military"):
                return True
        return False

    def own_countries(self, sources: list[Mention]) -> list[Mention]:
        """The country of each source (its registry ``country``), standing in the source's span:
        the target of a domestic act, as the PLOVER gold standard codes protests at home."""
        out = []
        for m in sources:
            actor = self.registry.get(m.actor) if self.registry is not None else None
            country = getattr(actor, "country", None)
            if country:
                out.append(replace(m, actor=country))
        return unique(out)

    def coordination(self, tok: Token, index: MentionIndex, depth: int = 0) -> list[Mention]:
        """All actors coordinated with the one at *tok* ("France, the UAE and Egypt")."""
        while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ == "poss" and tok.head.dep_ == "conj":  # "X and Y's backing"
            tok = tok.head.head
        return self.actors_of(tok, index, depth + 1)


def named_apposition(m: Mention | None, appos: Token, index: MentionIndex) -> bool:
    """Whether an apposition to an actor adds actors: only a name of its own ("the Government of
    National Accord (GNA)"); a description of a person or body ("X, head of Libya's GNA", "Y, a
    Russian company") is the same participant, not a new one."""
    return m is not None and m.person is None and appos.i in index and index[appos.i].person is None


def hyphenated(a: Token, b: Token) -> bool:
    """Two names joined by a hyphen ("Ankara-Moscow"), directly or through another name."""
    lo, hi = sorted((a.i, b.i))
    between = a.doc[lo + 1 : hi]
    return any(t.text in ("-", "–") for t in between) and all(
        t.text in ("-", "–") or t.pos_ == "PROPN" for t in between
    )


def unique(mentions) -> list[Mention]:
    seen: set[tuple[int, str | None]] = set()
    out = []
    for m in mentions:
        key = (m.token_start, m.actor)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def phrase_mention(tok: Token, actor: str | None) -> Mention:
    """A mention for the noun phrase headed by *tok* (its modifiers and the head): a participant
    the registry does not name."""
    left = [c for c in tok.lefts if c.dep_ in PHRASE_DEPS]
    first = min([tok.i, *(c.left_edge.i for c in left)])
    span = tok.doc[first : tok.i + 1]
    # sentence -1: a participant the coder found, not a mention the resolver stored
    return Mention(span.start_char, span.end_char, span.text, actor, GENERIC, -1, span.start, span.end)


def referring(found: list[Mention], tok: Token, rule: str, start: int | None = None) -> list[Mention]:
    """Mentions at the referring words (*tok*, from token *start*) of the actors *found*, with
    the rule and the antecedent's words."""
    doc = tok.doc
    span = doc[start if start is not None else tok.i : tok.i + 1]
    return [
        Mention(
            span.start_char,
            span.end_char,
            span.text,
            m.actor,
            rule,
            -1,
            span.start,
            span.end,
            person=m.person if rule in ("pronoun", "speaker") else None,  # "the government" is no person
            antecedent=m.antecedent or m.text,
        )
        for m in found
    ]
