"""Which theatre an event belongs to, and the words that decided it.

An event belongs to the conflict or arena it happens in or is about. The rule reads, in order:

1. **place**: a place of a theatre in the event's own clause ("an airstrike killed 33 Turkish
   soldiers *in Idlib*" -> Syria). A place is a name from ``data/theatres.yaml`` (Idlib, the
   eastern Mediterranean), or the name of a country theatre's state or of an actor's seat used as a
   place: after a preposition of place or topic ("troops *to Libya*", "talks *on Syria*") or
   with a place noun ("*the port of Tripoli*", "*Libya's* war").
2. **actor**: a sub-state actor taking part: an armed group, a rival government or a mission
   signals its theatre ("supplied drones to *Haftar's forces*" -> Libya).
3. **sentence**: a place or topic elsewhere in the sentence ("Putin and Erdogan met in Istanbul
   and called for a ceasefire *in Libya*").
4. **document**: the theatre the document is about, for an event one of whose actors belongs to
   it (its state or a listed party, an actor of theirs such as their army, or a signalling
   actor): "Ankara blamed *the Syrian government*" in a text about Syria.

Otherwise the event is **bilateral**: a dealing between states about nothing else (a gas deal
between Russia and Turkey), whatever the document is about. Where one step finds several
theatres, the one the document is about wins, then the one named most, then the first named.

What a document is about: every place name, every mention of a signalling actor or of a country
theatre's state, in the text and its title, counts for its theatre, and each theatre's count
includes the theatres inside it. Only theatres shown by more than their state's name compete: a
place, a signalling actor or the title must name them (Turkey blaming "the Syrian government" is
not a text about Syria's war). Starting from the outermost theatre with the highest count
(it must lead outright), the rule steps into a theatre inside it while that one holds more than
half of the count.

Origins are not places ("missiles sent to the RSF *from Libya*" belong to Sudan through the
RSF), and venues of diplomacy only count where they lie in a theatre (talks "in Istanbul" say
nothing; a ceasefire signed "in Stepanakert" would).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from multipolar.document import Document, Event, Mention
from multipolar.theatre.definitions import Theatres, load_theatres

if TYPE_CHECKING:  # spaCy is only needed when a parse is passed in
    from spacy.tokens import Doc, Span, Token

CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "csubj", "parataxis"})
VERB_POS = frozenset({"VERB", "AUX"})
MODIFIER_DEPS = frozenset({"poss", "amod", "compound", "nmod"})

ActorInfo = Callable[[str], Mapping[str, Any] | None]


@dataclass(frozen=True)
class Signal:
    """Tokens ``start``-``end`` of a document point at ``theatre``.

    ``named`` signals are names the actor resolver read as an actor (a state, a seat of power):
    they are places only in a place position (after a preposition of place, or with a place noun).
    """

    theatre: str
    start: int
    end: int
    text: str
    named: bool


@dataclass(frozen=True)
class Decision:
    """An event's theatre (``None``: bilateral) and the words that decided it."""

    theatre: str | None
    basis: str


@dataclass
class Reading:
    """What the rule needs to know about one parsed document."""

    doc: Doc
    sentences: list[Span]
    starts: list[int]
    mentions: list[Mention]
    signals: list[Signal]
    about: str | None
    info: ActorInfo

    def sentence_at(self, char: int) -> Span | None:
        i = bisect_right(self.starts, char) - 1
        return self.sentences[i] if 0 <= i < len(self.sentences) else None


