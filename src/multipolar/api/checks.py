"""The Python API's arguments, checked as the command line checks its options.

A value of the wrong kind is a ``TypeError``, a value of the right kind out of its range a
``ValueError`` (:class:`~multipolar.api.selection.QueryError`); each names the argument, what it
got and what it accepts, so a notebook learns at once what a command would have refused.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from numbers import Integral
from typing import Any

from multipolar.api.selection import QueryError

MAX_BLOCS = 8  # as the commands' --blocs


def describe(value: Any) -> str:
    """A value as an error names it: its type and the start of its repr."""
    text = repr(value)
    return f"{type(value).__name__} {text[:40] + '...' if len(text) > 40 else text}"


def count(
    value: Any, name: str, *, minimum: int = 1, maximum: int | None = None, optional: bool = True
) -> int | None:
    """*value* as a whole number from *minimum* (to *maximum*); ``None`` (all) when *optional*."""
    accepted = f"a whole number >= {minimum}" + (f" and <= {maximum}" if maximum is not None else "")
    accepted += " or None (all)" if optional else ""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name}: expected {accepted}, got {describe(value)}")
    if value < minimum or (maximum is not None and value > maximum):
        raise QueryError(f"{name}={value}: expected {accepted}")
    return int(value)


def blocs(k: Any) -> int:
    """The number of camps per component, as ``--blocs``: 1 to :data:`MAX_BLOCS`."""
    return count(k, "k", maximum=MAX_BLOCS, optional=False)  # type: ignore[return-value]


def text_or_none(value: Any, name: str) -> str | None:
    """A text argument that may be left out (an actor id, a PLOVER type ...)."""
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"{name}: expected a str or None, got {describe(value)}")


def texts(value: Any, name: str) -> str | list[str] | None:
    """One text, or several (any iterable of str but a mapping), or None."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Mapping | bytes) or not isinstance(value, Iterable):
        raise TypeError(f"{name}: expected a str, a list of str or None, got {describe(value)}")
    found = list(value)
    for index, item in enumerate(found):
        if not isinstance(item, str):
            raise TypeError(f"{name}[{index}]: expected a str, got {describe(item)}")
    return found


def flag(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name}: expected True or False, got {describe(value)}")
    return value


def path(value: Any, name: str) -> str | os.PathLike[str]:
    """One path: a non-empty str or an ``os.PathLike``."""
    if not isinstance(value, str | os.PathLike):
        raise TypeError(f"{name}: expected a path (str or os.PathLike), got {describe(value)}")
    return path_or_paths(value, name)[0]


def path_or_paths(value: Any, name: str) -> list[str | os.PathLike[str]]:
    """One path (str or ``os.PathLike``) or several; an empty string is no path."""
    items = [value] if isinstance(value, str | os.PathLike) else value
    if isinstance(items, Mapping | bytes) or not isinstance(items, Iterable):
        accepted = "a path (str or os.PathLike) or a list of them"
        raise TypeError(f"{name}: expected {accepted}, got {describe(value)}")
    found = list(items)
    for index, item in enumerate(found):
        where = name if items is not value else f"{name}[{index}]"
        if not isinstance(item, str | os.PathLike):
            raise TypeError(f"{where}: expected a path (str or os.PathLike), got {describe(item)}")
        if not os.fspath(item).strip():
            raise QueryError(f"{where}: an empty path")
    return found
