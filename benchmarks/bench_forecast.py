"""Forecast benchmarks: the expected utility model's memory and time, and why it misses on DEU.

    PYTHONPATH=src python benchmarks/bench_forecast.py                    # scale only
    PYTHONPATH=src python benchmarks/bench_forecast.py --deu ../shared/benchmarks/deu/deu3.csv

Scale: for n actors, the eu model's peak traced memory and time per round, and the literal n x n x
n vote array's size beside the closed form's (win probabilities), both timed in the same run.

DEU (with --deu): the eu model's error on the decided issues, its run time per issue, and the
error of each variant that isolates one cause of its gap to the compromise model:

* the rounds it plays (0 rounds is the weighted median of the initial positions);
* what it reports: the median of the final positions (its forecast) or their weighted mean;
* the capability rule (salience only, Council votes, GDP);
* the salience scale: shares of 0..100 as coded, rescaled so the most concerned actor has 1, or
  ignored (every actor 1);
* a reconstruction choice: P_ij normalised over all contests (ours) or over the i-j contest only
  (the paper's formula read literally), and Q = T = 0.5 instead of 1.

Fixes (with --deu --fixes): versions of the model that stop polarising, each a change to its two
causes (docs/forecast.md): it reports the weighted mean of the final positions instead of their
median (Scholz et al. report both); accepted moves go only part of the way (``partial``: every
move, not only a compromise, goes |EU_ji / EU_ij| of the way), only compromises are carried out
(``compromise only``), and every move is damped by a factor (1, 0.5, 0.25, 0.1); 1 to 8 rounds.
The family's best member is chosen on nine folds of whole proposals and scored on the tenth, so
its error is out of sample like the pivot model's.

Interval scales (with --deu --scales): the out-of-sample coverage and width of the intervals with
the residual scale shipped (weighted spread + 5% of the scale), with the spread alone, with a
larger floor, and with one constant width, overall and by tercile of the spread.

Overhead (always): a forecast with its intervals and sides against the bare model run, as a ratio.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from multipolar.forecast import expected_utility as eu_module
from multipolar.forecast.backtest import fold_of
from multipolar.forecast.base import weighted_mean, weighted_median
from multipolar.forecast.capability import capabilities, issue_scenario
from multipolar.forecast.expected_utility import (
    ExpectedUtilityModel,
    vote_matrix,
    win_probabilities,
    win_probability,
)
from multipolar.forecast.intervals import calibrate
from multipolar.forecast.issues import IssueFile, read_issues
from multipolar.forecast.models import all_models
from multipolar.forecast.scenario import Actor, Scenario, read_scenario

LIBYA = Path(__file__).parents[1] / "src" / "multipolar" / "data" / "scenarios" / "libya-2019.yaml"


def random_scenario(n: int, seed: int = 0) -> Scenario:
    rng = np.random.default_rng(seed)
    return Scenario(
        actors=tuple(
            Actor(f"a{i}", float(rng.uniform(0.1, 1)), float(rng.uniform(0, 100)), float(rng.uniform(0.1, 1)))
            for i in range(n)
        )
    )


def scale(sizes: list[int]) -> None:
    print("| actors | peak traced memory, 1 round | s per round | n^3 votes would take |")
    print("|---|---|---|---|")
    for n in sizes:
        scenario = random_scenario(n)
        tracemalloc.start()
        start = time.perf_counter()
        ExpectedUtilityModel(rounds=1).run(scenario)
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"| {n:,} | {peak / 2**20:.1f} MiB | {seconds:.2f} | {8 * n**3 / 2**30:.2f} GiB |")
    n = 150
    x, w = np.random.default_rng(1).uniform(0, 100, n), np.random.default_rng(2).uniform(0, 1, n)
    start = time.perf_counter()
    literal = win_probability(vote_matrix(x, w, 100.0))
    t_literal = time.perf_counter() - start
    start = time.perf_counter()
    closed = win_probabilities(x, w, 100.0)
    t_closed = time.perf_counter() - start
    print(
        f"\nwin probabilities at n = {n}: literal n^3 form {t_literal:.3f} s, closed form {t_closed:.3f} s "
        f"({t_literal / t_closed:.1f}x), largest difference {np.abs(literal - closed).max():.1e}"
    )


def per_contest(x: np.ndarray, w: np.ndarray, span: float) -> np.ndarray:
    """P_ij = votes for i over j / all votes cast in the i-j contest (the paper's formula, read literally)."""
    votes = vote_matrix(x, w, span)
    positive = np.clip(votes, 0, None).sum(axis=0)
    cast = np.abs(votes).sum(axis=0)
    return np.divide(positive, cast, out=np.zeros_like(positive), where=cast > 0)


def run_variant(
    issues: IssueFile,
    rule: str,
    model: ExpectedUtilityModel,
    salience: Callable[[Scenario], Scenario] = lambda s: s,
) -> tuple[list[list[float]], list[list[float]], list[float], list[int]]:
    """Per issue: the median and the mean after each round, the run time and the number of actors."""
    medians, means, seconds, sizes = [], [], [], []
    for issue in issues.issues:
        scenario = salience(issue_scenario(issue, capabilities(rule, issue, issues)))
        start = time.perf_counter()
        forecast = model.run(scenario)
        seconds.append(time.perf_counter() - start)
        weights = [a.weight for a in scenario.actors]
        first = model.run(scenario, rounds=0).forecast
        medians.append([first] + [r.median for r in forecast.rounds])
        means.append(
            [weighted_mean([a.position for a in scenario.actors], weights)]
            + [r.mean for r in forecast.rounds]
        )
        sizes.append(len(scenario.actors))
    return medians, means, seconds, sizes


def mae(values: list[float], outcomes: list[float]) -> float:
    return statistics.fmean(abs(v - o) for v, o in zip(values, outcomes, strict=True))


def rescale_to_max(scenario: Scenario) -> Scenario:
    top = max(a.salience for a in scenario.actors) or 1.0
    return scenario.with_actors(replace(a, salience=a.salience / top) for a in scenario.actors)


def ignore_salience(scenario: Scenario) -> Scenario:
    return scenario.with_actors(replace(a, salience=1.0) for a in scenario.actors)


def table_row(
    label: str, rule: str, medians: list[list[float]], means: list[list[float]], outcomes, ms=""
) -> str:
    """A markdown row: the eu forecast (median) and the mean of positions after 8 rounds."""
    at8 = mae([m[8] for m in medians], outcomes), mae([m[8] for m in means], outcomes)
    return f"| {label} | {rule} | {at8[0]:.2f} | {at8[1]:.2f} | {ms} |"


def deu(path: Path) -> None:
    issues = read_issues(path)
    outcomes = [i.outcome for i in issues.issues]
    rounds = 16
    print(f"\n{len(outcomes)} issues from {path.name}\n")
    print("| variant | capability | eu forecast (median of positions) | mean of positions | ms per issue |")
    print("|---|---|---|---|---|")
    runs = {}
    for rule in ("salience", "council", "gdp"):
        medians, means, seconds, sizes = run_variant(issues, rule, ExpectedUtilityModel(rounds=rounds))
        runs[rule] = (medians, means)
        # the run plays 16 rounds; the time per issue is reported for 8 (the default), pro rata
        ms = f"{1000 * statistics.fmean(seconds) * 8 / rounds:.1f}"
        print(table_row("as shipped, 8 rounds", rule, medians, means, outcomes, ms))
        if rule == "council":
            by_size: dict[str, list[float]] = {}
            for n, s in zip(sizes, seconds, strict=True):
                by_size.setdefault("3-15" if n <= 15 else "16-25" if n <= 25 else "26-30", []).append(s)
            timing = ", ".join(
                f"{k} actors: {1000 * statistics.fmean(v) * 8 / rounds:.1f} ms ({len(v)} issues)"
                for k, v in sorted(by_size.items())
            )
            worst = 1000 * max(seconds) * 8 / rounds
    variants = [
        ("saliences rescaled to max 1", ExpectedUtilityModel(rounds=8), rescale_to_max),
        ("salience ignored", ExpectedUtilityModel(rounds=8), ignore_salience),
        ("Q = T = 0.5", ExpectedUtilityModel(q=0.5, t=0.5, rounds=8), lambda s: s),
    ]
    for label, model, salience in variants:
        medians, means, _, _ = run_variant(issues, "council", model, salience)
        print(table_row(label, "council", medians, means, outcomes))
    original = eu_module.win_probabilities
    eu_module.win_probabilities = per_contest
    try:
        medians, means, _, _ = run_variant(issues, "council", ExpectedUtilityModel(rounds=8))
    finally:
        eu_module.win_probabilities = original
    print(table_row("P_ij per contest", "council", medians, means, outcomes))
    print(f"\nrun time per issue (council, 8 rounds): {timing}; slowest {worst:.1f} ms\n")
    heads = [f"median ({r})" for r in runs] + [f"mean ({r})" for r in runs]
    print("| rounds | " + " | ".join(heads) + " |")
    print("|---" * (1 + len(heads)) + "|")
    for k in (0, 1, 2, 3, 4, 6, 8, 12, 16):
        cells = [f"{mae([m[k] for m in runs[r][0]], outcomes):.2f}" for r in runs]
        cells += [f"{mae([m[k] for m in runs[r][1]], outcomes):.2f}" for r in runs]
        print(f"| {k} | " + " | ".join(cells) + " |")
    council_medians = runs["council"][0]
    moved = [k for k, m in enumerate(council_medians) if abs(m[8] - m[0]) > 1e-9]
    closer = sum(
        1
        for k in moved
        if abs(council_medians[k][8] - outcomes[k]) < abs(council_medians[k][0] - outcomes[k])
    )
    extreme = sum(1 for m in council_medians if m[8] in (0.0, 100.0))
    print(
        f"\ncouncil, 8 rounds: the median moved on {len(moved)} of {len(outcomes)} issues, closer to the "
        f"outcome on {closer}; it ends at 0 or 100 on {extreme} issues (the outcome is at 0 or 100 on "
        f"{sum(1 for o in outcomes if o in (0.0, 100.0))})"
    )


def overhead(repeats: int = 200) -> None:
    """Time of a forecast with its intervals and sides against the bare model run (Libya)."""
    scenario = read_scenario(LIBYA)
    calibrate(all_models()[0].run(scenario), scenario)  # loads the shipped calibration once
    print("\n| model | bare run, ms | with intervals and sides, ms | ratio |")
    print("|---|---|---|---|")
    for model in all_models():
        start = time.perf_counter()
        for _ in range(repeats):
            model.run(scenario)
        bare = (time.perf_counter() - start) / repeats
        start = time.perf_counter()
        for _ in range(repeats):
            calibrate(model.run(scenario), scenario)
        full = (time.perf_counter() - start) / repeats
        print(f"| {model.name} | {1000 * bare:.3f} | {1000 * full:.3f} | {full / bare:.1f} |")


def damped_path(
    scenario: Scenario, rounds: int, damping: float, mode: str
) -> tuple[list[float], list[float]]:
    """The weighted median and mean of the positions after each round (round 0 first) of the eu
    model whose accepted moves are changed: *mode* ``full`` (as published), ``partial`` (every
    move goes |EU_ji / EU_ij| of the way) or ``compromise only``; each move then times *damping*."""
    model = ExpectedUtilityModel()
    names = scenario.names
    x = np.array([a.position for a in scenario.actors], dtype=float)
    s = np.array([a.salience for a in scenario.actors], dtype=float)
    w = np.array([a.weight for a in scenario.actors], dtype=float)
    low, high = scenario.bounds
    medians, means = [weighted_median(list(x), list(w))], [weighted_mean(list(x), list(w))]
    for _ in range(rounds):
        accepted, _ = model.offers(names, x, s, w, high - low) if high > low else ([], {})
        moved = x.copy()
        for offer in accepted:
            j = names.index(offer.receiver)
            target = offer.position
            if offer.kind != "compromise" and mode == "compromise only":
                continue
            if offer.kind != "compromise" and mode == "partial" and offer.eu_proposer:
                target = x[j] + (target - x[j]) * min(1.0, abs(offer.eu_receiver / offer.eu_proposer))
            moved[j] = target if damping == 1 else x[j] + damping * (target - x[j])  # exact when undamped
        x = moved
        medians.append(weighted_median(list(x), list(w)))
        means.append(weighted_mean(list(x), list(w)))
    return medians, means


def fixes(path: Path, folds: int = 10) -> None:
    """Versions of the eu model that stop polarising, and the best of them out of sample."""
    issues = read_issues(path)
    scenarios = [issue_scenario(i, capabilities("council", i, issues)) for i in issues.issues]
    outcomes = np.array([i.outcome for i in issues.issues])
    groups = [i.proposal or f"isnr {i.number}" for i in issues.issues]
    assignment = fold_of(groups, folds)
    fold = np.array([assignment[g] for g in groups])
    forecasts: dict[tuple[str, float, str, int], np.ndarray] = {}
    for mode in ("full", "partial", "compromise only"):
        for damping in (1.0, 0.5, 0.25, 0.1):
            paths = [damped_path(s, 8, damping, mode) for s in scenarios]
            for k, report in enumerate(("median", "mean")):
                for rounds in (1, 2, 4, 8):
                    forecasts[mode, damping, report, rounds] = np.array([p[k][rounds] for p in paths])
    errors = {key: np.abs(f - outcomes) for key, f in forecasts.items()}
    print("\n| moves | damping | reports | rounds | MAE (nothing fitted: in = out of sample) |")
    print("|---|---|---|---|---|")
    for key in sorted(errors, key=lambda k: errors[k].mean())[:5] + [
        ("full", 1.0, "median", 8),
        ("full", 1.0, "mean", 8),
        ("partial", 1.0, "median", 8),
        ("partial", 1.0, "mean", 8),
        ("compromise only", 1.0, "median", 8),
        ("compromise only", 1.0, "mean", 8),
    ]:
        print(f"| {key[0]} | {key[1]:g} | {key[2]} | {key[3]} | {errors[key].mean():.2f} |")
    chosen, held_out = [], np.empty_like(outcomes)
    for k in range(folds):
        best = min(errors, key=lambda key: errors[key][fold != k].mean())
        chosen.append(best)
        held_out[fold == k] = errors[best][fold == k]
    compromise = np.array(
        [weighted_mean([a.position for a in s.actors], [a.weight for a in s.actors]) for s in scenarios]
    )
    picked = ", ".join(sorted({f"{c[0]}/{c[1]:g}/{c[2]}/{c[3]}" for c in chosen}))
    print(
        f"\nthe best of {len(errors)} versions, chosen on the other folds ({folds} folds of whole "
        f"proposals): MAE {held_out.mean():.2f} out of sample; the compromise model "
        f"{np.abs(compromise - outcomes).mean():.2f}. Chosen: {picked}"
    )


def scales(path: Path) -> None:
    """Coverage and width out of sample under other residual scales (see the module docs)."""
    from multipolar.forecast import calibrate as calibrate_module
    from multipolar.forecast import intervals

    setting = calibrate_module.Setting.of(read_issues(path), "council", 10)
    shipped = calibrate_module.scale
    choices = {
        "spread + 0.05 x span (shipped)": shipped,
        "spread alone": intervals.spread,
        "spread + 0.2 x span": lambda s, f: intervals.spread(s, f) + 0.2 * (s.bounds[1] - s.bounds[0]),
        "constant (the span)": lambda s, f: s.bounds[1] - s.bounds[0],
    }
    print("\n| model | scale | 50%: coverage / width | 80%: coverage / width | 80% by spread tercile |")
    print("|---|---|---|---|---|")
    for model in [m for m in all_models() if m.name in ("compromise", "pivot", "eu")]:
        forecaster = calibrate_module.Forecaster(model, setting.scenarios, setting.outcomes, setting.fold)
        forecasts = forecaster.out_of_fold(np.arange(len(setting.outcomes)))
        spreads = [intervals.spread(s, f) for s, f in zip(setting.scenarios, forecasts, strict=True)]
        ranks = [np.argsort(np.argsort(v)) for v in (spreads, np.abs(forecasts - setting.outcomes))]
        print(
            f"| {model.name} | rank correlation of spread and error: {np.corrcoef(*ranks)[0, 1]:.2f} | | | |"
        )
        for label, function in choices.items():
            calibrate_module.scale = function
            try:
                check = calibrate_module.check_model(setting, forecaster)
            finally:
                calibrate_module.scale = shipped
            half, most = check.intervals
            thirds = ", ".join(f"{t['coverage']:.2f} / {t['mean_width']:.0f}" for t in most["by_spread"])
            print(
                f"| {model.name} | {label} | {half['coverage']:.3f} / {half['mean_width']:.1f} | "
                f"{most['coverage']:.3f} / {most['mean_width']:.1f} | {thirds} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="30,100,300,1000", help="actor counts for the scale run")
    parser.add_argument("--deu", type=Path, help="the DEU III file (../shared/benchmarks/deu/deu3.csv)")
    parser.add_argument("--fixes", action="store_true", help="with --deu: versions that stop polarising")
    parser.add_argument("--scales", action="store_true", help="with --deu: other residual scales")
    args = parser.parse_args()
    scale([int(n) for n in args.sizes.split(",")])
    overhead()
    if args.deu:
        deu(args.deu)
        if args.fixes:
            fixes(args.deu)
        if args.scales:
            scales(args.deu)


if __name__ == "__main__":
    main()
