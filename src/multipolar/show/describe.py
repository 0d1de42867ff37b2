"""The report's plain words: the blocs, brokers, extremes and side changes as short paragraphs.

Each paragraph is a list of segments: plain text, or ``{"actor": id}`` that the page renders as a
link to that actor. Everything here reads the network contract of
:func:`multipolar.analyse.network_json` (with ``frustration`` and ``total_weight`` when known).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from multipolar.show.dates import period_label

BROKERS_DESCRIBED = 3
BLOC_MEMBERS_NAMED = 12  # a bloc with more members is named by its most active ones

Segment = str | dict[str, str]  # plain text, or {"actor": id} rendered as a link to that actor


def pair_weights(network: Mapping[str, Any]) -> dict[frozenset[str], dict[str, float]]:
    """Net tie weight and event count per unordered actor pair: ``w(u -> v) + w(v -> u)``."""
    pairs: dict[frozenset[str], dict[str, float]] = defaultdict(lambda: {"weight": 0.0, "events": 0})
    for edge in network.get("edges", []):
        if edge["source"] == edge["target"]:
            continue
        pair = pairs[frozenset((edge["source"], edge["target"]))]
        pair["weight"] += float(edge.get("weight") or 0.0)
        n = edge.get("events", 0)
        pair["events"] += len(n) if isinstance(n, list | tuple) else int(n or 0)
    return pairs


def describe(
    network: Mapping[str, Any],
    changes: Sequence[Mapping[str, Any]] = (),
    activity: Mapping[str, int] | None = None,
) -> list[list[Segment]]:
    """The blocs, brokers and side changes in plain words: paragraphs of text and actor links.

    Bloc members are listed most active first when *activity* is given, else as the blocs list them.
    """
    activity = activity or {}
    blocs: list[list[str]] = [
        sorted(b, key=lambda a: -activity.get(a, 0)) for b in network.get("blocs", []) if b
    ]
    pairs = pair_weights(network)
    paragraphs = [_describe_blocs(blocs, network)]
    if blocs:
        fit = _describe_fit(blocs, pairs, network)
        if fit:
            paragraphs.append(fit)
    for rank, broker in enumerate(network.get("brokers", [])[:BROKERS_DESCRIBED]):
        paragraphs.append(_describe_broker(broker, rank, blocs, pairs))
    paragraphs.extend(_describe_extremes(network))
    paragraphs.extend(_describe_changes(changes))
    return paragraphs


_COUNT_WORDS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten")


def _count(n: int, noun: str) -> str:
    word = _COUNT_WORDS[n] if n < len(_COUNT_WORDS) else str(n)
    return f"{word} {noun}{'' if n == 1 else 's'}"


def _actor_list(actors: Sequence[str], most: int | None = None) -> list[Segment]:
    """``A, B and C`` with each actor as a link; past *most* actors, ``A, B and 40 others``."""
    out: list[Segment] = []
    named = list(actors) if most is None or len(actors) <= most else list(actors[:most])
    rest = len(actors) - len(named)
    for i, actor in enumerate(named):
        if i:
            out.append(" and " if i == len(named) - 1 and not rest else ", ")
        out.append({"actor": actor})
    if rest:
        out.append(f" and {rest} others")
    return out


def _describe_blocs(blocs: list[list[str]], network: Mapping[str, Any]) -> list[Segment]:
    if not blocs:
        return ["No blocs: no actor has a signed tie to another yet."]
    out: list[Segment] = [f"{_count(len(blocs), 'bloc')}: "]
    for i, bloc in enumerate(blocs):
        if i:
            out.append(" against " if len(blocs) == 2 else "; ")
        out += ["{", *_actor_list(bloc, BLOC_MEMBERS_NAMED), "}"]
    unassigned = [n["id"] for n in network.get("nodes", []) if n.get("bloc") is None]
    out.append(".")
    if unassigned:
        one = len(unassigned) == 1
        out.append(
            f" {len(unassigned)} actor{'' if one else 's'} {'has' if one else 'have'} no signed tie "
            f"and {'belongs' if one else 'belong'} to no bloc."
        )
    return out


_VERDICTS = (
    (0.0, "the ties split cleanly along these lines"),
    (0.15, "the blocs explain the ties well"),
    (0.3, "the blocs explain the ties only partly"),
    (1.0, "the camps are blurred"),
)


def _describe_fit(
    blocs: list[list[str]], pairs: Mapping[frozenset[str], Mapping[str, float]], network: Mapping[str, Any]
) -> list[Segment] | None:
    """How well the blocs fit the ties: the frustration of the partition (the |weight| of friendly
    ties across blocs and hostile ties inside one) out of all tie weight among bloc members. Uses
    the analysis's own figures when the network carries them."""
    frustration, total = network.get("frustration"), network.get("total_weight")
    if frustration is None or total is None:
        bloc_of = {a: i for i, bloc in enumerate(blocs) for a in bloc}
        frustration = total = 0.0
        for pair, tie in pairs.items():
            a, b = tuple(pair)
            if a not in bloc_of or b not in bloc_of:
                continue
            total += abs(tie["weight"])
            if (tie["weight"] > 0) == (bloc_of[a] != bloc_of[b]):
                frustration += abs(tie["weight"])
    if not total:
        return None
    share = frustration / total
    verdict = next(words for limit, words in _VERDICTS if share <= limit)
    return [
        f"Frustration {frustration:.1f} of {total:.1f} ({share:.0%}): {verdict}; "
        "frustration is the weight of friendly ties across blocs and hostile ties inside one."
    ]


