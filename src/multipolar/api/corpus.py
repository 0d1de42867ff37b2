"""``multipolar.open``: a store of ingested documents, queried and analysed from Python."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from multipolar.analyse.blocs import Blocs
from multipolar.analyse.sql import network_from_store, side_changes_from_store, timeline_from_store
from multipolar.analyse.units import fold_units, unit_parents
from multipolar.api.analysis import EventSource
from multipolar.api.frames import (
    ACTOR_COLUMNS,
    DOCUMENT_COLUMNS,
    INCIDENT_FRAME,
    REPORT_FRAME,
    event_frame,
    frame,
)
from multipolar.api.reporting import WrittenReport, write_corpus_report
from multipolar.api.selection import Selection, one_each
from multipolar.document import Event
from multipolar.store import QueryStore, open_store
from multipolar.store.incidents import counted, incident_of, unlinked
from multipolar.store.incidents import incidents as stored_incidents
from multipolar.store.incidents import reports as stored_reports
from multipolar.theatre import Theatres, load_theatres
from multipolar.theatre.membership import placed_sql

if TYPE_CHECKING:
    import pandas as pd


class Corpus(EventSource):
    """A store (a DuckDB file or a Parquet folder) with query and analysis methods.

    Open one with :func:`multipolar.open`; use it as a context manager, or call :meth:`close`.
    Queries return pandas DataFrames; :meth:`network` a ``networkx.DiGraph``; :meth:`blocs`,
    :meth:`brokers` and :meth:`rivalries` plain objects. The filters every method takes are
    described in :mod:`multipolar.api.analysis`.
    """

    def __init__(self, store: QueryStore, *, definitions: Theatres | None = None, owned: bool = True) -> None:
        self.store = store
        self.definitions = definitions or load_theatres()
        self._owned = owned
        self._actors: list[dict[str, Any]] | None = None

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the store (if this object opened it)."""
        if self._owned:
            self.store.close()

    def __repr__(self) -> str:
        n = self.store.counts()
        return f"<multipolar.Corpus {self.store.path} ({n['documents']} documents, {n['events']} events)>"

    # -- what the analyses read ----------------------------------------------------------------

    def event_list(
        self, selection: Selection, *, actor: str | None = None, type: str | None = None
    ) -> list[Event]:
        return self.store.events(
            actor=actor,
            type=type,
            since=selection.since,
            until=selection.until,
            docs=self.document_ids(selection.docs) if selection.docs else None,
            theatres=selection.theatres,
        )

    # -- the analyses, aggregated in the store (SQL: multipolar.analyse.sql) ---------------------

    def sql_selection(self, selection: Selection) -> dict[str, Any] | None:
        """The keyword arguments of the SQL analysis for *selection*; ``None`` when it selects
        nothing (theatres asked of a store that has none assessed)."""
        if selection.theatres is not None and not self.store.has_theatres:
            return None
        return {
            "since": selection.since,
            "until": selection.until,
            "docs": self.document_ids(selection.docs) if selection.docs else None,
            "theatres": selection.theatres,
            "merge": selection.merge_units,
            "count": counted(self.store, selection.count),  # a store never linked: each report its own act
        }

    def graph_of(self, selection: Selection) -> nx.DiGraph:
        chosen = self.sql_selection(selection)
        if chosen is None:
            return nx.DiGraph()
        return network_from_store(self.store, names=self.names(), **chosen)

    def timeline_of(
        self, selection: Selection, group: list[str], partners: list[str] | None, freq: str
    ) -> list[dict]:
        chosen = self.sql_selection(selection)
        return [] if chosen is None else timeline_from_store(self.store, group, partners, freq=freq, **chosen)

    def changes_of(self, selection: Selection, blocs: Blocs, freq: str, actors: set[str]) -> list[dict]:
        chosen = self.sql_selection(selection)
        if chosen is None:
            return []
        return side_changes_from_store(self.store, blocs, freq=freq, actors=actors, **chosen)

    def incident_of(self, events: Sequence[Event]) -> dict[str, str]:
        return incident_of(self.store, [e.id for e in events])

    def actor_rows(self) -> list[dict[str, Any]]:
        if self._actors is None:
            self._actors = self.store.actors()
        return self._actors

    def document_ids(self, prefixes: tuple[str, ...]) -> list[str]:
        """The stored document ids the *prefixes* name, one each (or an error saying which not)."""
        sql = "SELECT id FROM documents WHERE starts_with(id, ?) ORDER BY id LIMIT 2"
        return one_each(prefixes, lambda p: [r[0] for r in self.store.con.execute(sql, [p]).fetchall()])

    # -- queries -------------------------------------------------------------------------------

    def events(
        self, *, actor: str | None = None, type: str | None = None, merge_units: bool = False, **filters: Any
    ) -> pd.DataFrame:
        """The selected events as a table, one column per :class:`~multipolar.document.Event` field.

        Parameters
        ----------
        actor : str, optional
            Only the events with this actor as source or target.
        type : str, optional
            Only this PLOVER type (any case).
        merge_units : bool
            Count a state's military units and organs as the state (default ``False``: the events as
            coded).
        **filters
            ``since``, ``until``, ``docs``, ``theatre``: the filters of every method (module
            :mod:`multipolar.api.analysis`).

        Returns
        -------
        pandas.DataFrame
            ``doc, sentence, start, end, source, target, type, quad, polarity, mode, context, modality,
            speaker, date, pattern, trigger, ..., theatre, theatre_basis``; an event's own date, else its
            document's.

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> aid = corpus.events(actor="RUS", type="aid")
        >>> set(aid["type"])
        {'AID'}
        """
        selection = self.selection(merge_units=merge_units, **filters)
        events = self.event_list(selection, actor=actor, type=type)
        if merge_units:
            events = fold_units(events, unit_parents(self.actor_rows()))
        return event_frame(events)

    def incidents(
        self,
        *,
        actor: str | None = None,
        type: str | None = None,
        ids: str | Iterable[str] | None = None,
        limit: int | None = None,
        **filters: Any,
    ) -> pd.DataFrame:
        """The incidents (each act once, with how it was reported; :mod:`multipolar.store.incidents`)
        that have a report among the events the filters select (those of :meth:`events`), or those
        whose ids start with *ids*: one row each, by the act's date (:data:`INCIDENT_FRAME`)."""
        rows = self.incident_rows(actor=actor, type=type, ids=ids, limit=limit, **filters)
        return frame(rows, INCIDENT_FRAME)

    def incident_rows(
        self,
        *,
        actor: str | None = None,
        type: str | None = None,
        ids: str | Iterable[str] | None = None,
        limit: int | None = None,
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """:meth:`incidents` as plain rows."""
        selection = self.selection(**filters)
        if selection.theatres is not None and not self.store.has_theatres:
            return []
        return stored_incidents(
            self.store,
            actor=actor,
            type=type,
            since=selection.since,
            until=selection.until,
            docs=self.document_ids(selection.docs) if selection.docs else None,
            theatres=selection.theatres,
            ids=[ids] if isinstance(ids, str) else list(ids) if ids is not None else None,
            limit=limit,
        )

    def reports(self, incidents: str | Iterable[str]) -> pd.DataFrame:
        """Every report of the incidents (ids): the document (id, title, date, outlet), sentence,
        modality, speaker, source, type, target and date of each (:data:`REPORT_FRAME`)."""
        ids = [incidents] if isinstance(incidents, str) else list(incidents)
        return frame(stored_reports(self.store, ids), REPORT_FRAME)

    @property
    def unlinked(self) -> int:
        """How many stored events are not linked into incidents yet (stored by an older version;
        ``multipolar ingest`` into the store links them); they count as acts of their own."""
        return unlinked(self.store)

    def documents(self) -> pd.DataFrame:
        """The stored documents as a table.

        Returns
        -------
        pandas.DataFrame
            ``id, path, title, date, sentences, events``, by date.

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> list(corpus.documents().columns)
        ['id', 'path', 'title', 'date', 'sentences', 'events']
        """
        return frame(self.store.documents(), DOCUMENT_COLUMNS)

    def document_rows(self) -> list[dict[str, Any]]:
        """The stored documents as plain rows.

        Returns
        -------
        list of dict
            :meth:`documents`'s columns, with each document's ``meta`` (outlet, url ...) and ``parts``
            (the pieces a long text was parsed in).

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> {"id", "meta", "parts"} <= set(corpus.document_rows()[0])
        True
        """
        return self.store.documents()

    def report(
        self,
        out: str | Path,
        *,
        title: str = "multipolar report",
        since: date | str | None = None,
        until: date | str | None = None,
        theatre: str | Iterable[str] | None = None,
        count: str = "incidents",
    ) -> WrittenReport:
        """Write the self-contained HTML report (network, blocs, timeline, alignment, theatres,
        rivalries, events) of the events in a window and theatres.

        Parameters
        ----------
        out : path
            The HTML file to write (its folder is created if needed).
        title : str
            The title shown at the top of the page.
        since, until, theatre, count
            The filters of every method (module :mod:`multipolar.api.analysis`).

        Returns
        -------
        WrittenReport
            The path written, its size in bytes and the report's ``summary`` (documents, actors,
            events, period).

        Notes
        -----
        The file embeds its data, styles and script and makes no network request, so it opens
        offline. A store larger than the report lists in full is aggregated in SQL and its table
        cut to the most recent events (:mod:`multipolar.show.report_scale`).

        Examples
        --------
        >>> with multipolar.open("multipolar-demo/demo.duckdb") as corpus:
        ...     written = corpus.report("libya.html", title="Libya", theatre="LBY")
        >>> written.path.name, written.summary["events"] > 0
        ('libya.html', True)
        """
        return write_corpus_report(
            self, out, title=title, since=since, until=until, theatre=theatre, count=count
        )

    def actors(self) -> pd.DataFrame:
        """The stored actors as a table, most mentioned first.

        Returns
        -------
        pandas.DataFrame
            ``id, name, type, country, parent, aliases, provisional, mentions, events``
            (``provisional``: named in a text, unknown to the registry).

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> corpus.actors().set_index("id").loc["TUR", "name"]
        'Turkey'
        """
        return frame(self.actor_rows(), ACTOR_COLUMNS)

    @property
    def unassessed(self) -> int:
        """How many stored events have no theatre yet (stored by an older version; ``multipolar ingest``
        into the store places them).

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> corpus.unassessed
        0
        """
        docs = self.store.unassessed()
        if not docs:
            return 0
        row = self.store.con.execute(
            "SELECT count(*) FROM events WHERE list_contains(?, doc)"
            + (f" AND NOT {placed_sql('events')}" if self.store.has_theatres else ""),
            [docs],
        ).fetchone()
        return int(row[0]) if row else 0


def open_corpus(source: str | Path | QueryStore, *, parquet: bool | None = None) -> Corpus:
    """Open a store for queries and analyses.

    Parameters
    ----------
    source : path or QueryStore
        A DuckDB file, a Parquet store folder, or a store already open (closing the corpus then
        leaves it open).
    parquet : bool, optional
        Whether *source* is a Parquet store (default: when it is a folder).

    Returns
    -------
    Corpus
        The store, opened read-only; use it as a context manager, or call :meth:`Corpus.close`.

    Raises
    ------
    StoreError
        No such store, or a file that is not one.

    Examples
    --------
    >>> with multipolar.open("multipolar-demo/demo.duckdb") as corpus:
    ...     graph = corpus.network(theatre="libya")
    >>> "LBY-GNA" in graph
    True
    """
    if isinstance(source, QueryStore):
        return Corpus(source, owned=False)
    return Corpus(open_store(Path(source), read_only=True, parquet=parquet))
