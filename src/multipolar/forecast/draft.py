"""Draft a scenario from the stored event network, for an analyst to review and then run.

The issue is a contest between two poles, ``pole_a`` at 0 and ``pole_b`` at 100 (for Libya:
the GNA at 0, Haftar's LAAF at 100). Without poles, they are chosen from the events
(:func:`choose_poles`): the network of the events is split into its two camps of least
frustration (:func:`multipolar.analyse.find_blocs`), and each camp's pole is the member its
camp backs most (the most cooperation weight received from fellow members). For every other
actor with at least one signed tie to a pole:

* position: how far, and how surely, its support leans to one pole,
  x = 50 + 50 * (support_B - support_A) / (support_A + support_B + PRIOR), where support_B =
  positive ties to B + negative ties to A, and support_A = positive ties to A + negative ties
  to B. PRIOR (2, the weight of one asserted material act) is evidence for the middle that
  every actor starts with: one such act for a pole places an actor at 25 or 75, five at about 7
  or 93, and an actor with ties to both poles lands between them, so positions are graded by
  the strength of the ties rather than pushed to 0 or 100 by a single report. A tie is an event
  between the actor and the pole, either direction, weighted exactly as in the network
  (:func:`multipolar.analyse.event_weight`): polarity (+1 cooperation, -1 conflict), times 2
  for material acts (they cost more than words), times the modality weight of the PLOVER
  ontology (``data/ontology/plover.yaml``: asserted 1, reported 0.7, future 0.5, hedged 0.4,
  negated 0).
* salience: the share of the actor's events that concern the issue, at least 0.05; the poles
  get 1. With *context* (every stored event, when *events* are one theatre's), the share of its
  stored events that are in *events*; without, the share of its events whose counterpart is a pole.
* capability: the documented default in ``data/scenarios/capability-defaults.yaml`` (power in
  general) times 0.5 + 0.5 m / m_max, where m is the modality weight of the material acts the
  actor carried out among *events* and m_max the largest of any actor (power brought to bear on
  this conflict): the most engaged actor keeps its default, one that only talked keeps half.

Every actor's ``evidence`` gives the rule and the numbers behind each value, with the events
(date, act, weight, modality and sentence) that placed it and that show its material acts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

import yaml

from multipolar.analyse import analyse_graph, build_network, event_weight
from multipolar.document import Event
from multipolar.forecast.scenario import Actor, Scenario, ScenarioError

MIN_SALIENCE = 0.05
PRIOR = 2.0  # evidence for the middle of the scale: the weight of one asserted material act
REVIEW = "capability is a default scaled by material acts: review it"
CITED = 8  # events quoted per value; the rest are counted


def capability_defaults() -> tuple[float, dict[str, float]]:
    """The fallback capability and the per-actor defaults from the bundled data file."""
    text = (
        resources.files("multipolar").joinpath("data/scenarios/capability-defaults.yaml").read_text("utf-8")
    )
    data = yaml.safe_load(text)
    return float(data["default"]), {str(k): float(v) for k, v in (data.get("actors") or {}).items()}


def tie_weight(event: Event) -> float:
    """The signed strength of one event as a tie: the network's :func:`event_weight`."""
    return event_weight(event)


def signed_ties(events: Iterable[Event], pole: str) -> dict[str, tuple[float, float]]:
    """For every actor that interacts with *pole*: (sum of positive, sum of negative) tie weights."""
    ties: dict[str, list[float]] = {}
    for event in _ties_with(events, pole):
        other = event.target if event.source == pole else event.source
        weight = tie_weight(event)
        pair = ties.setdefault(other, [0.0, 0.0])  # type: ignore[arg-type]
        if weight > 0:
            pair[0] += weight
        elif weight < 0:
            pair[1] -= weight
    return {actor: (pos, neg) for actor, (pos, neg) in ties.items()}


def _ties_with(events: Iterable[Event], pole: str) -> list[Event]:
    """The events between *pole* and another actor (both named), either direction."""
    return [
        e for e in events if e.source and e.target and pole in (e.source, e.target) and e.source != e.target
    ]


def position(
    ties_a: tuple[float, float],
    ties_b: tuple[float, float],
    low: float = 0,
    high: float = 100,
    prior: float = PRIOR,
) -> float:
    """Where an actor stands between pole A (*low*) and pole B (*high*), from its signed ties
    (see the module documentation)."""
    support_a = ties_a[0] + ties_b[1]
    support_b = ties_b[0] + ties_a[1]
    if support_a + support_b + prior == 0:
        return (low + high) / 2
    lean = (support_b - support_a) / (support_a + support_b + prior)
    return (low + high) / 2 + (high - low) / 2 * lean


