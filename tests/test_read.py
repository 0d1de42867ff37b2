from datetime import date
from pathlib import Path

import pytest

from multipolar.read import ReadError, iter_paths, read_document, read_paths, read_text


def test_markdown_front_matter_gives_title_and_date(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text("---\ntitle: Talks in Ankara\ndate: 2020-01-08\n---\n# Heading\nTurkey **met** Russia.\n")
    doc = read_document(f)
    assert doc.title == "Talks in Ankara"
    assert doc.date == date(2020, 1, 8)
    assert "Turkey met Russia." in doc.text
    assert "**" not in doc.text and "---" not in doc.text


def test_plain_text_header_lines(tmp_path: Path) -> None:
    f = tmp_path / "b.txt"
    f.write_text("Title: A wire story\nDate: 2019-11-27\n\nLibya signed a memorandum.\n")
    doc = read_document(f)
    assert (doc.title, doc.date) == ("A wire story", date(2019, 11, 27))
    assert doc.text.startswith("Libya signed")


def test_plain_text_without_header_is_kept_whole() -> None:
    body, meta = read_text("Title of nothing\nEgypt condemned the deal.\n", ".txt")
    assert meta == {} and body.startswith("Title of nothing")


def test_html_drops_scripts_and_keeps_paragraphs() -> None:
    raw = (
        "<html><head><title>Berlin</title><meta name='date' content='2020-01-19T10:00'>"
        "<style>p{}</style></head><body><script>alert(1)</script><p>Merkel hosted &amp; talked.</p>"
        "<p>Second.</p></body></html>"
    )
    body, meta = read_text(raw, ".html")
    assert meta["title"] == "Berlin" and meta["date"].startswith("2020-01-19")
    assert "alert" not in body and "p{}" not in body
    assert "Merkel hosted & talked." in body and "Second." in body


def test_default_date_applies_only_when_text_has_none(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("Russia deployed troops.")
    (tmp_path / "y.md").write_text("---\ndate: 2021-05-01\n---\nChina warned Taiwan.")
    docs = {Path(d.path).name: d for d in read_paths([tmp_path], default_date=date(2019, 1, 1))}
    assert docs["x.txt"].date == date(2019, 1, 1)
    assert docs["y.md"].date == date(2021, 5, 1)


def test_same_text_same_id(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("Iran and Iraq signed a deal.")
    (tmp_path / "two.txt").write_text("Iran and Iraq signed a deal.")
    a, b = read_paths([tmp_path])
    assert a.id == b.id


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00" * 50, "binary"),
    ],
)
def test_bad_files_raise_clear_errors(tmp_path: Path, content: bytes, reason: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(ReadError, match=reason):
        read_document(f)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        read_document(tmp_path / "nope.txt")


def test_huge_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multipolar.read.readers as readers

    monkeypatch.setattr(readers, "MAX_BYTES", 100)
    f = tmp_path / "big.txt"
    f.write_text("x" * 1000)
    with pytest.raises(ReadError, match="larger than"):
        read_document(f)


def test_legacy_encodings_are_decoded(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes("Ankara’s café diplomacy".encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes("Moscow’s envoy".encode("utf-16"))
    texts = sorted(d.text.strip() for d in read_paths([tmp_path]))
    assert texts == ["Ankara's café diplomacy", "Moscow's envoy"]  # apostrophes normalised


def test_folders_are_walked_recursively_and_errors_collected(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("Qatar mediated.")
    (tmp_path / "b.html").write_text("<p>Oman hosted talks.</p>")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    errors: list[str] = []
    docs = list(read_paths([tmp_path], errors=errors))
    assert sorted(Path(d.path).name for d in docs) == ["a.md", "b.html"]
    assert len(errors) == 1 and "c.txt" in errors[0]
    assert [p.name for p in iter_paths([tmp_path])] == ["b.html", "c.txt", "a.md"]


def test_hard_wrapped_lines_are_joined_and_paragraphs_kept() -> None:
    raw = "Turkey sent drones\nto the GNA in\nDecember.\n\nGreece protested.\n"
    body, _ = read_text(raw)
    assert body == "Turkey sent drones to the GNA in December.\n\nGreece protested.\n"


def test_paragraph_break_inside_a_sentence_is_joined() -> None:
    body, _ = read_text("Russia deployed mercenaries and regular\n\npersonnel in support of the offensive.\n")
    assert body == "Russia deployed mercenaries and regular personnel in support of the offensive.\n"


def test_paragraph_break_after_a_sentence_is_kept() -> None:
    body, _ = read_text("Egypt objected.\n\nit was late.\n")
    assert body == "Egypt objected.\n\nit was late.\n"


def test_leading_headline_becomes_title_and_its_own_paragraph() -> None:
    body, meta = read_text(
        "Ankara Signs Two Deals\nWith Tripoli\nTurkey and the GNA signed two memorandums.\n"
    )
    assert meta["title"] == "Ankara Signs Two Deals With Tripoli"
    assert body.startswith("Ankara Signs Two Deals With Tripoli\n\nTurkey and the GNA signed")


def test_no_headline_when_first_line_is_prose() -> None:
    body, meta = read_text("Turkey signed two memorandums\nwith the GNA.\n")
    assert "title" not in meta and body == "Turkey signed two memorandums with the GNA.\n"


def test_document_date_inferred_from_the_text_when_none_given(tmp_path: Path) -> None:
    from multipolar.read.readers import infer_date

    # the latest date written with its month and year; a year alone ("in 2021") never dates a text
    text = "Talks began in March 2018. The ceasefire of 23 October 2020 held. Fighting resumed in 2021?"
    assert infer_date(text) == date(2020, 10, 23)
    assert infer_date("No dates at all, only 1500 troops.") is None
    assert infer_date("Since the 2011 uprising the country has been split in 2014.") is None
    assert infer_date("talks planned for March 2026", today=date(2026, 1, 1)) == date(2026, 1, 1)
    f = tmp_path / "x.txt"
    f.write_text("In September 2019 the offensive stalled.")
    assert read_document(f).date == date(2019, 9, 30)
    assert read_document(f, default_date=date(2019, 10, 2)).date == date(2019, 10, 2)


def test_paragraph_breaks_are_sentence_boundaries() -> None:
    from multipolar.nlp import load_nlp

    doc = load_nlp()("Egypt Warns Ankara\n\nCairo warned Turkey on Monday.")
    assert [s.text.strip() for s in doc.sents] == ["Egypt Warns Ankara", "Cairo warned Turkey on Monday."]


def test_typographic_quotes_become_straight_one_for_one() -> None:
    raw = "Haftar’s offensive on Tripoli “failed”, Ankara’s envoy said.\n"
    body, _ = read_text(raw)
    assert body == "Haftar's offensive on Tripoli \"failed\", Ankara's envoy said.\n"
    assert len(body) == len(raw)
