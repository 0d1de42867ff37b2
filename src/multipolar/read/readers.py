"""Readers for plain text, Markdown and HTML, chosen by file suffix.

A reader turns raw text into ``(body, metadata)``. Metadata keys are ``title`` and ``date``;
Markdown takes them from YAML front matter, plain text from leading ``Title:``/``Date:``
header lines, HTML from ``<title>`` and ``<meta>`` tags. Add a format by adding a function
to :data:`READERS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import yaml

from multipolar.document import Document
from multipolar.errors import MultipolarError
from multipolar.read.dating import guess_date
from multipolar.validate import DayError, plausible_day

MAX_BYTES = 20 * 1024 * 1024  # far beyond any article; guards against feeding a disk image by mistake

Metadata = dict[str, str]
Reader = Callable[[str], tuple[str, Metadata]]


class ReadError(MultipolarError, ValueError):
    """A file that cannot be read as a document; the message names the file and the reason."""


_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]\s*$")
_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")


# The parser was trained mostly on straight quotes; curly ones make it attach phrases worse
# ("X’s offensive on Y" loses "on Y"). One character for one keeps every offset meaningful.
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalise_typography(text: str) -> str:
    return text.translate(_TYPOGRAPHY)


# A web page's links to other pages ("Related article: ...", "Read more: ..."): not the article.
_LINK_LINE = re.compile(r"^\s*(related articles?|related|read more|read also|also read|see also)\s*:", re.I)


def unwrap(text: str) -> str:
    """Undo hard line wrapping (PDF copies, e-mail, fixed-width wires).

    Lines within a paragraph are joined with a space; a paragraph break that falls inside a
    sentence (the line before has no closing punctuation and the next starts in lower case)
    is joined too. Paragraphs stay separated by a blank line, which the parse treats as a
    sentence boundary. Lines that link to other pages ("Related article: ...") are dropped.
    """
    paragraphs = [
        " ".join(line.strip() for line in p.splitlines() if line.strip() and not _LINK_LINE.match(line))
        for p in _PARAGRAPHS.split(text)
    ]
    merged: list[str] = []
    for paragraph in filter(None, paragraphs):
        if merged and not _SENTENCE_END.search(merged[-1]) and paragraph[0].islower():
            merged[-1] = f"{merged[-1]} {paragraph}"
        else:
            merged.append(paragraph)
    return "\n\n".join(merged) + "\n"


# Words a headline leaves in lower case.
_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "is", "of", "on", "or"]
    + ["the", "to", "vs", "via", "with"]
)


def is_headline(line: str) -> bool:
    """Title case with no closing punctuation: "Russia Is Capitalizing on the West's Gains"."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line)]
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    return len(words) >= 2 and not _SENTENCE_END.search(line) and all(w[0].isupper() for w in content)


def split_headline(raw: str) -> tuple[str, str]:
    """Leading title-case lines of a plain-text file: (headline, rest); headline is '' if none."""
    lines = raw.lstrip().splitlines(keepends=True)
    count = 0
    while count < min(len(lines), 3) and lines[count].strip() and is_headline(lines[count]):
        count += 1
    if count == 0 or count == len(lines):
        return "", raw
    return " ".join(line.strip() for line in lines[:count]), "".join(lines[count:])


# A plain text's header lines: what a news archive or a clipping tool writes above the article.
HEADER_LINE = re.compile(
    r"^(title|date|source|url|outlet|publisher|publication|author|byline|language|section)\s*:\s*(.+?)\s*$",
    re.IGNORECASE,
)


def read_plain(raw: str) -> tuple[str, Metadata]:
    meta: Metadata = {}
    lines = raw.splitlines(keepends=True)
    consumed = 0
    for line in lines:
        match = HEADER_LINE.match(line)
        if not match:
            break
        meta[match.group(1).lower()] = match.group(2)
        consumed += 1
    if meta and consumed < len(lines) and not lines[consumed].strip():
        raw = "".join(lines[consumed + 1 :])
    else:
        meta = {}
    headline, rest = split_headline(raw)
    if headline:
        meta.setdefault("title", headline)
        return unwrap(f"{headline}\n\n{rest}"), meta
    return unwrap(raw), meta


_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_INLINE = re.compile(r"\*\*|__|`")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_ITEM = re.compile(r"^\s{0,3}([-*+]|\d+\.)\s+")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")


