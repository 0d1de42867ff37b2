"""The rule-based coder: parse + actor mentions + lexicon -> PLOVER events.

The work is split by job:

* :mod:`.arguments` finds who acts, on whom and for whom (English argument structure), and
  :mod:`.roles` names those places (the roles a pattern file lists, registered by name);
* :mod:`.actors` maps those arguments to actor mentions, and :mod:`.parties` fills an act's roles
  with them;
* :mod:`.triggers` finds the words that name acts, by the lexicon in ``data/patterns/``;
* :mod:`.readings` recodes an act by what is said of it (the ``readings:`` of the pattern files,
  registered by name), and :mod:`.intent` by its stated intention;
* :mod:`.modality` and :mod:`.dates` read how sure and when;
* :mod:`.references` is the document layer: what later words refer back to (pronouns, quoted
  first person, descriptions, sets of parties, acts named again), and :mod:`.discourse` links
  events to each other (target inheritance, event anaphora, reported accusations);
* this module puts them together: for each trigger, its lexicon entry names the roles that hold
  the source and the target, and the events follow. Every event records the lexicon entry
  (``pattern``) and the trigger words, so each code can be traced to a rule (docs/coding.md).

Cost: one pass over the tokens of each sentence with actors; each token is one dict lookup, and
role lookups only look at a trigger's children and a few ancestors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from multipolar.coding.actors import ActorFinder, MentionIndex, phrase_mention, unique
from multipolar.coding.announced import announcer
from multipolar.coding.arguments import Arguments, Syntax, lemma, pobjs
from multipolar.coding.backoff import CHAIN, chained_targets, last_resort, paired_by_backoff
from multipolar.coding.dates import ClauseDates, default_resolver
from multipolar.coding.discourse import inherit_targets, reported_accusation, targetless_accusations
from multipolar.coding.holders import HELD_TYPES, Seats, held_targets, holders
from multipolar.coding.intent import read_stance
from multipolar.coding.mediation import consult_of, mediated_parties, mediators_of
from multipolar.coding.modality import ModalityCues, detect
from multipolar.coding.ontology import Ontology, load_ontology
from multipolar.coding.parties import Parties, own_possessions, pairs, respectively
from multipolar.coding.patterns import Pattern, PatternSet, Rewrite, default_dir, load_patterns
from multipolar.coding.reactions import find_opposed  # noqa: F401  (registers the "opposed" role)
from multipolar.coding.readings import READINGS, Clause, suffix
from multipolar.coding.references import References, ReferenceWords, explain
from multipolar.coding.roles import OWN_COUNTRY
from multipolar.coding.triggers import Match, TriggerMatcher, next_actor
from multipolar.document import Document, Event, Mention

LIKEWISE_PREPS = ("following", "after", "like", "as", "alongside", "echoing", "matching")


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
        self.reference_words = ReferenceWords.load(
            deals=lex.get("deal", frozenset()), truces=lex.get("truces", frozenset())
        )
        # nouns of people and bodies: an object of talks that is one of these is a party, not a topic
        kinds = ("groups", "dignitaries", "diplomats", "forces")
        people = frozenset().union(*(lex.get(k, frozenset()) for k in kinds))
        self.parties = Parties(self.args, self.actors, people, frozenset(self.reference_words.events))
        self.triggers = TriggerMatcher(self.patterns, self.args, self.actors)
        # nouns that name a party by what it is, or a place standing for one (backoff.py stops there)
        self.party_nouns = self.actors.groups | self.actors.places | self.args.syntax.opponents
        self.holding = lex.get("holding", frozenset())
        self.seats = Seats(registry)
        self.claims = lex.get("claims", frozenset())
        self.speech_verbs = lex.get("speech_verbs", frozenset())
        self.support_nouns = lex.get("support_nouns", frozenset())
        self.deals = lex.get("deal", frozenset())
        self.nominal = frozenset(p.id for p in self.patterns.patterns if p.kind == "noun")
        # every verb the lexicon and the cue lists name: what a lemma repair may restore
        self.verbs = frozenset(
            {p.lemma for p in self.patterns.patterns if p.kind == "verb"}.union(
                *(words for name, words in lex.items() if name != "prepositions"), *self.cues.words()
            )
        )
        # acts on a support ("scale back its support", "a suspension of aid"): aimed at its recipient
        self.on_support = frozenset(
            p.id for p in self.patterns.patterns if p.type == "SANCTION" and p.objects & self.support_nouns
        )

    # ------------------------------------------------------------------ entry point
    def __call__(self, doc: Doc, mentions: list[Mention], document: Document) -> list[Event]:
        index = self.index(doc, mentions)
        if not index:
            return []
        self.actors.provisional = getattr(document, "provisional", {}) or {}
        references = index.references
        events: list[Event] = []
        for sent in doc.sents:
            if any(i in index for i in range(sent.start, sent.end)) or references.may_refer(sent):
                found = self.code_sentence(sent, index, document)
                # a pair the backoff made is no set of parties later words refer back to
                references.remember(sent, [e for e in found if not paired_by_backoff(e)])
                events.extend(found)
        events = last_resort(
            events,
            lambda es: inherit_targets(es, self.nominal, self.support_nouns, self.ontology, self.on_support),
        )
        # an inherited target can make two events one (same words, actors, type): keep the first
        seen: set[str] = set()
        return [e for e in events if not (e.id in seen or seen.add(e.id))]

    def names_act(self, tok: Token) -> bool:
        """Whether *tok* is a noun that can name an act ("talks", "cooperation")."""
        return ("noun", lemma(tok)) in self.patterns.index

    def index(self, doc: Doc, mentions: list[Mention]) -> MentionIndex:
        """The document's actor mentions by token, with its document layer: what later words refer
        back to (pronouns, descriptions, earlier acts; :mod:`.references`)."""
        index = MentionIndex(mentions)
        index.references = References(
            doc, index, self.actors, self.reference_words, self.cues.reporting_verbs
        )
        return index

    def code_sentence(self, sent: Span, index: MentionIndex, document: Document) -> list[Event]:
        matches = [m for tok in sent if (m := self.triggers.match(tok, index))]
        if not matches:
            return []
        self.triggers.absorb(matches)
        consumed = self.triggers.consumed_objects(matches)
        dates = ClauseDates(sent, self.dates.find(sent.text, document.date), document.date)
        events: list[Event] = []
        seen: set[tuple] = set()
        produced: dict[int, list[Event]] = {}
        # the main clause's act first, then the acts of the clauses below it
        for m in sorted(matches, key=lambda m: (depth(m.token), m.token.i)):
            if m.absorbed:
                continue
            found = self.read(m, index, sent, document, dates.of(m.token))
            consumer = consumed.get(m.token.i)
            if consumer is not None:
                # a verb that used an act noun as its object stands for it ("signed an agreement"),
                # unless it only hosts the noun ("announced a halt to trade with X"), found no target,
                # and the noun has one: then the noun's reading is kept
                hosted = produced.get(consumer)
                light = lemma(sent.doc[consumer]) in self.args.syntax.light_verbs
                if not light or hosted is None or any(e.target and not paired_by_backoff(e) for e in hosted):
                    continue
                if not any(e.target for e in found):
                    continue
                events = [e for e in events if e not in hosted]
            found = found + self.likewise(m, found, index)
            found = [
                ev
                for ev in found
                if (k := (ev.source, ev.target, ev.type, ev.trigger)) not in seen and not seen.add(k)
            ]
            produced[m.token.i] = found
            if index.references is not None:  # later acts of the sentence may refer back to these
                index.references.add([e for e in found if not paired_by_backoff(e)])
            events.extend(found)
        condemned_acts(matches, produced)
        shared_targets(matches, produced)
        events = self.mediators(sent, index, produced, events)
        return targetless_accusations(events)

    # ------------------------------------------------------------------ events
    def read(self, m: Match, index: MentionIndex, sent: Span, document: Document, date) -> list[Event]:
        """The events of a trigger by its lexicon entry; an entry that yields none (a joint exercise
        with one party) gives way to the next entry that fits the trigger (one state's exercise)."""
        backoff: list[Event] = []  # a reading paired only by the backoff yields to one paired by its roles
        for p in (m.pattern, *m.alternatives):
            reading = m if p is m.pattern else replace(m, pattern=p)
            events = self.events_for(reading, index, sent, document, date)
            if events and not all(map(paired_by_backoff, events)):
                return events
            backoff = backoff or events
        return backoff

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
            sources = self.parties.first_role(tok, p, p.source, index)[0]
            if not p.coordinated:  # an act named again is no doer of another ("the deal requires ...")
                sources = [s for s in sources if s.rule != "event"]
            sources = self.actors.relocate(
                sources, tok.doc, index, self.actors.clause_country(tok, p.kind, index)
            )
            targets, role = self.parties.first_role(tok, p, p.target, index, target=True)
            domestic = role == "place"
            # "X and Y recalled their envoys": each its own envoys, not the other's ("their talks",
            # an act they share, still joins them)
            own = own_possessions(targets, sources, tok.doc, self.names_act)
            targets = [t for t in targets if t not in own]
            if not targets and OWN_COUNTRY in p.target:  # a domestic protest: aimed at home
                targets = self.actors.own_countries(sources)
                domestic = True
        mode, context = p.mode, p.context
        if p.absorbs and not targets and not (p.coordinated and len({s.actor for s in sources}) > 1):
            targets = self.parties.complement_targets(tok, sources, index)
        if p.kind == "noun" and not targets:  # "X's attack drew condemnation from Y": aimed at X
            targets = self.parties.first_role(tok, p, ("provoker", "opposed"), index)[0]  # (reactions.py)
        p, rewrite = self.reread(m, p, index, "roles")  # "support for X's offensive": AID
        if rewrite is not None:
            mode, context = p.mode, p.context
        if p.type == "THREATEN" or self.parties.waged_together(tok, p):
            # a threat is aimed at someone: issuing it together threatens no co-issuer; nor do
            # "X and Y waged war" name each other: they wage it together (being at war is two-sided)
            p = replace(p, coordinated=False, symmetric=False)
        if p.type == "THREATEN" and not targets:
            targets = self.parties.condition_targets(tok, sources, index)
        # a group's own state is no counterpart in an act it refers back to ("Hezbollah remained
        # committed to the ceasefire" after Israel's strikes on Lebanon: aimed at Israel)
        homes = {self.actors.country_of(s.actor) for s in sources}
        targets = [t for t in targets if t.rule != "event" or t.actor not in homes] or targets
        if m.inner is not None and p.type in ("AGREE", "REJECT", "REQUEST", "THREATEN"):
            context = m.inner.pattern.context or context  # "agreed to withdraw troops": military
        aimed = None
        framed = self.triggers.framed(tok, p)
        if not m.linear:
            sources, targets, domestic, aimed = self.parties.participants(
                tok, p, index, sources, targets, domestic, framed
            )
            if not targets and OWN_COUNTRY in p.target:  # protesters found among the participants
                targets = [replace(s, actor=c) for s in sources if (c := self.actors.country_of(s.actor))][:1]
                domestic = domestic or bool(targets)
        chain = ""
        finder = lambda h: self.actors(h, index)  # noqa: E731
        mutual = (p.coordinated or reciprocal(tok)) and len({s.actor for s in sources}) > 1
        doers = {s.actor for s in sources}
        untargeted = not domestic and not any(t.actor and t.actor not in doers for t in targets)
        if sources and untargeted and p.target and not (p.reverse or m.linear or framed or mutual):
            # no role named a target: the nearest actor on the trigger's object side (backoff.py)
            chained = chained_targets(
                tok, p.kind, p.type, sources, finder, self.party_nouns, self.args.syntax.opponents
            )
            if chained:
                targets, chain = chained, suffix("chain")
        if p.type in HELD_TYPES and sources:  # "strikes on Houthi-held areas": at the Houthis (holders.py)
            places = targets or [phrase_mention(h, None) for h in self.parties.heads(tok, p, p.target)]
            held, changed = held_targets(places, tok.doc, self.holding, lambda h: self.actors(h, index))
            aimed = any(t.actor and t.actor not in doers for t in targets)  # (not the doer's own place)
            if not changed and not aimed:  # "struck villages under X's control"
                held = holders(tok, self.holding, lambda h: self.actors(h, index))
                changed = bool(held)
            if not changed and not aimed:  # "an operation in the enclave X holds" (on the date)
                doers = doers | {self.actors.country_of(s.actor) for s in sources}
                on = document.date or (date if isinstance(date, dt.date) else None)
                held = self.seats.targets(
                    tok, on, doers, lambda t: t.i in index and index[t.i].actor not in doers
                )
                changed = bool(held)
            if changed:
                targets, chain = [t for t in held if t.actor], chain + suffix("held")
        p, rewrite = self.reread(m, p, index, "participants")  # "Greece protested": ACCUSE
        if rewrite is not None:
            mode, context = p.mode, p.context
            if rewrite.abroad:
                targets = [t for t in targets if t.actor not in {s.actor for s in sources}]
        if p.reverse:
            sources, targets = targets, sources
        if not sources and p.coordinated and len({t.actor for t in targets}) > 1:
            sources, targets = targets, []  # "talks were held between X and Y"
        if not sources and targets and not m.linear:  # "the talks are suspended, X said" (announced.py)
            sources = announcer(tok, p.type, detect(tok, self.cues).speaker, targets, finder, self.same_side)
            chain += suffix("announced") if sources else ""
        if not sources or (not targets and self.triggers.framed(tok, p)) or self.parties.sent_to_help(tok):
            return []  # (forces sent "to defend X" are the sender's aid, coded on the sending verb)
        if p.joint and not targets and len({s.actor for s in sources}) < 2:
            return []  # "X held exercises": joint only with a partner
        if self.is_agreement(p) and len({m.actor for m in sources + targets}) > 1 and CHAIN not in chain:
            index.agreements.append((self.deal_word(tok, p), unique(sources + targets)))
        mod = detect(tok, self.cues)
        if mod.comment and self.args.own_authorisation(tok):  # authorised for oneself: decided
            mod = replace(mod, comment=False)
        if mod.comment or self.statement(m):
            return []  # a comment, appeal or statement: PLOVER codes none of them
        speaker: Mention | None = None
        speakers: set[str | None] = set()  # "X and Y announced that they would ...": both speak
        if mod.speaker is not None:
            spk = self.actors(mod.speaker, index)
            speaker = spk[0] if spk else None
            speakers = {m.actor for m in spk}
        found = pairs(sources, targets, p, reciprocal(tok), domestic, respectively(tok, m.linear))
        # a speaker among an act's doers reports its own side's act ("the US and Britain struck X,
        # US officials said"): it accuses none of its partners
        own_side = speaker is not None and any(self.same_side(speaker.actor, x.actor) for x in sources)
        trigger = tok.text if not p.particle else f"{tok.text} {p.particle}"
        text, start, end = evidence(sent)
        events = []
        for s, t in found:
            own = speaker is None or s.actor in speakers
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
                pattern=p.id + chain + reading.suffix,
                trigger=trigger,
                source_text=s.name,
                target_text=t.name if t else (aimed.text if aimed else ""),
                references=explain(source=s, target=t, speaker=speaker),
            )
            events.append(event)
            if (
                speaker is not None
                and s.actor not in speakers
                and not own_side
                and modality in ("reported", "asserted")
                and not self.reporter(mod.speaker, speaker)
            ):
                accusation = reported_accusation(event, speaker, self.ontology["ACCUSE"].quad, -1)
                if accusation is not None:
                    events.append(accusation)
        return events

    def likewise(self, m: Match, found: list[Event], index: MentionIndex) -> list[Event]:
        """ "France suspended its aid to X, following similar measures by Germany and Belgium": the
        others named as doing the same did the same act, to the same target (``+likewise``)."""
        if not found or m.linear:
            return []
        same = self.patterns.lexicon.get("likeness", frozenset())
        kinds = self.patterns.lexicon.get("measures", frozenset())
        nouns = [
            o
            for c in m.token.children
            if c.dep_ == "prep" and c.lower_ in LIKEWISE_PREPS
            for o in pobjs(c)
            if lemma(o) in kinds and any(a.dep_ == "amod" and lemma(a) in same for a in o.children)
        ]
        others = unique(
            a for o in nouns for h in self.args.prep_objects([o], "by") for a in self.actors(h, index)
        )
        done = {e.source for e in found}
        return [
            replace(e, source=a.actor, source_text=a.name, pattern=e.pattern + suffix("likewise"), id="")
            for a in others
            if a.actor not in done
            for e in found
            if e.source == found[0].source and e.target != a.actor
        ]

    def mediators(
        self, sent: Span, index: MentionIndex, produced: dict[int, list[Event]], events: list[Event]
    ) -> list[Event]:
        """ "Y and Z agreed ... in a deal brokered by X": X consults Y and Z (mediation.py). The
        mediator's own events without a target give way to those."""
        mediation = self.args.syntax.mediation
        participles = [
            (t, found) for t in sent if (found := mediators_of(t, mediation, lambda h: self.actors(h, index)))
        ]
        if not participles:
            return events
        quad = self.ontology["CONSULT"].quad
        polarity = self.ontology["CONSULT"].polarity
        made = mediated_parties(
            participles, produced, lambda e, med, actor, word: consult_of(e, med, actor, word, quad, polarity)
        )
        stale = [e for i in made for e in produced.get(i, []) if e.target is None]
        have = {(e.source, e.target, e.type) for e in events}
        fresh = [e for found in made.values() for e in found if (e.source, e.target, e.type) not in have]
        return [e for e in events if not any(e is x for x in stale)] + fresh

    def same_side(self, a: str | None, b: str | None) -> bool:
        """Whether two actors are one, or one is a unit of the other (the registry's parent)."""
        if not a or not b:
            return False
        if a == b:
            return True
        get = getattr(self.registry, "get", None)
        parents = {x: getattr(get(x), "parent", None) if get else None for x in (a, b)}
        return parents[a] == b or parents[b] == a

    def reporter(self, head: Token, speaker: Mention) -> bool:
        """A news outlet the registry does not know ("news agency SABA reported"): it reports what
        others did and accuses no one (the registry's own media are no actors at all)."""
        phrase = {lemma(t) for t in head.subtree} | {lemma(head.head)} if head.dep_ == "appos" else set()
        phrase |= {lemma(t) for t in head.subtree}
        return speaker.rule == "provisional" and bool(
            phrase & self.patterns.lexicon.get("media", frozenset())
        )

    def reread(self, m: Match, p: Pattern, index: MentionIndex, stage: str) -> tuple[Pattern, Rewrite | None]:
        """*p* as the pattern files' readings judged at *stage* recode it (see :mod:`.readings`),
        and the last rewrite applied (None if none)."""
        applied = None
        for rewrite in self.patterns.rewrites_at(stage):
            if p.type != rewrite.when:
                continue
            condition = READINGS.get(rewrite.reading).func
            if condition(Clause(m, p, index, self.parties, self.patterns.lexicon, self.registry)):
                p, applied = rewrite.apply(p), rewrite
        return p, applied

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


