"""The document layer: what a text's referring words stand for, read as a reader reads them.

A reader keeps, as a text goes on, the actors and the acts it has introduced, and reads each later
reference against them. :class:`References` does the same for one document, for the sentence
coder: whenever a role of an act is filled by words that name no actor of their own, the coder
asks it (through :meth:`ActorFinder.actors_of`) what they refer back to. One rule each:

* ``pronoun`` and ``speaker``: pronouns, and "we" or "our" in a quotation (:mod:`.pronouns`).
* ``apposition`` and ``description``: a definite description or role noun ("the group", "the
  Gulf nation", "the junta", "the breakaway territory") stands for the actor it is set beside
  ("Hezbollah, the militia"), else the nearest earlier actor of a type it can name
  (``data/references.yaml``), never a co-argument of its own clause.
* ``set``: "both sides", "the two countries", "the three powers", "the three", "the former"
  and "the latter" stand for the latest set of that many actors named together, in a
  coordination or as the parties of one act.
* ``event``: an act named by a definite noun ("the talks", "the deal", "the offensive")
  stands for the parties of the latest earlier act of its kind (:mod:`.discourse`).

Each actor found this way is a :class:`~multipolar.document.Mention` whose ``rule`` names the
rule and whose ``antecedent`` holds the words referred back to; :func:`explain` turns those into
the event's ``references``, so every code stays explained.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from spacy.tokens import Doc, Span, Token

from multipolar.coding.actors import MAX_DEPTH, referring
from multipolar.coding.arguments import lemma
from multipolar.coding.discourse import event_parties
from multipolar.coding.pronouns import PRONOUN_KINDS, SUBJECT_DEPS, Pronouns, clause_of, subjects
from multipolar.document import Event, Mention, Reference

if TYPE_CHECKING:
    from multipolar.coding.actors import ActorFinder, MentionIndex

DEFINITE = frozenset(("the", "this", "that", "these", "those"))
NUMBERS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "pair": 2, "trio": 3}
ORDER = {"former": 0, "latter": -1}
# the rules of this layer, with what each means (docs/coding.md, "The document layer")
RULES = {
    "pronoun": "a pronoun: the nearest earlier actor of its kind",
    "speaker": "first person in a quotation: the speaker's side",
    "apposition": "a description set beside a named actor",
    "description": "a definite description or role noun: the nearest earlier actor of its type",
    "set": "a set named by number: the latest set of that many actors named together",
    "event": "an act named by a definite noun: the parties of the earlier act",
    "inherited": "a later mention of an act: the target of the act named in full earlier",
}


@dataclass(frozen=True)
class ReferenceWords:
    """The words of ``data/references.yaml``."""

    descriptions: dict[str, tuple[frozenset[str], frozenset[str]]]  # noun -> (types, modifiers needed)
    sets: frozenset[str]
    events: dict[str, frozenset[str]]  # noun -> PLOVER types it may refer back to
    truces: frozenset[str]
    evaluations: frozenset[str] = frozenset()  # predicates judging an act ("they violated ...")

    @classmethod
    def load(
        cls,
        path: Path | None = None,
        deals: frozenset[str] = frozenset(),
        truces: frozenset[str] = frozenset(),
    ) -> ReferenceWords:
        """The words of *path* (default: the bundled file); the lexicon's *deals* and *truces* name
        agreements too."""
        path = path or Path(str(resources.files("multipolar") / "data" / "references.yaml"))
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        descriptions: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        for entry in raw["descriptions"].values():
            types, needed = frozenset(entry["types"]), frozenset(entry.get("modifiers", ()))
            for noun in entry["nouns"]:
                known = descriptions.get(noun, (frozenset(), frozenset()))
                descriptions[noun] = (known[0] | types, known[1] | needed)
        events: dict[str, frozenset[str]] = {}
        for kind, nouns in [*raw["events"].items(), ("AGREE", [*deals, *truces])]:
            for noun in nouns:
                events[noun] = events.get(noun, frozenset()) | {kind}
        return cls(
            descriptions=descriptions,
            sets=frozenset(raw["sets"]),
            events=events,
            truces=truces,
            evaluations=frozenset(raw.get("evaluations", ())),
        )


class References:
    """What one document's referring words stand for (see the module docstring).

    Made by the coder for each document; it reads the document's actor mentions (``index``) and
    remembers the events coded so far (:meth:`remember`)."""

    def __init__(
        self,
        doc: Doc,
        index: MentionIndex,
        finder: ActorFinder,
        words: ReferenceWords,
        reporting: frozenset[str],
    ) -> None:
        self.doc = doc
        self.finder = finder
        self.words = words
        self.index = index
        self.reporting = reporting
        self.events: list[Event] = []
        self.sets: list[tuple[int, tuple[Mention, ...]]] = []  # (token position, actors named together)
        self.active: set[int] = set()  # tokens being resolved (a reference never resolves through itself)
        self.depth = 0  # steps of the walk that asked (bounded, as every walk of the actor finder)
        self.pronouns = Pronouns(self)

    # ------------------------------------------------------------------ memory
    def add(self, events: list[Event]) -> None:
        """Add the events of one trigger, as they are coded (later triggers of the sentence may
        refer back to them: "fought a war before a truce was mediated by X")."""
        self.events.extend(events)

    def remember(self, sent: Span, events: list[Event]) -> None:
        """Add the sets of parties a sentence's acts had to the memory."""
        acts: dict[str, dict[str, None]] = {}
        for e in events:
            if e.modality != "negated":
                parties = acts.setdefault(e.trigger, {})
                parties.update((a, None) for a in (e.source, e.target) if a)
        for parties in acts.values():
            if len(parties) > 1:
                self.sets.append((sent.end - 1, tuple(self.stand_in(sent, a) for a in parties)))

    def stand_in(self, sent: Span, actor: str) -> Mention:
        """A mention of *actor* in *sent* (the first), else one made for it."""
        for m in self.index.mentions:
            if m.actor == actor and sent.start <= m.token_start < sent.end:
                return m
        return Mention(sent.start_char, sent.end_char, actor, actor, "set", -1, sent.start, sent.start + 1)

    def named_sets(self, before: int) -> list[tuple[int, tuple[Mention, ...]]]:
        """Sets of actors named together before token *before*: coordinations in the text, and
        the parties of one act; the latest last."""
        found: list[tuple[int, tuple[Mention, ...]]] = [s for s in self.sets if s[0] < before]
        seen: set[int] = set()
        for m in self.index.mentions:
            if m.token_end > before:
                break
            root = self.doc[m.token_start : m.token_end].root
            if root.dep_ == "conj" or root.i in seen:
                continue
            if any(c.dep_ == "conj" for c in root.children):
                group = self.finder.coordination(root, self.index, self.depth)
                seen.update(g.token_start for g in group)
                distinct = tuple({g.actor: g for g in group if g.actor}.values())
                if len(distinct) > 1 and max(g.token_end for g in group) <= before:
                    found.append((max(g.token_start for g in group), distinct))
        return sorted(found, key=lambda s: s[0])

    def separatist(self, tok: Token) -> bool:
        """A place named as a separatist entity ("the breakaway region", "two separatist
        regions"): not the state it breaks away from."""
        entry = self.words.descriptions.get(lemma(tok))
        needed = entry[1] if entry else frozenset()
        return bool(needed) and any(lemma(c) in needed or c.lower_ in needed for c in tok.children)

    def may_refer(self, sent: Span) -> bool:
        """Whether a sentence without actor names has words that may refer back to some."""
        return bool(self.index.mentions) and any(
            t.lower_ in PRONOUN_KINDS or lemma(t) in self.words.descriptions or lemma(t) in self.words.sets
            for t in sent
        )

    @staticmethod
    def refer(found: list[Mention], tok: Token, rule: str, start: int | None = None) -> list[Mention]:
        return referring(found, tok, rule, start)

    def actors(self, tok: Token) -> list[Mention]:
        """The actors of another phrase, one step further on the walk that asked."""
        return self.finder.actors_of(tok, self.index, self.depth + 1)

    # ------------------------------------------------------------------ entry point
    def resolve(self, tok: Token, depth: int = 0) -> list[Mention] | None:
        """The actors *tok* refers back to, or ``None`` when it is no referring word."""
        if tok.i in self.active or depth > MAX_DEPTH:
            return []
        self.active.add(tok.i)
        outer, self.depth = self.depth, depth
        try:
            return self._resolve(tok)
        finally:
            self.active.discard(tok.i)
            self.depth = outer

    def _resolve(self, tok: Token) -> list[Mention] | None:
        low = tok.lower_
        if tok.pos_ == "PRON" or (low in PRONOUN_KINDS and tok.tag_ in ("PRP", "PRP$")):
            return self.pronouns(tok)
        word = lemma(tok)
        if not self.definite(tok):
            # a truce, or talks someone mediates, are between the sides named before ("agreed to a
            # truce", "talks mediated by the AU")
            return self.act(tok) if word in self.words.truces or self.mediated(tok) else None
        if low in ORDER or (tok.pos_ == "NUM" and low in NUMBERS) or lemma(tok) in self.words.sets:
            found = self.named_set(tok)
            if found is not None:
                return found
        if word in self.words.descriptions:
            return self.description(tok)
        if word in self.words.events:
            return self.act(tok)
        return None

    def sentence(self, tok: Token) -> tuple[int, int]:
        """The character span of the sentence *tok* is in (as events record it)."""
        sent = tok.sent
        return sent.start_char, sent.end_char

    def mediated(self, tok: Token) -> bool:
        """An act someone mediates: "talks mediated by X", "X brokered a deal"."""
        mediation = self.finder.args.syntax.mediation
        if any(c.dep_ == "acl" and lemma(c) in mediation for c in tok.children):
            return True
        return tok.dep_ in ("dobj", "nsubjpass") and lemma(tok.head) in mediation

    def act(self, tok: Token) -> list[Mention]:
        """An act named again ("the talks", "the offensive"): the parties of the earlier act
        (:func:`.discourse.event_parties`). Not for an act that names parties of its own, nor for a
        second act listed after another, nor for a word that only qualifies a noun ("a truce
        plan"). An act is no doer of another: the coder takes no source from this rule but for a
        joint act ("the talks were held in Doha")."""
        own = [t for c in tok.children if c.dep_ not in ("acl", "relcl") for t in c.subtree]
        if tok.dep_ in ("conj", "compound") or any(t.i in self.index for t in own):
            return []
        between = lemma(tok) in self.words.truces or self.mediated(tok)
        parties = event_parties(
            tok, self.events, self.index.agreements, self.words, between, self.sentence(tok)
        )
        start = min([tok.i, *(c.left_edge.i for c in tok.lefts)])
        found = [Mention(0, 0, text, actor, "event", -1, tok.i, tok.i + 1) for actor, text in parties]
        return referring(found, tok, "event", start)

    @staticmethod
    def definite(tok: Token) -> bool:
        """A definite noun phrase: "the", "this" ... or "both" as its determiner."""
        return any(c.dep_ in ("det", "predet") and c.lower_ in (*DEFINITE, "both") for c in tok.children)

    # ------------------------------------------------------------------ descriptions
    def description(self, tok: Token) -> list[Mention]:
        types, needed = self.words.descriptions[lemma(tok)]
        if needed and not self.separatist(tok):
            return []
        if tok.dep_ == "appos" and tok.head.i in self.index:  # "Hezbollah, the Iranian-backed militia"
            return referring([self.index[tok.head.i]], tok, "apposition")
        if tok.dep_ == "attr":  # "X is the largest group": said of X, not a reference
            return []
        start = min([tok.i, *(c.left_edge.i for c in tok.lefts)])
        excluded = {m.actor for s in self.coarguments(tok) for m in self.actors(s)}
        same = self.same_noun(tok, start, excluded)  # "the SADC mission ... the mission"
        if same:
            return referring(same, tok, "description", start)
        for m in reversed(self.index.mentions):
            if m.token_end > start or m.actor in excluded:
                continue
            if self.type_of(m) in types and (m.person is None or "state" in types):
                # (a leader stands for the country or government, "Petro ... the government")
                return referring([m], tok, "description", start)
        # nothing before it: a demonstrative naming its referent later in its own sentence ("talks
        # with this group are suspended; the ELN has no will for peace")
        sent = tok.sent
        if any(c.dep_ == "det" and c.lower_ in ("this", "these") for c in tok.children):
            for m in self.index.mentions:
                if tok.i < m.token_start < sent.end and m.actor not in excluded and self.type_of(m) in types:
                    return referring([m], tok, "description", start)
        return []

    def same_noun(self, tok: Token, start: int, excluded: set) -> list[Mention]:
        """The actors of the latest earlier phrase with the same head noun that names them ("the
        SADC mission will last three months ... The mission aims to ...")."""
        word = lemma(tok)
        if word in self.finder.places:  # places are many ("Azerbaijani territory ... the territory")
            return []
        for earlier in reversed(tok.doc[:start]):
            if lemma(earlier) == word and earlier.i not in self.index and earlier.pos_ == "NOUN":
                found = [m for m in self.actors(earlier) if m.actor and m.actor not in excluded]
                if found:
                    return found[:1]
        return []

    def coarguments(self, tok: Token) -> list[Token]:
        """The subject of the clause a description is an object in ("Sudan accused the country":
        not Sudan)."""
        verb, _ = clause_of(tok)
        if verb is None or tok.dep_ in SUBJECT_DEPS:
            return []
        return [s for s in subjects(verb) if s.i != tok.i]

    def type_of(self, m: Mention) -> str | None:
        registry = self.finder.registry
        entry = registry.get(m.actor) if registry is not None and m.actor else None
        if entry is None:
            entry = self.finder.provisional.get(m.actor) if m.actor else None
        # a person stands for the actor it speaks for ("Petro ... the government": Colombia's)
        return entry.type if entry is not None else None

    # ------------------------------------------------------------------ sets
    def named_set(self, tok: Token) -> list[Mention] | None:
        """ "both sides", "the two countries", "the three", "the latter": the latest set of that
        many actors named together (``None``: the words give no number)."""
        low = tok.lower_
        if low in ORDER:
            number = 2
        elif tok.pos_ == "NUM":
            number = NUMBERS[low]
        else:
            counts = [NUMBERS[c.lower_] for c in tok.children if c.lower_ in NUMBERS]
            if not counts:
                return None
            number = counts[0]
        start = min([tok.i, *(c.left_edge.i for c in tok.lefts)])
        for _, group in reversed(self.named_sets(start)):
            if len(group) == number:
                chosen = [group[ORDER[low]]] if low in ORDER else list(group)
                return referring(chosen, tok, "set", start)
        return []


def explain(**roles: Mention | None) -> tuple[Reference, ...]:
    """The references among an event's participants (``source=``, ``target=``, ``speaker=``)."""
    return tuple(
        Reference(role, m.text, m.actor, m.antecedent, m.rule)
        for role, m in roles.items()
        if m is not None and m.rule in RULES
    )


__all__ = ["RULES", "ReferenceWords", "References", "explain", "referring"]
