"""Incidents: the reports of one act, linked, so that the analysis counts acts, not print runs.

A news corpus reports one act many times: every outlet covers a deployment, a wire story is
reprinted by dozens of papers, an analysis retells last month's events, and one text may name the
same act in its headline and again in its body. Each report is an event; an **incident** is the
set of events that report one act. Events are grouped into incidents by these rules (their
parameters are :class:`IncidentRules`; definitions and the data behind the defaults:
``docs/incidents.md``):

* **the same doer and target**, once a state's military units are folded into the state
  (:func:`multipolar.analyse.units.unit_parents`; the resolver has already mapped every alias,
  capital and leader to its actor id). Direction counts: Iran striking Israel and Israel striking
  Iran are two acts.
* **the same PLOVER type, or compatible ones** (``compatible``): one deal is "agreed" (AGREE) in
  one report and "signed" (SUPPORT) in another. Compatible types have the same quad class, so an
  attack and a ceasefire of the same pair never link.
* **time**: the coder dates an act by the text ("on 27 November") and otherwise by its document's
  date; a *stated* date is one that differs from the document's date. Each report is placed on a
  day: its stated act day, else its document's date. Within a pair and type group, reports fall
  into windows of days: the earliest report opens one that takes every report of the following
  ``window_days`` days (time zones; the next day's paper), and the first report after that opens
  the next. So reports of one act a day apart stay together, two acts a few days apart stay
  apart, and a pair in the news every day counts an act every few days, not one act forever (a
  window never grows by chaining). A stated date vaguer than a day ("in November", "since 2013")
  groups only with the same stated date: it could be any act of that month; an interval up to the
  report ("since April") is an ongoing act, the same whenever it is reported. Undated reports (no
  date at all) group only within their document.
* **place and object**: within a window, reports that give different theatres (neither inside the
  other: ``places``) or, for the types whose PLOVER mode names what was given or done
  (``object_types``: military or humanitarian aid, expelling or cutting ties ...), different
  modes, report different acts; a report that gives neither joins the first act of its window.

Every step is a function of the set of reports (windows open at the earliest report; acts within a
window are taken in store order), so incidents do not depend on the order in which documents
arrive, and a rerun gives the same incidents. Linking a new document reads only the stored reports
it can change (:mod:`.incidents_link`). An incident's id is derived from its first report (by
document date, document, offset, event id), so the same reports always give the same id.

Counting: :func:`acts` keeps one event per incident -- its **strongest report**, the one the
network weighs most (modality and quad; the first in store order among equals), dated by the
earliest date any of its reports gives -- so every analysis of events (network, blocs, brokers,
timelines, rivalries) weighs each act once: ``build_network(acts(events, links))``. The SQL path
(:mod:`multipolar.analyse.sql`) does the same in the store. An incident's own modality combines its
reports' (:func:`combined_modality`: asserted if any report asserts it, negated only if all deny it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from multipolar.analyse.network import QUAD_WEIGHTS, default_modality_weights, event_weight
from multipolar.document import Event
from multipolar.store.incidents import OUTLET_KEYS

COUNTS = ("incidents", "reports")
"""What the analysis counts: each act once (``incidents``, the default) or every report."""


@dataclass(frozen=True)
class IncidentRules:
    """When two events report one act (see the module documentation); the defaults and the data
    that chose them are in ``docs/incidents.md``."""

    window_days: int = 2
    """A window takes the reports of its first day and of this many days after it."""
    compatible: tuple[frozenset[str], ...] = (frozenset({"AGREE", "SUPPORT"}),)
    """Groups of PLOVER types that may code one act (each group within one quad class)."""
    places: bool = True
    """Require the theatres to agree when both reports give one."""
    object_types: frozenset[str] = field(
        default_factory=lambda: frozenset({"AID", "SANCTION", "RETREAT", "COERCE", "THREATEN", "PROTEST"})
    )
    """Types whose PLOVER mode names the object of the act; two reports that both give one must agree."""

    def __post_init__(self) -> None:
        if self.window_days < 0:
            raise ValueError("an incident window is a number of days, 0 or more")
        seen: set[str] = set()
        for group in self.compatible:
            if seen & group:
                raise ValueError(f"type(s) {', '.join(sorted(seen & group))} in two compatible groups")
            seen |= group

    def kind(self, type_: str) -> str:
        """The name of *type_*'s group of compatible types (``AGREE+SUPPORT``), else the type."""
        for group in self.compatible:
            if type_ in group:
                return "+".join(sorted(group))
        return type_

    def kinds(self) -> dict[str, str]:
        """``type -> group name`` for every type in a compatible group."""
        return {t: "+".join(sorted(group)) for group in self.compatible for t in sorted(group)}


