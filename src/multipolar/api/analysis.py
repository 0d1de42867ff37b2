"""The analysis methods shared by a store (:class:`~multipolar.api.corpus.Corpus`) and an extraction
(:class:`~multipolar.api.extraction.Extraction`): both are a source of events with the same filters.

Every method takes the same keyword filters as the commands:

``since``, ``until``
    a window (``date`` or ``YYYY-MM-DD``), inclusive; an event's own date, else its document's;
``docs``
    a document id, an id prefix, or several;
``theatre``
    a theatre id, name or alias (``"libya"``, ``"Karabakh"``) or a country's ISO code (``"LBY"``),
    in any case; ``"bilateral"`` for the events of no theatre; or several; a region takes in the
    theatres inside it;
``merge_units``
    count a state's military units as the state (default ``True`` for the analyses, ``False``
    for :meth:`events`, which shows the events as coded);
``count``
    ``"incidents"`` (the default): the analyses weigh each act once, however many reports it has
    (:mod:`multipolar.analyse.incidents`); ``"reports"``: every report, as coded.

The examples assume ``import multipolar`` and the demo database that ``multipolar demo`` makes.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from multipolar.analyse.blocs import Blocs
from multipolar.analyse.brokers import BrokerScore
from multipolar.analyse.incidents import acts
from multipolar.analyse.network import build_network
from multipolar.analyse.rivalries import Rivalries, find_rivalries
from multipolar.analyse.summary import TOP_BROKERS, Analysis, analyse_graph, network_dict
from multipolar.analyse.theatres import TheatreUse, theatre_uses
from multipolar.analyse.timeline import FREQS, alignment_timeline, side_changes
from multipolar.analyse.units import fold_units, unit_parents
from multipolar.api.exporting import Exported, export
from multipolar.api.frames import frame
from multipolar.api.selection import QueryError, Selection, known_actors, select
from multipolar.document import Event
from multipolar.forecast.draft import draft_scenario
from multipolar.forecast.scenario import Scenario
from multipolar.theatre import Theatres

if TYPE_CHECKING:
    import pandas as pd

FILTERS = ("since", "until", "docs", "theatre", "merge_units", "count")
TIMELINE_COLUMNS = ("window", "actor", "partner", "net", "cooperation", "conflict", "events")
CHANGE_COLUMNS = ("actor", "bloc", "from_window", "to_window", "before", "after")
THEATRE_COLUMNS = ("theatre", "name", "parent", "events", "total", "actors")


@dataclass(frozen=True)
class Alignment:
    """A timeline's group of actors, its rows (window, actor, partner, net, cooperation,
    conflict, events) and the side changes of its members."""

    group: list[str]
    rows: list[dict]
    changes: list[dict]


class EventSource(ABC):
    """Events with filters, and every analysis of them (see the module documentation)."""

    definitions: Theatres

    # -- what a source provides --------------------------------------------------------------------

    @abstractmethod
    def event_list(
        self, selection: Selection, *, actor: str | None = None, type: str | None = None
    ) -> list[Event]:
        """The events of *selection* (units not folded), in the order the store keeps them."""

    @abstractmethod
    def actor_rows(self) -> list[dict[str, Any]]:
        """The actors: dicts with at least ``id``, ``name``, ``type``, ``country`` and ``parent``."""

    @abstractmethod
    def incident_of(self, events: Sequence[Event]) -> dict[str, str]:
        """``event id -> incident id`` for *events* (an event not listed is an act of its own)."""

    # -- selections ----------------------------------------------------------------------------

    def selection(self, **filters: Any) -> Selection:
        """The :class:`Selection` that keyword filters stand for, checked.

        Parameters
        ----------
        **filters
            The filters of every method (see the module documentation).

        Returns
        -------
        Selection
            The window, documents and theatre ids (a region with the theatres inside it).

        Raises
        ------
        QueryError
            An unknown filter, a date not ``YYYY-MM-DD``, a window that ends before it starts, an
            unknown theatre.

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> sorted(corpus.selection(theatre="LBY").theatres)
        ['libya']
        """
        unknown = sorted(set(filters) - set(FILTERS))
        if unknown:
            raise QueryError(f"unknown filter(s) {', '.join(unknown)}; the filters are {', '.join(FILTERS)}")
        return select(**filters, theatres=self.definitions)

    def names(self) -> dict[str, str]:
        """The actors' names.

        Returns
        -------
        dict[str, str]
            Actor id -> name (the id for an actor without one).

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> corpus.names()["TUR"]
        'Turkey'
        """
        return {a["id"]: a.get("name") or a["id"] for a in self.actor_rows()}

    def selected(self, selection: Selection) -> list[Event]:
        """The events of *selection*, units folded into their state when it says so, and one per
        incident (its strongest report, :func:`multipolar.analyse.incidents.acts`) when it counts
        incidents."""
        events = self.event_list(selection)
        if selection.merge_units:
            events = fold_units(events, unit_parents(self.actor_rows()))
        return acts(events, self.incident_of(events)) if selection.count == "incidents" else events

    # -- queries -------------------------------------------------------------------------------

    def theatres(self, *, every: bool = False, **filters: Any) -> pd.DataFrame:
        """The theatres the events belong to, as a table.

        Parameters
        ----------
        every : bool
            Also the theatres without events.
        **filters
            The filters of every method (see the module documentation).

        Returns
        -------
        pandas.DataFrame
            ``theatre, name, parent, events, total, actors``: per theatre (a region before the theatres
            inside it) its own events, ``total`` with those inside it, and its actors, most active first;
            then the bilateral events (and those not placed yet).

        See Also
        --------
        multipolar.analyse.theatres.theatre_uses : the rule.

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> "libya" in set(corpus.theatres()["theatre"])
        True
        """
        uses = self.theatre_uses(every=every, **filters)
        return frame((u.to_dict(self.names()) | {"actors": list(u.actors)} for u in uses), THEATRE_COLUMNS)

    def theatre_uses(self, *, every: bool = False, **filters: Any) -> list[TheatreUse]:
        """:meth:`theatres` as plain objects.

        Parameters
        ----------
        every, **filters
            As for :meth:`theatres`.

        Returns
        -------
        list of TheatreUse
            ``id, name, parent, events, total, actors`` each.

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> uses = corpus.theatre_uses()
        >>> uses[0].total >= uses[0].events
        True
        """
        return theatre_uses(self.selected(self.selection(**filters)), self.definitions, every=every)

    # -- how the analyses are computed (a store does it in SQL: Corpus) ---------------------------

    def graph_of(self, selection: Selection) -> nx.DiGraph:
        """The network of a selection (:func:`multipolar.analyse.build_network`)."""
        return build_network(self.selected(selection), names=self.names())

    def timeline_of(
        self, selection: Selection, group: list[str], partners: list[str] | None, freq: str
    ) -> list[dict]:
        """:func:`multipolar.analyse.alignment_timeline` over a selection."""
        return alignment_timeline(self.selected(selection), group, partners, freq=freq)

    def changes_of(self, selection: Selection, blocs: Blocs, freq: str, actors: set[str]) -> list[dict]:
        """:func:`multipolar.analyse.side_changes` over a selection."""
        return side_changes(self.selected(selection), blocs, freq=freq, actors=actors)

    # -- analyses ------------------------------------------------------------------------------

    def network(self, **filters: Any) -> nx.DiGraph:
        """The signed, weighted, directed actor network of the selected events.

        Parameters
        ----------
        **filters
            The filters of every method (see the module documentation).

        Returns
        -------
        networkx.DiGraph
            Nodes carry ``name`` and ``events``; an edge ``u -> v`` carries ``weight`` (net cooperation
            minus conflict), ``polarity``, ``cooperation``, ``conflict``, ``material`` and ``events``
            (ids, or a count for a store).

        See Also
        --------
        multipolar.analyse.build_network : the definition (a store aggregates it in SQL:
            :func:`multipolar.analyse.sql.network_from_store`).

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> graph = corpus.network(theatre="libya")
        >>> graph["TUR"]["LBY-GNA"]["polarity"]
        1
        """
        return self.graph_of(self.selection(**filters))

    def analysis(self, *, k: int = 2, brokers: bool = True, **filters: Any) -> Analysis:
        """The network of the selected events with its blocs and, unless not *brokers*, its brokers.

        Parameters
        ----------
        k : int
            Camps per connected component (2 = strong balance).
        brokers : bool
            Whether to rank the brokers.
        **filters
            The filters of every method (see the module documentation).

        Returns
        -------
        Analysis
            ``graph``, ``blocs`` and ``brokers`` (:func:`multipolar.analyse.analyse_graph`).

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> result = corpus.analysis(theatre="libya")
        >>> set(result.blocs.assignment) <= set(result.graph)
        True
        """
        return analyse_graph(self.network(**filters), k=k, brokers=brokers)

    def blocs(self, *, k: int = 2, **filters: Any) -> Blocs:
        """The camps that best satisfy structural balance, and their frustration index.

        Parameters
        ----------
        k : int
            Camps per connected component (2 = strong balance).
        **filters
            The filters of every method (see the module documentation).

        Returns
        -------
        Blocs
            ``blocs``, ``frustration``, ``normalised``, ``frustrated`` ...
            (:func:`multipolar.analyse.find_blocs`).

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> blocs = corpus.blocs(theatre="libya")
        >>> 0 <= blocs.normalised <= 0.5
        True
        """
        return self.analysis(k=k, brokers=False, **filters).blocs

    def brokers(self, *, k: int = 2, top: int | None = None, **filters: Any) -> list[BrokerScore]:
        """The actors ranked as brokers, best first.

        Parameters
        ----------
        k : int
            Camps per connected component.
        top : int, optional
            Only the best so many.
        **filters
            The filters of every method (see the module documentation).

        Returns
        -------
        list of BrokerScore
            ``actor``, ``score`` and its three measures, ``pivot``, ``betweenness`` and ``reach``
            (:func:`multipolar.analyse.broker_scores`).

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> best = corpus.brokers(top=3)
        >>> len(best), best[0].score >= best[1].score >= best[2].score
        (3, True)
        """
        ranked = self.analysis(k=k, **filters).brokers
        return ranked[:top] if top else ranked

    def network_json(self, *, k: int = 2, top: int = TOP_BROKERS, **filters: Any) -> dict:
        """The network, blocs and brokers as ``multipolar network --format json`` prints them.

        Parameters
        ----------
        k : int
            Camps per connected component.
        top : int
            How many brokers to rank.
        **filters
            The filters of every method (see the module documentation).

        Returns
        -------
        dict
            ``nodes``, ``edges``, ``blocs``, ``brokers`` (:func:`multipolar.analyse.network_json`).

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> sorted(corpus.network_json(top=3))
        ['blocs', 'brokers', 'edges', 'nodes']
        """
        return network_dict(self.analysis(k=k, **filters), top)

    def timeline(
        self,
        actor: str | Collection[str] | None = None,
        partner: str | Collection[str] | None = None,
        *,
        bloc: int | None = None,
        freq: str = "month",
        k: int = 2,
        **filters: Any,
    ) -> pd.DataFrame:
        """Net cooperation window by window between an actor (or a group, or a computed bloc) and its
        partners.

        Parameters
        ----------
        actor : str or collection of str, optional
            An actor id, ids joined by commas, or several ids (a group).
        partner : str or collection of str, optional
            The same; default: each partner of *actor*.
        bloc : int, optional
            Computed bloc number *bloc* (from 0) as the actor, instead of *actor*.
        freq : {"month", "quarter", "year"}
            The windows.
        k : int
            Camps per connected component, for *bloc*.
        **filters
            The filters of every method (see the module documentation).

        Returns
        -------
        pandas.DataFrame
            ``window, actor, partner, net, cooperation, conflict, events``, by window.

        Raises
        ------
        QueryError
            Neither or both of *actor* and *bloc*, an actor without events in the selection, or a bloc
            that does not exist.

        See Also
        --------
        multipolar.analyse.alignment_timeline : the definition.

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> rows = corpus.timeline("TUR", "LBY-GNA", freq="year")
        >>> list(rows.columns)
        ['window', 'actor', 'partner', 'net', 'cooperation', 'conflict', 'events']
        """
        found = self.alignment(actor, partner, bloc=bloc, freq=freq, k=k, **filters)
        return frame(found.rows, TIMELINE_COLUMNS)

    def side_changes(
        self,
        actor: str | Collection[str] | None = None,
        *,
        bloc: int | None = None,
        freq: str = "month",
        k: int = 2,
        **filters: Any,
    ) -> pd.DataFrame:
        """Where the sign of an actor's (or a bloc's) net alignment toward a bloc flipped.

        Parameters
        ----------
        actor : str or collection of str, optional
            An actor id, or several.
        bloc : int, optional
            Computed bloc number *bloc* instead of *actor*.
        freq : {"month", "quarter", "year"}
            The windows.
        k : int
            Camps per connected component.
        **filters
            The filters of every method (see the module documentation).

        Returns
        -------
        pandas.DataFrame
            ``actor, bloc, from_window, to_window, before, after``.

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> list(corpus.side_changes("RUS").columns)
        ['actor', 'bloc', 'from_window', 'to_window', 'before', 'after']
        """
        found = self.alignment(actor, None, bloc=bloc, freq=freq, k=k, **filters)
        return frame(found.changes, CHANGE_COLUMNS)

    def alignment(
        self,
        actor: str | Collection[str] | None,
        partner: str | Collection[str] | None,
        *,
        bloc: int | None = None,
        freq: str = "month",
        k: int = 2,
        **filters: Any,
    ) -> Alignment:
        """:meth:`timeline` and :meth:`side_changes` at once, as plain rows (the blocs computed once).

        Parameters
        ----------
        actor, partner, bloc, freq, k
            As for :meth:`timeline`.
        **filters
            The filters of every method (see the module documentation).

        Returns
        -------
        Alignment
            ``group`` (the actors of *actor* or *bloc*), ``rows`` (the timeline) and ``changes`` (the
            side changes of the group's members).

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> found = corpus.alignment("TUR", "LBY-GNA")
        >>> found.group
        ['TUR']
        """
        if freq not in FREQS:
            raise QueryError(f"freq must be one of {', '.join(FREQS)}, got {freq!r}")
        if (actor is None) == (bloc is None):
            raise QueryError("give an actor or a bloc (one of them)")
        selection = self.selection(**filters)
        analysis = analyse_graph(self.graph_of(selection), k=k, brokers=False)
        if bloc is not None:
            if not 0 <= bloc < len(analysis.blocs.blocs):
                count = len(analysis.blocs.blocs)
                raise QueryError(f"bloc {bloc}: there are {count} bloc(s) (numbered from 0)")
            group = analysis.blocs.blocs[bloc]
        else:
            group = known_actors(actor, analysis.graph, "actor")
        partners = known_actors(partner, analysis.graph, "partner") if partner is not None else None
        rows = self.timeline_of(selection, group, partners, freq)
        return Alignment(group, rows, self.changes_of(selection, analysis.blocs, freq, set(group)))

    def export(
        self,
        format: str,
        out: str | os.PathLike[str] | None = None,
        *,
        table: str | None = None,
        k: int = 2,
        **filters: Any,
    ) -> Exported:
        """Write the network, its tables or the events in an exchange format.

        Parameters
        ----------
        format : {"graphml", "gexf", "csv", "plover-json"}
            GraphML or GEXF (the network for Gephi and networkx, scalar attributes only), CSV (a
            folder of ``nodes.csv``, ``edges.csv`` and ``events.csv``) or PLOVER JSON (the events
            as records of PLOVER's gold-standard files).
        out : path, optional
            The file (the folder for ``csv``); left out, the text is returned instead (for
            ``plover-json``, or ``csv`` with a *table*).
        table : {"nodes", "edges", "events"}, optional
            With ``csv``: only this table, as one file or text.
        k : int
            Camps per connected component for the blocs the nodes carry.
        **filters
            ``since``, ``until``, ``docs``, ``theatre``, ``merge_units`` (module documentation).

        Returns
        -------
        Exported
            The paths written or the text, and how many actors, ties and events it holds.

        Examples
        --------
        >>> corpus.export("gexf", "libya.gexf", theatre="libya").paths  # doctest: +SKIP
        [PosixPath('libya.gexf')]
        """
        return export(self, format, out, table=table, k=k, **filters)

    def rivalries(self, *, k: int = 2, top: int = TOP_BROKERS, **filters: Any) -> Rivalries:
        """Pairs opposed in one arena and cooperating in another, and the theatres where each actor
        brokers.

        Parameters
        ----------
        k : int
            Camps per connected component, in each theatre.
        top : int
            How many of each theatre's best brokers are listed.
        **filters
            The filters of every method (see the module documentation).
            A ``theatre`` filter keeps those theatres' events, and the bilateral ones only if
            ``"bilateral"`` is among them.

        Returns
        -------
        Rivalries
            ``pairs`` (heaviest first, each with its readings), ``readings``, ``brokers``,
            ``evidence`` (:func:`multipolar.analyse.rivalries.find_rivalries`).

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> found = corpus.rivalries()
        >>> all(rivalry.weight > 0 for rivalry in found.pairs)
        True
        """
        events = self.selected(self.selection(**filters))
        return find_rivalries(events, self.names(), k=k, top=top, definitions=self.definitions)

    def draft_scenario(
        self, pole_a: str | None = None, pole_b: str | None = None, *, issue: str = "", **filters: Any
    ) -> Scenario:
        """A bargaining scenario proposed from the events, with the evidence for every value.

        Parameters
        ----------
        pole_a, pole_b : str, optional
            The actors placed at 0 and 100; without them, the members the events' two camps back most.
        issue : str
            The issue's name.
        **filters
            The filters of every method (see the module documentation).
            With ``theatre``, from one conflict's events: salience is the share of each actor's events
            that are in it.

        Returns
        -------
        Scenario
            Its actors with capability, position and salience, and notes; run it with
            :func:`multipolar.api.run_scenario`, save it with :func:`multipolar.api.write_scenario`.
            The rules: :func:`multipolar.forecast.draft.draft_scenario`.

        Examples
        --------
        >>> corpus = multipolar.open("multipolar-demo/demo.duckdb")
        >>> scenario = corpus.draft_scenario(theatre="libya")
        >>> {actor.position for actor in scenario.actors} >= {0.0, 100.0}
        True
        """
        events = self.selected(self.selection(**filters))
        context, about = None, ""
        if filters.get("theatre"):
            everywhere = {k: v for k, v in filters.items() if k != "theatre"}
            context = self.selected(self.selection(**everywhere))
            wanted = filters["theatre"]
            about = wanted if isinstance(wanted, str) else ", ".join(wanted)
        return draft_scenario(events, pole_a, pole_b, self.names(), issue=issue, context=context, about=about)