def condemned_acts(matches: list[Match], produced: dict[int, list[Event]]) -> None:
    """An act named as what an accusation is about ("Sweden condemned Russia's troop deployment to
    Belarus") is an act the accuser reports: it stays an event, marked reported, with the accuser
    as its speaker."""
    accusers = {
        m.token.i: produced[m.token.i][0].source
        for m in matches
        if m.pattern.type == "ACCUSE" and produced.get(m.token.i)
    }
    if not accusers:
        return
    for m in matches:
        if m.pattern.kind != "noun" or not produced.get(m.token.i):
            continue
        node = m.token
        for _ in range(4):  # up through the object, a preposition and a conjunction at most
            if node.dep_ not in ("dobj", "pobj", "prep", "conj") or node.head.i == node.i:
                break
            node = node.head
            if node.i in accusers:
                for e in produced[m.token.i]:
                    if e.modality == "asserted" and e.source != accusers[node.i]:
                        e.modality, e.speaker = "reported", accusers[node.i]
                break


def shared_targets(matches: list[Match], produced: dict[int, list[Event]]) -> None:
    """A coordinated act with no target of its own, done by the same doers as the act it is
    coordinated with, is aimed at that act's target when the two have the same sign ("X imposed
    sanctions on Y and threatened military action": at Y)."""
    for m in matches:
        mine = produced.get(m.token.i)
        if not mine or m.token.dep_ != "conj" or any(e.target for e in mine):
            continue
        first = produced.get(m.token.head.i) or []
        targets = {
            (e.source, e.target, e.target_text) for e in first if e.target and e.polarity == mine[0].polarity
        }
        for e in mine:
            found = [(t, text) for s, t, text in targets if s == e.source]
            if found:
                e.target, e.target_text = found[0]
                e.pattern = f"{e.pattern}{suffix('shared')}"
                e.id = ""
                e.__post_init__()


def depth(tok: Token) -> int:
    """How many dependency arcs separate a token from its sentence's root."""
    n = 0
    while tok.head.i != tok.i and n < 50:
        tok, n = tok.head, n + 1
    return n


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