def _describe_broker(
    broker: str, rank: int, blocs: list[list[str]], pairs: Mapping[frozenset[str], Mapping[str, float]]
) -> list[Segment]:
    role = "the leading broker" if rank == 0 else f"broker number {rank + 1}"
    out: list[Segment] = [{"actor": broker}, f" is {role}"]
    friends = defaultdict(list)
    foes = defaultdict(list)
    for pair, tie in pairs.items():
        if broker not in pair or len(pair) != 2:
            continue
        (other,) = pair - {broker}
        for i, bloc in enumerate(blocs):
            if other in bloc:
                (friends if tie["weight"] > 0 else foes)[i].append(other)
    reached = sorted(set(friends) | set(foes))
    if not reached:
        return [*out, "."]
    out.append(f": ties into {_bloc_count(len(reached), len(blocs))}")
    clauses: list[list[Segment]] = []
    if any(friends.values()):
        clauses.append(["cooperates with ", *_actor_list(sorted(a for v in friends.values() for a in v))])
    if any(foes.values()):
        clauses.append(["is in conflict with ", *_actor_list(sorted(a for v in foes.values() for a in v))])
    for i, clause in enumerate(clauses):
        out += ["; " if i else " (it ", *clause]
    out.append(").")
    return out


def _bloc_count(reached: int, total: int) -> str:
    if total == 2 and reached == 2:
        return "both blocs"
    if reached == total and total > 2:
        return f"all {total} blocs"
    return _count(reached, "bloc").lower()


def _describe_extremes(network: Mapping[str, Any]) -> list[list[Segment]]:
    """The strongest cooperative and the sharpest hostile directed tie."""
    edges = [e for e in network.get("edges", []) if e["source"] != e["target"]]
    out: list[list[Segment]] = []
    for label, pick in (("Strongest cooperation", max), ("Sharpest conflict", min)):
        if not edges:
            break
        edge = pick(edges, key=lambda e: float(e.get("weight") or 0))
        weight = float(edge.get("weight") or 0)
        if (weight > 0) != (pick is max) or weight == 0:
            continue
        n = edge.get("events", 0)
        n = len(n) if isinstance(n, list | tuple) else int(n or 0)
        out.append(
            [
                f"{label}: ",
                {"actor": edge["source"]},
                " \u2192 ",
                {"actor": edge["target"]},
                f" (net {weight:+.1f} over {n} event{'' if n == 1 else 's'}).",
            ]
        )
    return out


def _describe_changes(changes: Sequence[Mapping[str, Any]], most: int = 5) -> list[list[Segment]]:
    """The largest swings between cooperating with a bloc and fighting it, biggest first."""
    if not changes:
        return []
    swings = sorted(changes, key=lambda c: -abs(float(c["after"]) - float(c["before"])))
    out: list[list[Segment]] = []
    for change in swings[:most]:
        before, after = (period_label(str(change[w])) for w in ("from_window", "to_window"))
        turned = "cooperation to conflict" if float(change["after"]) < 0 else "conflict to cooperation"
        out.append(
            [
                {"actor": change["actor"]},
                f" turned from {turned} with bloc {int(change['bloc']) + 1} "
                f"between {before} and {after} "
                f"(net {float(change['before']):+.1f}, then {float(change['after']):+.1f}).",
            ]
        )
    if len(swings) > most:
        out.append(
            [f"{len(swings) - most} smaller side change{'' if len(swings) - most == 1 else 's'} not listed."]
        )
    return out
