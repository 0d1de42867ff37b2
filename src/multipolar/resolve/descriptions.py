"""Actors named by description: "the east-based army", "the Tripoli-based government", "the separatist
forces", "the ruling generals".

Reporters name the parties of a conflict by what they are as often as by their names, and what a
description stands for depends on the conflict and the date: "the Tripoli-based government" is the
GNA in 2019 and the GNU in 2023, "the junta" is Myanmar's State Administration Council in a text on
Myanmar and Niger's CNSP in one on Niger. ``data/actors/descriptions.tsv`` lists them as data:

    description   actor   scope   valid_from   valid_to

A description is matched whatever its case, as whole words ("the East-based army"). ``scope`` says
where it holds: theatre ids (``data/theatres.yaml``; a theatre includes those inside it) or state
ids, ``|``-separated; empty, anywhere. It stands for its actor in a document that names its scope (a
place or sub-state actor of the theatre, or the state, its capital, people or organs) and on a date
in its validity (the date its sentence tells of, :mod:`multipolar.resolve.dating`). Where several
readings hold, the one whose scope the document names most wins; a tie stays ambiguous.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from multipolar.resolve.entries import DATA, RegistryError, parse_date, read_tsv, split_list
from multipolar.resolve.registry import Registry

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

    from multipolar.theatre.definitions import Theatres

FILE = "descriptions.tsv"
KIND = "description"  # Name.kind and Mention.rule of an actor named by description


@dataclass(frozen=True)
class Description:
    """One reading of a description: *actor* where the document names one of *scopes* (none:
    anywhere), from *valid_from* to *valid_to*."""

    key: str  # the description's words in lower case, joined by spaces
    actor: str
    scopes: frozenset[str]
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, on: date | None) -> bool:
        return on is None or (
            (self.valid_from is None or self.valid_from <= on)
            and (self.valid_to is None or on <= self.valid_to)
        )


class Descriptions:
    """The description table: ``table.find(doc)`` gives (key, start, end) of each description in a
    parsed text; ``table.readings(key)`` what it may stand for."""

    def __init__(self, rows: Iterable[Description], words: dict[str, tuple[str, ...]]) -> None:
        self._readings: dict[str, list[Description]] = {}
        for row in rows:
            self._readings.setdefault(row.key, []).append(row)
        self.phrases = {words[key]: key for key in self._readings}
        self.lengths = sorted({len(w) for w in self.phrases}, reverse=True)

    @classmethod
    def load(
        cls,
        registry: Registry,
        tokenizer: Tokenizer,
        theatres: Theatres,
        path: Path | None = None,
        *,
        strict: bool = True,
    ) -> Descriptions:
        """The table in *path* (default: the bundled one). A row naming an actor *registry* lacks is
        an error, or, not *strict*, left out (a registry pared down for a test or a task)."""
        path = path or DATA / FILE
        rows = []
        known_scopes = {t.id for t in theatres}
        for line, row in read_tsv(path, ("description", "actor", "scope", "valid_from", "valid_to")):
            where = f"{path}:{line}"
            if row["actor"] not in registry:
                if not strict:
                    continue
                raise RegistryError(f"{where}: unknown actor {row['actor']!r}")
            scopes = frozenset(split_list(row["scope"]))
            unknown = [s for s in scopes if s not in known_scopes and registry.get(s) is None]
            if unknown:
                raise RegistryError(f"{where}: unknown scope {', '.join(unknown)} (a theatre or state id)")
            try:
                start, end = parse_date(row["valid_from"]), parse_date(row["valid_to"], end=True)
            except ValueError as exc:
                raise RegistryError(f"{where}: {exc}") from None
            key = " ".join(row["description"].lower().split())
            if not key:
                raise RegistryError(f"{where}: empty description")
            rows.append(Description(key, row["actor"], scopes, start, end))
        keys = sorted({r.key for r in rows})
        words = {k: tuple(t.lower_ for t in doc) for k, doc in zip(keys, tokenizer.pipe(keys), strict=True)}
        return cls(rows, words)

    def readings(self, key: str) -> list[Description]:
        return self._readings.get(key, [])

    def find(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Every description in *doc*: (key, start, end), overlapping ones included."""
        words = [t.lower_ for t in doc]
        out = []
        for i in range(len(words)):
            for n in self.lengths:
                key = self.phrases.get(tuple(words[i : i + n]))
                if key is not None:
                    out.append((key, i, i + n))
        return out

    def choose(self, key: str, on: date | None, named: Named, at: int) -> tuple[str, ...]:
        """The actors *key* (at character *at*) may stand for on *on* in a document that names the
        scopes in *named* (scope -> where): the reading whose scope was named last before it, as
        a reader takes the conflict last spoken of; else the one whose scope is named most; several
        (a tie) or none."""
        held = [r for r in self.readings(key) if r.valid_on(on)]
        scored = []
        for r in held:
            places = [p for s in r.scopes for p in named.get(s, ())] if r.scopes else [-1]
            if places:
                before = [p for p in places if p < at]
                scored.append(((max(before) if before else -2, len(places)), r.actor))
        if not scored:
            return ()
        best = max(score for score, _ in scored)
        return tuple(dict.fromkeys(actor for score, actor in scored if score == best))


Named = dict[str, list[int]]


def named_scopes(doc: Doc, names: Iterable[tuple[int, str]], registry: Registry, theatres: Theatres) -> Named:
    """Where *doc* names each state and theatre (character offsets): the states of the actors its
    *names* stand for ((offset, actor) pairs) and their theatres, the theatres of the places it names,
    and each theatre's wider theatres."""
    named: Named = {}

    def add(scopes: Iterable[str], at: int) -> None:
        for scope in scopes:
            named.setdefault(scope, []).append(at)

    for at, actor_id in names:
        actor = registry.get(actor_id)
        if actor is None:
            continue
        state = actor.id if actor.type == "state" else actor.country
        if state:
            add([state], at)
        theatre = theatres.signalled_by(actor.id, {"type": actor.type, "country": actor.country})
        theatre = theatre or theatres.of_country(state)
        if theatre:
            add(theatres.lineage(theatre), at)
    for hit in theatres.places_in(doc.text, with_countries=True):
        add(theatres.lineage(hit.theatre), hit.start)
    return named
