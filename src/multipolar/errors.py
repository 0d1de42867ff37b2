"""The one exception family for problems with the user's input or files, and one-line
descriptions of everything else that can stop a run.

The CLI reports any of these in one line with a non-zero exit, never as a traceback.
:func:`describe` is the single place that turns an exception into that line, so a full disk, a
database held by another process or a damaged file read the same from every command.
"""

from __future__ import annotations

import errno
import os
import re


def debugging() -> bool:
    """Whether to show tracebacks: ``--debug`` on the command line or ``MULTIPOLAR_DEBUG=1``."""
    return os.environ.get("MULTIPOLAR_DEBUG", "").strip().lower() not in ("", "0", "false", "no")


class MultipolarError(Exception):
    """Bad input, an unreadable file, a broken store: something the user can fix."""


class Interrupted(MultipolarError):
    """The run was stopped by the user (Ctrl-C); what was stored before stays stored."""


# DuckDB reports I/O trouble as text inside its own exception types; these are the phrases
# that tell the causes apart (checked against DuckDB 1.x messages).
_NO_SPACE = re.compile(r"no space left on device|disk is full|out of disk", re.IGNORECASE)
_LOCKED = re.compile(r"could not set lock|conflicting lock", re.IGNORECASE)
_DAMAGED = re.compile(
    r"could not read enough bytes|corrupt|checksum|invalid block|failed to read database header|"
    r"serialization error|unexpected end of file",
    re.IGNORECASE,
)
_FOREIGN = re.compile(r'extension "(sqlite|sqlite_scanner|postgres|mysql)"', re.IGNORECASE)
_PARQUET = re.compile(
    r"no magic bytes found|too small to be a parquet|not a parquet file|invalid parquet", re.IGNORECASE
)
_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")
_QUOTED_FILE = re.compile(r"""file ["']([^"']+)["']""", re.IGNORECASE)


def first_line(exc: BaseException | str) -> str:
    """The first non-empty line of an exception's message (or its type name when it has none)."""
    text = str(exc).strip()
    if not text:
        return type(exc).__name__ if isinstance(exc, BaseException) else ""
    return text.splitlines()[0].strip()


def is_duckdb_error(exc: BaseException) -> bool:
    """True for DuckDB's own exception types (without importing DuckDB)."""
    return any(cls.__module__.lstrip("_") == "duckdb" for cls in type(exc).__mro__)


def database_problem(exc: BaseException) -> str | None:
    """What a DuckDB error says about the database file, in words: ``None`` when it is not
    one of the environmental causes (full disk, lock held elsewhere, damaged file)."""
    message = str(exc)
    if _NO_SPACE.search(message):
        return "no space left on device"
    if _LOCKED.search(message):
        holder = _LOCK_HOLDER.search(message)
        by = f" (PID {holder.group(1)})" if holder else ""
        return f"database is in use by another process{by}; close it and try again"
    if _DAMAGED.search(message):
        return "the database file is truncated or damaged"
    if _PARQUET.search(message):
        return "a damaged or foreign Parquet file"
    if foreign := _FOREIGN.search(message):
        kind = {"sqlite": "SQLite", "sqlite_scanner": "SQLite", "postgres": "PostgreSQL", "mysql": "MySQL"}
        return f"a {kind[foreign.group(1).lower()]} database, not a DuckDB one"
    return None


def is_interrupt(exc: BaseException) -> bool:
    """Ctrl-C, however it surfaced: Python's KeyboardInterrupt, or DuckDB stopping the query it
    was running (an ``InterruptException``, or a ``RuntimeError("Query interrupted")``)."""
    if isinstance(exc, KeyboardInterrupt | Interrupted) or type(exc).__name__ == "InterruptException":
        return True
    return isinstance(exc, RuntimeError) and first_line(exc).lower() == "query interrupted"


def describe(exc: BaseException) -> str:
    """One line for the user saying what stopped the run (no traceback, no chained causes).

    Our own errors carry their message; a full disk, a permission problem or a missing file is
    named by its cause and path; a DuckDB error by what it says about the database file; any
    other exception by its type and the first line of its message.
    """
    if is_interrupt(exc):
        return "interrupted"
    if isinstance(exc, MultipolarError):
        return str(exc).strip() or type(exc).__name__
    if isinstance(exc, OSError):
        return _os_error(exc)
    if is_duckdb_error(exc):
        problem = database_problem(exc)
        if problem is None:
            return f"database error: {first_line(exc)}"
        where = _QUOTED_FILE.search(str(exc))
        return f"{where.group(1)}: {problem}" if where else problem
    if isinstance(exc, MemoryError):
        return "out of memory"
    return f"{type(exc).__name__}: {first_line(exc)}"


def _os_error(exc: OSError) -> str:
    reason = {errno.ENOSPC: "no space left on device", errno.EDQUOT: "disk quota exceeded"}.get(
        exc.errno or 0, exc.strerror or first_line(exc)
    )
    where = exc.filename if exc.filename is not None else None
    return f"{where}: {reason}" if where else reason
