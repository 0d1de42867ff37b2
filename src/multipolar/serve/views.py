"""The app's views (network, blocs and brokers, plain words, timeline, alignment matrix, counts)
and rivalries, computed in the store and kept per snapshot.

A view is the same dict the report draws (:func:`multipolar.show.report_scale.store_view`), so
the two show the same numbers: each act once where the store links incidents (``count``
``incidents``, the default, as ``multipolar report``), else, or with ``count`` ``reports``, every
report. It is computed once per snapshot and selection, in a background
worker: a request waits for it up to a limit and otherwise answers "computing" (HTTP 202) while
the work goes on, so a slow analysis never holds a connection or repeats itself. A new snapshot
gets its default view computed before it is published.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import date
from typing import Any

from multipolar.analyse import fold_units, unit_parents
from multipolar.analyse.incidents import acts
from multipolar.serve.queries import EventQuery, count, tables_of
from multipolar.show.report_scale import RIVALRY_EVENTS, store_view, theatre_counts_in_store, window_events
from multipolar.show.report_theatres import rivalry_section, theatre_options
from multipolar.store import QueryStore
from multipolar.store.incidents import counted, incident_of
from multipolar.theatre import Theatres

MAX_VIEW_TIES = 20_000
"""A view sends at most this many ties (the strongest; the page draws 3,000 of them at rest)."""


class Pending(Exception):  # noqa: N818 - a state, not a failure
    """The result is still being computed; ask again."""


RECOMPUTE_AFTER = 3.0
"""A view is computed again for newer documents once its last result is older than this many times
what computing it took: a store written continuously then keeps the worker busy at most about a
quarter of the time per view (a view that takes 0.2 s follows each batch; one that takes a minute
lags by a few)."""


def _stamp(future: Future, started: float | None = None) -> None:
    future.finished = time.monotonic()  # type: ignore[attr-defined]
    future.took = future.finished - (started or future.finished)  # type: ignore[attr-defined]


class Computations:
    """Results computed once per key by *workers* background threads, the *keep* most recent kept."""

    def __init__(self, workers: int = 1, keep: int = 64) -> None:
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="multipolar-view")
        self._results: OrderedDict[Hashable, Future] = OrderedDict()
        self._keep = keep
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any], wait: float) -> Any:
        """The result for *key*, computing it if nobody has; :class:`Pending` after *wait* seconds."""
        with self._lock:
            future = self._results.get(key)
            if future is None:
                started: list[float] = []

                def run() -> Any:
                    started.append(time.monotonic())
                    return compute()

                future = self._executor.submit(run)
                future.add_done_callback(lambda f: _stamp(f, started[0] if started else None))
                self._results[key] = future
                while len(self._results) > self._keep:
                    self._results.popitem(last=False)
            self._results.move_to_end(key)
        try:
            return future.result(timeout=wait)
        except (FutureTimeout, CancelledError):  # cancelled: its snapshot was replaced meanwhile
            raise Pending from None
        except BaseException:
            with self._lock:  # a failure is not kept: the next request tries again
                if self._results.get(key) is future:
                    del self._results[key]
            raise

    def cached(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The result for *key*, computed here and now if missing (for quick results: counts,
        options, actors; two requests may both compute it, and the first to finish is kept)."""
        with self._lock:
            future = self._results.get(key)
        if future is not None and future.done() and future.exception() is None:
            with self._lock:
                if key in self._results:
                    self._results.move_to_end(key)
            return future.result()
        result = compute()
        done: Future = Future()
        done.set_result(result)
        _stamp(done)
        with self._lock:
            self._results.setdefault(key, done)
            while len(self._results) > self._keep:
                self._results.popitem(last=False)
        return result

    def latest(
        self, kind: str, generation: int, selection: Hashable, compute: Callable[[], Any], wait: float
    ) -> tuple[Any, int]:
        """``(result, generation)`` for *selection* on snapshot *generation* or, while that is
        computed, the last result of an earlier snapshot (stale, but whole; the caller says so),
        else :class:`Pending` after *wait* seconds. One computation per selection at a time: one
        under way for an earlier snapshot is waited for rather than started again; and an earlier
        result younger than :data:`RECOMPUTE_AFTER` times what it took is answered without
        starting another (a store written continuously would otherwise keep the worker busy)."""
        key = (kind, generation, selection)
        with self._lock:
            mine = self._results.get(key)
            earlier = sorted(
                (k[1], f)
                for k, f in self._results.items()
                if k[0] == kind and k[2:] == (selection,) and k[1] < generation and not f.cancelled()
            )
            done = [(g, f) for g, f in earlier if f.done() and f.exception() is None]
            running = [(g, f) for g, f in earlier if not f.done()]
            now = time.monotonic()
            fresh = [  # (a result whose callback has not run yet counts as just finished)
                (g, f)
                for g, f in done
                if now - getattr(f, "finished", now) < RECOMPUTE_AFTER * getattr(f, "took", 0.0)
            ]
            if mine is None and (running or fresh):
                found, future = (running or fresh)[-1]
                if future.done():
                    return future.result(), found
            else:
                found, future = generation, None
        if future is None:
            future = self._submitted(key, compute)
        try:
            return future.result(timeout=0.05 if done else wait), found
        except (FutureTimeout, CancelledError):
            if not done:
                raise Pending from None
            found, future = done[-1]
            return future.result(), found

    def _submitted(self, key: Hashable, compute: Callable[[], Any]) -> Future:
        with self._lock:
            future = self._results.get(key)
            if future is None:
                started: list[float] = []

                def run() -> Any:
                    started.append(time.monotonic())
                    return compute()

                future = self._executor.submit(run)
                future.add_done_callback(lambda f: _stamp(f, started[0] if started else None))
                self._results[key] = future
                self._trim()
            return future

    def _trim(self) -> None:
        while len(self._results) > self._keep:
            self._results.popitem(last=False)

    def forget_older(self, generation: int) -> None:
        """Forget what was computed for snapshots before *generation*, except, per selection, the
        latest result (to answer while its successor is computed) and any computation under way."""
        with self._lock:
            newest: dict[tuple, int] = {}
            for key, future in self._results.items():
                if key[1] < generation and future.done() and len(key) > 2:
                    kind_selection = (key[0], *key[2:])
                    newest[kind_selection] = max(newest.get(kind_selection, -1), key[1])
            for key, future in list(self._results.items()):
                if key[1] >= generation or not future.done():
                    continue
                if len(key) <= 2 or newest.get((key[0], *key[2:])) != key[1]:
                    del self._results[key]

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


