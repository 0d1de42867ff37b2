"""The signed, weighted, directed actor network built from coded events.

Every event with a source and a distinct target contributes ``polarity * quad weight * modality
weight`` to the edge ``source -> target``. An edge's ``weight`` is the sum over its events: net
cooperation minus conflict. The weights say how much one event tells us about a tie:

* **quad** (:data:`QUAD_WEIGHTS`; PLOVER's quad classes, after the CAMEO/Goldstein convention
  that deeds weigh more than words): material cooperation or conflict counts twice a verbal one.
  This is the analysis's own choice, so it lives here.
* **joint acts**: an act the coder codes in both directions ("X and Y met", "X signed a deal
  with Y", "the participants agreed ...") is one act, not one per direction: its events share
  one act's weight. Among *n* parties each directed event weighs ``1 / (2 (n - 1))``
  (:func:`joint_shares`): a pair's two directions add up to ``1 / (n - 1)`` and each party's ties
  from the act to one act, as much as a one-sided act ("X praised Y"). This is the group-size
  normalisation of co-membership networks (Newman 2001, "Scientific collaboration networks. II",
  Phys. Rev. E 64, 016132); without it a summit of five would outweigh everything the same text
  says about who arms whom, and two leaders meeting would count twice one backing the other.
* **modality**: how far the text vouches for the event. One table serves the whole project
  (coding, analysis, scenario drafting): ``modality_weights`` in the PLOVER ontology data file
  ``data/ontology/plover.yaml`` (asserted 1, reported 0.7, future 0.5, hedged 0.4, negated 0, so
  "X did not attack Y" is *not* a tie at all), read by :func:`default_modality_weights`.

Every function takes both tables as keyword arguments (``modality_weights=None`` meaning the
ontology's), so a study can use its own weights.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType

import networkx as nx

from multipolar.document import Event

QUAD_WEIGHTS: dict[str, float] = {
    "verbal_cooperation": 1.0,
    "material_cooperation": 2.0,
    "verbal_conflict": 1.0,
    "material_conflict": 2.0,
}


def default_modality_weights() -> Mapping[str, float]:
    """The modality weights of the PLOVER ontology: how far a text vouches for an event.

    Returns
    -------
    Mapping[str, float]
        Modality -> weight (read-only), from ``modality_weights`` in
        ``data/ontology/plover.yaml``: the one table that coding, analysis and drafting share.

    Examples
    --------
    >>> weights = default_modality_weights()
    >>> weights["asserted"], weights["negated"]
    (1.0, 0.0)
    """
    # Imported here, not at the top: the coding package brings in spaCy, which the analysis of
    # stored events never needs until the table is first read.
    from multipolar.coding.ontology import load_ontology

    return MappingProxyType(load_ontology().modality_weights)


def event_day(value: str | date | None) -> date | None:
    """The day an event is placed on in a time window.

    Parameters
    ----------
    value : str, date or None
        An event's date: an ISO date, an interval ``a/b`` or a partial date (``2019-11``).

    Returns
    -------
    date or None
        The date, the start of the interval, or the first day of a partial date; ``None`` when
        there is no usable date.

    Examples
    --------
    >>> event_day("2019-11-21/2019-11-30"), event_day("2019-11")
    (datetime.date(2019, 11, 21), datetime.date(2019, 11, 1))
    """
    if value is None or isinstance(value, date):
        return value
    text = value.split("/", 1)[0].strip()
    for size, suffix in ((10, ""), (7, "-01"), (4, "-01-01")):
        if len(text) >= size:
            try:
                return date.fromisoformat(text[:size] + suffix)
            except ValueError:
                continue
    return None


def in_window(event: Event, since: date | None = None, until: date | None = None) -> bool:
    """Whether *event* falls in ``[since, until]``; an undated event falls only in the open window."""
    if since is None and until is None:
        return True
    day = event_day(event.date)
    if day is None:
        return False
    return (since is None or day >= since) and (until is None or day <= until)


def event_weight(
    event: Event,
    *,
    quad_weights: Mapping[str, float] = QUAD_WEIGHTS,
    modality_weights: Mapping[str, float] | None = None,
) -> float:
    """How much one event says about the tie from its source to its target.

    ``polarity * quad weight * modality weight``: deeds weigh more than words (the CAMEO/Goldstein
    convention), a claim the text only reports, hedges or announces less than one it asserts, and a
    negated event nothing.

    Parameters
    ----------
    event : Event
        A coded event.
    quad_weights : Mapping[str, float]
        Quad class -> weight (default :data:`QUAD_WEIGHTS`: material 2, verbal 1).
    modality_weights : Mapping[str, float], optional
        Modality -> weight (default: the ontology's, :func:`default_modality_weights`).

    Returns
    -------
    float
        The signed weight; an unknown quad or modality weighs 1.

    References
    ----------
    .. [1] Goldstein, J. S. (1992). A conflict-cooperation scale for WEIS events data. *Journal of
       Conflict Resolution* 36(2), 369-385.

    Examples
    --------
    >>> from multipolar.document import Event
    >>> attack = Event("d1", "Russia shelled Idlib.", 0, 21,
    ...                "RUS", "SYR-HTS", "ASSAULT", "material_conflict", -1)
    >>> event_weight(attack)
    -2.0
    """
    modalities = modality_weights if modality_weights is not None else default_modality_weights()
    return event.polarity * quad_weights.get(event.quad, 1.0) * modalities.get(event.modality, 1.0)


def joint_shares(events: Iterable[Event]) -> dict[str, float]:
    """The share of its act that each event of a joint act carries.

    A joint act is the set of events coded from one trigger in one sentence (same document,
    offset, trigger and type) that links its parties in both directions ("X and Y met"). Among
    *n* parties each directed event weighs ``1 / (2 (n - 1))``, so a pair's two directions add up
    to ``1 / (n - 1)`` and each party's ties from the act to one act.

    Parameters
    ----------
    events : iterable of Event
        Coded events.

    Returns
    -------
    dict[str, float]
        Event id -> share, for the events of joint acts only (the others weigh in full).

    References
    ----------
    .. [1] Newman, M. E. J. (2001). Scientific collaboration networks. II. Shortest paths, weighted
       networks, and centrality. *Physical Review E* 64, 016132.

    Examples
    --------
    >>> from multipolar.document import Event
    >>> met = [Event("d1", "Russia and Turkey met.", 0, 22,
    ...              a, b, "CONSULT", "verbal_cooperation", 1, trigger="met")
    ...        for a, b in (("RUS", "TUR"), ("TUR", "RUS"))]
    >>> sorted(joint_shares(met).values())
    [0.5, 0.5]
    """
    acts: dict[tuple, list[Event]] = defaultdict(list)
    for event in events:
        if event.target and event.target != event.source:
            acts[event.doc, event.start, event.trigger, event.type].append(event)
    shares: dict[str, float] = {}
    for act in acts.values():
        pairs = {(e.source, e.target) for e in act}
        parties = {a for a, b in pairs if (b, a) in pairs}
        for e in act:
            if e.source in parties and e.target in parties:
                shares[e.id] = 1.0 / (2 * (len(parties) - 1))
    return shares


def select_events(
    events: Iterable[Event],
    *,
    since: date | None = None,
    until: date | None = None,
    docs: Iterable[str] | None = None,
) -> list[Event]:
    """The events in a time window and, optionally, a set of documents, that have a doer.

    Parameters
    ----------
    events : iterable of Event
        Coded events.
    since, until : date, optional
        The window, inclusive (an event's day: :func:`event_day`); an undated event falls only
        in the open window.
    docs : iterable of str, optional
        Document ids.

    Returns
    -------
    list of Event
        The selected events; one whose doer the registry cannot name (source ``""``) is left out:
        it is no part of the network.

    Examples
    --------
    >>> from datetime import date
    >>> from multipolar.document import Event
    >>> old = Event("d1", "Turkey praised Qatar.", 0, 21,
    ...             "TUR", "QAT", "SUPPORT", "verbal_cooperation", 1, date="2018-05-01")
    >>> select_events([old], since=date(2019, 1, 1))
    []
    """
    wanted = set(docs) if docs is not None else None
    return [
        e for e in events if e.source and in_window(e, since, until) and (wanted is None or e.doc in wanted)
    ]


def build_network(
    events: Iterable[Event],
    *,
    since: date | None = None,
    until: date | None = None,
    docs: Iterable[str] | None = None,
    names: Mapping[str, str] | None = None,
    quad_weights: Mapping[str, float] = QUAD_WEIGHTS,
    modality_weights: Mapping[str, float] | None = None,
) -> nx.DiGraph:
    """The signed, weighted, directed actor network of *events*.

    Parameters
    ----------
    events : iterable of Event
        Coded events.
    since, until : date, optional
        A time window, inclusive (:func:`select_events`).
    docs : iterable of str, optional
        Only the events of these documents.
    names : Mapping[str, str], optional
        Actor id -> name, for the nodes' ``name`` (default: the id).
    quad_weights, modality_weights
        The weights of :func:`event_weight`.

    Returns
    -------
    networkx.DiGraph
        Nodes are the actors that are the source or target of a selected event (attributes ``name``
        and ``events``, the number of events they take part in). An edge ``u -> v`` exists when
        u acted on v with non-zero weight; its attributes:

        ``weight``
            the sum of :func:`event_weight` over its events, each joint act's events scaled by
            :func:`joint_shares` (net cooperation minus conflict);
        ``polarity``
            the sign of ``weight`` (+1, -1, or 0 when cooperation and conflict cancel);
        ``cooperation``, ``conflict``
            how many of its events are cooperative, conflictual;
        ``material``
            how many are material (either sign);
        ``events``
            the ids of its events, for going back to the evidence.

    See Also
    --------
    multipolar.analyse.sql.network_from_store : the same network, aggregated in a store.
    signed_projection : the undirected signed graph that blocs are found on.

    Notes
    -----
    An event without a target, with its source as target, or of weight 0 (a negated one) adds no
    edge; its actors are still nodes. Definitions: docs/analysis.md, section 1.

    Examples
    --------
    >>> from multipolar.document import Event
    >>> events = [
    ...     Event("d1", "Turkey sent drones to the GNA.", 0, 30,
    ...           "TUR", "LBY-GNA", "AID", "material_cooperation", 1),
    ...     Event("d1", "Haftar's forces shelled Tripoli.", 31, 63,
    ...           "LBY-LAAF", "LBY-GNA", "ASSAULT", "material_conflict", -1),
    ... ]
    >>> graph = build_network(events, names={"TUR": "Turkey"})
    >>> graph["TUR"]["LBY-GNA"]["weight"], graph["LBY-LAAF"]["LBY-GNA"]["polarity"]
    (2.0, -1)
    >>> graph.nodes["TUR"]["name"]
    'Turkey'
    """
    graph = nx.DiGraph()
    names = names or {}
    if modality_weights is None:
        modality_weights = default_modality_weights()
    selected = select_events(events, since=since, until=until, docs=docs)
    shares = joint_shares(selected)
    for event in selected:
        for actor in (event.source, event.target):
            if actor:
                if actor not in graph:
                    graph.add_node(actor, name=names.get(actor, actor), events=0)
                graph.nodes[actor]["events"] += 1
        weight = event_weight(event, quad_weights=quad_weights, modality_weights=modality_weights)
        weight *= shares.get(event.id, 1.0)
        if not event.target or event.target == event.source or weight == 0:
            continue  # not a tie: no target, a self-reference, a negated or neutral event
        if not graph.has_edge(event.source, event.target):
            graph.add_edge(
                event.source, event.target, weight=0.0, cooperation=0, conflict=0, material=0, events=[]
            )
        edge = graph.edges[event.source, event.target]
        edge["weight"] += weight
        edge["cooperation" if weight > 0 else "conflict"] += 1
        edge["material"] += event.quad.startswith("material")
        edge["events"].append(event.id)
    for _, _, data in graph.edges(data=True):
        data["weight"] = round(data["weight"], 6)
        data["polarity"] = (data["weight"] > 0) - (data["weight"] < 0)
    return graph


def signed_projection(graph: nx.DiGraph) -> nx.Graph:
    """The undirected signed graph of a directed network: ``w(u, v) = w(u -> v) + w(v -> u)``.

    Balance theory is about undirected sentiment between pairs, so blocs are computed on this
    projection.

    Parameters
    ----------
    graph : networkx.DiGraph
        A network from :func:`build_network`.

    Returns
    -------
    networkx.Graph
        The same nodes; an edge for each pair whose two directions do not cancel exactly, with the
        summed ``weight``. Actors without a signed tie stay as isolated nodes (they belong to no bloc).

    Examples
    --------
    >>> import networkx as nx
    >>> directed = nx.DiGraph()
    >>> directed.add_weighted_edges_from([("RUS", "TUR", 1.0), ("TUR", "RUS", -3.0)])
    >>> signed_projection(directed)["RUS"]["TUR"]["weight"]
    -2.0
    """
    signed = nx.Graph()
    signed.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        previous = signed.edges[u, v]["weight"] if signed.has_edge(u, v) else 0.0
        signed.add_edge(u, v, weight=previous + data["weight"])
    zero = [(u, v) for u, v, w in signed.edges(data="weight") if abs(w) < 1e-9]
    signed.remove_edges_from(zero)
    return signed