def choose_poles(events: Iterable[Event]) -> tuple[str, str, str]:
    """The two poles of *events* (see the module documentation), in id order, and why."""
    graph = build_network(events)
    blocs = analyse_graph(graph, k=2, brokers=False).blocs
    camps = [b for b in blocs.blocs if len(b) > 0][:2]
    if len(camps) < 2:
        raise ScenarioError(
            "the events do not split into two camps (no conflict between signed ties): "
            "give the poles with --pole-a and --pole-b"
        )

    def backing(actor: str, camp: list[str]) -> float:
        return sum(max(graph.edges[u, actor]["weight"], 0.0) for u in graph.predecessors(actor) if u in camp)

    poles = []
    for camp in camps:
        pole = max(camp, key=lambda a: (backing(a, camp), graph.nodes[a]["events"], a))
        poles.append((pole, backing(pole, camp), len(camp)))
    (a, wa, na), (b, wb, nb) = sorted(poles)
    why = (
        f"poles chosen from the events' two camps: {a} (backed by its camp of {na} with tie weight "
        f"{wa:.2f}) and {b} (camp of {nb}, {wb:.2f})"
    )
    return a, b, why


def _cite(event: Event, weight: str) -> str:
    target = f" {event.target}" if event.target else ""
    return (
        f"{event.date or 'undated'} {event.source} {event.type}{target} ({weight}, {event.modality}): "
        f"{' '.join(event.sentence.split())}"
    )


def _cited(pairs: list[tuple[Event, float]], signed: bool = True) -> dict[str, Any]:
    """The heaviest events first, at most CITED of them, and how many were left out; *signed*
    weights are ties (``tie +2.00``), others the weight of a material act (``act 0.70``)."""
    ranked = sorted(pairs, key=lambda p: (-abs(p[1]), p[0].date or "", p[0].id))
    label = (lambda w: f"tie {w:+.2f}") if signed else (lambda w: f"act {w:.2f}")
    found: dict[str, Any] = {"events": [_cite(e, label(w)) for e, w in ranked[:CITED]]}
    if len(ranked) > CITED:
        found["more"] = len(ranked) - CITED
    return found


def material_acts(events: Iterable[Event]) -> dict[str, list[tuple[Event, float]]]:
    """Each actor's material acts (as the source) with their modality weight."""
    acts: dict[str, list[tuple[Event, float]]] = {}
    for event in events:
        if event.source and event.quad.startswith("material"):
            weight = abs(event_weight(event, quad_weights={event.quad: 1.0}))
            if weight > 0:
                acts.setdefault(event.source, []).append((event, weight))
    return acts