class TheatreCoder:
    """The theatre stage: ``coder(parsed, document)`` sets ``theatre`` and ``theatre_basis`` on
    each of the document's events (the rule: module documentation) and returns the events."""

    def __init__(self, registry: Any = None, theatres: Theatres | None = None) -> None:
        self.theatres = theatres or load_theatres()
        self.registry = registry

    def lookup(self, document: Document) -> ActorInfo:
        """``info(actor)``: an actor's type and country, from the registry or, for an actor the
        registry lacks, from what the document says of it (its provisional actors); else ``None``."""
        provisional = getattr(document, "provisional", None) or {}

        def info(actor: str) -> Mapping[str, Any] | None:
            entry = self.registry.get(actor) if self.registry is not None else None
            entry = entry or provisional.get(actor)
            return {"type": entry.type, "country": entry.country} if entry is not None else None

        return info

    def __call__(self, parsed: Doc, document: Document) -> list[Event]:
        reading = self.read(parsed, document)
        for act in acts(document.events):
            decision = self.decide(act, reading)
            for event in act:
                event.theatre, event.theatre_basis = decision.theatre, decision.basis
        return document.events

    # -- the document -----------------------------------------------------------------------------

    def read(self, parsed: Doc, document: Document) -> Reading:
        sentences = list(parsed.sents)
        mentions = sorted((m for m in document.mentions if m.actor and m.token_start >= 0), key=_start)
        signals = self.signals(parsed, mentions)
        info = self.lookup(document)
        return Reading(
            doc=parsed,
            sentences=sentences,
            starts=[s.start_char for s in sentences],
            mentions=mentions,
            signals=signals,
            about=self.about(parsed, signals, mentions, document.title, info),
            info=info,
        )

    def signals(self, parsed: Doc, mentions: list[Mention]) -> list[Signal]:
        """Place names in the text, and mentions of country theatres' states."""
        resolved = {i for m in mentions for i in range(m.token_start, m.token_end)}
        found, covered = [], set()
        for hit in self.theatres.places_in(parsed.text):
            span = parsed.char_span(hit.start, hit.end, alignment_mode="expand")
            if span is None:
                continue
            named = any(i in resolved for i in range(span.start, span.end))
            found.append(Signal(hit.theatre, span.start, span.end, span.text, named))
            covered.update(range(span.start, span.end))
        for m in mentions:
            theatre = self.theatres.of_country(m.actor)
            if theatre and not covered.intersection(range(m.token_start, m.token_end)):
                found.append(Signal(theatre, m.token_start, m.token_end, m.text, named=True))
        return sorted(found, key=lambda s: s.start)

    def about(
        self,
        parsed: Doc,
        signals: list[Signal],
        mentions: list[Mention],
        title: str = "",
        info: ActorInfo | None = None,
    ) -> str | None:
        """The theatre a document is about (see the module documentation), or ``None``."""
        info = info or self.lookup(Document(text=""))
        counts: Counter[str] = Counter(s.theatre for s in signals)
        evidence = {s.theatre for s in signals if self.is_place(parsed, s) and not self._state_name(s)}
        evidence.update(hit.theatre for hit in self.theatres.places_in(title or "", with_countries=True))
        counts.update(hit.theatre for hit in self.theatres.places_in(title or "", with_countries=True))
        placed = {i for s in signals for i in range(s.start, s.end)}
        for m in mentions:
            theatre = self.theatres.signalled_by(m.actor, info(m.actor))
            if theatre and not placed.intersection(range(m.token_start, m.token_end)):
                counts[theatre] += 1
                evidence.add(theatre)
        return self.dominant(counts, evidence)

    def _state_name(self, signal: Signal) -> bool:
        return signal.named and not self.theatres.places_in(signal.text)

    def dominant(self, counts: Mapping[str, int], evidence: Iterable[str] | None = None) -> str | None:
        """The outermost theatre with an outright lead in *counts* (each including the theatres
        inside it), then, step by step, a theatre inside it holding more than half of its count.
        Only theatres with *evidence* inside them compete (default: those counted)."""
        shown = set(counts if evidence is None else evidence)

        def total(theatre: str) -> int:
            return counts.get(theatre, 0) + sum(total(c) for c in self.theatres.children(theatre))

        def eligible(theatre: str) -> bool:
            return bool(shown & self.theatres.descendants(theatre))

        ranked = sorted(((total(t), t) for t in self.theatres.children(None) if eligible(t)), reverse=True)
        if not ranked or ranked[0][0] == 0 or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
            return None
        best = ranked[0][1]
        while True:
            inner = [(total(c), c) for c in self.theatres.children(best) if eligible(c)]
            score, child = max(inner, default=(0, None))
            if child is None or score * 2 <= total(best):
                return best
            best = child

    # -- one event --------------------------------------------------------------------------------

    def decide(self, act: list[Event], reading: Reading) -> Decision:
        """The theatre of one act (the events coded from one trigger), step by step as the module
        documentation says."""
        event = act[0]
        sentence = reading.sentence_at(event.start)
        if sentence is None:
            return self.by_actor(act, reading) or self.by_document(act, reading)
        inside = range(sentence.start, sentence.end)
        places = [s for s in reading.signals if s.start in inside and self.is_place(reading.doc, s)]
        named = [m for m in reading.mentions if m.token_start in inside]
        trigger = self.trigger(event, sentence, reading.mentions)
        clause = clause_of(trigger) if trigger is not None else set(inside)
        if in_clause := [s for s in places if s.start in clause]:
            return self.by_place("place", in_clause, reading)
        if by_actor := self.by_actor(act, reading):
            return by_actor
        if by_name := self.by_name("actor", [m for m in named if m.token_start in clause], reading):
            return by_name
        if elsewhere := [s for s in places if s.start not in clause]:
            return self.by_place("sentence", elsewhere, reading)
        if by_name := self.by_name("sentence", named, reading):
            return by_name
        if reading.about is not None and (topic := self.conflict_word(sentence)):
            name = self.theatres.name_of(reading.about)
            return Decision(reading.about, f"sentence: {topic} (the document is about {name})")
        return self.by_document(act, reading)

    def by_name(self, step: str, mentions: list[Mention], reading: Reading) -> Decision | None:
        """The theatre of the sub-state actors named in *mentions* ("accused Iran of arming the Houthis")."""
        found = [
            (theatre, m.text)
            for m in mentions
            if (theatre := self.theatres.signalled_by(m.actor, reading.info(m.actor)))
        ]
        if not found:
            return None
        theatre = self.choose([t for t, _ in found], reading.about)
        words = "; ".join(dict.fromkeys(text for t, text in found if t == theatre))
        return Decision(theatre, f"{step}: {words}")

    def conflict_word(self, sentence: Span) -> str | None:
        """A definite noun of a conflict in the sentence ("the war"), which refers to the conflict
        the document is about."""
        for tok in sentence:
            if tok.lemma_.lower() in self.theatres.conflict_nouns and any(
                c.dep_ == "det" and c.lower_ == "the" for c in tok.children
            ):
                return f"the {tok.text}"
        return None

    def is_place(self, doc: Doc, signal: Signal) -> bool:
        """Whether a signal is used as a place: any place name; an actor's name only in a place
        position (after a preposition of place or topic, or modifying a place or topic noun)."""
        if not signal.named:
            return True
        return self.place_word(doc[signal.start : signal.end].root) is not None

    def place_word(self, root: Token) -> str | None:
        """The word that makes *root* a place ("in", "port of", "war"), or ``None``."""
        while root.dep_ == "conj" and root.head is not root:
            root = root.head
        head = root.head
        nouns = self.theatres.place_nouns | self.theatres.topic_nouns
        if root.dep_ == "pobj":
            if head.lower_ in self.theatres.place_prepositions:
                return head.text
            if head.lower_ == "of" and head.head.lemma_.lower() in nouns:
                return f"{head.head.text} of"
        if root.dep_ in MODIFIER_DEPS and head.lemma_.lower() in nouns:
            return head.text
        return None

    def words(self, doc: Doc, signal: Signal) -> str:
        """A signal with the word that makes it a place: "in Idlib", "port of Tripoli", "Libya's war"."""
        word = self.place_word(doc[signal.start : signal.end].root)
        if word is None:
            return signal.text
        root = doc[signal.start : signal.end].root
        if root.dep_ in MODIFIER_DEPS:
            return f"{signal.text} {word}"
        return f"{word} {signal.text}"

    def by_place(self, step: str, signals: list[Signal], reading: Reading) -> Decision:
        theatre = self.choose([s.theatre for s in signals], reading.about)
        words = "; ".join(dict.fromkeys(self.words(reading.doc, s) for s in signals if s.theatre == theatre))
        return Decision(theatre, f"{step}: {words}")

    def by_actor(self, act: list[Event], reading: Reading) -> Decision | None:
        found = [
            (theatre, text or actor)
            for actor, text in participants(act)
            if (theatre := self.theatres.signalled_by(actor, reading.info(actor)))
        ]
        if not found:
            return None
        theatre = self.choose([t for t, _ in found], reading.about)
        words = "; ".join(dict.fromkeys(text for t, text in found if t == theatre))
        return Decision(theatre, f"actor: {words}")

    def by_document(self, act: list[Event], reading: Reading) -> Decision:
        about = reading.about
        if about is not None:
            for theatre in [about, *sorted(self.theatres.descendants(about) - {about})]:
                for actor, text in participants(act):
                    if self.theatres.belongs(actor, theatre, reading.info(actor)):
                        name = self.theatres.name_of(about)
                        return Decision(theatre, f"document: about {name}; {text or actor} belongs to it")
        return Decision(None, "none: no place, theatre actor or topic")

    def choose(self, theatres: list[str], about: str | None) -> str:
        """Of several theatres: the one the document is about (or one inside or around it), then the
        one named most, then the first named."""
        if about is not None:
            lineage = self.theatres.lineage
            near = [t for t in theatres if about in lineage(t) or t in lineage(about)]
            if near:
                theatres = near
        counts = Counter(theatres)
        return max(dict.fromkeys(theatres), key=lambda t: counts[t])  # max keeps the first of equals

    @staticmethod
    def trigger(event: Event, sentence: Span, mentions: Iterable[Mention]) -> Token | None:
        """The event's trigger word in *sentence* (nearest its source where the word repeats)."""
        first = event.trigger.split()[0] if event.trigger.strip() else ""
        candidates = [t for t in sentence if t.text == first]
        if not candidates:
            return None
        anchor = next(
            (
                m.token_start
                for m in mentions
                if m.actor == event.source and sentence.start <= m.token_start < sentence.end
            ),
            candidates[0].i,
        )
        return min(candidates, key=lambda t: abs(t.i - anchor))


