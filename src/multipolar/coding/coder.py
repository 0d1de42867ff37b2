"""The rule-based coder: dependency parse + event patterns + actor mentions -> PLOVER events.

For each sentence that mentions an actor, every token whose lemma is a pattern trigger is tried
against its patterns (most specific first). The matching pattern names the dependency roles that
hold the source and target actors; coordination expands both, symmetric types (talks, agreements,
cooperation) yield both directions, and a promise or refusal "absorbs" the act it governs
("agreed to send troops" is one AGREE event, not an AGREE and an AID). Every event records the
pattern id and the trigger words, so each code can be traced to a rule. Rules: docs/coding.md.

Cost: one pass over the tokens of each sentence with actors; each token is one dict lookup, and
role lookups only look at a trigger's children and a few ancestors.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from multipolar.coding.dates import default_resolver
from multipolar.coding.modality import ModalityCues, detect
from multipolar.coding.ontology import Ontology, load_ontology
from multipolar.coding.patterns import Pattern, PatternSet, default_dir, load_patterns
from multipolar.document import Document, Event, Mention

VERB_POS = ("VERB",)
NOUN_POS = ("NOUN", "PROPN")
NP_MODIFIERS = ("poss", "compound", "amod", "nmod")
RELATIVE_PRONOUNS = ("which", "who", "that", "whom")
ARTICLES = ("the", "a", "an")
CONDITIONS = ("if", "unless")
PLACE_PREPS = ("in", "inside", "throughout", "across")
ADJUNCT_PREPS = ("after", "during", "following", "before", "at", "in")  # "X agreed after talks with Y"


class MentionIndex(dict):
    """Token index -> the actor mention covering it, plus what anaphora needs: the document's
    mentions in order (antecedents of possessive pronouns) and the parties of the agreements
    coded so far ("condemned the deal" -> the deal's parties)."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = sorted((m for m in mentions if m.actor), key=lambda m: m.token_start)
        super().__init__((i, m) for m in self.mentions for i in range(m.token_start, m.token_end))
        # each agreement event in order: the word that named it and its parties
        self.agreements: list[tuple[str, list[Mention]]] = []


@dataclass
class Match:
    token: Token
    pattern: Pattern
    absorbed: bool = False
    inner: Match | None = None  # the act an absorbing trigger swallowed
    linear: bool = False  # the tagger missed the verb: arguments are read by word order


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
        self.light_verbs = lex.get("light_verbs", frozenset())
        self.receiving_verbs = lex.get("receiving_verbs", frozenset())
        self.object_control = lex.get("object_control", frozenset())
        self.travel_verbs = lex.get("travel_verbs", frozenset())
        self.located = lex.get("located", frozenset())
        self.quantities = lex.get("quantities", frozenset())
        self.places = lex.get("places", frozenset())
        self.affiliated = lex.get("affiliated", frozenset())
        self.deals = lex.get("deal", frozenset())
        self.truces = lex.get("truces", frozenset())
        self.frames = lex.get("frames", frozenset())
        self.nominal = frozenset(p.id for p in self.patterns.patterns if p.kind == "noun")
        self.verb_forms = _verb_forms(lemma for kind, lemma in self.patterns.index if kind == "verb")

    # ------------------------------------------------------------------ entry point
    def __call__(self, doc: Doc, mentions: list[Mention], document: Document) -> list[Event]:
        index = MentionIndex(mentions)
        if not index:
            return []
        events: list[Event] = []
        for sent in doc.sents:
            if any(i in index for i in range(sent.start, sent.end)):
                events.extend(self.code_sentence(sent, index, document))
        return inherit_targets(events, self.nominal)

    def code_sentence(self, sent: Span, index: MentionIndex, document: Document) -> list[Event]:
        matches = [m for tok in sent if (m := self.match(tok, index))]
        if not matches:
            return []
        self._absorb(matches)
        consumed = self._consumed_objects(matches)
        date = self.dates.resolve(sent.text, document.date) or (
            document.date.isoformat() if document.date else None
        )
        events: list[Event] = []
        seen: set[tuple] = set()
        for m in matches:
            if m.absorbed or m.token.i in consumed:
                continue
            for ev in self.events_for(m, matches, index, sent, document, date):
                key = (ev.source, ev.target, ev.type, ev.trigger)
                if key not in seen:
                    seen.add(key)
                    events.append(ev)
        return _accused(events)

    # ------------------------------------------------------------------ matching
    def match(self, tok: Token, index: MentionIndex) -> Match | None:
        if tok.i in index:  # a word inside an actor's name ("Armed Forces") is no trigger
            return None
        if tok.pos_ in VERB_POS:
            kind = "verb"
        elif tok.pos_ in NOUN_POS:
            kind = "noun"
        elif tok.pos_ == "ADJ":
            kind = "adj"
        else:
            return self.mistagged_verb(tok, index)
        for pattern in self.patterns.lookup(kind, tok.lemma_.lower()):
            if self.fits(tok, pattern, index):
                return Match(tok, pattern)
        return self.prefixed_noun(tok) or self.mistagged_verb(tok, index)

    def prefixed_noun(self, tok: Token) -> Match | None:
        """A hyphenated trigger the tokenizer splits ("counter - offensive", tagged anything):
        looked up whole as a noun ("counter-offensive"), the last word standing for it."""
        doc = tok.doc
        if tok.i < 2 or doc[tok.i - 1].text not in ("-", "–") or tok.i - 2 < tok.sent.start:
            return None
        for lemma in {tok.lemma_.lower(), tok.lower_}:
            found = self.patterns.lookup("noun", f"{doc[tok.i - 2].lower_}-{lemma}")
            if found:
                return Match(tok, found[0])
        return None

    def mistagged_verb(self, tok: Token, index: MentionIndex) -> Match | None:
        """The small tagger sometimes reads a present-tense verb between two actors as an
        adverb or noun ("France and Egypt back Haftar"). When a verb form of a trigger sits
        right after an actor and right before another, code it by word order."""
        lemma = self.verb_forms.get(tok.lower_)
        if lemma is None or tok.pos_ == "VERB" or tok.i - 1 not in index:
            return None
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            return None
        if self._next_actor(tok, index) is None:
            return None
        plain = [p for p in self.patterns.lookup("verb", lemma) if p.specificity == 0]
        return Match(tok, plain[0], linear=True) if plain else None

    @staticmethod
    def _next_actor(tok: Token, index: MentionIndex, window: int = 3) -> Token | None:
        for t in tok.doc[tok.i + 1 : min(tok.i + 1 + window, tok.sent.end)]:
            if t.i in index:
                return t
        return None

    def fits(self, tok: Token, p: Pattern, index: MentionIndex) -> bool:
        if (
            p.kind == "noun"
            and tok.dep_ == "pobj"
            and tok.head.lower_ == "in"
            and tok.lemma_
            in (
                "support",
                "favor",
                "favour",
            )
        ):
            return False  # "in support of X" marks a target; it is not itself an event
        if p.type == "AID" and p.kind == "verb" and self.sent_to_place(tok):
            return False  # troops sent to a border or region: a deployment, not aid to a recipient
        if p.modals and not self.content_with_modal(tok, p.modals):
            return False
        if p.particle and not any(
            c.lower_ == p.particle for c in tok.children if c.dep_ in ("prt", "advmod", "prep")
        ):
            return False
        if p.modifiers and not any(
            c.lemma_.lower() in p.modifiers or c.lower_ in p.modifiers
            for c in tok.children
            if c.dep_ in ("amod", "compound", "advmod", "nmod", "npadvmod")
        ):
            return False
        if p.objects or p.objects_actor:
            objs = self.objects_of(tok) if p.kind == "verb" else self.prep_objects([tok], "of")
            objs = objs + [c for o in objs for c in o.conjuncts]
            objs = objs + [c for o in objs for c in o.children if c.dep_ == "compound"]  # "vaccine doses"
            if not any(
                o.lemma_.lower() in p.objects
                or o.lower_ in p.objects
                or (p.objects_actor and self.actors_of(o, index))
                for o in objs
            ):
                return False
        return True

    def framed(self, tok: Token, p: Pattern) -> bool:
        """A nominal act mentioned as what another noun is about ("the outcome of X's offensive",
        "the landscape of X's offensive"): background to the sentence, not asserted by it."""
        gov = tok.head
        return (
            p.kind == "noun"
            and tok.dep_ == "pobj"
            and gov.lower_ == "of"
            and gov.head.pos_ == "NOUN"
            and gov.head.lemma_.lower() in self.frames
        )

    def sent_to_place(self, tok: Token) -> bool:
        """Whether what *tok* sends goes to a place ("deployed troops to the border"), not to a
        recipient actor: AID needs a recipient."""
        dests = self.prep_objects([tok, *self.objects_of(tok)], "to")
        return bool(dests) and all(_lemma(d) in self.places for d in dests)

    @staticmethod
    def content_with_modal(tok: Token, modals: frozenset[str]) -> Token | None:
        """The reported clause of *tok* when it carries one of *modals* ("X said Y must leave")."""
        for c in tok.children:
            if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in modals for a in c.children):
                return c
        return None

    def _absorb(self, matches: list[Match]) -> None:
        """A promise, demand, refusal or threat swallows the act it is about ("agreed to
        withdraw", "rejected a French offer to mediate"): one event, not two."""
        by_token = {m.token.i: m for m in matches}
        for m in matches:
            if not m.pattern.absorbs:
                continue
            for c in self.complements(m.token):
                for t in c.subtree:
                    inner = by_token.get(t.i)
                    if inner and inner is not m and not _in_adjunct(t, c):
                        inner.absorbed = True
                        m.inner = m.inner or inner

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

    def complement_targets(self, tok: Token, sources: list[Mention], index) -> list[Mention]:
        """Target of a promise/demand/refusal/threat without one of its own: who the act it
        governs is aimed at ("refused to let French troops ...", "demanded that X withdraw")."""
        src = {m.actor for m in sources}
        for c in self.complements(tok):
            if c.pos_ not in ("VERB", "AUX"):
                continue
            heads = [*self.subjects_of(c), *self.objects_of(c)]
            heads += [d for d in c.children if d.dep_ == "dative"]
            for prep in ("to", "for", "with", "against", "into", "alongside", "on", "from"):
                heads += self.prep_objects([c, *self.objects_of(c)], prep)
            found = [m for h in heads for m in self.actors_of(h, index) if m.actor not in src]
            if not found:  # "threatened to resume attacks in X": where the act would happen
                places = [
                    o for prep in PLACE_PREPS for o in self.prep_objects([c, *self.objects_of(c)], prep)
                ]
                found = [m for h in places for m in self.actors_of(h, index) if m.actor not in src]
            if found:
                return _unique(found)
        return []

    def condition_targets(self, tok: Token, sources: list[Mention], index) -> list[Mention]:
        """Who a threat's condition names ("threatened to strike unless X withdraws": X): the
        subject of an "if"/"unless" clause under the threat."""
        src = {m.actor for m in sources}
        for t in tok.subtree:
            if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in t.children):
                found = [
                    m for h in self.subjects_of(t) for m in self.actors_of(h, index) if m.actor not in src
                ]
                if found:
                    return _unique(found)
        return []

    def _consumed_objects(self, matches: list[Match]) -> set[int]:
        """Nouns that a constrained verb pattern used as its object ("signed an agreement")."""
        out: set[int] = set()
        for m in matches:
            if m.pattern.kind == "verb" and m.pattern.objects:
                out.update(o.i for o in self.objects_of(m.token) if o.lemma_.lower() in m.pattern.objects)
        return out

    # ------------------------------------------------------------------ events
    def events_for(
        self, m: Match, matches: list[Match], index: MentionIndex, sent: Span, document: Document, date
    ) -> list[Event]:
        p, tok = m.pattern, m.token
        if m.linear:
            left = tok.doc[tok.i - 1]
            while left.dep_ == "conj" and left.head.i < left.i:
                left = left.head
            right = self._next_actor(tok, index)
            sources = self.actors_of(left, index) or [index[tok.i - 1]]
            targets = self.actors_of(right, index) if right is not None else []
            domestic = False
        else:
            sources = self.role_actors(tok, p, p.source, index)
            targets, role = self.first_role(tok, p, p.target, index, target=True)
            domestic = role == "place"
            if not targets and OWN_COUNTRY in p.target:  # a domestic protest: aimed at home
                targets = self.own_countries(sources)
                domestic = True
        mode, context = p.mode, p.context
        if p.absorbs and not targets:
            targets = self.complement_targets(tok, sources, index)
        if p.type == "THREATEN" and not targets:
            targets = self.condition_targets(tok, sources, index)
        if m.inner is not None and p.type in ("AGREE", "REJECT", "REQUEST", "THREATEN"):
            context = m.inner.pattern.context or context  # "agreed to withdraw troops": military
        if p.reverse:
            sources, targets = targets, sources
        if not sources and p.coordinated and len({t.actor for t in targets}) > 1:
            sources, targets = targets, []  # "talks were held between X and Y"
        if not sources or (not targets and self.framed(tok, p)):
            return []
        if p.joint and not targets and len({s.actor for s in sources}) < 2:
            return []  # "X held exercises": joint only with a partner
        if self.is_agreement(p) and len({m.actor for m in sources + targets}) > 1:
            index.agreements.append((self.deal_word(tok, p), _unique(sources + targets)))
        mod = detect(tok, self.cues)
        speaker = None
        if mod.speaker is not None:
            spk = self.actors_of(mod.speaker, index)
            speaker = spk[0].actor if spk else None
        pairs = self.pairs(sources, targets, p, mutual=_reciprocal(tok), domestic=domestic)
        trigger = tok.text if not p.particle else f"{tok.text} {p.particle}"
        etype = self.ontology[p.type]
        text, start, end = _evidence(sent)
        return [
            Event(
                doc=document.id,
                sentence=text,
                start=start,
                end=end,
                source=s.actor,
                target=t.actor if t else None,
                type=p.type,
                quad=etype.quad,
                polarity=etype.polarity,
                mode=mode,
                context=context,
                modality=mod.modality,
                speaker=speaker,
                date=date,
                pattern=p.id,
                trigger=trigger,
                source_text=s.text,
                target_text=t.text if t else "",
            )
            for s, t in pairs
        ]

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
            out = [(s, t) for s in sources for t in targets] + [(t, s) for s in sources for t in targets]
        else:
            out = [(s, t) for s in sources for t in targets] if targets else [(s, None) for s in sources]
        # a domestic act ("X lifted the curfew in X's capital") may target the doer's own country
        kept = [(s, t) for s, t in out if t is None or domestic or s.actor != t.actor]
        if out and not kept:  # the only target was the source itself: keep the act, untargeted
            kept = [(s, None) for s in _unique(s for s, _ in out)]
        return kept

    # ------------------------------------------------------------------ roles
    def role_actors(
        self, tok: Token, p: Pattern, roles: tuple[str, ...], index: MentionIndex, target: bool = False
    ) -> list[Mention]:
        """Actors in the first role that has any (roles are tried in the pattern's order)."""
        return self.first_role(tok, p, roles, index, target)[0]

    def first_role(
        self, tok: Token, p: Pattern, roles: tuple[str, ...], index: MentionIndex, target: bool = False
    ) -> tuple[list[Mention], str | None]:
        """The actors of the first role that has any, and that role."""
        for role in roles:
            heads = self.role_heads(tok, p, role)
            found = self.nested(_unique(a for h in heads for a in self.actors_of(h, index)), tok.doc)
            if not found and target:
                found = self.deal_parties(heads, index)
            if found:
                return found, role
        return [], None

    def own_countries(self, sources: list[Mention]) -> list[Mention]:
        """The country of each source (its registry ``country``), standing in the source's span:
        the target of a domestic act, as the PLOVER gold standard codes protests at home."""
        out = []
        for m in sources:
            actor = self.registry.get(m.actor) if hasattr(self.registry, "get") else None
            country = getattr(actor, "country", None)
            if country:
                out.append(replace(m, actor=country))
        return _unique(out)

    def deal_parties(self, heads: list[Token], index: MentionIndex) -> list[Mention]:
        """ "condemned the deal": a definite agreement that names no actor stands for the
        parties of the latest agreement coded earlier in the document (event anaphora). A truce
        ("accepted the truce") refers back only to a truce, never to another kind of deal."""
        for h in heads:
            definite = any(c.dep_ in ("det", "poss") for c in h.children)
            if _lemma(h) in self.deals and definite:
                truce = _lemma(h) in self.truces
                for word, parties in reversed(index.agreements):
                    if not truce or word in self.truces:
                        return list(parties)
        return []

    def deal_word(self, tok: Token, p: Pattern) -> str:
        """The word that names an agreement event: the trigger noun, or the verb's deal object."""
        if p.kind == "noun":
            return _lemma(tok)
        return next((_lemma(o) for o in self.objects_of(tok) if _lemma(o) in self.deals), "")

    def is_agreement(self, p: Pattern) -> bool:
        """Patterns whose events create an agreement that later text may refer back to."""
        return p.type in ("SUPPORT", "AGREE", "RETREAT") and bool(
            p.objects & self.deals or (p.kind == "noun" and p.lemma in self.deals)
        )

    def role_heads(self, tok: Token, p: Pattern, role: str) -> list[Token]:
        if " " in role:  # fixed multiword prepositions are found more reliably by word order
            return self.phrase_after(tok, role) or self._role_heads(tok, p, role)
        return self._role_heads(tok, p, role)

    @staticmethod
    def phrase_after(tok: Token, phrase: str, window: int = 12) -> list[Token]:
        """Fallback for multiword prepositions the parser breaks up ("in support of X"): the
        first content word after the phrase, when the phrase closely follows the trigger."""
        words = [w for w in phrase.lower().split() if w not in ARTICLES]
        sent = tok.sent
        toks = [t for t in sent if t.i > tok.i and t.lower_ not in ARTICLES][: window + len(words)]
        for k in range(len(toks) - len(words)):
            if all(toks[k + j].lower_ == w or toks[k + j].lemma_.lower() == w for j, w in enumerate(words)):
                rest = toks[k + len(words) :]
                nxt = next((t for t in rest if t.pos_ in ("PROPN", "NOUN", "ADJ", "PRON")), None)
                return [nxt] if nxt is not None else []
        return []

    def _role_heads(self, tok: Token, p: Pattern, role: str) -> list[Token]:
        if role == "subject":
            return self.subjects_of(tok)
        if role == "content":  # "X said Y must withdraw": Y is asked to
            c = self.content_with_modal(tok, p.modals)
            return self.subjects_of(c) if c is not None else []
        if role == "object":
            return self.objects_of(tok) if p.kind == "verb" else self.prep_objects([tok], "of")
        if role == "dative":
            d = [c for c in tok.children if c.dep_ == "dative"]
            return [x for c in d for x in ([c] if c.pos_ != "ADP" else _pobjs(c))]
        if role == "poss":
            owners = [c for c in tok.children if c.dep_ == "poss"]
            first = tok
            while first.dep_ == "conj" and first.head.i < first.i:
                first = first.head
            if owners and first.i != tok.i and first.pos_ == "PROPN":
                owners.insert(0, first)  # "X, Y and Z's backing": the parser hangs the noun off X
            return owners
        if role == "holder":  # the one an agent noun describes: "X is a staunch backer of Y"
            if tok.dep_ in ("attr", "oprd"):
                return self.subjects_of(tok.head)
            if tok.dep_ == "appos":  # "X, a backer of Y"
                return [tok.head]
            if tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.head.pos_ in ("VERB", "AUX"):
                return self.subjects_of(tok.head.head)  # "X emerged as a backer of Y"
            return [c for c in tok.children if c.dep_ == "appos"]  # "Y's backers, X and Z, ..."
        if role == "mod":
            return [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "npadvmod")]
        if role == "by":
            return self.prep_objects(self.prep_anchors(tok, p), "by")
        if role == "host":
            if tok.dep_ == "compound":  # "a military aid package": the package's host
                tok = tok.head
            gov = tok.head
            if tok.dep_ == "pobj" and gov.lower_ == "of" and gov.head.lemma_.lower() in self.quantities:
                tok, gov = gov.head, gov.head.head  # "held a round of talks": the round's host
            if tok.dep_ == "pobj" and gov.lower_ in ADJUNCT_PREPS and gov.head.pos_ == "VERB":
                return self.subjects_of(gov.head)  # "after talks with Y, X agreed to ...": X talked
            if tok.dep_ == "pobj" and gov.lower_ == "for" and gov.head.lemma_.lower() in self.travel_verbs:
                return self.subjects_of(gov.head)  # "flew to X for talks"
            if tok.dep_ in ("dobj", "nsubjpass", "attr") and gov.lemma_.lower() in self.light_verbs:
                return self.subjects_of(gov)
            if tok.dep_ == "conj" and tok.head.dep_ in ("dobj", "nsubjpass"):
                gov = tok.head.head
                if gov.lemma_.lower() in self.light_verbs:
                    return self.subjects_of(gov)
            return []
        if role == "destination":
            gov = tok.head
            if tok.dep_ == "pobj" and gov.lower_ == "for" and gov.head.lemma_.lower() in self.travel_verbs:
                return self.prep_objects([gov.head], "to") + self.objects_of(gov.head)
            return []
        if role == "led":  # "the GNA-led offensive": word order, since the parser splits "X-led"
            window = tok.doc[max(tok.sent.start, tok.i - 6) : tok.i]
            return [
                t.doc[t.i - 2]
                for t in window
                if t.lower_ == "led" and t.i - 2 >= tok.sent.start and t.doc[t.i - 1].text in ("-", "–")
            ]
        if role == "owner":  # whose recognition is withdrawn: "X's recognition", "recognition of X"
            objs = self.objects_of(tok) if p.kind == "verb" else [tok]
            named = self.prep_objects(objs, "of")
            return named or [
                c for o in objs for c in o.children if c.dep_ in NP_MODIFIERS and c.pos_ != "PRON"
            ]
        if role == "place":  # where a domestic act happens: "lifted the curfew in X"
            anchors = self.prep_anchors(tok, p)
            return [o for prep in PLACE_PREPS for o in self.prep_objects(anchors, prep)]
        if role == "receiver":
            if tok.dep_ == "dobj" and tok.head.lemma_.lower() in self.receiving_verbs:
                return self.subjects_of(tok.head)
            return []
        return self.prep_objects(self.prep_anchors(tok, p), role)

    def prep_anchors(self, tok: Token, p: Pattern) -> list[Token]:
        """Where a prepositional argument may attach: the trigger, a verb's object, or the
        light verb governing a noun trigger (the parser attaches "on X" to either)."""
        if p.kind == "verb":  # "signed two memorandums of understanding with X": any of these
            objs = self.objects_of(tok)
            return [tok, *objs, *self.prep_objects(objs, "of")]
        anchors = [tok]
        if p.objects:  # "a suspension of flights to X": the object carries the preposition
            anchors += self.prep_objects([tok], "of")
        if tok.dep_ == "compound":
            anchors.append(tok.head)
            tok = tok.head
        if (
            tok.dep_ in ("dobj", "nsubjpass")
            and tok.head.lemma_.lower() in self.light_verbs | self.receiving_verbs
        ):
            anchors.append(tok.head)
        return anchors

    @staticmethod
    def prep_objects(heads: list[Token], phrase: str) -> list[Token]:
        """Objects of a (possibly multiword) preposition: "on", "in support of", "on behalf of"."""
        words = [w for w in phrase.lower().split() if w not in ARTICLES]
        cur = heads
        for i, w in enumerate(words):
            if i % 2 == 0:
                preps = [
                    c
                    for h in cur
                    for c in h.children
                    if c.dep_ in ("prep", "agent", "dative") and c.lower_ == w
                ]
                cur = [o for pr in preps for o in _pobjs(pr)]
            else:
                cur = [c for c in cur if c.lemma_.lower() == w or c.lower_ == w]
        return cur

    def subjects_of(self, verb: Token, depth: int = 0) -> list[Token]:
        """The acting subject of a verb: its nsubj, the "by" agent of a passive, or inherited
        through xcomp (subject or object control), conj, advcl and relative clauses."""
        agents = [o for c in verb.children if c.dep_ == "agent" for o in _pobjs(c)]
        if agents:
            return agents
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return []
        subs = [c for c in verb.children if c.dep_ in ("nsubj", "csubj", "expl")]
        if subs and _small_clause(verb):  # "X wants to see recognition withdrawn": X acts
            return self.subjects_of(verb.head, depth + 1) if depth <= 6 else []
        if subs:
            s = subs[0]
            if s.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return [verb.head]
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
            if head.lemma_.lower() in self.object_control:
                objs = [c for c in head.children if c.dep_ == "dobj"]
                if objs:
                    return objs
            return self.subjects_of(head, depth + 1)
        if verb.dep_ in ("conj", "advcl") and head.pos_ in ("VERB", "AUX"):
            return self.subjects_of(head, depth + 1)
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            # "accused X of backing Y", "stopped X from attacking": the object acts.
            objs = [c for c in head.head.children if c.dep_ == "dobj"]
            return objs or self.subjects_of(head.head, depth + 1)
        if verb.dep_ in ("relcl", "acl") and verb.tag_ != "VBN":
            if head.dep_ == "attr":  # "X was the first country to recognise Y"
                return self.subjects_of(head.head, depth + 1) or [head]
            return [head]
        return []

    def objects_of(self, verb: Token) -> list[Token]:
        """The patient: direct object, or the subject of a passive, or the noun a participle modifies."""
        passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if passive:
            return passive
        if _small_clause(verb):  # "see recognition withdrawn": the participle's subject undergoes it
            return [c for c in verb.children if c.dep_ == "nsubj"]
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return [verb.head]  # "drones supplied by X": the drones
        objs = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        if not objs:  # "fired on X", "sided with X" are handled as prepositions; "met X" is dobj
            objs = [c for c in verb.children if c.dep_ == "attr"]
        # "suspended part of its aid": look through quantity words to what they measure
        return objs + [
            o for q in objs if q.lemma_.lower() in self.quantities for o in self.prep_objects([q], "of")
        ]

    def actors_of(self, tok: Token, index: MentionIndex, depth: int = 0) -> list[Mention]:
        """Actors a noun phrase stands for: its own mention, else actor modifiers ("Turkish
        drones", "Russia's forces", "forces of X"), plus every conjunct ("France and Egypt")."""
        if depth > 4:
            return []
        out: list[Mention] = []
        m = index.get(tok.i)
        if m is None and tok.pos_ == "PRON" and _anaphoric(tok):
            return antecedents(tok, index, self)
        if m is not None:
            out.append(m)
            for c in tok.children:  # "the Cyprus-Egypt-Israel bloc", "an Ankara-Moscow rapprochement"
                if c.dep_ in ("compound", "appos", "nmod") and _hyphenated(c, tok):
                    out.extend(self.actors_of(c, index, depth + 1))
        else:
            for c in tok.children:
                if (c.dep_ in NP_MODIFIERS and c.i < tok.i) or c.dep_ == "appos":
                    out.extend(self.actors_of(c, index, depth + 1))
            if not out:  # "forces of X", "envoys from X", "the government in X"
                # an act's doer ("the downing of X by Y") before what it acted on
                lemma = tok.lemma_.lower()
                preps = ("by", "of", "from")
                if lemma in self.located:
                    preps = ("by", "of", "from", "in", "throughout", "across")
                elif lemma in self.places:  # "the area around Kyiv", "targets near Damascus"
                    preps = ("of", "near", "around", "in", "outside", "along", "on", "inside", "with")
                for prep in preps:
                    for o in self.prep_objects([tok], prep):
                        out.extend(self.actors_of(o, index, depth + 1))
            if not out:  # "the proposal put forward by X", "forces aligned with X", "units loyal to X"
                for c in tok.children:
                    if c.dep_ in ("acl", "amod"):
                        preps = (
                            ("by", "under", "with", "to", "behind")
                            if _lemma(c) in self.affiliated
                            else ("by",)
                        )
                        for prep in preps:
                            for o in self.prep_objects([c], prep):
                                out.extend(self.actors_of(o, index, depth + 1))
        for c in tok.children:
            if c.dep_ == "conj" or (c.dep_ == "appos" and _named_apposition(m, c, index)):
                out.extend(self.actors_of(c, index, depth + 1))
        return _unique(out)

    def nested(self, found: list[Mention], doc: Doc) -> list[Mention]:
        """Drop actors that only qualify another actor in the same role ("Libya's GNA", "the
        Libyan GNA offensive": LBY-GNA, not also LBY): a modifier whose actor is the state or
        parent of another actor found."""
        if len(found) < 2 or self.registry is None:
            return found
        owners: set[str] = set()
        for m in found:
            actor = self.registry.get(m.actor) if hasattr(self.registry, "get") else None
            if actor is not None:
                owners.update(x for x in (actor.country, actor.parent) if x and x != m.actor)
        return [
            m
            for m in found
            if not (m.actor in owners and doc[m.token_start : m.token_end].root.dep_ in NP_MODIFIERS)
        ] or found


