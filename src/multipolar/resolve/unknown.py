"""Provisional actors after coding: which to keep, and the line that registers one for good."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable

from multipolar.resolve.entries import PROVISIONAL_PREFIX, Actor
from multipolar.resolve.registry import Registry

# --- after coding: keep the actors that act ---------------------------------------------------------


def keep_acting(document) -> None:  # noqa: ANN001 - a multipolar.document.Document
    """Keep the provisional actors that take part in an event of *document* (as source, target or
    speaker); drop the others and their mentions. Registry actors are untouched."""
    acting = {a for e in document.events for a in (e.source, e.target, e.speaker) if a}
    dropped = {a for a in document.provisional if a not in acting}
    document.provisional = {a: actor for a, actor in document.provisional.items() if a in acting}
    document.mentions = [m for m in document.mentions if m.actor not in dropped]


# --- registering a provisional actor -----------------------------------------------------------------


def proposed_id(actor: Actor, registry: Registry) -> str:
    """A registry id for a provisional actor: its country's code and its normalised name or acronym
    (``ETH-TPLF``), made unique against *registry*."""
    base = actor.id[len(PROVISIONAL_PREFIX) :]
    if actor.country and not base.startswith(actor.country + "-"):
        base = f"{actor.country}-{base}"
    candidate, n = base, 2
    while candidate in registry:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def add_command(actor: Actor, registry: Registry, forms: Iterable[str] = ()) -> str:
    """The ``multipolar actors add`` line that registers *actor* under its proposed id, with its name,
    type (``armed_group`` when the text did not say), country and every form the texts used."""
    args = ["multipolar", "actors", "add", proposed_id(actor, registry)]
    args += ["--type", actor.type or "armed_group", "--name", actor.name]
    if actor.country:
        args += ["--country", actor.country]
    for alias in dict.fromkeys((actor.name, *actor.aliases, *forms)):
        if alias:
            args += ["--alias", alias]
    return " ".join(_quote(a) for a in args)


def _quote(arg: str) -> str:
    """Shell quoting that stays readable: double quotes unless the text needs single ones."""
    if re.fullmatch(r"[A-Za-z0-9_./:-]+", arg):
        return arg
    if not re.search(r'["$`\\!]', arg):
        return f'"{arg}"'
    return shlex.quote(arg)