def acts(events: Iterable[Event]) -> list[list[Event]]:
    """The events grouped by act: coded from one trigger of one sentence (one act of several parties
    belongs to one theatre, whichever of its pairs names it)."""
    grouped: dict[tuple[int, str, str], list[Event]] = {}
    for event in events:
        grouped.setdefault((event.start, event.trigger, event.type), []).append(event)
    return list(grouped.values())


def participants(act: Iterable[Event]) -> list[tuple[str, str]]:
    """The act's actors with the words that named them, sources first, each once."""
    found: dict[str, str] = {}
    for event in act:
        for actor, text in ((event.source, event.source_text), (event.target, event.target_text)):
            if actor:
                found.setdefault(actor, text)
    return list(found.items())


def clause_of(token: Token) -> set[int]:
    """The token indices of the clause *token* is in: from its clause's head (the root, or the head of
    a complement, adverbial, relative or coordinated clause) down, without the clauses inside it."""
    head = token
    while not _opens_clause(head) and head.head is not head:
        head = head.head
    inside, stack = set(), [head]
    while stack:
        tok = stack.pop()
        inside.add(tok.i)
        stack.extend(child for child in tok.children if not _opens_clause(child))
    return inside


def _opens_clause(token: Token) -> bool:
    return token.dep_ in CLAUSE_DEPS or (token.dep_ == "conj" and token.pos_ in VERB_POS)


def _start(mention: Mention) -> int:
    return mention.token_start
