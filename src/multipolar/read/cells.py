"""What a value from a news dump or a notebook holds as text: one rule for every way in.

A text column of a JSON lines, CSV or Parquet file, and each item given to
:func:`multipolar.extract`, may hold anything its producer put there. :func:`text_of` says what
text a value is, or why it is none:

* a string is the text;
* a list of strings (paragraphs, as several news APIs export an article) is the text of its
  items joined by blank lines;
* bytes (a Parquet ``binary`` column) are decoded as a file is: UTF-8, UTF-16 with a byte order
  mark, else Windows-1252, and refused when they look binary;
* anything else (a number, a boolean, NaN, a date, a nested object) is no text: the row or item is
  skipped with the reason, never stored as Python's printout of it.

Text can also hold what no file can: lone UTF-16 surrogates (a JSON ``"\\ud800"`` escape, a string
cut in the middle of an emoji). :func:`valid_unicode` replaces each with U+FFFD and counts them, so
that hashing, storing and printing never fail on them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from numbers import Number
from typing import Any

from multipolar.read.readers import ReadError, decode

REPLACEMENT = "\ufffd"
REPLACED = "replaced_characters"  # the meta key that counts the lone surrogates replaced in a text


class NotText(ValueError):
    """A value that holds no text; the message says what it is instead."""


def text_of(value: Any, name: str = "text") -> str:
    """The text *value* holds (see the module documentation); ``""`` for ``None``. Raises
    :class:`NotText` with the reason for a value that is no text."""
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, bytes | bytearray | memoryview):
        try:
            return decode(bytes(value), name)
        except ReadError as exc:
            kind = "binary data" if "binary" in str(exc) else "bytes in no encoding we read"
            raise NotText(f"{kind}, not a text") from None
    if isinstance(value, list | tuple):
        odd = next((part for part in value if part is not None and not isinstance(part, str | bytes)), None)
        if odd is not None:
            raise NotText(
                f"a list holding {_what(odd).removesuffix(', not a text')}, not a list of paragraphs"
            )
        parts = [text_of(part, name).strip() for part in value]
        return "\n\n".join(part for part in parts if part)
    raise NotText(_what(value))


def _what(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({value}), not a text"
    if isinstance(value, float) and math.isnan(value):
        return "NaN (a missing value), not a text"
    if isinstance(value, Number):
        return f"a number ({value!r}), not a text"
    if isinstance(value, date):
        return f"a date ({value.isoformat()}), not a text"
    if isinstance(value, Mapping):
        return "a nested object, not a text"
    return f"a {type(value).__name__}, not a text"


def valid_unicode(text: str) -> tuple[str, int]:
    """*text* with each lone surrogate replaced by U+FFFD (a surrogate pair becomes the character
    it encodes), and how many were replaced."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return text, 0
    fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return fixed, fixed.count(REPLACEMENT) - text.count(REPLACEMENT)
