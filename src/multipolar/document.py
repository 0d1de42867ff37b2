"""The objects that flow through the pipeline.

A :class:`Document` is what the *read* stage produces; every later stage adds to it and
nothing removes from it: *resolve* adds :class:`Mention` s, *code* adds :class:`Event` s.
All of them are plain, picklable dataclasses, so a document processed in a worker process
or on a Dask cluster comes back whole.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multipolar.resolve.entries import Actor

QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
MODALITIES = ("asserted", "hedged", "negated", "reported", "future")


def content_id(text: str) -> str:
    """A stable document id: the same text always gets the same id (idempotent ingest)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that stands for an actor.

    ``start``/``end`` are character offsets in the document text; ``token_start``/``token_end``
    are spaCy token offsets (end exclusive). ``actor`` is ``None`` when the span names an actor
    that could not be resolved without guessing (then ``candidates`` lists the options).
    ``rule`` names the resolution rule, e.g. ``alias``, ``capital``, ``demonym``, ``office``,
    ``surname``, ``title``, ``antecedent``, ``possessive``; a mention the document layer made for
    words that refer back (``pronoun``, ``description``, ``set``, ``speaker``, ``event`` ...: see
    :mod:`multipolar.coding.references`) keeps in ``antecedent`` the words they refer back to.
    """

    start: int
    end: int
    text: str
    actor: str | None
    rule: str
    sentence: int
    token_start: int
    token_end: int
    person: str | None = None
    candidates: tuple[str, ...] = ()
    antecedent: str = ""

    @property
    def name(self) -> str:
        """The words that name the actor: the mention's own, or, for words that name nobody (a
        pronoun, "both sides", "the talks"), those of the antecedent; a description ("the Gulf
        nation") names it itself."""
        return (
            self.antecedent
            if self.antecedent and self.rule not in ("description", "apposition")
            else self.text
        )


@dataclass(frozen=True, slots=True)
class Reference:
    """Why an event has one of its actors: the words of its ``role`` (source, target, speaker)
    referred back to ``antecedent`` by ``rule`` (:data:`multipolar.coding.references.RULES`), which
    made them stand for ``actor``."""

    role: str
    words: str
    actor: str | None
    antecedent: str
    rule: str


@dataclass(slots=True)
class Event:
    """One coded interaction: ``source`` does ``type`` to ``target``.

    ``type``/``mode``/``context`` are PLOVER's; ``quad`` and ``polarity`` follow from the type.
    ``sentence`` is the evidence sentence, ``start``/``end`` its character offsets in the
    document. ``date`` is an ISO 8601 date or interval (``2019-11-20/2019-11-30``) or ``None``.
    ``pattern`` names the coding pattern that produced the event, so every code is explainable.
    ``theatre`` is the id of the conflict or arena the event belongs to (``None``: bilateral, or not
    assessed) and ``theatre_basis`` the words that decided it (empty: not assessed); see
    :mod:`multipolar.theatre`. ``references`` says which of its actors the document layer found by
    referring back (a pronoun, a description, an earlier act ...), to what, and by which rule.
    """

    doc: str
    sentence: str
    start: int
    end: int
    source: str
    target: str | None
    type: str
    quad: str
    polarity: int
    mode: str | None = None
    context: str | None = None
    modality: str = "asserted"
    speaker: str | None = None
    date: str | None = None
    pattern: str = ""
    trigger: str = ""
    source_text: str = ""
    target_text: str = ""
    id: str = ""
    theatre: str | None = None
    theatre_basis: str = ""
    references: tuple[Reference, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.references, tuple):  # as stored: JSON text, or NULL
            self.references = references_from(self.references)
        if not self.id:
            key = f"{self.doc}|{self.start}|{self.source}|{self.target}|{self.type}|{self.trigger}"
            self.id = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict:
        return asdict(self)


def references_from(value: object) -> tuple[Reference, ...]:
    """An event's references from what a store or a table holds: JSON text, a list of objects."""
    if value is None or value == "":
        return ()
    items = json.loads(value) if isinstance(value, str) else value
    return tuple(r if isinstance(r, Reference) else Reference(**r) for r in items)  # type: ignore[arg-type]


def references_json(references: tuple[Reference, ...]) -> str:
    """An event's references as stored: JSON text (empty for none)."""
    return json.dumps([asdict(r) for r in references], ensure_ascii=False) if references else ""


@dataclass(slots=True)
class Document:
    """A text and everything the pipeline learned about it.

    ``meta`` holds what the source said about the text beyond its title and date (a news dump's
    outlet, url, language, its own id ...), kept as given. ``parts`` is how many pieces the text
    was parsed in (1: whole; more for a long text, see :mod:`multipolar.chunks`).
    """

    text: str
    path: str = ""
    title: str = ""
    date: date | None = None
    id: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    parts: int = 1
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # Actors the registry does not know that this text names and that take part in its events
    # (id "X-..." -> Actor with provisional=True; mentions of them have rule "provisional").
    provisional: dict[str, Actor] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)

    def sentence_text(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]

    def actor_ids(self) -> list[str]:
        """Resolved actors in order of first mention, events' actors included."""
        seen: dict[str, None] = {}
        for m in self.mentions:
            if m.actor:
                seen.setdefault(m.actor)
        for e in self.events:
            for a in (e.source, e.target):
                if a:
                    seen.setdefault(a)
        return list(seen)
