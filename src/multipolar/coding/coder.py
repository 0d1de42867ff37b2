"""The rule-based coder: parse + actor mentions + lexicon -> PLOVER events.

The work is split by job:

* :mod:`.arguments` finds who acts, on whom and for whom (English argument structure);
* :mod:`.actors` maps those arguments to actor mentions;
* :mod:`.triggers` finds the words that name acts, by the lexicon in ``data/patterns/``;
* :mod:`.modality` and :mod:`.dates` read how sure and when;
* :mod:`.discourse` links events to each other (target inheritance, event anaphora, reported
  accusations);
* this module puts them together: for each trigger, its lexicon entry names the roles that hold
  the source and the target, and the events follow. Every event records the lexicon entry
  (``pattern``) and the trigger words, so each code can be traced to a rule (docs/coding.md).

Cost: one pass over the tokens of each sentence with actors; each token is one dict lookup, and
role lookups only look at a trigger's children and a few ancestors.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from multipolar.coding.actors import GENERIC, ActorFinder, MentionIndex, phrase_mention, unique
from multipolar.coding.arguments import PLACE_PREPS, Arguments, Syntax, in_adjunct, lemma
from multipolar.coding.dates import ClauseDates, default_resolver
from multipolar.coding.discourse import inherit_targets, reported_accusation, targetless_accusations
from multipolar.coding.intent import read_stance
from multipolar.coding.modality import ModalityCues, detect
from multipolar.coding.ontology import Ontology, load_ontology
from multipolar.coding.patterns import Pattern, PatternSet, default_dir, load_patterns
from multipolar.coding.references import References, ReferenceWords, explain
from multipolar.coding.triggers import Match, TriggerMatcher, next_actor
from multipolar.document import Document, Event, Mention

CONDITIONS = ("if", "unless")
# Acts a state exercises over people in its own jurisdiction: with no place given, the people
# they are done to are the doer's own ("the police detained 18 people").
DOMESTIC_TYPES = frozenset(("COERCE", "CONCEDE", "RETREAT"))
FORCEFUL = frozenset(("ASSAULT", "COERCE", "SANCTION", "MOBILIZE"))  # acts whose promise threatens
LOCATIVE_ROLES = frozenset(("destination", "place", "in", "at", "near", "inside", "into", "to"))
OWN_COUNTRY = "own_country"  # target role: the source's own country, when no other role has an actor


class Coder:
    """Rule-based PLOVER coder; ``coder(doc, mentions, document) -> list[Event]``."""

    def __init__(self, registry: object = None, patterns: Path | None = None) -> None:
        self.registry = registry
        self.ontology: Ontology = load_ontology()
        self.patterns: PatternSet = load_patterns(patterns, self.ontology)
        cue_dir = (
            patterns if patterns and patterns.is_dir() and (patterns / "modality.yaml").exists() else None
        )
        self.cues = ModalityCues.load(cue_dir / "modality.yaml" if cue_dir else None)
        self.dates = default_resolver()
        lex = self.patterns.lexicon
        # the appeal verbs are one list, in the lexicon (words.yaml): what they ask for is no event
        self.cues = replace(
            self.cues,
            appeals=self.cues.appeals | lex.get("appeals", frozenset()),
            claims=lex.get("claims", frozenset()),
        )
        self.args = Arguments(Syntax.from_lexicon(lex))
        self.actors = ActorFinder(
            self.args,
            registry if hasattr(registry, "get") else None,
            located=lex.get("located", frozenset()),
            places=lex.get("places", frozenset()),
            affiliated=lex.get("affiliated", frozenset()),
            groups=lex.get("groups", frozenset()),
            organs=lex.get("organs", frozenset()),
        )
        self.triggers = TriggerMatcher(self.patterns, self.args, self.actors)
        # nouns of people and bodies: an object of talks that is one of these is a party, not a topic
        self.people = frozenset().union(
            *(lex.get(k, frozenset()) for k in ("groups", "dignitaries", "diplomats", "forces"))
        )
        self.reference_words = ReferenceWords.load(
            deals=lex.get("deal", frozenset()), truces=lex.get("truces", frozenset())
        )
        self.operations = lex.get("operations", frozenset())
        self.claims = lex.get("claims", frozenset())
        self.speech_verbs = lex.get("speech_verbs", frozenset())
        self.support_nouns = lex.get("support_nouns", frozenset())
        self.deals = lex.get("deal", frozenset())
        self.nominal = frozenset(p.id for p in self.patterns.patterns if p.kind == "noun")
        # every verb the lexicon and the cue lists name: what a lemma repair may restore
        self.verbs = frozenset(
            {p.lemma for p in self.patterns.patterns if p.kind == "verb"}.union(
                *lex.values(), *self.cues.words()
            )
        )
        # acts on a support ("scale back its support", "a suspension of aid"): aimed at its recipient
        self.on_support = frozenset(
            p.id for p in self.patterns.patterns if p.type == "SANCTION" and p.objects & self.support_nouns
        )

    # ------------------------------------------------------------------ entry point
    def __call__(self, doc: Doc, mentions: list[Mention], document: Document) -> list[Event]:
        index = MentionIndex(mentions)
        if not index:
            return []
        self.actors.provisional = getattr(document, "provisional", {}) or {}
        # the document layer: what later words refer back to (pronouns, descriptions, earlier acts)
        references = References(doc, index, self.actors, self.reference_words, self.cues.reporting_verbs)
        index.references = references
        events: list[Event] = []
        for sent in doc.sents:
            if any(i in index for i in range(sent.start, sent.end)) or references.may_refer(sent):
                found = self.code_sentence(sent, index, document)
                references.remember(sent, found)
                events.extend(found)
        events = inherit_targets(events, self.nominal, self.support_nouns, self.ontology, self.on_support)
        # an inherited target can make two events one (same words, actors, type): keep the first
        seen: set[str] = set()
        return [e for e in events if not (e.id in seen or seen.add(e.id))]

    def code_sentence(self, sent: Span, index: MentionIndex, document: Document) -> list[Event]:
        matches = [m for tok in sent if (m := self.triggers.match(tok, index))]
        if not matches:
            return []
        self.triggers.absorb(matches)
        consumed = self.triggers.consumed_objects(matches)
        dates = ClauseDates(sent, self.dates.find(sent.text, document.date), document.date)
        events: list[Event] = []
        seen: set[tuple] = set()
        # the main clause's act first, then the acts of the clauses below it
        for m in sorted(matches, key=lambda m: (depth(m.token), m.token.i)):
            if m.absorbed or m.token.i in consumed:
                continue
            for ev in self.read(m, index, sent, document, dates.of(m.token)):
                key = (ev.source, ev.target, ev.type, ev.trigger)
                if key not in seen:
                    seen.add(key)
                    events.append(ev)
        return targetless_accusations(events)

    # ------------------------------------------------------------------ events
    def read(self, m: Match, index: MentionIndex, sent: Span, document: Document, date) -> list[Event]:
        """The events of a trigger by its lexicon entry; an entry that yields none (a joint exercise
        with one party) gives way to the next entry that fits the trigger (one state's exercise)."""
        for p in (m.pattern, *m.alternatives):
            reading = m if p is m.pattern else replace(m, pattern=p)
            events = self.events_for(reading, index, sent, document, date)
            if events:
                return events
        return []

    def events_for(self, m: Match, index: MentionIndex, sent: Span, document: Document, date) -> list[Event]:
        p, tok = m.pattern, m.token
        if m.linear:
            left = tok.doc[tok.i - 1]
            while left.dep_ == "conj" and left.head.i < left.i:
                left = left.head
            right = next_actor(tok, index)
            sources = self.actors(left, index) or [index[tok.i - 1]]
            targets = self.actors(right, index) if right is not None else []
            domestic = False
        else:
            sources = self.first_role(tok, p, p.source, index)[0]
            if not p.coordinated:  # an act named again is no doer of another ("the deal requires ...")
                sources = [s for s in sources if s.rule != "event"]
            sources = self.actors.relocate(
                sources, tok.doc, index, self.actors.clause_country(tok, p.kind, index)
            )
            targets, role = self.first_role(tok, p, p.target, index, target=True)
            domestic = role == "place"
            if not targets and OWN_COUNTRY in p.target:  # a domestic protest: aimed at home
                targets = self.actors.own_countries(sources)
                domestic = True
        mode, context = p.mode, p.context
        if p.absorbs and not targets and not (p.coordinated and len({s.actor for s in sources}) > 1):
            targets = self.complement_targets(tok, sources, index)
        if p.kind == "noun" and not targets:  # "X's attack drew condemnation from Y": aimed at X
            targets = self.first_role(tok, p, ("provoker",), index)[0]
        if p.type == "SUPPORT" and self.supports_operation(tok, p):
            # support for a military operation is military support (PLOVER AID: "military ...
            # assistance including arms and personnel"): "Russia's support for Haftar's offensive"
            p = replace(p, type="AID", mode="military", context="military", id=f"{p.id}+operation")
        if p.type == "AGREE" and self.promises_force(m):
            # readiness or a vow to use force or sanctions is a threat (PLOVER THREATEN: "coercive or
            # forceful warnings"): "it is prepared to impose martial law", "vowed to crush the revolt"
            # (a threat is aimed at someone named: promising it together is no threat to each other)
            p = replace(p, type="THREATEN", mode=None, coordinated=False, symmetric=False, id=f"{p.id}+force")
        if p.type == "THREATEN" and not targets:
            targets = self.condition_targets(tok, sources, index)
        if m.inner is not None and p.type in ("AGREE", "REJECT", "REQUEST", "THREATEN"):
            context = m.inner.pattern.context or context  # "agreed to withdraw troops": military
        aimed = None
        if not m.linear:
            sources, targets, domestic, aimed = self.participants(tok, p, index, sources, targets, domestic)
            if not targets and OWN_COUNTRY in p.target:  # protesters found among the participants
                targets = [replace(s, actor=c) for s in sources if (c := self.actors.country_of(s.actor))][:1]
                domestic = domestic or bool(targets)
        if p.type == "PROTEST" and self.speaks_for_itself(tok, p, index):
            # a state's or organisation's own protest is a diplomatic complaint (PLOVER PROTEST is
            # collective civilian action): "Greece protested that it had not been invited"
            p = replace(p, type="ACCUSE", mode="disapprove", id=f"{p.id}+diplomatic")
            targets = [t for t in targets if t.actor not in {s.actor for s in sources}]
        if p.reverse:
            sources, targets = targets, sources
        if not sources and p.coordinated and len({t.actor for t in targets}) > 1:
            sources, targets = targets, []  # "talks were held between X and Y"
        if not sources or (not targets and self.triggers.framed(tok, p)):
            return []
        if p.joint and not targets and len({s.actor for s in sources}) < 2:
            return []  # "X held exercises": joint only with a partner
        if self.is_agreement(p) and len({m.actor for m in sources + targets}) > 1:
            index.agreements.append((self.deal_word(tok, p), unique(sources + targets)))
        mod = detect(tok, self.cues)
        if mod.comment or self.statement(m):
            return []  # a comment, appeal or statement: PLOVER codes none of them
        speaker: Mention | None = None
        if mod.speaker is not None:
            spk = self.actors(mod.speaker, index)
            speaker = spk[0] if spk else None
        pairs = self.pairs(sources, targets, p, mutual=reciprocal(tok), domestic=domestic)
        trigger = tok.text if not p.particle else f"{tok.text} {p.particle}"
        text, start, end = evidence(sent)
        events = []
        for s, t in pairs:
            own = speaker is None or speaker.actor == s.actor
            reading = read_stance(p.type, self.ontology[p.type].quad, mod.modality, mod.intent, own)
            etype = self.ontology[reading.type]
            modality = "reported" if reading.suffix and not own else reading.modality
            event = Event(
                doc=document.id,
                sentence=text,
                start=start,
                end=end,
                source=s.actor,
                target=(t.actor or None) if t else None,
                type=reading.type,
                quad=etype.quad,
                polarity=etype.polarity,
                mode=mode if not reading.suffix else None,
                context=context,
                modality=modality,
                speaker=speaker.actor if speaker else None,
                date=date,
                pattern=p.id + reading.suffix,
                trigger=trigger,
                source_text=s.name,
                target_text=t.name if t else (aimed.text if aimed else ""),
                references=explain(source=s, target=t, speaker=speaker),
            )
            events.append(event)
            if speaker is not None and modality in ("reported", "asserted"):
                accusation = reported_accusation(event, speaker, self.ontology["ACCUSE"].quad, -1)
                if accusation is not None:
                    events.append(accusation)
        return events

    def participants(
        self, tok: Token, p: Pattern, index: MentionIndex, sources, targets, domestic: bool
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
        if sources and not targets and not self.triggers.framed(tok, p):
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

    def statement(self, m: Match) -> bool:
        """A denial ("rejected the accusations", "denied charges that ...") or a refusal to speak
        ("declined to comment"): statements, not acts between actors."""
        p, tok = m.pattern, m.token
        if p.type == "REJECT" and p.kind == "verb":
            objects = self.args.objects_of(tok)
            if any(lemma(o) in self.claims for o in objects):
                return True
            if lemma(tok) == "deny" and any(c.dep_ == "ccomp" for c in tok.children):
                return True
        clause = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
        if p.kind == "verb" and clause and lemma(tok) in self.cues.appeals:
            # "called on X to crack down": an appeal; "called on X to discuss ties": a visit
            return not any(
                lemma(c) in ("discuss", "talk", "review", "exchange", "brief", "explore") for c in clause
            )
        if p.type == "AGREE" and p.kind == "verb" and lemma(tok) == "agree" and not clause:
            # "agreed with the recommendation": sharing a view, not a commitment to act
            withs = self.args.prep_objects([tok], "with")
            if withs and not any(lemma(c) in ("on", "to") for c in tok.children):
                return True
        if p.absorbs and m.inner is None:
            said = [c for c in tok.children if c.dep_ == "xcomp" and lemma(c) in self.speech_verbs]
            return bool(said) and not self.args.objects_of(tok)
        return False

    @staticmethod
    def promises_force(m: Match) -> bool:
        """Whether an absorbing AGREE is readiness or a vow to use force or sanctions; an agreement
        or decision to sanction ("the EU agreed to impose sanctions") stays the agreed act's."""
        inner = m.inner
        return (
            inner is not None
            and inner.pattern.type in FORCEFUL
            and lemma(m.token) not in ("agree", "decide", "accept", "approve")
        )

    def supports_operation(self, tok: Token, p: Pattern) -> bool:
        """Whether what is supported is a military operation ("support toward X's offensive")."""
        heads = [h for role in p.target if role != OWN_COUNTRY for h in self.args.role(tok, p.kind, role)]
        return any(lemma(h) in self.operations for h in heads)

    def speaks_for_itself(self, tok: Token, p: Pattern, index: MentionIndex) -> bool:
        """Whether the subject of a protest is a state, government or organisation itself (not
        people named by nationality: "Greece protested", not "Greek students protested")."""
        for head in self.heads(tok, p, p.source):
            mention = index.get(head.i)
            if mention is not None and mention.rule == "demonym":
                continue  # "Palestinians protested": people, named by their nationality
            entry = self.registry.get(mention.actor) if mention and hasattr(self.registry, "get") else None
            if entry is not None and entry.type in ("state", "government", "igo"):
                return True
        return False

    def heads(self, tok: Token, p: Pattern, roles: tuple[str, ...]) -> list[Token]:
        """The heads of the first of *roles* that names someone or something (a noun or pronoun:
        "a general strike" has the modifier "general", which names no participant)."""
        for role in roles:
            if role != OWN_COUNTRY:
                found = self.args.role(tok, p.kind, role, modals=p.modals, has_objects=bool(p.objects))
                if any(h.pos_ in ("NOUN", "PROPN", "PRON") for h in found):
                    return found
        return []

    @staticmethod
    def pairs(
        sources: list[Mention],
        targets: list[Mention],
        p: Pattern,
        mutual: bool = False,
        domestic: bool = False,
    ) -> list[tuple]:
        """Source-target pairs. Mutual acts between coordinated parties ("X and Y met", "X and
        Y accused each other") go both ways; with a named counterpart ("X met with Y") only
        fully symmetric acts (signing, a truce) are mirrored."""
        out: list[tuple] = []
        if (p.coordinated or mutual) and not targets and len({s.actor for s in sources}) > 1:
            out = [(a, b) for a in sources for b in sources if a.actor != b.actor]
        elif p.symmetric and targets:  # signing, a truce: the counterpart signs too
            out = [(s, t) for s in sources for t in targets]
            out += [(t, s) for s in sources for t in targets if t.actor]
        else:
            out = [(s, t) for s in sources for t in targets] if targets else [(s, None) for s in sources]
        # a domestic act ("X lifted the curfew in X's capital") may target the doer's own country
        kept = [
            (s, t)
            for s, t in out
            if t is None or not t.actor or domestic or s.actor != t.actor or internal(s, t)
        ]
        if out and not kept:  # the only target was the source itself: keep the act, untargeted
            kept = [(s, None) for s in unique(s for s, _ in out)]
        return kept

    # ------------------------------------------------------------------ roles
    def first_role(
        self, tok: Token, p: Pattern, roles: tuple[str, ...], index: MentionIndex, target: bool = False
    ) -> tuple[list[Mention], str | None]:
        """The actors of the first role that has any (roles are tried in the pattern's order)."""
        for role in roles:
            if role == OWN_COUNTRY:
                continue
            heads = self.args.role(tok, p.kind, role, modals=p.modals, has_objects=bool(p.objects))
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

    def topic(self, head: Token, index: MentionIndex) -> bool:
        """What talks are about, not who takes part: an object that is no actor, no people and no
        act ("discussed North Korea's missile programme", "negotiated over the port's status"; but
        "met Erdogan", "received the Iranian delegation", "negotiated the deal")."""
        return (
            head.i not in index
            and head.pos_ in ("NOUN", "PROPN")
            and lemma(head) not in self.people
            and lemma(head) not in self.reference_words.events
            and not (head.pos_ == "PROPN" and any(t.i in index for t in head.subtree))
        )

    def complement_targets(self, tok: Token, sources: list[Mention], index: MentionIndex) -> list[Mention]:
        """Target of a promise/demand/refusal/threat without one of its own: who the act it
        governs is aimed at ("refused to let French troops ...", "demanded that X withdraw")."""
        # a group named by what it is ("opposition groups in Zimbabwe") may demand of its own state
        src = {m.actor for m in sources if m.rule != GENERIC}
        args = self.args
        for c in args.complements(tok):
            if c.pos_ not in ("VERB", "AUX"):
                continue
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
        East Timor"), but not in a time or condition clause, nor the doer itself."""
        governed = [*self.args.complements(tok)]
        for c in governed:
            for t in c.subtree:
                if t.i == tok.i or in_adjunct(t, c) or t.dep_ == "mark":
                    continue
                if t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS:
                    continue  # where the act would happen ("to stop the bloodshed in Libya") is no party
                mention = index.get(t.i)
                if mention is not None and mention.actor not in src and mention.person is None:
                    return [mention]
        return []

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

    def deal_word(self, tok: Token, p: Pattern) -> str:
        """The word that names an agreement event: the trigger noun, or the verb's deal object."""
        if p.kind == "noun":
            return lemma(tok)
        return next((lemma(o) for o in self.args.objects_of(tok) if lemma(o) in self.deals), "")

    def is_agreement(self, p: Pattern) -> bool:
        """Patterns whose events create an agreement that later text may refer back to."""
        return p.type in ("SUPPORT", "AGREE", "RETREAT") and bool(
            p.objects & self.deals or (p.kind == "noun" and p.lemma in self.deals)
        )


def depth(tok: Token) -> int:
    """How many dependency arcs separate a token from its sentence's root."""
    n = 0
    while tok.head.i != tok.i and n < 50:
        tok, n = tok.head, n + 1
    return n


def internal(source: Mention, target: Mention) -> bool:
    """Two participants of one state that are not the same one: an act between a state's own
    people ("officials accused President Aristide", "the opposition urged President Mugabe")
    is domestic politics, coded with the state at both ends as PLOVER does."""
    people = {source.person, target.person} - {None}
    return bool(people) and source.person != target.person and source.token_start != target.token_start


def reciprocal(tok: Token) -> bool:
    """ "accused each other", "fought one another": the coordinated subjects act on each other."""
    for t in tok.subtree:
        if t.lower_ in ("other", "another") and t.i > 0 and t.doc[t.i - 1].lower_ in ("each", "one"):
            return True
    return False


def evidence(sent: Span) -> tuple[str, int, int]:
    """The sentence's text and offsets without the whitespace spaCy keeps at its edges
    (a paragraph break after the last word), so ``text[start:end] == sentence`` still holds."""
    raw = sent.text
    text = raw.strip()
    start = sent.start_char + (len(raw) - len(raw.lstrip()))
    return text, start, start + len(text)


__all__ = ["Coder", "default_dir", "reported_accusation"]