def draft_scenario(
    events: Iterable[Event],
    pole_a: str | None = None,
    pole_b: str | None = None,
    names: Mapping[str, str] | None = None,
    *,
    issue: str = "",
    context: Iterable[Event] | None = None,
    about: str = "",
    capabilities: Mapping[str, float] | None = None,
    default_capability: float | None = None,
) -> Scenario:
    """A scenario proposed from *events* (one conflict's, or all), with the evidence for every
    value: see the module documentation. *context* holds every event of the actors, for
    salience, and *about* names the conflict (a theatre) in the evidence."""
    names = dict(names or {})
    events = list(events)
    chosen = ""
    if (pole_a is None) != (pole_b is None):
        raise ScenarioError(
            "give both poles (--pole-a and --pole-b), or neither to choose them from the events"
        )
    if pole_a is None or pole_b is None:
        pole_a, pole_b, chosen = choose_poles(events)
    if pole_a == pole_b:
        raise ScenarioError("the two poles must be different actors")
    if default_capability is None or capabilities is None:
        fallback, table = capability_defaults()
        default_capability = fallback if default_capability is None else default_capability
        capabilities = table if capabilities is None else capabilities
    poles = {pole_a, pole_b}
    if context is None:
        concern = [e for e in events if e.target and {e.source, e.target} & poles]
        everything = [e for e in events if e.target]
        concern_label = "involve a pole"
    else:
        concern = events
        everything = list(context)
        concern_label = f"are in {about or 'the selection'}"
    activity = Counter(a for e in everything for a in {e.source, e.target} if a)
    concerned = Counter(a for e in concern for a in {e.source, e.target} if a)
    for pole in (pole_a, pole_b):
        if not any(pole in (e.source, e.target) for e in events):
            raise ScenarioError(f"no events involve {pole!r}: check the actor id")
    acts = material_acts(events)
    engagement = {a: sum(w for _, w in found) for a, found in acts.items()}
    most = max(engagement.values(), default=0.0)

    def capability(actor: str) -> tuple[float, dict[str, Any]]:
        base = capabilities.get(actor, default_capability)
        listed = "capability-defaults.yaml" + (
            "" if actor in capabilities else ", the default for unlisted actors"
        )
        mine = engagement.get(actor, 0.0)
        factor = 0.5 + 0.5 * mine / most if most else 1.0
        rule = (
            f"{base:g} ({listed}) x (0.5 + 0.5 x {mine:.2f} / {most:.2f}): its material acts, "
            "as a share of the most any actor carried out"
            if most
            else f"{base:g} ({listed}); no material acts among these events"
        )
        return round(base * factor, 3), {"rule": rule, **_cited(acts.get(actor, []), signed=False)}

    def salience(actor: str) -> tuple[float, dict[str, Any]]:
        share = concerned[actor] / activity[actor] if activity[actor] else 1.0
        rule = f"{concerned[actor]} of its {activity[actor]} events {concern_label}"
        return round(max(MIN_SALIENCE, share), 2), {"rule": rule}

    ties_a, ties_b = signed_ties(events, pole_a), signed_ties(events, pole_b)
    actors = [
        _pole(pole, where, names, capability(pole), chosen)
        for pole, where in ((pole_a, 0.0), (pole_b, 100.0))
    ]
    others = sorted((set(ties_a) | set(ties_b)) - poles, key=lambda a: (-concerned[a], a))
    unplaced = []
    for actor in others:
        a, b = ties_a.get(actor, (0.0, 0.0)), ties_b.get(actor, (0.0, 0.0))
        if not any(a + b):
            unplaced.append(actor)  # only neutral events with the poles: no sign to place it by
            continue
        where = round(position(a, b), 1)
        support_a, support_b = a[0] + b[1], b[0] + a[1]
        tie_events = [
            (e, tie_weight(e))
            for e in _ties_with(events, pole_a) + _ties_with(events, pole_b)
            if actor in (e.source, e.target) and tie_weight(e) != 0
        ]
        value_c, why_c = capability(actor)
        value_s, why_s = salience(actor)
        actors.append(
            Actor(
                name=names.get(actor, actor),
                id=actor,
                capability=value_c,
                position=where,
                salience=value_s,
                notes=(f"ties to {pole_a}: +{a[0]:g}/-{a[1]:g}; to {pole_b}: +{b[0]:g}/-{b[1]:g}; {REVIEW}"),
                evidence={
                    "position": {
                        "rule": (
                            f"50 + 50 x ({support_b:.2f} for {pole_b} - {support_a:.2f} for {pole_a}) / "
                            f"({support_a:.2f} + {support_b:.2f} + {PRIOR:g}) = {where:g}"
                        ),
                        **_cited(tie_events),
                    },
                    "salience": why_s,
                    "capability": why_c,
                },
            )
        )
    label_a, label_b = names.get(pole_a, pole_a), names.get(pole_b, pole_b)
    notes = [
        f"Drafted from {len(events)} stored events{f' in {about}' if about else ''}.",
        chosen[:1].upper() + chosen[1:] + "." if chosen else "",
        "Positions come from signed ties to the poles, salience from the share of each actor's events "
        f"that {concern_label}, capabilities from data/scenarios/capability-defaults.yaml scaled by "
        "each actor's material acts. Each actor's evidence lists the events behind its values.",
        f"Not placed (no signed tie to a pole): {', '.join(unplaced)}." if unplaced else "",
        "Review every value before running.",
    ]
    return Scenario(
        actors=tuple(actors),
        issue=issue or f"{label_a} or {label_b}",
        scale=(0.0, 100.0),
        scale_labels=(f"{label_a} prevails", f"{label_b} prevails"),
        notes=" ".join(n for n in notes if n),
        extra={"drafted": True, **({"theatre": about} if about else {})},
    )


def _pole(
    actor: str,
    where: float,
    names: Mapping[str, str],
    capability: tuple[float, dict[str, Any]],
    chosen: str,
) -> Actor:
    return Actor(
        name=names.get(actor, actor),
        id=actor,
        capability=capability[0],
        position=where,
        salience=1.0,
        notes=f"pole; {REVIEW}",
        evidence={
            "position": {"rule": f"pole at {where:g}" + (f" ({chosen})" if chosen else " (given)")},
            "salience": {"rule": "a pole: the issue is its own"},
            "capability": capability[1],
        },
    )
