"""Tabular corpora: news dumps with one article per row (JSON lines, CSV, Parquet; gzipped or not).

Rows are read as a stream (a line, a CSV record or a Parquet record batch at a time), so memory
does not grow with the file. Each row becomes a :class:`~multipolar.document.Document`:

* its text from the text column, its date from the date column (an ISO date or timestamp), its
  title from the title column; the document id is the hash of the text, as for files;
* every other column (the source's own id, url, outlet, language ...) is kept in
  ``Document.meta`` as given;
* ``Document.path`` is ``FILE#ROW`` (1-based rows: the line of a JSON lines file, the record
  after the header of a CSV, the record of a Parquet file), so any result leads back to its row.

A row with no text, an unparseable date or broken JSON is reported with its file and row number
and skipped; the rest of the file is read. Column names are configurable (:class:`Columns`);
by default the first of a few common names that the file has is used.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from multipolar.document import Document
from multipolar.read.cells import REPLACED, NotText, text_of, valid_unicode
from multipolar.read.readers import (
    ReadError,
    infer_date,
    max_bytes,
    normalise_typography,
    parse_date,
    too_large,
)
from multipolar.validate import DayError, plausible_day

TABLE_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".csv", ".csv.gz", ".parquet")
PARQUET_BATCH = 1024

# Defaults: the first of these that a file has.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext"),
    "date": ("date", "published", "published_at", "publish_date", "pub_date", "date_publish", "timestamp"),
    "id": ("id", "article_id", "doc_id", "uid", "guid"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
}


@dataclass(frozen=True)
class Columns:
    """Which column holds what; ``None`` means the first default name (:data:`DEFAULT_COLUMNS`)
    that the file has. The id and url columns are kept in ``meta`` under ``id`` and ``url``."""

    text: str | None = None
    date: str | None = None
    id: str | None = None
    title: str | None = None
    url: str | None = None

    def resolve(self, names: list[str]) -> dict[str, str | None]:
        """``role -> column`` for a file with these column *names* (``None``: no such column)."""
        present = {n.lower(): n for n in names}
        chosen: dict[str, str | None] = {}
        for role, defaults in DEFAULT_COLUMNS.items():
            given = getattr(self, role)
            if given is not None:
                chosen[role] = given if given in names else present.get(given.lower())
            else:
                chosen[role] = next((present[d] for d in defaults if d in present), None)
        return chosen


class RowError(ValueError):
    """One bad row; the message says why (the caller adds the file and row number)."""


def is_table(path: Path) -> bool:
    return path.name.lower().endswith(TABLE_SUFFIXES)


def _json_value(value: Any) -> Any:
    """A value as JSON can hold it (dates as ISO text, bytes decoded, anything else unknown as text)."""
    if isinstance(value, str):
        return valid_unicode(value)[0]
    if value is None or isinstance(value, int | float | bool):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        try:
            return text_of(value)
        except NotText:
            return bytes(value).hex()
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {valid_unicode(str(k))[0]: _json_value(v) for k, v in value.items()}
    return valid_unicode(str(value))[0]


def _title(value: Any) -> str:
    """A title cell as text (a value that holds none gives no title)."""
    try:
        return text_of(value).strip()
    except NotText:
        return ""


def _day(value: Any) -> date | None:
    """The date of a date cell; ``None`` for an empty one; :class:`RowError` if unparseable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        try:
            return plausible_day(value)
        except DayError as exc:
            raise RowError(f"date {exc}") from None
    try:
        day = parse_date(str(value))
    except ReadError as exc:  # a day that does not exist, or an implausible one
        raise RowError(str(exc)) from None
    if day is None:
        raise RowError(f"unparseable date {str(value)[:40]!r}")
    return day


def row_document(
    row: Mapping[str, Any],
    columns: Mapping[str, str | None],
    where: str,
    default_date: date | None = None,
) -> Document:
    """The document of one row (see the module documentation); :class:`RowError` if it has none."""
    text_column = columns["text"]
    if text_column is None:
        raise RowError("no text column")
    try:
        raw = text_of(row.get(text_column))
    except NotText as exc:
        raise RowError(f"column {text_column!r} holds {exc}") from None
    text, replaced = valid_unicode(normalise_typography(raw.replace("\r\n", "\n")))
    if not text.strip():
        raise RowError(f"no text (column {text_column!r} is empty)")
    if (size := len(text.encode("utf-8"))) > max_bytes():
        raise RowError(too_large("a text", size))
    day = _day(row.get(columns["date"])) if columns["date"] else None
    title, replaced_in_title = valid_unicode(_title(row.get(columns["title"])) if columns["title"] else "")
    used = {columns["text"], columns["date"], columns["title"]}
    meta = {
        ("id" if key == columns["id"] else "url" if key == columns["url"] else key): _json_value(value)
        for key, value in row.items()
        if key not in used and value is not None and value != ""
    }
    if replaced + replaced_in_title:
        meta[REPLACED] = replaced + replaced_in_title
    return Document(
        text=text,
        path=where,
        title=" ".join(title.split()),
        date=day or default_date or infer_date(text),
        meta=meta,
    )


class _BrokenOff(Exception):
    """A compressed file ends before its data does; the rows before the break were read."""


