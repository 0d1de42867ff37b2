"""A chart of every actor's position by round, with the median and mean of each round."""

from __future__ import annotations

from pathlib import Path

from multipolar.forecast.base import Forecast
from multipolar.forecast.scenario import Scenario


def write_chart(forecast: Forecast, scenario: Scenario, stem: str | Path) -> list[Path]:
    """Write ``<stem>.png`` and ``<stem>.svg``; return their paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rounds = [0] + [r.round for r in forecast.rounds]
    fig, ax = plt.subplots(figsize=(9, 5.5), constrained_layout=True)
    for name, start in forecast.initial.items():
        path = [start] + [r.positions[name] for r in forecast.rounds]
        (line,) = ax.plot(rounds, path, marker="o", markersize=3, linewidth=1.2)
        ax.annotate(
            name,
            (rounds[-1], path[-1]),
            xytext=(4, 0),
            textcoords="offset points",
            fontsize=8,
            va="center",
            color=line.get_color(),
        )
    if forecast.rounds:
        ax.plot(rounds[1:], [r.median for r in forecast.rounds], "k--", linewidth=2, label="median")
        ax.plot(rounds[1:], [r.mean for r in forecast.rounds], "k:", linewidth=2, label="mean")
    ax.axhline(forecast.forecast, color="grey", linewidth=0.8, label=f"forecast {forecast.forecast:.2f}")
    low, high = scenario.bounds
    labels = scenario.scale_labels
    ax.set_ylabel(f"position ({low:g}: {labels[0] or 'low'}; {high:g}: {labels[1] or 'high'})", fontsize=9)
    ax.set_xlabel("round (0: stated positions)")
    ax.set_xticks(rounds)
    ax.set_xlim(-0.2, rounds[-1] + max(1.0, 0.15 * len(rounds)))
    ax.set_title(f"{scenario.issue or 'scenario'}: {forecast.model} model", fontsize=11)
    ax.legend(loc="best", fontsize=8)
    stem = Path(stem)
    if stem.suffix.lower() in (".png", ".svg"):
        stem = stem.with_suffix("")
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = [stem.parent / f"{stem.name}.png", stem.parent / f"{stem.name}.svg"]
    for path in paths:
        fig.savefig(path, dpi=150 if path.suffix == ".png" else None)
    plt.close(fig)
    return paths
