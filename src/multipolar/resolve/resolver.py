"""Finding actor mentions in a parsed document and resolving each to a registry actor.

The resolver runs two phrase matchers built once from the registry (names, case-sensitive; title
words, case-insensitive) and then reads the matches left to right, combining neighbours into the
constructions reporting uses: "Turkish Foreign Minister Mevlut Cavusoglu", "Russia's foreign
minister", "the president of Egypt", "the septuagenarian general". Every mention records the rule
that resolved it (see ``explain.RULES``) so that each decision can be explained and audited.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from multipolar.document import Mention
from multipolar.read.dating import datelines
from multipolar.resolve.dating import SentenceDates
from multipolar.resolve.descriptions import KIND as DESCRIBED
from multipolar.resolve.descriptions import Descriptions, named_scopes
from multipolar.resolve.entries import DATA, Actor, read_tsv
from multipolar.resolve.names import PhraseTable, article_forms, has_article, names_digest, variants
from multipolar.resolve.places import gazetteer
from multipolar.resolve.provisional import STATE_ORGANS, GroupFinder, Known, provisional_id
from multipolar.resolve.registry import Registry
from multipolar.resolve.sectors import compose as compose_sectors
from multipolar.resolve.sectors import placed as placed_sectors
from multipolar.resolve.spans import (
    POSSESSIVE,
    Found,
    Item,
    Name,
    adjacent,
    is_place,
    name_run,
    not_current,
    of_between,
    part_of_longer_name,
    sentence_index,
    used_as_modifier,
    valid,
)
from multipolar.theatre.definitions import load_theatres

# A bare title may refer back to a person whose office has any of these roles.
COMPATIBLE = {
    "leader": {"leader", "head", "commander", "head_of_state", "head_of_government"},
    "head": {"head", "leader", "head_of_state", "head_of_government"},
    "commander": {"commander"},
    "head_of_state": {"head_of_state"},
    "head_of_government": {"head_of_government"},
}
# Which offices a title names when looking up who held it ("the Turkish leader" -> Erdogan).
HOLDERS = {
    "leader": ("leader", "head_of_state", "head_of_government", "head"),
    "head": ("head", "leader"),
}
DETERMINERS = {"the", "The"}
MODIFIER_POS = {"ADJ", "ADV"}  # "the ageing general"; not "the opposition leader"


@dataclass
class Resolution:
    """A document's mentions, and the provisional actors (id -> Actor) some of them name."""

    mentions: list[Mention]
    provisional: dict[str, Actor]