OWN_COUNTRY = "own_country"  # target role: the source's own country, when no other role has an actor

PRONOUN_KINDS = {
    "his": "person", "her": "person", "its": "body", "their": "group",
    "he": "person", "she": "person", "it": "body", "they": "group",
}  # fmt: skip


def inherit_targets(events: list[Event], nominal: Collection[str] | None = None) -> list[Event]:
    """Give a targetless event the target of the latest earlier event with its source and type.

    Articles name an act once in full ("X deployed mercenaries in support of Y's offensive") and
    then refer back to it by a noun ("X's deployment", "thanks to X's support"): the later mention
    is the same relation, so it takes the same target. A verb in a later sentence is a new act
    ("X shot it down"), so across sentences only events of the *nominal* pattern ids inherit
    (every event when *nominal* is None); within a sentence coordinated verbs share their target
    ("would prohibit aid to X and would deny entry"). The pattern records the inheritance
    (``+antecedent``), so the code stays explainable.
    """
    latest: dict[tuple[str, str], tuple[str, int]] = {}
    resolved: list[Event] = []
    for event in events:
        key = (event.source, event.type)
        if event.target is None and key in latest:
            target, sentence = latest[key]
            if nominal is None or event.pattern in nominal or sentence == event.start:
                event = replace(event, target=target, pattern=f"{event.pattern}+antecedent", id="")
        elif event.target is not None:
            latest[key] = (event.target, event.start)
        resolved.append(event)
    return resolved


