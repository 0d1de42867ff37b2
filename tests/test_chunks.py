"""Long texts are parsed in pieces: bounded sentences, document offsets kept, any length processed."""

from __future__ import annotations

import random
from datetime import date

import pytest

from multipolar.chunks import CHUNK_CHARS, SENTENCE_CHARS, chunk_spans
from multipolar.document import Document


def covers(text: str, spans: list[tuple[int, int]]) -> bool:
    return (
        spans[0][0] == 0
        and spans[-1][1] == len(text)
        and all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    )


def test_an_ordinary_text_is_one_span() -> None:
    text = "Turkey met Greece. Russia praised Iran.\n\nEgypt condemned Sudan.\n" * 50
    assert chunk_spans(text) == [(0, len(text))]


def test_paragraphs_are_packed_whole_up_to_the_limit() -> None:
    paragraph = ("Turkey met Greece in Ankara on Monday. " * 40).strip() + "\n\n"
    text = paragraph * 200  # about 300,000 characters
    spans = chunk_spans(text)
    assert covers(text, spans) and len(spans) > 1
    assert all(b - a <= CHUNK_CHARS for a, b in spans)
    assert all(text[a:b].endswith("\n\n") for a, b in spans[:-1])  # cut between paragraphs


def test_a_text_without_any_break_is_cut_into_bounded_pieces_at_spaces() -> None:
    rng = random.Random(1)
    text = " ".join(rng.choice(["turkey", "greece", "talks", "drones"]) for _ in range(180_000))  # ~900 KB
    spans = chunk_spans(text)
    assert covers(text, spans)
    assert all(b - a <= SENTENCE_CHARS for a, b in spans)
    assert all(text[b - 1] == " " for a, b in spans[:-1])  # no word is cut


def test_a_long_paragraph_is_cut_at_sentence_ends() -> None:
    text = "Turkey met Greece in Ankara. " * 3000  # one paragraph of 87,000 characters
    spans = chunk_spans(text)
    assert covers(text, spans) and len(spans) == 2
    assert text[: spans[0][1]].endswith(". ")


@pytest.mark.slow
def test_texts_beyond_spacy_limit_and_without_sentence_breaks_are_processed(pipeline) -> None:
    head, tail = "Turkey condemned Greece on 5 May 2020.", "Russia supported Turkey in Libya."
    text = head + " " * 1_000_000 + tail  # over spaCy's 1,000,000-character limit
    document = pipeline.process(Document(text=text, date=date(2020, 5, 6)))
    assert document.parts > 1
    found = {(e.source, e.type, e.target) for e in document.events}
    assert {("TUR", "ACCUSE", "GRC"), ("RUS", "SUPPORT", "TUR")} <= found
    assert all(text[e.start : e.end] == e.sentence for e in document.events)

    rng = random.Random(2)
    words = ["Turkey", "attacked", "Greece", "and", "Russia", "talks", "with", "troops"]
    nobreak = " ".join(rng.choice(words) for _ in range(8_000))  # ~45,000 characters, no sentence end
    document = pipeline.process(Document(text=nobreak, date=date(2020, 5, 6)))
    assert document.parts == len(chunk_spans(nobreak)) > 1
    assert max(end - start for start, end in document.sentences) <= SENTENCE_CHARS
    assert all(nobreak[m.start : m.end] == m.text for m in document.mentions)
    assert all(nobreak[e.start : e.end] == e.sentence for e in document.events)


def test_pieces_give_the_same_events_as_the_whole_text_where_cuts_fall_between_paragraphs(
    pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multipolar.chunks as module

    text = (
        "Turkey sent armed drones to the Government of National Accord.\n\n"
        "Greece condemned Turkey on 6 December 2019.\n\n"
        "Russia and Turkey agreed on a ceasefire in January 2020.\n"
    )
    whole = pipeline.process(Document(text=text, date=date(2020, 1, 20)))
    monkeypatch.setattr(module, "CHUNK_CHARS", 70)
    pieces = pipeline.process(Document(text=text, date=date(2020, 1, 20)))
    assert pieces.parts == 3 and whole.parts == 1
    assert [e.to_dict() for e in pieces.events] == [e.to_dict() for e in whole.events]
    assert [(m.start, m.end, m.actor, m.sentence) for m in pieces.mentions] == [
        (m.start, m.end, m.actor, m.sentence) for m in whole.mentions
    ]