@dataclass(frozen=True)
class Selection:
    """What a view covers (the filters of ``multipolar network``/``blocs``): a window, documents
    (ids) and theatres (ids; ``None`` among them: bilateral); and what it counts (``--count``:
    ``incidents``, each act once, or ``reports``)."""

    since: date | None = None
    until: date | None = None
    docs: tuple[str, ...] | None = None
    theatres: frozenset[str | None] | None = None
    count: str = "incidents"

    def sql(self) -> dict[str, Any]:
        """The events it selects (the filters of every event query)."""
        return {"since": self.since, "until": self.until, "docs": self.docs, "theatres": self.theatres}

    def counted(self, store: QueryStore) -> str:
        """What it counts in *store*: every report where the store links no incidents."""
        return counted(store, self.count)


def actors_of(store: QueryStore) -> dict[str, Any]:
    """The stored actors by id, their names, and the military units folded into each state."""
    rows = store.actors()
    children: dict[str, list[str]] = {}
    for unit, parent in unit_parents(rows).items():
        children.setdefault(parent, []).append(unit)
    return {
        "rows": {a["id"]: a for a in rows},
        "names": {a["id"]: a.get("name") or a["id"] for a in rows},
        "units": children,
    }


def view(
    store: QueryStore, actors: dict[str, Any], selection: Selection, title: str, definitions: Theatres
) -> dict[str, Any]:
    """The view of *selection*, in the shape the report draws (plus ``ties``: how many there are)."""
    if selection.theatres is not None and not store.has_theatres:
        selection = Selection(selection.since, selection.until, selection.docs, frozenset(), selection.count)
    found = store_view(store, actors["names"], count=selection.counted(store), **selection.sql())
    edges = found["network"]["edges"]
    if len(edges) > MAX_VIEW_TIES:
        strongest = sorted(edges, key=lambda e: -abs(e["weight"]))[:MAX_VIEW_TIES]
        found["network"] = {**found["network"], "edges": strongest}
    rows = actors["rows"]
    activity = {n["id"]: n.get("activity", 0) for n in found["network"]["nodes"]}
    return {
        **found,
        "title": title,
        "ties": len(edges),
        "actors": {
            a: {
                "name": actors["names"].get(a, a),
                "type": (rows.get(a) or {}).get("type"),
                "country": (rows.get(a) or {}).get("country"),
                "activity": n,
            }
            for a, n in sorted(activity.items(), key=lambda x: -x[1])
        },
    }