def _anaphoric(pron: Token) -> bool:
    """Possessive pronouns, and subject pronouns of a full verb ("X said it would ..."; not the
    expletive "it is likely that")."""
    if pron.dep_ == "poss":
        return True
    return pron.dep_ in ("nsubj", "nsubjpass") and pron.head.lemma_ != "be" and pron.lower_ in PRONOUN_KINDS


def antecedents(pron: Token, index: MentionIndex, coder: Coder) -> list[Mention]:
    """The actors a pronoun stands for ("his talks with X", "their support", "X said it ..."): the
    nearest earlier mention in this or the previous sentence that fits: a person for his/her, a
    state or organisation for its, a coordination of actors (else a plural name) for their.
    The resolver does not return pronoun mentions, so the coder resolves these few itself."""
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
            group = coordination(pron.doc[m.token_start : m.token_end].root, index, coder)
            if len({g.actor for g in group}) > 1:
                return group
            root = pron.doc[m.token_start : m.token_end].root
            if plural is None and root.tag_ in ("NNS", "NNPS"):
                plural = [m]
    return plural or []


def coordination(tok: Token, index: MentionIndex, coder: Coder) -> list[Mention]:
    """All actors coordinated with the one at *tok* ("France, the UAE and Egypt")."""
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "poss" and tok.head.dep_ == "conj":  # "X and Y's backing"
        tok = tok.head.head
    return coder.actors_of(tok, index)


