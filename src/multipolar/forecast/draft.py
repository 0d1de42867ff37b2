"""Draft a scenario from the stored event network, for an analyst to review and then run.

The issue is a contest between two poles, ``pole_a`` at 0 and ``pole_b`` at 100 (for Libya:
the GNA at 0, Haftar's LAAF at 100). For every other actor with at least one signed tie to a
pole:

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
* salience: the share of the actor's events whose counterpart is a pole (its activity that
  concerns this issue), at least 0.05; the poles themselves get 1.
* capability: the documented default in ``data/scenarios/capability-defaults.yaml``, which the
  analyst is asked to review.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from importlib import resources

import yaml

from multipolar.analyse import event_weight
from multipolar.document import Event
from multipolar.forecast.scenario import Actor, Scenario, ScenarioError

MIN_SALIENCE = 0.05
PRIOR = 2.0  # evidence for the middle of the scale: the weight of one asserted material act
REVIEW = "capability is a default: review it"


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
    for event in events:
        if event.target is None or pole not in (event.source, event.target) or event.source == event.target:
            continue
        other = event.target if event.source == pole else event.source
        weight = tie_weight(event)
        pair = ties.setdefault(other, [0.0, 0.0])
        if weight > 0:
            pair[0] += weight
        elif weight < 0:
            pair[1] -= weight
    return {actor: (pos, neg) for actor, (pos, neg) in ties.items()}


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


def draft_scenario(
    events: Iterable[Event],
    pole_a: str,
    pole_b: str,
    names: Mapping[str, str] | None = None,
    *,
    issue: str = "",
    capabilities: Mapping[str, float] | None = None,
    default_capability: float | None = None,
) -> Scenario:
    """A scenario proposed from *events*: see the module documentation for each quantity."""
    if pole_a == pole_b:
        raise ScenarioError("the two poles must be different actors")
    names = dict(names or {})
    events = list(events)
    if default_capability is None or capabilities is None:
        fallback, table = capability_defaults()
        default_capability = fallback if default_capability is None else default_capability
        capabilities = table if capabilities is None else capabilities
    ties_a, ties_b = signed_ties(events, pole_a), signed_ties(events, pole_b)
    activity = Counter(a for e in events if e.target for a in {e.source, e.target})
    about_poles = Counter(
        a
        for e in events
        if e.target and {e.source, e.target} & {pole_a, pole_b}
        for a in {e.source, e.target}
    )
    for pole in (pole_a, pole_b):
        if not activity[pole]:
            raise ScenarioError(f"no events involve {pole!r}: check the actor id")
    actors = [
        _pole(pole_a, 0.0, names, capabilities, default_capability),
        _pole(pole_b, 100.0, names, capabilities, default_capability),
    ]
    others = sorted((set(ties_a) | set(ties_b)) - {pole_a, pole_b}, key=lambda a: (-about_poles[a], a))
    for actor in others:
        a, b = ties_a.get(actor, (0.0, 0.0)), ties_b.get(actor, (0.0, 0.0))
        if not any(a + b):
            continue  # only neutral events with the poles: no sign to place it by
        salience = max(MIN_SALIENCE, about_poles[actor] / activity[actor])
        actors.append(
            Actor(
                name=names.get(actor, actor),
                id=actor,
                capability=capabilities.get(actor, default_capability),
                position=round(position(a, b), 1),
                salience=round(salience, 2),
                notes=(
                    f"ties to {pole_a}: +{a[0]:g}/-{a[1]:g}; to {pole_b}: +{b[0]:g}/-{b[1]:g}; "
                    f"{about_poles[actor]} of {activity[actor]} events involve a pole; {REVIEW}"
                ),
            )
        )
    label_a, label_b = names.get(pole_a, pole_a), names.get(pole_b, pole_b)
    return Scenario(
        actors=tuple(actors),
        issue=issue or f"{label_a} or {label_b}",
        scale=(0.0, 100.0),
        scale_labels=(f"{label_a} prevails", f"{label_b} prevails"),
        notes=(
            f"Drafted from {len(events)} stored events. Positions come from signed ties to the poles, "
            "salience from the share of each actor's events that involve a pole; capabilities are "
            "defaults from data/scenarios/capability-defaults.yaml. Review every value before running."
        ),
        extra={"drafted": True},
    )


def _pole(
    actor: str, where: float, names: Mapping[str, str], table: Mapping[str, float], fallback: float
) -> Actor:
    return Actor(
        name=names.get(actor, actor),
        id=actor,
        capability=table.get(actor, fallback),
        position=where,
        salience=1.0,
        notes=f"pole; {REVIEW}",
    )