def theatres(store: QueryStore, selection: Selection, definitions: Theatres) -> dict[str, Any]:
    """The theatre menu's options for the window (events, or acts, per theatre; regions summing
    theirs) and how many in all (``count``: what they count)."""
    counted = selection.counted(store)
    window = {"since": selection.since, "until": selection.until, "docs": selection.docs}
    counts = theatre_counts_in_store(store, count=counted, **window)
    tables = getattr(store, "tables", None) or tables_of(store.con)
    total = count(store.con, EventQuery(**window, acts=counted == "incidents"), tables)
    return {"options": theatre_options(counts, definitions), "total": total, "count": counted}


def rivalries(
    store: QueryStore, actors: dict[str, Any], selection: Selection, definitions: Theatres
) -> dict[str, Any]:
    """The rivalries section of the report for the selection (left out above
    :data:`~multipolar.show.report_scale.RIVALRY_EVENTS` events: it reads every event in Python)."""
    total = window_events(store, selection.since, selection.until, selection.theatres)
    if total > RIVALRY_EVENTS:
        return {"rivalries": [], "unassessed_events": 0, "omitted": total}
    events = store.events(
        since=selection.since, until=selection.until, docs=selection.docs, theatres=selection.theatres
    )
    parents = {unit: parent for parent, units in actors["units"].items() for unit in units}
    folded = fold_units(events, parents)
    if selection.counted(store) == "incidents":  # each act once, as the report finds them
        folded = acts(folded, incident_of(store, [e.id for e in folded]))
    return rivalry_section(folded, actors["names"], definitions)


# -- in a worker process -------------------------------------------------------------------------
# Views and rivalries are mostly Python (networkx, the blocs' search, the layout): computed in a
# worker process, they do not hold the server's interpreter while it answers other requests.


def open_snapshot(location: tuple[str, bool]) -> QueryStore:
    """A snapshot's store opened read-only in a worker: (DuckDB copy, False) or (folder, True)."""
    from multipolar.serve.live import PinnedParquetStore
    from multipolar.store.duckdb_store import Store

    path, parquet = location
    return PinnedParquetStore(path, read_only=True) if parquet else Store(path, read_only=True)


def view_in_worker(location: tuple[str, bool], selection: Selection, title: str) -> dict[str, Any]:
    """:func:`view` of a snapshot, in a worker process."""
    from multipolar.theatre import load_theatres

    with open_snapshot(location) as store:
        return view(store, actors_of(store), selection, title, load_theatres())


def rivalries_in_worker(location: tuple[str, bool], selection: Selection) -> dict[str, Any]:
    """:func:`rivalries` of a snapshot, in a worker process."""
    from multipolar.theatre import load_theatres

    with open_snapshot(location) as store:
        return rivalries(store, actors_of(store), selection, load_theatres())


def units_of(actors: dict[str, Any], ids: Collection[str]) -> tuple[str, ...]:
    """*ids* with the military units folded into each (as the network counts them)."""
    out: list[str] = []
    for actor in ids:
        out += [actor, *actors["units"].get(actor, [])]
    return tuple(dict.fromkeys(out))


def named(actors: dict[str, Any], word: str) -> tuple[str, ...]:
    """The ids of the actors whose name or id contains *word* (case-insensitively)."""
    word = word.casefold()
    return tuple(a for a, name in actors["names"].items() if word in name.casefold() or word in a.casefold())
