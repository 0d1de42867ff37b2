"""A chart of every actor's position by round, with the median and mean of each round.

Actor names, the issue and the scale's labels come from the user's files: they reach matplotlib
as plain text (:func:`as_text`), never as mathtext, a hidden legend entry or a control code.
"""

from __future__ import annotations

from pathlib import Path

from multipolar.forecast.base import Forecast
from multipolar.forecast.scenario import Scenario, ScenarioError
from multipolar.show.formats import printable

STYLES = ("-", "--", "-.", ":")


def as_text(value: object) -> str:
    """*value* as matplotlib shows it literally: ``$`` escaped (no mathtext), control characters
    written out as ``\\xNN``, and no leading ``_`` (a legend hides such labels)."""
    text = printable(str(value)).replace("$", r"\$")
    return f" {text}" if text.startswith("_") else text


def write_chart(forecast: Forecast, scenario: Scenario, stem: str | Path) -> list[Path]:
    """Write ``<stem>.png`` and ``<stem>.svg`` (creating missing folders); return their paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rounds = [0] + [r.round for r in forecast.rounds]
    final = forecast.final_positions
    fig, ax = plt.subplots(figsize=(10, 5.5), constrained_layout=True)
    colours = plt.get_cmap("tab20").colors
    # legend order = final position, top to bottom, so the legend reads like the chart's right edge
    for index, name in enumerate(sorted(forecast.initial, key=lambda n: -final[n])):
        path = [forecast.initial[name]] + [r.positions[name] for r in forecast.rounds]
        ax.plot(
            rounds,
            path,
            marker="o",
            markersize=3,
            linewidth=1.4,
            color=colours[index % len(colours)],
            linestyle=STYLES[(index // len(colours)) % len(STYLES)],
            label=f"{as_text(name)} ({final[name]:.3g})",
        )
    if forecast.rounds:  # the median and the mean of the runs, round by round
        for statistic, width, style in (("median", 2.5, "--"), ("mean", 2, ":")):
            values = [getattr(r, statistic) for r in forecast.rounds]
            ax.plot(rounds[1:], values, color="black", linewidth=width, linestyle=style, label=statistic)
    ax.axhline(forecast.forecast, color="grey", linewidth=0.8, label=f"forecast {forecast.forecast:.3g}")
    low, high = scenario.bounds
    low_label, high_label = scenario.scale_labels
    for y, text, va in ((high, high_label, "bottom"), (low, low_label, "top")):
        if text:
            ax.annotate(
                f"{y:g}: {as_text(text)}",
                (0, y),
                xytext=(0, 6 if va == "bottom" else -6),
                textcoords="offset points",
                fontsize=8,
                va=va,
                color="dimgrey",
            )
    margin = 0.08 * (high - low)
    ax.set_ylim(low - margin, high + margin)
    ax.set_ylabel("position")
    ax.set_xlabel("round (0: the scenario's positions)")
    ax.set_xticks(rounds)
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(f"{as_text(scenario.issue or 'scenario')}: {forecast.model} model", fontsize=11)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    stem = Path(stem)
    if stem.suffix.lower() in (".png", ".svg"):
        stem = stem.with_suffix("")
    try:
        stem.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        plt.close(fig)
        raise ScenarioError(f"{stem.parent}: cannot create the chart's folder ({exc.strerror})") from None
    paths = [stem.parent / f"{stem.name}.png", stem.parent / f"{stem.name}.svg"]
    for path in paths:
        fig.savefig(path, dpi=150 if path.suffix == ".png" else None)
    plt.close(fig)
    return paths
