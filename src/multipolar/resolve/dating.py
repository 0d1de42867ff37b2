"""The date on which each sentence's names are resolved: the dates the text gives.

Who "the Turkish president" is, and which government "Tripoli" stands for, depends on when. A
document's date is when it was written; a sentence may tell of another time ("In 2019, Haftar
marched on Tripoli"), and then its names are read on that date. The rule:

* a sentence whose main clause carries an explicit date before the document's date (a year, a
  month, a day: "in 2019", "on 4 April 2019") is read on that date (the end of the period it names);
* a sentence in the simple past that follows such a sentence in the same paragraph goes on telling
  of that time, and is read on the same date ("In 2019, Haftar marched on Tripoli. Turkey sent
  drones to defend Tripoli.");
* any other sentence is read on the document's date.

An undated document has no date of its own: each sentence is read on its own date, else on the
nearest date the text gave before it, else the nearest after it; with no date in the text at all,
names are read without one (and a name held by several actors over time stays ambiguous).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from multipolar.coding.dates import ClauseDates, default_resolver

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

PAST = "VBD"


class SentenceDates:
    """``dates.at(token)``: the date on which names at that token of *doc* are read."""

    def __init__(self, doc: Doc, on: date | None) -> None:
        self.on = on
        sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        self.starts = [s.start for s in sentences]
        stated = [self._stated(s, on) for s in sentences]
        self.dates = self._undated(stated) if on is None else self._narrated(sentences, stated, on)

    def at(self, token: int) -> date | None:
        if not self.starts:
            return self.on
        i = _last_at_or_before(self.starts, token)
        return self.dates[i] if i >= 0 else self.on

    @staticmethod
    def _stated(sent: Span, on: date | None) -> date | None:
        """The explicit date of the sentence's main clause (the document's date at latest)."""
        found = default_resolver().find(sent.text, on)
        if not found:
            return None
        value = ClauseDates(sent, found, None).of(sent.root)
        if not value:
            return None
        day = date.fromisoformat(value.split("/")[-1])
        return day if on is None else min(day, on)

    @staticmethod
    def _narrated(sentences: list[Span], stated: list[date | None], on: date) -> list[date | None]:
        out: list[date | None] = []
        for i, sent in enumerate(sentences):
            day = stated[i]
            if day is None and i and out[-1] != on and _same_paragraph(sentences[i - 1], sent):
                day = out[-1] if sent.root.tag_ == PAST else None
            out.append(day or on)
        return out

    @staticmethod
    def _undated(stated: list[date | None]) -> list[date | None]:
        out: list[date | None] = []
        last = None
        for day in stated:
            last = day or last
            out.append(last)
        following = next((d for d in stated if d), None)
        return [d or following for d in out]


def _same_paragraph(before: Span, after: Span) -> bool:
    gap = before.doc.text[before.end_char : after.start_char]
    return "\n" not in gap


def _last_at_or_before(starts: list[int], token: int) -> int:
    from bisect import bisect_right

    return bisect_right(starts, token) - 1
