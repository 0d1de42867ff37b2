"""Provisional actors: named groups the registry does not know, found in the text itself.

A group that takes part in an event must not vanish because nobody registered it ("Abiy Ahmed ordered
the army to attack the TPLF"). :class:`GroupFinder` reads a parsed document after the registry's
mentions are found and proposes an actor for each name that looks like a group, movement or
organisation:

* a run of capitalised words holding a group word ("Arakan Army", "Democratic Forces for the Liberation
  of Rwanda") or opening with one ("Jaish-e-Mohammed", "Hayat Tahrir al-Sham");
* an acronym that spaCy tags as an organisation, that a name defines in parentheses ("... (ADF)"), or
  that a word beside it calls a group ("M23 rebels", "the rebel group M23");
* any other capitalised name that such a word calls a group ("Fano militiamen").

Words, places and state forces that are not actors are in ``data/actors/group_words.tsv``, the regions
that place a group in a state in ``regions.tsv``, and media and monitors in ``not_actors.tsv``.

Each proposed actor gets a stable id, ``X-`` and its normalised acronym or name (``X-TPLF``,
``X-ARAKAN-ARMY``): the same name gives the same id in every document and run, and the registry
refuses ids starting with ``X-``, so no registered id can collide. Its country comes from the text
("Ethiopia's TPLF", "Congolese M23", "the Tigrayan rebels of the TPLF", "Sudan Liberation Army") and its
type from the words around it. The pipeline keeps a provisional actor only when it takes part in an
event (:func:`keep_acting`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from multipolar.resolve.entries import DATA, PROVISIONAL_PREFIX, Actor, read_tsv
from multipolar.resolve.registry import Registry

ACRONYM = re.compile(r"^(?:[A-Z][A-Z0-9&]{1,7}|[A-Z]-?\d{1,3})$")
ROMAN = re.compile(r"^[IVXLC]+$")
# Lower-case words that may sit inside a name: "Forces for the Liberation of Rwanda", "Justice and
# Equality Movement", "Hayat Tahrir al Sham", "Jaish-e-Mohammed".
CONNECTORS = {
    "of",
    "for",
    "the",
    "and",
    "de",
    "du",
    "des",
    "la",
    "le",
    "del",
    "al",
    "el",
    "e",
    "i",
    "ul",
    "wal",
}
POSSESSIVE = {"'s", "’s", "'", "’"}
DETERMINERS = {"the", "a", "an"}
# Entity labels that name places, times and quantities: a headless name with these labels is no group.
PLACE_OR_NUMBER = {"GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
# "Rwanda-backed M23": the state backs the group; it is not the group's country.
BACKING = {
    "backed",
    "led",
    "supported",
    "funded",
    "armed",
    "allied",
    "aligned",
    "sponsored",
    "trained",
    "based",
}
# Words for "a group" that a type word before them qualifies: "the rebel group M23".
# Words that qualify a state's own forces: "Royal Thai Army", "Afghan National Army".
# Organs of a state: "the Myanmar Government", "Beijing police", "a Moscow court" name the state's own
# organ, not a new group (nor, after a capital, a place or an event: resolver._names_a_thing).
STATE_ORGANS = frozenset(
    (
        "police",
        "court",
        "courts",
        "tribunal",
        "parliament",
        "senate",
        "cabinet",
        "government",
        "authorities",
        "administration",
        "ministry",
        "department",
        "office",
        "regime",
        "army",
        "military",
        "officials",
        "prosecutor",
        "prosecutors",
        "judge",
        "judges",
        "leadership",
        "presidency",
        "junta",
    )
)
STATE_ADJECTIVES = {
    "royal",
    "national",
    "arab",
    "people",
    "peoples",
    "republican",
    "imperial",
    "regular",
    "federal",
}
GENERIC = {"group", "groups", "organisation", "organization", "outfit", "faction", "movement", "coalition"}
MAX_NAME = 12


@dataclass(frozen=True)
class GroupWords:
    """The word lists of ``group_words.tsv`` and ``regions.tsv`` (see their headers)."""

    heads: dict[str, str]
    prefixes: dict[str, str]
    nouns: dict[str, str]
    stops: frozenset[str]
    forces: frozenset[str]
    regions: dict[str, str]

    @classmethod
    def load(cls, data: Path = DATA) -> GroupWords:
        by_role: dict[str, dict[str, str]] = {r: {} for r in ("head", "prefix", "noun", "not", "force")}
        for _, row in read_tsv(data / "group_words.tsv", ("word", "role", "type")):
            by_role[row["role"]][row["word"].casefold()] = row["type"]
        regions = {r["name"]: r["country"] for _, r in read_tsv(data / "regions.tsv", ("name", "country"))}
        return cls(
            heads=by_role["head"],
            prefixes=by_role["prefix"],
            nouns=by_role["noun"],
            stops=frozenset(by_role["not"]),
            forces=frozenset(by_role["force"]),
            regions=regions,
        )


@lru_cache(maxsize=4)
def group_words(data: Path = DATA) -> GroupWords:
    return GroupWords.load(data)


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalise(name: str) -> str:
    """The id part of a name: ASCII, upper case, words joined by ``-``; a leading "the", possessive
    apostrophes and Arabic articles left out ("the Tigray People's Liberation Front" ->
    ``TIGRAY-PEOPLES-LIBERATION-FRONT``, "Hayat Tahrir al-Sham" -> ``HAYAT-TAHRIR-SHAM``)."""
    text = fold(name).replace("’", "'")
    text = re.sub(r"^(?:the)\s+", "", text.strip(), flags=re.IGNORECASE)
    text = text.replace("'", "")
    text = re.sub(r"(?<![A-Za-z])(?:al|el)[-\s]+(?=[A-Za-z])", "", text, flags=re.IGNORECASE)
    words = re.findall(r"[A-Za-z0-9]+", text)
    return "-".join(words[:MAX_NAME]).upper()


def provisional_id(name: str) -> str:
    """The stable id of a provisional actor: ``X-`` and the normalised name (``X-TPLF``)."""
    return PROVISIONAL_PREFIX + normalise(name)


def is_provisional(actor_id: str | None) -> bool:
    return bool(actor_id) and actor_id.startswith(PROVISIONAL_PREFIX)


@dataclass
class Candidate:
    """One name in the text that stands for a provisional actor (token offsets, end exclusive)."""

    start: int
    end: int
    key: str  # the normalised name, or the acronym it defines
    country: str | None = None
    type: str | None = None
    absorbed: tuple[int, ...] = ()  # indexes of registry mentions the name swallows ("Sudan" in SLA)


@dataclass
class Group:
    """What the document says about one provisional actor."""

    id: str
    name: str = ""
    acronym: str = ""
    country: str | None = None
    type: str | None = None
    forms: dict[str, None] = field(default_factory=dict)

    def actor(self) -> Actor:
        aliases = tuple(dict.fromkeys(f for f in (self.name, self.acronym, *self.forms) if f))
        return Actor(
            id=self.id,
            name=self.name or self.acronym,
            type=self.type or "",
            country=self.country,
            parent=None,
            aliases=aliases,
            provisional=True,
        )


@dataclass(frozen=True)
class Known:
    """A registry mention, as the finder needs to see it: token span, actor, and whether the actor
    is a state (a state's name inside a group's name is part of that name: "Sudan Liberation Army")."""

    start: int
    end: int
    actor: str | None
    state: bool


class GroupFinder:
    """Find provisional actors in a parsed document, given the registry mentions already found."""

    def __init__(self, registry: Registry, words: GroupWords | None = None) -> None:
        self.registry = registry
        self.words = words or group_words()

    # --- the names -------------------------------------------------------------------------------

    def find(
        self, doc: Doc, known: list[Known], blocked: Iterable[tuple[int, int]] = ()
    ) -> tuple[list[Candidate], dict[str, Actor]]:
        """Names standing for provisional actors, and those actors (id -> Actor)."""
        owner = {t: i for i, k in enumerate(known) for t in range(k.start, k.end)}
        barred = {t for s, e in blocked for t in range(s, e)}
        found: list[Candidate] = []
        taken: set[int] = set()

        def add(candidate: Candidate | None) -> None:
            if candidate is None or not taken.isdisjoint(range(candidate.start, candidate.end)):
                return
            if not barred.isdisjoint(range(candidate.start, candidate.end)):
                return
            taken.update(range(candidate.start, candidate.end))
            found.append(candidate)

        for start, end in self._runs(doc):
            add(self._named(doc, start, end, known, owner))
        acronyms = self._acronyms(doc, found, owner, taken)
        for token in doc:
            if token.text in acronyms and token.i not in owner:
                add(Candidate(token.i, token.i + 1, token.text))
        for start, end in self._called_groups(doc, owner):
            add(Candidate(start, end, normalise(doc[start:end].text)))
        found.sort(key=lambda c: c.start)
        return found, self._actors(doc, found, known, acronyms)

    def _runs(self, doc: Doc) -> list[tuple[int, int]]:
        """Maximal runs of capitalised words (with the connectors names contain) in one sentence."""
        runs, i = [], 0
        while i < len(doc):
            if not _capitalised(doc[i]):
                i += 1
                continue
            j = i + 1
            while j < len(doc) and not doc[j].is_sent_start and (_capitalised(doc[j]) or _joins(doc, j)):
                j += 1
            end = j
            while end > i and not _capitalised(doc[end - 1]):
                end -= 1
            runs.extend(self._split_and(doc, i, end))
            i = max(j, i + 1)
        return runs

    def _split_and(self, doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
        """ "Kachin Independence Army and the TNLA" is two names; "Justice and Equality Movement" one:
        a run splits at "and" when the words before it already name a group (a group word, an opening
        word, an acronym) or when "the" or an opening word follows it."""
        parts, begin = [], start
        for k in range(start, end):
            if doc[k].lower_ != "and" or k == begin or k + 1 >= end:
                continue
            named = doc[k - 1].lower_ in self.words.heads or self._opens(doc[begin]) and k - begin > 1
            acronym = k - begin == 1 and bool(ACRONYM.match(doc[begin].text))
            if named or acronym or doc[k + 1].lower_ == "the" or self._opens(doc[k + 1]):
                parts.append((begin, k))
                begin = k + 1
        parts.append((begin, end))
        return [(s, e) for s, e in parts if e > s]

    def _opens(self, token: Token) -> bool:
        """A word that opens a group's name: "Jaish", "Lashkar-e-Taiba", "Hizbul"."""
        return fold(token.text).split("-")[0].casefold() in self.words.prefixes

    def _named(
        self, doc: Doc, start: int, end: int, known: list[Known], owner: dict[int, int]
    ) -> Candidate | None:
        """A run that names a group: it holds a capitalised group word or opens with a prefix word."""
        # Leading determiners and a sentence-initial word that is not a name ("Yesterday Arakan Army").
        while start < end and (doc[start].lower_ in DETERMINERS or doc[start].lower_ in CONNECTORS):
            start += 1
        if (
            start < end
            and doc[start].is_sent_start
            and doc[start].pos_ not in ("PROPN", "ADJ")
            and end - start > 1
        ):
            start += 1
        # A registry mention that is not a state cuts the run: "Haftar's Tariq Ben Ziyad Brigade".
        country = None
        absorbed: list[int] = []
        k = start
        while k < end:
            index = owner.get(k)
            if index is None:
                k += 1
                continue
            mention = known[index]
            possessive = mention.end < end and doc[mention.end].text in POSSESSIVE
            if not mention.state or possessive:
                if mention.state and mention.actor:
                    country = mention.actor  # "Ethiopia's Fano Militia"
                start = mention.end + (1 if possessive else 0)
                absorbed.clear()
                k = start
                continue
            absorbed.append(index)
            k = mention.end
        while start < end and (doc[start].lower_ in DETERMINERS or doc[start].lower_ in CONNECTORS):
            start += 1
        if end - start < 1:
            return None
        lowers = [t.lower_ for t in doc[start:end]]
        text = doc[start:end].text
        if lowers[-1] in self.words.stops or text.casefold() in self.words.stops:
            return None
        heads = [
            w
            for w, t in zip(lowers, doc[start:end], strict=True)
            if w in self.words.heads and _capitalised(t)
        ]
        prefix = self._opens(doc[start])
        if prefix and len(lowers) == 1 and "-" not in text:
            prefix = False  # "Ansar" alone is a word, not a name
        if not heads and not prefix:
            return None
        if heads and not prefix:
            # The name ends at its last group word unless "of"/"for" carries it on: "Democratic Forces
            # for the Liberation of Rwanda", but "Italian Air Force Reaper" (a drone).
            last = max(
                i for i, t in enumerate(doc[start:end]) if t.lower_ in self.words.heads and _capitalised(t)
            )
            if start + last + 1 < end and doc[start + last + 1].lower_ not in CONNECTORS:
                end = start + last + 1
                lowers, text = lowers[: last + 1], doc[start:end].text
                absorbed = [i for i in absorbed if known[i].end <= end]
        if heads and not prefix and end - start < 2:
            return None  # "Army" alone is a word, not a name
        if absorbed and self._state_force(doc, start, end, [known[i] for i in absorbed]):
            return None  # "Ethiopian National Defense Force", "Royal Thai Army": the state's own forces
        country = country or next((known[i].actor for i in absorbed if known[i].actor), None)
        kind = self.words.heads.get(heads[-1]) if heads else self.words.prefixes.get(lowers[0], "armed_group")
        return Candidate(start, end, normalise(text), country, kind or None, tuple(absorbed))

    def _state_force(self, doc: Doc, start: int, end: int, states: list[Known]) -> bool:
        """A state's name with only its forces' words around it: "<Royal> Thai <National> Army"."""
        before = {t.lower_ for t in doc[start : states[0].start]}
        words = [t.lower_ for t in doc[states[-1].end : end] if t.text not in POSSESSIVE]
        while words and words[0] in STATE_ADJECTIVES:
            words.pop(0)
        organ = len(words) == 1 and words[0] in STATE_ORGANS  # "Myanmar Government"
        return before <= STATE_ADJECTIVES and (not words or organ or " ".join(words) in self.words.forces)

    def _acronyms(
        self, doc: Doc, found: list[Candidate], owner: dict[int, int], taken: set[int]
    ) -> dict[str, None]:
        """Acronyms that stand for a group here: defined after a name in parentheses ("(ADF)"), tagged as
        an organisation by the parser, or called a group by a word beside them ("M23 rebels")."""
        out: dict[str, None] = {}
        for candidate in found:
            acronym = _parenthesised(doc, candidate.end)
            if acronym is not None and acronym.i not in owner:
                candidate.key = acronym.text
                out[acronym.text] = None
        for token in doc:
            if token.i in owner or token.i in taken or not self._acronym_like(token):
                continue
            organisation = token.ent_type_ in ("ORG", "NORP") and not token.text[-1].isdigit()
            if organisation or self._type_near(doc, token.i, token.i + 1):
                out[token.text] = None
        return out

    def _acronym_like(self, token: Token) -> bool:
        text = token.text
        return bool(ACRONYM.match(text)) and not ROMAN.match(text) and text.casefold() not in self.words.stops

    def _called_groups(self, doc: Doc, owner: dict[int, int]) -> list[tuple[int, int]]:
        """Capitalised names that a type word beside them calls a group: "Fano militiamen", "the militia
        Fano". Places, peoples and the registry's names are left alone."""
        out = []
        for token in doc:
            if token.i in owner or not _capitalised(token) or token.lower_ in self.words.stops:
                continue
            if (
                token.ent_type_ in PLACE_OR_NUMBER
                or token.ent_type_ == "NORP"
                or token.text in self.words.regions
            ):
                continue
            if token.is_sent_start and token.pos_ != "PROPN":
                continue
            if token.lower_ in self.words.heads or token.lower_ in self.words.nouns:
                continue
            if self._type_near(doc, token.i, token.i + 1):
                out.append((token.i, token.i + 1))
        return out

    def _type_near(self, doc: Doc, start: int, end: int) -> str | None:
        """The type a word beside the name gives: after it ("M23 rebels"), just before it ("the rebel
        group M23"), or the head of an apposition ("M23, a Rwanda-backed rebel group")."""
        nouns = self.words.nouns
        if end < len(doc) and doc[end].lower_ in nouns and doc[end].pos_ in ("NOUN", "PROPN"):
            return nouns[doc[end].lower_]
        # "rebels of the TPLF", "fighters from the Arakan Army"
        j = start - 1
        if j >= 0 and doc[j].lower_ in DETERMINERS:
            j -= 1
        if j >= 1 and doc[j].lower_ in ("of", "from") and nouns.get(doc[j - 1].lower_):
            return nouns[doc[j - 1].lower_]
        # "the militia Fano", "the rebel group M23", "the armed group CODECO"
        j = start - 1
        if j >= 0 and doc[j].is_lower and doc[j].lower_ in GENERIC:
            j -= 1
        if 0 <= j < start and doc[j].is_lower and nouns.get(doc[j].lower_):
            return nouns[doc[j].lower_]
        appositive = _apposition(doc, end)
        if appositive is not None:
            typed = [nouns[t.lower_] for t in appositive if t.lower_ in nouns and nouns[t.lower_]]
            if typed:
                return typed[0]
        return None

    # --- the actors ------------------------------------------------------------------------------

    def _actors(
        self, doc: Doc, found: list[Candidate], known: list[Known], acronyms: dict[str, None]
    ) -> dict[str, Actor]:
        """One actor per id: named by its longest form, with the acronym it defines, and the first
        country and type the text gives for any of its mentions."""
        groups: dict[str, Group] = {}
        by_end = {k.end: k for k in known}
        for candidate in found:
            gid = provisional_id(candidate.key)
            group = groups.setdefault(gid, Group(gid))
            text = _strip_the(doc[candidate.start : candidate.end].text)
            group.forms.setdefault(text)
            if text == candidate.key and candidate.key in acronyms:
                group.acronym = text
            elif not group.name:
                group.name = text
            group.country = group.country or candidate.country or self._country(doc, candidate, by_end)
            group.type = group.type or self._type_near(doc, candidate.start, candidate.end) or candidate.type
        return {gid: g.actor() for gid, g in groups.items()}

    def _country(self, doc: Doc, candidate: Candidate, by_end: dict[int, Known]) -> str | None:
        """The state the text places the group in: a region in its name ("Arakan Army"), a state or
        demonym just before it ("Ethiopia's TPLF", "Congolese M23"), or in the words that call it a
        group ("the Tigrayan rebels of the TPLF", "M23, a Congolese rebel group")."""
        for token in doc[candidate.start : candidate.end]:
            region = self.words.regions.get(token.text) or self.words.regions.get(fold(token.text))
            if region:
                return region
        for span in _two_word_spans(doc, candidate.start, candidate.end):
            if span in self.words.regions:
                return self.words.regions[span]
        start = candidate.start
        while start > 0 and doc[start - 1].lower_ in DETERMINERS:
            start -= 1
        gap = start - 1 if start > 0 and doc[start - 1].text in POSSESSIVE else start
        state = self._state_ending(doc, gap, by_end)
        if state:
            return state
        # "the Tigrayan rebels of the TPLF": <people word> <type nouns> of/from (the) NAME
        k = start - 1
        if k >= 0 and doc[k].lower_ in ("of", "from"):
            k -= 1
            while k >= 0 and doc[k].lower_ in self.words.nouns:
                k -= 1
            if k < start - 2:
                found = self._state_ending(doc, k + 1, by_end) or self._region_at(doc, k)
                if found:
                    return found
        appositive = _apposition(doc, candidate.end)
        if appositive is not None:
            for token in appositive:
                state = self._state_ending(doc, token.i + 1, by_end)
                if state and not _backing(doc, token.i + 1):
                    return state
                region = self._region_at(doc, token.i)
                if region and not _backing(doc, token.i + 1):
                    return region
        return None

    def _state_ending(self, doc: Doc, end: int, by_end: dict[int, Known]) -> str | None:
        """The state of a registry mention that ends at token *end* (not one that backs: "Rwanda-backed")."""
        mention = by_end.get(end)
        if mention is None or not mention.state or not mention.actor or _backing(doc, end):
            return None
        return mention.actor

    def _region_at(self, doc: Doc, i: int) -> str | None:
        if i < 0 or i >= len(doc):
            return None
        return self.words.regions.get(doc[i].text)


