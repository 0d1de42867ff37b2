"""Plain renderings of row lists: CSV and Rich tables (JSON is printed as-is)."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def to_csv(rows: Sequence[dict], columns: Sequence[str] | None = None) -> str:
    columns = list(columns or (rows[0].keys() if rows else []))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return buffer.getvalue()


def render(
    rows: Sequence[dict],
    fmt: str,
    *,
    console: Console | None = None,
    title: str = "",
    columns: Sequence[str] | None = None,
) -> None:
    if fmt == "csv":
        sys.stdout.write(to_csv(rows, columns))
        return
    console = console or Console()
    if not rows:
        console.print(f"{title or 'rows'}: none")
        return
    columns = list(columns or rows[0].keys())
    table = Table(title=title or None, show_lines=False, header_style="bold")
    for column in columns:
        # Short values (codes, ids, dates, counts) keep their width; free text wraps.
        widest = max((len(_cell(row.get(column))) for row in rows), default=0)
        table.add_column(column, overflow="fold", min_width=min(max(len(column), widest), 12))
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
    console.print(table)