def _in_adjunct(tok: Token, top: Token) -> bool:
    """Whether *tok* sits in a time adjunct below *top* ("agreed to X after talks with Y"):
    such an act is a separate event, not the content of a promise or demand."""
    while tok.i != top.i and tok.head.i != tok.i:
        if tok.dep_ == "prep" and tok.lower_ in ADJUNCT_PREPS[:4]:
            return True
        tok = tok.head
    return False


def _small_clause(verb: Token) -> bool:
    """A bare participle with a subject complementing another verb ("see X withdrawn", "wants X
    expelled"): the subject is its patient and the governor's subject its doer."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("ccomp", "xcomp", "oprd")
        and not any(c.dep_ in ("aux", "auxpass", "agent") for c in verb.children)
    )


def _named_apposition(m: Mention | None, appos: Token, index: MentionIndex) -> bool:
    """Whether an apposition to an actor adds actors: only a name of its own ("the Government of
    National Accord (GNA)"); a description of a person or body ("X, head of Libya's GNA", "Y, a
    Russian company") is the same participant, not a new one."""
    return m is not None and m.person is None and appos.i in index and index[appos.i].person is None


def _reciprocal(tok: Token) -> bool:
    """ "accused each other", "fought one another": the coordinated subjects act on each other."""
    for t in tok.subtree:
        if t.lower_ in ("other", "another") and t.i > 0 and t.doc[t.i - 1].lower_ in ("each", "one"):
            return True
    return False


def _hyphenated(a: Token, b: Token) -> bool:
    """Two names joined by a hyphen ("Ankara-Moscow"), directly or through another name."""
    lo, hi = sorted((a.i, b.i))
    between = a.doc[lo + 1 : hi]
    return any(t.text in ("-", "–") for t in between) and all(
        t.text in ("-", "–") or t.pos_ == "PROPN" for t in between
    )


def _evidence(sent: Span) -> tuple[str, int, int]:
    """The sentence's text and offsets without the whitespace spaCy keeps at its edges
    (a paragraph break after the last word), so ``text[start:end] == sentence`` still holds."""
    raw = sent.text
    text = raw.strip()
    start = sent.start_char + (len(raw) - len(raw.lstrip()))
    return text, start, start + len(text)


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower().rstrip(".")


def _accused(events: list[Event]) -> list[Event]:
    """An accusation with no target of its own is aimed at whoever its content says acted
    ("X was delivered by Y, Z alleged": Z accuses Y)."""
    for ev in events:
        if ev.type == "ACCUSE" and ev.target is None:
            for other in events:
                if other is not ev and other.speaker == ev.source and other.source != ev.source:
                    ev.target, ev.target_text = other.source, other.source_text
                    break
    return events


def _verb_forms(lemmas) -> dict[str, str]:
    """Regular inflections of each trigger verb (enough to recognise a mistagged verb)."""
    forms: dict[str, str] = {}
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        for form in (lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing"):
            forms.setdefault(form, lemma)
        if lemma.endswith("y"):
            forms.setdefault(lemma[:-1] + "ies", lemma)
            forms.setdefault(lemma[:-1] + "ied", lemma)
    return forms


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def _unique(mentions) -> list[Mention]:
    seen: set[tuple[int, str | None]] = set()
    out = []
    for m in mentions:
        key = (m.token_start, m.actor)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


__all__ = ["Coder", "default_dir"]
