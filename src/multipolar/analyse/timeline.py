"""Alignment over time: net cooperation window by window, and the actors that changed side.

Events are placed in calendar windows (month ``2019-11``, quarter ``2019-Q4`` or year ``2019``) by
the day of :func:`multipolar.analyse.network.event_day`; undated events, and events whose date is
less precise than the window (a bare year in a monthly timeline), are left out. Within a window the
*net* alignment of two actors is the sum of the signed event weights between them, both directions
(the same weights as the network, joint acts shared out), so a window's sign says whether they
cooperated or clashed.

A *side change* is a flip in the sign of an actor's net alignment toward a bloc between two
consecutive windows in which it had ties to that bloc (windows without ties are skipped, since
silence is not a change of side). Blocs come from the whole period, so their labels are stable
across windows; this is the temporal reading of balance in Doreian & Mrvar (2009, "Partitioning
signed social networks", Social Networks 31) applied to sign sequences rather than to a new
partition per window, which would not tell which bloc is which.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence

from multipolar.analyse.blocs import Blocs
from multipolar.analyse.network import QUAD_WEIGHTS, event_weight, joint_shares
from multipolar.document import Event

FREQS = ("month", "quarter", "year")


def window_of(value: str | None, freq: str = "month") -> str | None:
    """The calendar window of a date.

    Parameters
    ----------
    value : str or None
        An ISO date, or an interval ``a/b`` (its start counts).
    freq : {"month", "quarter", "year"}
        The window's length.

    Returns
    -------
    str or None
        ``2019-11``, ``2019-Q4`` or ``2019``; ``None`` for no date, or a date less precise than the
        window (a bare year in a monthly timeline).

    Raises
    ------
    ValueError
        An unknown *freq*.

    Examples
    --------
    >>> window_of("2019-11-21", "quarter"), window_of("2019", "month")
    ('2019-Q4', None)
    """
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, got {freq!r}")
    if not value:
        return None
    text = value.split("/", 1)[0].strip()
    year = text[:4]
    if not year.isdigit():
        return None
    if freq == "year":
        return year
    month = text[5:7]
    if len(text) < 7 or text[4] != "-" or not month.isdigit() or not 1 <= int(month) <= 12:
        return None
    return f"{year}-{month}" if freq == "month" else f"{year}-Q{(int(month) - 1) // 3 + 1}"


def _members(group: str | Collection[str]) -> frozenset[str]:
    return frozenset([group] if isinstance(group, str) else group)


def _label(group: frozenset[str]) -> str:
    return "+".join(sorted(group))


def alignment_timeline(
    events: Iterable[Event],
    actor: str | Collection[str],
    partner: str | Collection[str] | None = None,
    *,
    freq: str = "month",
    quad_weights: Mapping[str, float] = QUAD_WEIGHTS,
    modality_weights: Mapping[str, float] | None = None,
) -> list[dict]:
    """Net cooperation between *actor* and *partner*, window by window.

    Within a window the net alignment of two actors is the sum of the signed event weights between
    them, both directions (the network's weights, joint acts shared out), so its sign says whether
    they cooperated or clashed.

    Parameters
    ----------
    events : iterable of Event
        Coded events.
    actor : str or collection of str
        An actor id, or a group of ids (a bloc).
    partner : str or collection of str, optional
        The same; without it, one row per partner of *actor* and window. The same group twice gives
        its internal cohesion.
    freq : {"month", "quarter", "year"}
        The windows (:func:`window_of`); undated events are left out.
    quad_weights, modality_weights
        As for :func:`~multipolar.analyse.network.event_weight`.

    Returns
    -------
    list of dict
        ``window, actor, partner, net, cooperation, conflict, events``, sorted by window.

    Examples
    --------
    >>> events = examples.libya_events()  # Turkey arms the GNA, Russia backs Haftar, then turns
    >>> [(row["window"], row["net"]) for row in alignment_timeline(events, "RUS", "LBY-LAAF")]
    [('2020-01', 1.0), ('2020-03', -1.0)]
    """
    side = _members(actor)
    other = _members(partner) if partner is not None else None
    cells: dict[tuple[str, str], dict] = {}
    events = list(events)
    shares = joint_shares(events)
    for event in events:
        if not event.source or not event.target or event.source == event.target:
            continue
        window = window_of(event.date, freq)
        weight = event_weight(event, quad_weights=quad_weights, modality_weights=modality_weights)
        weight *= shares.get(event.id, 1.0)
        if window is None or weight == 0:
            continue
        for mine, theirs in ((event.source, event.target), (event.target, event.source)):
            if mine not in side:
                continue
            if other is None:
                if theirs in side:
                    continue
                name = theirs
            elif theirs in other:
                name = _label(other)
            else:
                continue
            cell = cells.setdefault(
                (window, name), {"net": 0.0, "cooperation": 0, "conflict": 0, "events": 0}
            )
            cell["net"] += weight
            cell["cooperation" if weight > 0 else "conflict"] += 1
            cell["events"] += 1
            break  # an event inside a group counts once
    label = _label(side)
    return [
        {"window": window, "actor": label, "partner": name, **cell, "net": round(cell["net"], 4)}
        for (window, name), cell in sorted(cells.items())
    ]


def side_changes(
    events: Iterable[Event],
    blocs: Blocs | Sequence[Collection[str]],
    *,
    freq: str = "month",
    actors: Collection[str] | None = None,
    quad_weights: Mapping[str, float] = QUAD_WEIGHTS,
    modality_weights: Mapping[str, float] | None = None,
) -> list[dict]:
    """The actors whose net alignment toward a bloc changed sign between consecutive windows.

    Windows in which the actor had no tie to the bloc are skipped: silence is not a change of side.
    The blocs come from the whole period, so their labels are stable across windows.

    Parameters
    ----------
    events : iterable of Event
        Coded events.
    blocs : Blocs or sequence of collections of str
        The blocs (:func:`~multipolar.analyse.blocs.find_blocs`), or groups of actor ids.
    freq : {"month", "quarter", "year"}
        The windows (:func:`window_of`).
    actors : collection of str, optional
        Only these actors' changes.
    quad_weights, modality_weights
        As for :func:`~multipolar.analyse.network.event_weight`.

    Returns
    -------
    list of dict
        ``actor, bloc, from_window, to_window, before, after`` (``before`` and ``after`` are the net
        weights in the two windows), in order of actor and time.

    See Also
    --------
    multipolar.analyse.sql.side_changes_from_store : the same rule over a store's events.

    References
    ----------
    .. [1] Doreian, P. & Mrvar, A. (2009). Partitioning signed social networks. *Social Networks*
       31(1), 1-11.

    Examples
    --------
    >>> events = examples.libya_events()  # Turkey arms the GNA, Russia backs Haftar, then turns
    >>> from multipolar.analyse import find_blocs, build_network
    >>> change = side_changes(events, find_blocs(build_network(events)))[0]
    >>> change["actor"], change["from_window"], change["to_window"], change["after"]
    ('RUS', '2020-01', '2020-03', -1.0)
    """
    groups = blocs.blocs if isinstance(blocs, Blocs) else [list(g) for g in blocs]
    bloc_of = {a: i for i, group in enumerate(groups) for a in group}
    net: dict[tuple[str, int], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    events = list(events)
    shares = joint_shares(events)
    for event in events:
        window = window_of(event.date, freq)
        weight = event_weight(event, quad_weights=quad_weights, modality_weights=modality_weights)
        weight *= shares.get(event.id, 1.0)
        if (
            window is None
            or weight == 0
            or not event.source
            or not event.target
            or event.source == event.target
        ):
            continue
        for mine, theirs in ((event.source, event.target), (event.target, event.source)):
            if theirs in bloc_of and (actors is None or mine in actors):
                net[mine, bloc_of[theirs]][window] += weight
    return sign_flips(net)


def sign_flips(net: Mapping[tuple[str, int], Mapping[str, float]]) -> list[dict]:
    """The side changes in net weights already summed per actor, bloc and window.

    The rule of :func:`side_changes`, whether the weights were summed in Python or in a store:
    each pair of consecutive windows with weight whose signs differ.

    Parameters
    ----------
    net : Mapping[(str, int), Mapping[str, float]]
        (actor, bloc) -> window -> net weight toward the bloc.

    Returns
    -------
    list of dict
        As :func:`side_changes` returns them.

    Examples
    --------
    >>> sign_flips({("RUS", 1): {"2020-01": 1.0, "2020-02": 0.0, "2020-03": -1.0}})[0]["to_window"]
    '2020-03'
    """
    changes = []
    for (actor, bloc), series in sorted(net.items()):
        active = [(w, v) for w, v in sorted(series.items()) if abs(v) > 1e-9]
        for (w1, v1), (w2, v2) in zip(active, active[1:], strict=False):
            if (v1 > 0) != (v2 > 0):
                changes.append(
                    {
                        "actor": actor,
                        "bloc": bloc,
                        "from_window": w1,
                        "to_window": w2,
                        "before": round(v1, 4),
                        "after": round(v2, 4),
                    }
                )
    return changes
