"""Plain renderings of row lists: CSV and Rich tables (JSON is printed as-is).

Text from documents is data, never markup or a formula: every table cell goes to Rich as a
:class:`~rich.text.Text` (so ``[bold]`` or ``[/]`` in a sentence is printed, not interpreted)
with control characters made visible (:func:`printable`: no terminal escape sequence reaches the
terminal), and every CSV cell that a spreadsheet would read as a formula is prefixed with ``'``
(:func:`csv_cell`, as OWASP recommends against CSV injection).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

# C0 and C1 control characters except tab and newline, DEL, and the Unicode bidirectional
# overrides and isolates (they reorder what a terminal shows: "Trojan source" text).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# The first characters that make a spreadsheet evaluate a cell (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number is never a formula, so "-0.5" keeps its value in a spreadsheet.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def printable(text: str) -> str:
    """*text* with each control character shown as ``\\xNN`` / ``\\uNNNN`` instead of sent raw,
    so data cannot move the cursor, recolour or retitle the terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def markup_safe(value: object) -> str:
    """*value* as text to put inside a Rich markup string: brackets escaped, controls visible."""
    return escape(printable(str(value)))


def plain(value: object) -> Text:
    """*value* as a Rich Text that is shown exactly (no markup, no emoji codes, no controls)."""
    return Text(printable(_cell(value)))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def csv_cell(value: object) -> str:
    """A CSV cell's text: a string that starts like a formula (``= + - @``, tab, carriage
    return) gets a leading ``'`` so a spreadsheet shows it as text; numbers stay numbers."""
    text = _cell(value)
    if text.startswith(FORMULA_START) and not (
        isinstance(value, int | float) and not isinstance(value, bool) or _NUMBER.fullmatch(text)
    ):
        return "'" + text
    return text


def csv_rows(rows: Iterable[Sequence[object]]) -> str:
    """Rows of values (the first one the header) as CSV text with every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()


def to_csv(rows: Sequence[dict], columns: Sequence[str] | None = None) -> str:
    columns = list(columns or (rows[0].keys() if rows else []))
    return csv_rows([columns, *([row.get(k) for k in columns] for row in rows)])


def safe_console(*, stderr: bool = False) -> Console:
    """A console that never turns data into emoji (``:flag:``) or colours it by guesswork."""
    return Console(stderr=stderr, soft_wrap=True, emoji=False, highlight=False)


def render(
    rows: Sequence[dict],
    fmt: str,
    *,
    console: Console | None = None,
    title: str = "",
    columns: Sequence[str] | None = None,
) -> None:
    """Print *rows* as CSV (``fmt == "csv"``) or a table; every value is shown as data."""
    if fmt == "csv":
        sys.stdout.write(to_csv(rows, columns))
        return
    console = console or safe_console()
    if not rows:
        console.print(plain(f"{title or 'rows'}: none"))
        return
    columns = list(columns or rows[0].keys())
    table = Table(title=plain(title) if title else None, show_lines=False, header_style="bold")
    for column in columns:
        # Short values (codes, ids, dates, counts) keep their width; free text wraps.
        widest = max((len(_cell(row.get(column))) for row in rows), default=0)
        table.add_column(plain(column), overflow="fold", min_width=min(max(len(column), widest), 12))
    for row in rows:
        table.add_row(*(plain(row.get(c)) for c in columns))
    console.print(table)