# --- small helpers over tokens ---------------------------------------------------------------------


def _capitalised(token: Token) -> bool:
    text = token.text
    if re.match(r"^(?:al|el|as|ad|ash|ar|an|at|az)-[A-Z]", text):
        return True
    return bool(text[:1].isupper()) and any(c.isalpha() for c in text)


def _joins(doc: Doc, j: int) -> bool:
    """Token *j* continues the name before it: a connector word, a hyphen inside a word, a possessive."""
    token, before = doc[j], doc[j - 1]
    if token.text in POSSESSIVE and not before.whitespace_:
        return True
    if token.text == "-" and not before.whitespace_ and not token.whitespace_:
        return True
    if (
        before.text == "-"
        and not before.whitespace_
        and token.is_lower
        and token.is_alpha
        and len(token) <= 3
    ):
        return True  # "Jaish-e-Mohammed", "Tehrik-i-Taliban"
    nxt = doc[j + 1] if j + 1 < len(doc) else None
    return (
        token.lower_ in CONNECTORS
        and token.is_lower
        and nxt is not None
        and (_capitalised(nxt) or (nxt.lower_ in CONNECTORS and nxt.is_lower))
    )


def _parenthesised(doc: Doc, end: int) -> Token | None:
    """The acronym in "NAME (ACRONYM)" right after *end*."""
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        token = doc[end + 1]
        if ACRONYM.match(token.text):
            return token
    return None


def _apposition(doc: Doc, end: int) -> Span | None:
    """The words of "NAME, a/an/the ... ," after a name, up to the next comma or 8 words."""
    if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in DETERMINERS:
        stop = end + 2
        while stop < len(doc) and stop < end + 10 and doc[stop].text not in (",", ".", ";", "(", ")"):
            stop += 1
        return doc[end + 2 : stop]
    return None


def _backing(doc: Doc, end: int) -> bool:
    """ "Rwanda-backed", "Iranian-led": the name before *end* backs the group, it is not its country."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in BACKING


def _two_word_spans(doc: Doc, start: int, end: int) -> list[str]:
    return [f"{doc[i].text} {doc[i + 1].text}" for i in range(start, end - 1)]


def _strip_the(text: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", text.strip())
