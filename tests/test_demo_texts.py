"""The bundled demo corpus: every file is a well-formed Markdown document with front matter."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

DEMO = Path(__file__).parents[1] / "src" / "multipolar" / "data" / "demo"
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
FILES = sorted(DEMO.glob("*.md"))


def split(path: Path) -> tuple[dict, str]:
    """Return (front matter, body) of a demo file; fail the test when the front matter is missing."""
    raw = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(raw)
    assert match, f"{path.name}: no YAML front matter"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict), f"{path.name}: front matter is not a mapping"
    return meta, raw[match.end() :]


def test_corpus_has_at_least_six_files() -> None:
    assert len(FILES) >= 6


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_front_matter(path: Path) -> None:
    meta, _ = split(path)
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    # YAML turns an ISO date into a date object; a quoted string must still be ISO 8601.
    value = meta.get("date")
    parsed = value if isinstance(value, date) else date.fromisoformat(str(value))
    assert date(1990, 1, 1) <= parsed <= date.today()
    assert str(meta.get("source", "")).strip()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_body_is_plain_prose_of_demo_length(path: Path) -> None:
    _, body = split(path)
    words = body.split()
    assert 150 <= len(words) <= 600, f"{path.name}: {len(words)} words"
    assert not re.search(r"^\s*#", body, re.MULTILINE), "bodies are prose, not headed sections"
    paragraphs = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
    assert len(paragraphs) >= 3


def test_files_are_numbered_distinct_topics() -> None:
    names = [p.stem for p in FILES]
    assert all(re.fullmatch(r"\d{2}-[a-z0-9-]+", n) for n in names), names
    # Two files on one war in different years (libya-2019, libya-2020) count as one topic.
    topics = {re.sub(r"^\d{2}-|-\d{4}$", "", n) for n in names}
    assert len(topics) >= 6, topics
    titles = [split(p)[0]["title"] for p in FILES]
    assert len(set(titles)) == len(titles)


def test_bodies_do_not_repeat_each_other() -> None:
    """No sentence appears twice across the corpus (each text is written on its own)."""
    seen: dict[str, str] = {}
    for path in FILES:
        for sentence in re.split(r"(?<=[.!?])\s+", split(path)[1]):
            sentence = sentence.strip()
            if len(sentence.split()) < 6:
                continue
            assert sentence not in seen, f"{path.name} repeats a sentence of {seen[sentence]}"
            seen[sentence] = path.name


def test_demo_ships_as_package_data() -> None:
    # pyproject's package-data glob must cover the folder, or the demo would not ship in the wheel.
    pyproject = (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"data/**/*"' in pyproject
