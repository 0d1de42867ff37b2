"""From argument heads to actors: which actor mentions a noun phrase stands for.

A role filler is a head token ("forces", "Turkey", "it"); the actor it stands for may be its own
mention, an actor modifying it ("Turkish drones", "Russia's forces", "forces of X", "the
government in X"), its conjuncts ("France and Egypt"), a pronoun's antecedent ("its", "they"),
or, for people named by where they are ("protesters in Nairobi"), the place's actor.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from multipolar.coding.arguments import NP_MODIFIERS, Arguments, lemma
from multipolar.document import Mention

if TYPE_CHECKING:
    from multipolar.resolve import Registry

PRONOUN_KINDS = {
    "his": "person", "her": "person", "its": "body", "their": "group",
    "he": "person", "she": "person", "it": "body", "they": "group",
}  # fmt: skip


class MentionIndex(dict):
    """Token index -> the actor mention covering it, plus what anaphora needs: the document's
    mentions in order (antecedents of pronouns) and the parties of the agreements coded so far
    ("condemned the deal" -> the deal's parties)."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = sorted((m for m in mentions if m.actor), key=lambda m: m.token_start)
        super().__init__((i, m) for m in self.mentions for i in range(m.token_start, m.token_end))
        # each agreement event in order: the word that named it and its parties
        self.agreements: list[tuple[str, list[Mention]]] = []


class ActorFinder:
    """Actors that argument heads stand for (see the module docstring)."""

    def __init__(
        self,
        arguments: Arguments,
        registry: Registry | None,
        located: frozenset[str],
        places: frozenset[str],
        affiliated: frozenset[str],
    ) -> None:
        self.args = arguments
        self.registry = registry
        self.located = located
        self.places = places
        self.affiliated = affiliated

    def __call__(self, tok: Token, index: MentionIndex, depth: int = 0) -> list[Mention]:
        return self.actors_of(tok, index, depth)

    def actors_of(self, tok: Token, index: MentionIndex, depth: int = 0) -> list[Mention]:
        """Actors a noun phrase stands for: its own mention, else actor modifiers, plus every
        conjunct."""
        if depth > 4:
            return []
        out: list[Mention] = []
        m = index.get(tok.i)
        if m is None and tok.pos_ == "PRON" and anaphoric(tok):
            return self.antecedents(tok, index)
        if m is not None:
            out.append(m)
            for c in tok.children:  # "the Cyprus-Egypt-Israel bloc", "an Ankara-Moscow rapprochement"
                if c.dep_ in ("compound", "appos", "nmod") and hyphenated(c, tok):
                    out.extend(self.actors_of(c, index, depth + 1))
        else:
            for c in tok.children:
                if (c.dep_ in NP_MODIFIERS and c.i < tok.i) or c.dep_ == "appos":
                    out.extend(self.actors_of(c, index, depth + 1))
            if not out:  # "forces of X", "envoys from X", "the government in X"
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
            if not out:  # "the proposal put forward by X", "forces aligned with X", "units loyal to X"
                for c in tok.children:
                    if c.dep_ in ("acl", "amod"):
                        preps = (
                            ("by", "under", "with", "to", "behind")
                            if lemma(c) in self.affiliated
                            else ("by",)
                        )
                        for prep in preps:
                            for o in self.args.prep_objects([c], prep):
                                out.extend(self.actors_of(o, index, depth + 1))
        for c in tok.children:
            if c.dep_ == "conj" or (c.dep_ == "appos" and named_apposition(m, c, index)):
                out.extend(self.actors_of(c, index, depth + 1))
        return unique(out)

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

    def antecedents(self, pron: Token, index: MentionIndex) -> list[Mention]:
        """The actors a pronoun stands for ("his talks with X", "their support", "X said it ..."):
        the nearest earlier mention in this or the previous sentence that fits: a person for
        his/her, a state or organisation for its, a coordination of actors (else a plural name)
        for their. The resolver does not return pronoun mentions, so the coder resolves these."""
        kind = PRONOUN_KINDS.get(pron.lower_)
        if kind is None:
            return []
        sent = pron.sent
        lo = pron.doc[sent.start - 1].sent.start if sent.start > 0 else 0
        before = [m for m in index.mentions if lo <= m.token_start and m.token_end <= pron.i]
        plural = None
        for m in reversed(before):
            if kind == "person" and m.person is not None:
                return [m]
            if kind == "body" and m.person is None:
                return [m]
            if kind == "group":
                root = pron.doc[m.token_start : m.token_end].root
                group = self.coordination(root, index)
                if len({g.actor for g in group}) > 1:
                    return group
                if plural is None and root.tag_ in ("NNS", "NNPS"):
                    plural = [m]
        return plural or []

    def coordination(self, tok: Token, index: MentionIndex) -> list[Mention]:
        """All actors coordinated with the one at *tok* ("France, the UAE and Egypt")."""
        while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ == "poss" and tok.head.dep_ == "conj":  # "X and Y's backing"
            tok = tok.head.head
        return self.actors_of(tok, index)


def anaphoric(pron: Token) -> bool:
    """Possessive pronouns, and subject pronouns of a full verb ("X said it would ..."; not the
    expletive "it is likely that")."""
    if pron.dep_ == "poss":
        return True
    return pron.dep_ in ("nsubj", "nsubjpass") and pron.head.lemma_ != "be" and pron.lower_ in PRONOUN_KINDS


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