DEFAULT_RULES = IncidentRules()


def combined_modality(modalities: Iterable[str], weights: Mapping[str, float] | None = None) -> str:
    """The modality of an act from its reports': the one the network weighs most (asserted if any
    report asserts it; negated only if every report denies it; else reported, future, hedged)."""
    table = weights if weights is not None else default_modality_weights()
    ranked = sorted(set(modalities), key=lambda m: (-table.get(m, 1.0), m))
    if not ranked:
        raise ValueError("an incident has at least one report")
    return ranked[0]


def acts(
    events: Sequence[Event],
    incident_of: Mapping[str, str],
    *,
    quad_weights: Mapping[str, float] = QUAD_WEIGHTS,
    modality_weights: Mapping[str, float] | None = None,
) -> list[Event]:
    """One event per incident of *events*: its strongest report, dated by the earliest date any of
    its reports (among *events*) gives it, in the order of *events*.

    Parameters
    ----------
    events : sequence of Event
        Reports, some of them of the same act.
    incident_of : Mapping[str, str]
        Event id -> incident id (:func:`multipolar.store.incidents.incident_of`); an event it does
        not list is an act of its own.
    quad_weights, modality_weights
        As for :func:`~multipolar.analyse.network.event_weight`.

    Returns
    -------
    list of Event
        The strongest report of each incident: the one of largest ``|event_weight|`` (quad and
        modality; joint acts are shared out afterwards, among the acts, as for events), the first
        among equals.

    Examples
    --------
    >>> from multipolar.store import open_store
    >>> from multipolar.store.incidents import incident_of
    >>> store = open_store("multipolar-demo/demo.duckdb")  # made by `multipolar demo`
    >>> reports = store.events()
    >>> once = acts(reports, incident_of(store, [e.id for e in reports]))
    >>> 0 < len(once) <= len(reports)
    True
    >>> store.close()
    """
    modalities = modality_weights if modality_weights is not None else default_modality_weights()
    groups: dict[str, list[int]] = {}
    for i, event in enumerate(events):
        groups.setdefault(incident_of.get(event.id, event.id), []).append(i)
    chosen: list[tuple[int, Event]] = []
    for members in groups.values():
        best = min(
            members,
            key=lambda i: (
                -abs(event_weight(events[i], quad_weights=quad_weights, modality_weights=modalities)),
                i,
            ),
        )
        days = [events[i].date for i in members if events[i].date]
        first = min(days) if days else None
        event = events[best]
        chosen.append((best, event if event.date == first else replace(event, date=first)))
    return [event for _, event in sorted(chosen, key=lambda pair: pair[0])]


_DOMAIN = re.compile(r"^[a-z][a-z0-9+.-]*://(?:www\d*\.)?([^/:?#@]+)", re.IGNORECASE)


def outlet_of(meta: Mapping[str, Any] | None) -> str | None:
    """Who published a document: its ``meta`` outlet (:data:`OUTLET_KEYS`), else the domain of its
    URL (``bbc.com``)."""
    if not meta:
        return None
    for key in OUTLET_KEYS:
        outlet = str(meta.get(key) or "").strip()
        if outlet:
            return outlet
    match = _DOMAIN.match(str(meta.get("url") or "").strip())
    return match.group(1).lower() if match else None