class _UntilBroken(io.RawIOBase):
    """A decompressing stream that ends where its data breaks off, instead of raising there.

    The rows read before the break are kept: :func:`_whole_rows` drops the one the break cut
    through and then raises :class:`_BrokenOff` with the reason."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.error: BaseException | None = None
        self.ends_a_line = True  # whether the data so far ends with a newline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.error is not None:
            return 0
        try:
            data = self.source.read1(len(buffer))  # what is there: read() would lose it at a break
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            self.error = exc
            return 0
        if data:
            self.ends_a_line = data.endswith(b"\n")
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.source.close()
        super().close()


def _open_binary(path: Path) -> IO[bytes]:
    raw = path.open("rb")
    if not path.name.lower().endswith(".gz"):
        return raw
    return io.BufferedReader(_UntilBroken(gzip.GzipFile(fileobj=raw)))  # type: ignore[return-value]


def _whole_rows(stream: IO[bytes], rows: Iterator[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
    """*rows* read from *stream*; if the stream broke off, the row it cut through is dropped and
    :class:`_BrokenOff` raised after the rows before it."""
    broken: Any = stream
    while not isinstance(broken, _UntilBroken) and hasattr(broken, "raw"):
        broken = broken.raw
    if not isinstance(broken, _UntilBroken):
        yield from rows
        return
    previous = None
    for row in rows:
        if previous is not None:
            yield previous
        previous = row
    if broken.error is None:
        if previous is not None:
            yield previous
        return
    if previous is not None and broken.ends_a_line and not isinstance(previous[1], _BadRow):
        yield previous  # the break fell between rows
    reason = "not a gzip file" if isinstance(broken.error, gzip.BadGzipFile) else "broken off"
    raise _BrokenOff(f"{reason} ({broken.error})")


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(row number, record)`` pairs of a table file, a bad record as a :class:`_BadRow`; a file
    that breaks off raises :class:`ReadError` (or the decoder's error, which the caller reports)."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        yield from _parquet_records(path)
    elif name.endswith((".csv", ".csv.gz")):
        yield from _csv_records(path)
    else:
        yield from _jsonl_records(path)


@dataclass
class _BadRow:
    reason: str


def _jsonl_records(path: Path) -> Iterator[tuple[int, Any]]:
    with _open_binary(path) as stream:
        yield from _whole_rows(stream, _jsonl_lines(stream))


def _jsonl_lines(stream: IO[bytes]) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except UnicodeDecodeError:
            yield number, _BadRow("not UTF-8 text")
            continue
        except ValueError as exc:
            yield number, _BadRow(f"not valid JSON ({str(exc).split(':')[0]})")
            continue
        yield number, record if isinstance(record, dict) else _BadRow("not a JSON object")


# How much of a CSV file decides its encoding.
_SNIFF_BYTES = 1 << 20


def _csv_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) when the file's start is UTF-8, else Windows-1252 (legacy
    spreadsheet exports), as for text files (:func:`~multipolar.read.readers.decode`). A start
    cut inside a character still counts as UTF-8."""
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _csv_records(path: Path) -> Iterator[tuple[int, Any]]:
    csv.field_size_limit(4 * max_bytes())  # characters: a cell over the limit in bytes is refused by name
    with _open_binary(path) as opened:
        raw = io.BufferedReader(opened, _SNIFF_BYTES)  # type: ignore[arg-type]
        encoding = _csv_encoding(raw.peek(_SNIFF_BYTES)[:_SNIFF_BYTES])
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        yield from _whole_rows(raw, _csv_rows(csv.DictReader(text)))


def _csv_rows(reader: csv.DictReader[str]) -> Iterator[tuple[int, Any]]:
    number = 0
    while True:
        number += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield number, _BadRow(f"broken CSV ({exc})")
            continue
        if None in record:  # more cells than the header has columns
            yield number, _BadRow("more cells than the header has columns")
            continue
        yield number, record


def _parquet_records(path: Path) -> Iterator[tuple[int, Any]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise ReadError(f"{path}: not a readable Parquet file ({exc})") from None
    number = 0
    try:
        for batch in table.iter_batches(batch_size=PARQUET_BATCH):
            for record in batch.to_pylist():
                number += 1
                yield number, record
    except pa.ArrowException as exc:
        raise ReadError(f"{path}: after row {number}: broken Parquet ({exc}); the rest is skipped") from None


def read_rows(
    path: Path,
    *,
    columns: Columns | None = None,
    default_date: date | None = None,
    errors: list[str] | None = None,
) -> Iterator[Document]:
    """The documents of a table file, streaming; bad rows go to *errors* as ``FILE row N: reason``
    (or are raised when *errors* is None). A file that cannot be read at all raises ReadError."""
    columns = columns or Columns()
    chosen: dict[str, str | None] | None = None
    known: set[str] = set()
    number = 0
    try:
        for number, record in _records(path):
            try:
                if isinstance(record, _BadRow):
                    raise RowError(record.reason)
                if chosen is None or set(record) != known:  # rows of a dump need not share keys
                    known, chosen = set(record), columns.resolve(list(record))
                yield row_document(record, chosen, f"{path}#{number}", default_date)
            except RowError as exc:
                message = f"{path} row {number}: {exc}"
                if errors is None:
                    raise ReadError(message) from None
                errors.append(message)
    except (_BrokenOff, EOFError, zlib.error, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else str(exc)
        if isinstance(exc, EOFError | zlib.error | gzip.BadGzipFile):
            reason = f"broken off ({exc})"
        raise ReadError(f"{path}: after row {number}: {reason}; the rest of the file is skipped") from None
    except OSError as exc:
        raise ReadError(f"{path}: cannot read ({exc.strerror or exc})") from None


def count_rows(path: Path) -> int | None:
    """The number of rows of a Parquet file from its footer; ``None`` for the other formats
    (counting them would mean reading them twice)."""
    if not path.name.lower().endswith(".parquet"):
        return None
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path).metadata.num_rows
    except Exception:
        return None