def read_markdown(raw: str) -> tuple[str, Metadata]:
    meta: Metadata = {}
    match = _FRONT_MATTER.match(raw)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            raise ReadError(f"front matter is not valid YAML ({exc.__class__.__name__})") from None
        except ValueError as exc:  # a date YAML reads as one but that does not exist: 2019-13-45
            raise ReadError(f"front matter has an impossible value ({exc})") from None
        if isinstance(loaded, dict):
            meta = {str(k).lower(): str(v) for k, v in loaded.items() if v is not None}
        raw = raw[match.end() :]
    lines: list[str] = []
    for line in raw.splitlines():
        line = _MD_QUOTE.sub("", line)
        if heading := _MD_HEADING.match(line):
            meta.setdefault("title", line[heading.end() :].strip())
            lines += ["", line[heading.end() :], ""]  # a heading is a paragraph of its own
        elif item := _MD_ITEM.match(line):
            lines += ["", line[item.end() :]]  # each list item starts a paragraph
        else:
            lines.append(line)
    body = _MD_INLINE.sub("", _MD_LINK.sub(r"\1", "\n".join(lines)))
    return unwrap(body), meta


class _HTMLText(HTMLParser):
    BLOCKS = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "blockquote",
        "header",
        "footer",
        "title",
    }
    SKIP = {"script", "style", "noscript", "template", "svg", "nav"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: Metadata = {}
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            a = {k.lower(): (v or "") for k, v in attrs}
            key = (a.get("name") or a.get("property") or "").lower()
            if key in {"date", "article:published_time", "dc.date", "pubdate"} and a.get("content"):
                self.meta.setdefault("date", a["content"])
            elif key in {"og:title", "title"} and a.get("content"):
                self.meta.setdefault("title", a["content"])
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.meta.setdefault("title", data.strip())
            return
        self.parts.append(data)


def read_html(raw: str) -> tuple[str, Metadata]:
    parser = _HTMLText()
    parser.feed(raw)
    parser.close()
    return unwrap("".join(parser.parts)), parser.meta


READERS: dict[str, Reader] = {
    ".txt": read_plain,
    ".text": read_plain,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
}


def parse_date(value: str | None) -> date | None:
    """An ISO date (or the date part of an ISO timestamp); ``None`` when *value* is not written
    as one. A day that does not exist (2999-02-30) or lies outside the plausible range
    (:func:`multipolar.validate.plausible_day`) is a :class:`ReadError`, never dropped silently."""
    if not value:
        return None
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        day = date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ReadError(f"date {match.group().strip()} is not a real day") from None
    try:
        return plausible_day(day)
    except DayError as exc:
        raise ReadError(f"date {exc}") from None


def infer_date(text: str, today: date | None = None) -> date | None:
    """A document date guessed from the text (:func:`multipolar.read.dating.guess_date`): its
    ``Date:`` line, its dateline, else the latest date it writes with month and year; never a year
    alone. Used only when neither metadata nor ``--date`` gives one."""
    return guess_date(text, today)[0]


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 for legacy Windows text."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(f"{name}: looks like a binary file, not text")
    for encoding in (
        ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",)
    ):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ReadError(f"{name}: not valid UTF-8 or Windows-1252 text") from None
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 8:
        raise ReadError(f"{name}: looks like a binary file, not text")
    return text


def read_text(raw: str, suffix: str = ".txt") -> tuple[str, Metadata]:
    reader = READERS.get(suffix.lower(), read_plain)
    body, meta = reader(raw)
    return normalise_typography(body), meta


def read_document(path: Path, *, default_date: date | None = None) -> Document:
    """Read one file into a Document. Raises :class:`ReadError` with a clear reason."""
    name = str(path)
    if not path.exists():
        raise ReadError(f"{name}: no such file or folder")
    if not path.is_file():
        raise ReadError(f"{name}: not a regular file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReadError(f"{name}: {size / 1e6:.0f} MB is larger than the {MAX_BYTES // 2**20} MiB limit")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{name}: cannot read ({exc.strerror})") from None
    try:
        body, meta = read_text(decode(data, name), path.suffix)
    except ReadError as exc:
        raise ReadError(str(exc) if str(exc).startswith(name) else f"{name}: {exc}") from None
    if not body.strip():
        raise ReadError(f"{name}: empty document")
    title = meta.get("title") or path.stem.replace("_", " ").replace("-", " ")
    try:
        day = parse_date(meta.get("date"))
    except ReadError as exc:
        raise ReadError(f"{name}: {exc}") from None
    return Document(
        text=body,
        path=name,
        title=title.strip(),
        date=day or default_date or infer_date(body),
        meta={k: v for k, v in meta.items() if k not in ("title", "date")},  # outlet, url, author ...
    )
