"""Catalogues of the coder's named rules, registered by name as spaCy registers its components.

The pattern files (``data/patterns/*.yaml``) name the rules they use: the *roles* where an act's
source and target are found (``subject``, ``host``, ``holder`` ...; see :mod:`.roles`) and the
*readings* that recode an act by what is said of it (``operation``, ``force``, ``intent`` ...; see
:mod:`.readings`). Each rule registers its name with a decorator where it is written::

    ROLES = Catalogue("role")

    @ROLES.register("holder")
    def holder(args, tok, kind, **_):
        "The one an agent noun describes: "X is a backer of Y"."
        ...

so a pattern file is checked against the catalogue when it loads (a misspelt name is an error
that names the file and line), the docs list what is there, and dispatch is one dictionary
lookup, never an attribute looked up by a name built from data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Entry(Generic[F]):
    """One registered rule: its name, the function that applies it, and what it is for."""

    name: str
    func: F | None
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def doc(self) -> str:
        """What the rule does, on one line: its declared doc, else its docstring's first paragraph."""
        text = self.info.get("doc") or (self.func.__doc__ if self.func is not None else "") or ""
        return " ".join(text.strip().split("\n\n")[0].split())


class Catalogue(Generic[F]):
    """Rules of one kind (roles, readings), by name."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, Entry[F]] = {}

    def register(self, name: str, **info: Any) -> Callable[[F], F]:
        """Decorator: register the function under *name* (with optional *info*, e.g. a stage)."""

        def add(func: F) -> F:
            self._add(Entry(name, func, dict(info)))
            return func

        return add

    def declare(self, name: str, doc: str, **info: Any) -> None:
        """Register *name* for a rule applied elsewhere (its logic lives where its evidence is)."""
        self._add(Entry(name, None, {"doc": doc, **info}))

    def _add(self, entry: Entry[F]) -> None:
        if entry.name in self._entries:
            raise ValueError(f"{self.kind} {entry.name!r} is registered twice")
        self._entries[entry.name] = entry

    def get(self, name: str) -> Entry[F]:
        try:
            return self._entries[name]
        except KeyError:
            raise KeyError(f"unknown {self.kind} {name!r} (known: {', '.join(self.names())})") from None

    def find(self, name: str) -> F | None:
        """The function registered as *name*, or None (unknown, or applied elsewhere)."""
        entry = self._entries.get(name)
        return entry.func if entry is not None else None

    def names(self) -> list[str]:
        return sorted(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[Entry[F]]:
        return iter(self._entries[n] for n in self.names())

    def __len__(self) -> int:
        return len(self._entries)
