"""The objects that flow through the pipeline.

A :class:`Document` is what the *read* stage produces; every later stage adds to it and
nothing removes from it: *resolve* adds :class:`Mention` s, *code* adds :class:`Event` s.
All of them are plain, picklable dataclasses, so a document processed in a worker process
or on a Dask cluster comes back whole.
"""

from __future__ import annotations

import hashlib
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
    ``surname``, ``title``, ``antecedent``, ``possessive``.
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


@dataclass(slots=True)
class Event:
    """One coded interaction: ``source`` does ``type`` to ``target``.

    ``type``/``mode``/``context`` are PLOVER's; ``quad`` and ``polarity`` follow from the type.
    ``sentence`` is the evidence sentence, ``start``/``end`` its character offsets in the
    document. ``date`` is an ISO 8601 date or interval (``2019-11-20/2019-11-30``) or ``None``.
    ``pattern`` names the coding pattern that produced the event, so every code is explainable.
    ``theatre`` is the id of the conflict or arena the event belongs to (``None``: bilateral, or not
    assessed) and ``theatre_basis`` the words that decided it (empty: not assessed); see
    :mod:`multipolar.theatre`.
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

    def __post_init__(self) -> None:
        if not self.id:
            key = f"{self.doc}|{self.start}|{self.source}|{self.target}|{self.type}|{self.trigger}"
            self.id = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict:
        return asdict(self)


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