@dataclass
class Resolver:
    """Resolve actor mentions in a spaCy ``Doc``: ``Resolver(registry, nlp)(doc, on=date)``.

    With ``provisional`` (the default) names of groups the registry lacks become provisional actors
    (rule ``provisional``, ids ``X-...``); :meth:`resolve` returns them with the mentions."""

    registry: Registry
    nlp: Language
    provisional: bool = True
    names: dict[str, tuple[Name, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        from multipolar.resolve.cache import cached, fingerprint, source_of

        meta = self.nlp.meta
        key = fingerprint(
            [DATA / "not_actors.tsv"],
            names_digest(self.registry),
            source_of("resolver.py", "spans.py", "names.py"),
            f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}",
            spacy.__version__,
        )
        self.names, self.blocked, self.phrases = cached("names", key, self._name_table)
        self.senses = self._compile_senses()
        # every spelling of a seat with a term (seats.tsv) -> the seat as the registry writes it
        self.seat_names = {(v, a): seat for seat, a in self.registry.seat_terms for v in variants(seat)}
        self.groups = GroupFinder(self.registry)
        self.theatres = load_theatres()
        self.places = gazetteer(self.registry)
        self.descriptions = Descriptions.load(self.registry, self.nlp.tokenizer, self.theatres, strict=False)
        self.title_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        titles = sorted(self.registry.titles)
        for title, pattern in zip(titles, self.nlp.tokenizer.pipe(titles), strict=True):
            self.title_matcher.add(title, [pattern])

    def _name_table(self) -> tuple[dict[str, tuple[Name, ...]], set[str], PhraseTable]:
        """Every spelling of every registered name with what it stands for, the blocked phrases, and
        each of them as the tokens the parser splits it into."""
        table: dict[str, dict[Name, None]] = defaultdict(dict)
        for actor in self.registry:
            if actor.sector:  # found by a state and a noun (resolve/sectors.py), not by a name
                continue
            forms = [("alias", actor.name), *(("alias", a) for a in actor.aliases)]
            if actor.type == "person":
                arabic = has_article((actor.name, *actor.aliases, *actor.surnames))
                forms = [("person", v) for _, f in forms for v in article_forms(f)]
                forms += [("surname", v) for s in actor.surnames for v in article_forms(s, arabic=arabic)]
            forms += [("capital", c) for c in actor.capitals]
            forms += [("seat", s) for s in actor.seats]
            forms += [("demonym", d) for d in actor.demonyms]
            for kind, form in forms:
                for v in variants(form):
                    table[v][Name(actor.id, kind)] = None
        for sense in self.registry.senses:
            table.setdefault(sense.alias, {})
        names = {k: tuple(v) for k, v in table.items()}
        blocked_rows = [r["phrase"] for _, r in read_tsv(DATA / "not_actors.tsv", ("phrase",))]
        blocked = {v for b in blocked_rows for v in variants(b)}
        keys = sorted(set(names) | blocked)
        phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for key, doc in zip(keys, self.nlp.tokenizer.pipe(keys), strict=True):
            words = tuple(t.text for t in doc)
            phrases[words] = (*phrases.get(words, ()), key)
        return names, blocked, PhraseTable(phrases)

    def _compile_senses(self) -> dict[str, list[tuple[str | None, re.Pattern[str]]]]:
        senses: dict[str, list[tuple[str | None, re.Pattern[str]]]] = defaultdict(list)
        for sense in self.registry.senses:
            cues = "|".join(re.escape(c) for c in sorted(sense.cues, key=len, reverse=True))
            pattern = re.compile(rf"\b(?:{cues})\b" if cues else "$^")
            senses[sense.alias].append((sense.actor, pattern))
        return dict(senses)

    # --- matching -------------------------------------------------------------------------------

    def items(self, doc: Doc) -> list[Item]:
        """Name and title matches, the longest winning where they overlap; blocked phrases removed."""
        return [it for it in self._matches(doc) if it.key not in self.blocked]

    def _matches(self, doc: Doc, dates: SentenceDates | None = None) -> list[Item]:
        """Name and title matches, the longest winning where they overlap, blocked phrases included;
        with *dates*, descriptions that hold where and when they are used too."""
        strings = self.nlp.vocab.strings
        found = []
        for key, start, end in self.phrases(doc):
            found.append(Item(start, end, names=self.names.get(key, ()), key=key))
        for match_id, start, end in self.title_matcher(doc):
            key = strings[match_id]
            found.append(Item(start, end, roles=self.registry.titles[key], key=key))
        if dates is not None:
            found += self._described(doc, found, dates)
        found = [it for it in found if not used_as_modifier(doc, it, found)]
        found.sort(key=lambda it: (-(it.end - it.start), it.start, it.is_title))
        taken: set[int] = set()
        kept = []
        for item in found:
            if taken.isdisjoint(range(item.start, item.end)):
                taken.update(range(item.start, item.end))
                kept.append(item)
        kept.sort(key=lambda it: it.start)
        return kept

    def _described(self, doc: Doc, found: list[Item], dates: SentenceDates) -> list[Item]:
        """The descriptions in *doc* ("the east-based army") that hold in the scopes the document
        names and on the dates their sentences tell of (:mod:`multipolar.resolve.descriptions`)."""
        matches = self.descriptions.find(doc)
        if not matches:
            return []
        names = {(doc[it.start].idx, n.actor) for it in found for n in it.names}
        named = named_scopes(doc, names, self.registry, self.theatres)
        name_ends = {it.end for it in found if it.names}
        out = []
        for key, start, end in matches:
            before = start - 1 if start and doc[start - 1].text not in POSSESSIVE else start - 2
            if before >= 0 and before + 1 in name_ends:
                continue  # "Russian government forces", "Assad's regime forces": the name says whose
            actors = self.descriptions.choose(key, dates.at(start), named, doc[start].idx)
            if actors:
                out.append(Item(start, end, names=tuple(Name(a, DESCRIBED) for a in actors), key=key))
        return out

    # --- resolving ------------------------------------------------------------------------------

    def __call__(self, doc: Doc, on: date | None = None) -> list[Mention]:
        return self.resolve(doc, on).mentions

    def resolve(self, doc: Doc, on: date | None = None) -> Resolution:
        """The mentions of *doc* and the provisional actors they name. Names are read on the date
        each sentence tells of (:class:`SentenceDates`); a dateline ("BERLIN (Reuters) -") names
        where a report was filed, no actor."""
        filed = dateline_tokens(doc)
        dates = SentenceDates(doc, on)
        matches = [it for it in self._matches(doc, dates) if not filed.intersection(range(it.start, it.end))]
        items = [it for it in matches if it.key not in self.blocked]
        found = self.find(doc, on, items, dates)
        actors: dict[str, Actor] = {}
        if self.provisional:
            blocked = [(it.start, it.end) for it in matches if it.key in self.blocked]
            blocked += [(i, i + 1) for i in sorted(filed)]
            actors = self._provisional(doc, found, blocked)
        # a state's sectors last: a group named beside the noun ("Congolese M23 rebels") is the group
        compose_sectors(doc, found, self.registry)
        found = sorted(found + placed_sectors(doc, found, self.registry, self.places), key=lambda f: f.start)
        return Resolution([self._mention(doc, f) for f in found], actors)

    def _provisional(self, doc: Doc, found: list[Found], blocked: list[tuple[int, int]]) -> dict[str, Actor]:
        """Add mentions of provisional actors to *found*; a state's name inside a group's name
        ("Sudan" in "Sudan Liberation Army") gives way to the group."""
        known = [Known(f.start, f.end, f.actor, self._is_state(f)) for f in found]
        candidates, actors = self.groups.find(doc, known, blocked)
        if not candidates:
            return {}
        absorbed = {i for c in candidates for i in c.absorbed}
        found[:] = [f for i, f in enumerate(found) if i not in absorbed]
        for c in candidates:
            found.append(Found(c.start, c.end, provisional_id(c.key), "provisional", key=c.key))
        found.sort(key=lambda f: f.start)
        return actors

    def _is_state(self, f: Found) -> bool:
        ids = (f.actor,) if f.actor else f.candidates
        return (
            bool(ids)
            and f.person is None
            and all((a := self.registry.get(i)) is not None and a.type == "state" for i in ids)
        )

    def find(
        self,
        doc: Doc,
        on: date | None = None,
        items: list[Item] | None = None,
        dates: SentenceDates | None = None,
    ) -> list[Found]:
        """The mentions of *items* (default: all matches), each read on the date of its sentence
        (*dates*; default: *on* throughout)."""
        items = self.items(doc) if items is None else items
        found: list[Found] = []
        unknown_surnames: dict[str, Found] = {}
        i = 0
        while i < len(items):
            here = dates.at(items[i].start) if dates is not None else on
            consumed, result = self._construction(doc, items, i, here, found)
            if result is not None:
                found.append(result)
                if result.rule == "office" and result.person is None and result.key:
                    unknown_surnames[result.key] = result
            i += consumed
            while result is not None and i < len(items) and items[i].start < result.end:
                self._named_inside(doc, result, items[i], here, found, unknown_surnames)
                i += 1
        if unknown_surnames:
            found += self._unknown_surnames(doc, found, unknown_surnames)
            found.sort(key=lambda f: f.start)
        self._settle(doc, found)
        return found

    def _construction(
        self, doc: Doc, items: list[Item], i: int, on: date | None, found: list[Found]
    ) -> tuple[int, Found | None]:
        """Read the construction starting at ``items[i]``; return how many items it used and its mention."""
        item = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        after = items[i + 2] if i + 2 < len(items) else None

        if item.groups and not item.people and nxt and nxt.is_title and adjacent(doc, item, nxt):
            # "Turkish Foreign Minister (Mevlut Cavusoglu)", "Russia's foreign minister"
            if not_current(doc, item.start) or not_current(doc, nxt.start):
                return 2, None
            group = self._group(doc, item, on)
            if group.actor is None:
                return 2, group
            person_item = after if after and after.people and after.start == nxt.end else None
            office = self._office(doc, item.start, nxt, group.actor, person_item, on, found)
            return (3 if person_item else 2), office

        if item.is_title:
            # "President Erdogan", "Field Marshal Khalifa Haftar"
            if nxt and nxt.people and nxt.start == item.end:
                person = self._person(doc, nxt, on, found)
                person.start = item.start
                return 2, person
            # "the president of Egypt", "the head of the African Union"
            if nxt and nxt.groups and not nxt.people and of_between(doc, item, nxt):
                if not_current(doc, item.start):
                    return 2, None
                group = self._group(doc, nxt, on)
                if group.actor is None:
                    return 2, group
                office = self._office(doc, item.start, item, group.actor, None, on, found)
                office.end = nxt.end
                return 2, office
            # "the general", "the septuagenarian general", "the Turkish leader" was handled above
            return 1, self._antecedent(doc, item, on, found)

        if item.people and item.groups and not self._named_before(item, found):
            return 1, self._group(
                doc, item, on
            )  # "Montenegro" is the state unless Luís Montenegro came first
        if item.people:
            return 1, self._person(doc, item, on, found)
        return 1, self._group(doc, item, on)

    def _named_inside(
        self,
        doc: Doc,
        office: Found,
        inner: Item,
        on: date | None,
        found: list[Found],
        unknown_surnames: dict[str, Found],
    ) -> None:
        """A registered name inside the name a title introduced is no mention of its own. When it ends
        that name it is the office holder named: a full name ("Ethiopian Prime Minister Dr Abiy Ahmed"),
        or a short form of a person of the office's state ("Israeli Prime Minister Benjamim Netanyahu");
        a short form inside another name is not ("Minister Ahmat Goukouni Bachar")."""
        if office.rule != "office" or office.person or inner.end != office.end or not inner.people:
            return
        named = self._person(doc, inner, on, found)
        full = any(n.kind == "person" for n in inner.people)
        if named.person and (full or named.actor == office.actor):
            office.person, office.actor = named.person, named.actor or office.actor
            unknown_surnames.pop(office.key, None)

    @staticmethod
    def _named_before(item: Item, found: list[Found]) -> bool:
        """A person this name may stand for was mentioned by full name earlier in the text."""
        if any(n.kind == "person" for n in item.people):
            return True
        people = {n.actor for n in item.people}
        return any(f.person in people for f in found)

    def _group(self, doc: Doc, item: Item, on: date | None) -> Found:
        """A name standing for a state, organisation or group (not a person). A name only one
        actor bears stands for it on any date ("the GNA" in a text of 2025 that tells of 2019); the
        date chooses among several, and between a seat's holders."""
        if any(n.kind == DESCRIBED for n in item.groups):  # chosen by scope and date when matched
            actors = tuple(n.actor for n in item.groups)
            if len(actors) == 1:
                return Found(item.start, item.end, actors[0], DESCRIBED, key=item.key)
            return Found(item.start, item.end, None, "ambiguous", candidates=actors, key=item.key)
        names = [n for n in item.groups if self._holds(n, item.key, on)]
        if not names:
            names = [n for n in item.groups if n.kind == "alias"]
        if not names and item.key not in self.senses:  # a seat out of its holder's time: a place
            return Found(item.start, item.end, None, "not_actor", key=item.key)
        # A seat of a non-state actor held on the date outranks the capital of its state:
        # "Tripoli" is the GNA's between 2016 and 2021, "Brussels" the EU's. Without a date, a seat
        # held only for a time (seats.tsv) does not: "Tripoli" is then open, settled by context.
        seats = [
            n for n in names if n.kind == "seat" and (on is not None or not self._dated_seat(n, item.key))
        ]
        if seats:
            names = [n for n in names if n.kind != "capital"]
        actors = tuple(dict.fromkeys(n.actor for n in names))
        if item.key in self.senses:
            return self._sense(doc, item, actors)
        if len(actors) == 1 and (
            (
                names[0].kind == "capital"
                and (is_place(doc, item.start, item.end) or self._names_a_thing(doc, item.end))
            )
            or (names[0].kind == "seat" and is_place(doc, item.start, item.end))  # "fighting in Transnistria"
        ):
            return Found(item.start, item.end, None, "not_actor", key=item.key)
        if len(actors) == 1:
            return Found(item.start, item.end, actors[0], names[0].kind, key=item.key)
        return Found(item.start, item.end, None, "ambiguous", candidates=actors, key=item.key)

    def _holds(self, name: Name, key: str, on: date | None) -> bool:
        """Whether *name* (matched as *key*) stands for its actor on *on*: a seat while the actor
        governed from it, any other name while the actor existed."""
        if name.kind == "seat":
            return self.registry.seat_held(self.seat_names.get((key, name.actor), key), name.actor, on)
        return valid(self.registry, name.actor, on)

    def _dated_seat(self, name: Name, key: str) -> bool:
        seat = self.seat_names.get((key, name.actor), key)
        return self.registry.seat_terms.get((seat, name.actor), (None, None))[0] is not None

    def _names_a_thing(self, doc: Doc, end: int) -> bool:
        """A capital naming an event or a place after it: "the Berlin conference", "the Moscow format",
        "Kabul airport" (words of ``group_words.tsv`` with role ``not``); but a state's organ named
        by its capital stands for the state ("Beijing police", "a Moscow court")."""
        if end >= len(doc) or doc[end].lower_ in STATE_ORGANS:
            return False
        return doc[end].lower_ in self.groups.words.stops

    def _sense(self, doc: Doc, item: Item, actors: tuple[str, ...]) -> Found:
        """An ambiguous name (Georgia, Jordan, Wagner): the reading whose cues are nearest, if any."""
        senses = self.senses[item.key]
        candidates = tuple(dict.fromkeys([*actors, *(a for a, _ in senses if a)]))
        mention = Found(item.start, item.end, None, "ambiguous", candidates=candidates, key=item.key)
        if part_of_longer_name(doc, item):  # "Richard Wagner", "Michael Jordan"
            mention.rule, mention.candidates = "not_actor", ()
            return mention
        span = doc[item.start : item.end]
        sentence = span.sent.text if doc.has_annotation("SENT_START") else doc.text
        for context in (sentence.replace(span.text, " ", 1), doc.text.replace(span.text, " ")):
            scores = [(len(set(cues.findall(context))), actor) for actor, cues in senses]
            best = max(s for s, _ in scores)
            winners = [a for s, a in scores if s == best]
            if best and len(winners) == 1:
                mention.actor, mention.rule = winners[0], "context" if winners[0] else "not_actor"
                mention.candidates = () if winners[0] else ()
                return mention
        return mention

    def _person(self, doc: Doc, item: Item, on: date | None, found: list[Found]) -> Found:
        """A person's name: the person, and the actor they speak for on the date."""
        ids = tuple(dict.fromkeys(n.actor for n in item.people))
        full = any(n.kind == "person" for n in item.people)
        rule = "person" if full else "surname"
        organ = item.end < len(doc) and doc[item.end].lower_ in STATE_ORGANS  # "the Bush administration"
        if not full and not organ and item.start > 0 and doc[item.start - 1].lower_ in ("the", "a", "an"):
            # "the Hunt", "a Key figure": a surname after an article is a word, not a person
            return Found(item.start, item.end, None, "not_actor", key=item.key)
        if len(ids) > 1:
            seen = [f.person for f in reversed(found) if f.person in ids]
            in_office = [p for p in ids if self.registry.office_on(p, on)]
            ids = (seen[0],) if seen else tuple(in_office) if len(in_office) == 1 else ids
        if len(ids) > 1:
            # "Gandhi", "Bush": which of them is open, but not the state they speak for on the date
            actors = {self.registry.speaks_for(p, on) or self.registry.actors[p].country for p in ids}
            if len(actors) == 1 and None not in actors:
                return Found(item.start, item.end, actors.pop(), rule, key=item.key)
            return Found(item.start, item.end, None, "ambiguous", candidates=ids, key=item.key)
        person = ids[0]
        # Out of office and unaffiliated, a person still speaks as one of their country (as in ICEWS).
        actor = self.registry.speaks_for(person, on) or self.registry.actors[person].country or person
        return Found(item.start, item.end, actor, rule, person=person, roles=self._roles(person, on))

    def _within(self, part: str, whole: str) -> bool:
        """Whether actor *part* is *whole* or belongs to it (its country or parent)."""
        entry = self.registry.get(part)
        return part == whole or (entry is not None and whole in (entry.country, entry.parent))

    def _roles(self, person: str, on: date | None) -> tuple[str, ...]:
        held = [o for o in self.registry.offices_of(person) if on is None or o.held_on(on)]
        return tuple(dict.fromkeys(r for o in held for r in o.roles))

    def _office(
        self,
        doc: Doc,
        start: int,
        title: Item,
        actor: str,
        person_item: Item | None,
        on: date | None,
        found: list[Found],
    ) -> Found:
        """A title with its actor: the actor acts; the person is the one named, else the holder then."""
        if person_item is not None:
            named = self._person(doc, person_item, on, found)
            # the one the title names speaks for ("U.N. envoy Staffan de Mistura" is the UN's, whatever
            # office he once held at home), unless the person's actor is part of it ("Libyan
            # commander Khalifa Haftar": the LNA, in Libya)
            if named.actor and (not actor or self._within(named.actor, actor)):
                actor = named.actor
            return Found(start, person_item.end, actor, "office", named.person, roles=title.roles)
        end = title.end
        run = name_run(doc, title.end)
        if run > title.end:  # "Libyan Foreign Minister Mohamed Siala": a name the registry lacks
            surname = doc[run - 1].text
            return Found(start, run, actor, "office", None, roles=title.roles, key=surname)
        wanted = tuple(r for role in title.roles for r in HOLDERS.get(role, (role,)))
        words = doc[title.start : title.end].text
        holder = self.registry.holder(actor, wanted, on, title=words) if on is not None else None
        return Found(start, end, actor, "office", holder, roles=title.roles)

    def _antecedent(self, doc: Doc, title: Item, on: date | None, found: list[Found]) -> Found | None:
        """A bare title after "the" ("the general", "the ageing leader"): the nearest compatible person."""
        start = title.start
        while start > 0 and doc[start - 1].pos_ in MODIFIER_POS and doc[start - 1].is_lower:
            start -= 1
        if start == 0 or doc[start - 1].text not in DETERMINERS:
            return None
        if title.end < len(doc) and doc[title.end].pos_ in ("NOUN", "PROPN") and not doc[title.end].is_punct:
            return None  # "the general election": the title word is a modifier here
        wanted = set().union(*(COMPATIBLE.get(r, {r}) for r in title.roles))
        for earlier in reversed(found):
            if earlier.actor and earlier.person and wanted.intersection(earlier.roles):
                return Found(
                    title.start, title.end, earlier.actor, "antecedent", earlier.person, roles=earlier.roles
                )
        return None

    def _unknown_surnames(self, doc: Doc, found: list[Found], known: dict[str, Found]) -> list[Found]:
        """Later bare mentions of a person introduced by title but absent from the registry."""
        covered = {t for f in found for t in range(f.start, f.end)}
        out = []
        for token in doc:
            intro = known.get(token.text)
            if intro is not None and token.i >= intro.end and token.i not in covered:
                out.append(Found(token.i, token.i + 1, intro.actor, "surname", roles=intro.roles))
        return out

    def _settle(self, doc: Doc, found: list[Found]) -> None:
        """Settle what is still ambiguous by the actors the rest of the text names; drop non-actors."""
        named = {f.actor for f in found if f.actor} | {f.person for f in found if f.person}
        for f in found:
            if f.rule == "ambiguous":
                matching = [c for c in f.candidates if c in named]
                if len(matching) == 1:
                    f.actor, f.rule = matching[0], "context"
        found[:] = [f for f in found if f.rule != "not_actor"]

    def _mention(self, doc: Doc, f: Found) -> Mention:
        span = doc[f.start : f.end]
        return Mention(
            start=span.start_char,
            end=span.end_char,
            text=span.text,
            actor=f.actor,
            rule=f.rule,
            sentence=sentence_index(doc, f.start),
            token_start=f.start,
            token_end=f.end,
            person=f.person,
            candidates=f.candidates if f.actor is None else (),
        )


def dateline_tokens(doc: Doc) -> set[int]:
    """The tokens of the datelines opening *doc*'s first paragraphs."""
    out: set[int] = set()
    for line in datelines(doc.text):
        span = doc.char_span(line.start, line.end, alignment_mode="contract")
        if span is not None:
            out.update(range(span.start, span.end))
    return out
