"""CLI: ``multipolar evaluate GOLD``: score the event coder against gold annotations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from multipolar.api.evaluation import evaluate
from multipolar.cli.common import Format, FormatOption, UserError, emit, friendly, say, stdout
from multipolar.show.formats import render

SUMMARY = (
    ("triples", "(source, target, type)"),
    ("pairs", "(source, type)"),
    ("types", "type per sentence"),
    ("quads", "quad class per sentence"),
)
GoldArgument = Annotated[
    Path | None,
    typer.Argument(help="Gold file: JSON lines, keyed gold, the PLOVER GSR JSON, or an incidents folder."),
]
GsrOption = Annotated[
    Path | None, typer.Option("--gsr", help="Read this PLOVER gold standard (GSR) JSON file.")
]
TextOption = Annotated[
    Path | None,
    typer.Option(
        "--text", help="The text a keyed gold file annotates (for reader relations: the articles' folder)."
    ),
]
HalfOption = Annotated[
    str,
    typer.Option(
        "--half",
        help="Score only the sentences whose id number is even or odd (all, even, odd): rules are "
        "tuned on the even half, so the odd half shows what tuning did not see.",
    ),
]
MissesOption = Annotated[
    int, typer.Option("--misses", "-m", min=0, help="How many misses and false alarms to list.")
]


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def summary_rows(data: dict) -> list[dict]:
    return [
        {
            "level": label,
            "precision": _pct(data[key]["precision"]),
            "recall": _pct(data[key]["recall"]),
            "f1": _pct(data[key]["f1"]),
            "tp": data[key]["tp"],
            "fp": data[key]["fp"],
            "fn": data[key]["fn"],
        }
        for key, label in SUMMARY
    ]


def _listed(items: list[dict], fields: tuple[str, ...], title: str) -> None:
    """Some *fields* of *items* as a table (nothing when there are none)."""
    if items:
        render([{f: item[f] for f in fields} for item in items], "table", console=stdout, title=title)


def print_tables(data: dict, notes: list[str]) -> None:
    modality = data["modality"]
    stdout.print(
        f"[bold]{data['sentences']}[/] sentences, {data['gold_events']} gold events, "
        f"{data['coded_events']} coded; {data['empty_with_events']} of {data['empty_sentences']} "
        "event-free sentences got events",
        highlight=False,
    )
    render(summary_rows(data), "table", console=stdout, title="Precision / recall / F1")
    stdout.print(
        f"macro-F1 over types {_pct(data['type_macro_f1'])}, over quads {_pct(data['quad_macro_f1'])}; "
        f"modality accuracy on {modality['matched']} matched events: {_pct(modality['accuracy'])}",
        highlight=False,
    )
    per_type = [
        {
            "type": r["type"],
            "gold": r["gold"],
            "coded": r["coded"],
            "P": _pct(r["triple_p"]),
            "R": _pct(r["triple_r"]),
            "F1": _pct(r["triple_f1"]),
            "type P": _pct(r["type_p"]),
            "type R": _pct(r["type_r"]),
            "type F1": _pct(r["type_f1"]),
        }
        for r in data["per_type"]
    ]
    render(per_type, "table", console=stdout, title="Per type: triples (P, R, F1) and type per sentence")
    if data["by_tag"]:
        tags = [
            {
                "tag": t,
                "recall": _pct(s["recall"]),
                "precision": _pct(s["precision"]),
                "gold": s["tp"] + s["fn"],
            }
            for t, s in data["by_tag"].items()
        ]
        render(tags, "table", console=stdout, title="Triples by tag")
    stdout.print(f"weakest types: {', '.join(data['weakest_types']) or '-'}", highlight=False)
    _listed(data["misses"], ("id", "expected", "coded", "text"), "Misses")
    _listed(data["false_alarms"], ("id", "coded", "pattern", "expected", "text"), "False alarms")
    for note in notes:
        say(f"note: {note}")


def print_classes(data: dict, notes: list[str]) -> None:
    stdout.print(
        f"[bold]{data['sentences']}[/] sentences: 5-class macro-F1 {_pct(data['macro_f1'])}, "
        f"accuracy {_pct(data['accuracy'])}; dyad recall {_pct(data['dyad_recall'])} "
        f"on {data['dyads']} sentences with a source and a target",
        highlight=False,
    )
    rows = [{"class": name, "F1": _pct(f1)} for name, f1 in data["per_class_f1"].items()]
    render(rows, "table", console=stdout, title="F1 per class (0 = no PLOVER event)")
    errors = [
        {
            **e,
            "coded": e["predicted"],
            "dyad": {True: "yes", False: "no", None: "-"}[e["dyad"]],
            "events": e["coded"],
        }
        for e in data["errors"]
    ]
    _listed(errors, ("id", "gold", "coded", "dyad", "events", "text"), "Errors (wrong class or dyad missed)")
    for note in notes:
        stdout.print(f"note: {note}", highlight=False)


def print_relations(data: dict, notes: list[str]) -> None:
    stdout.print(
        f"[bold]{data['articles']}[/] articles, {data['relations']} reader relations: recall "
        f"{_pct(data['recall'])} ({data['found']}/{data['relations']}), "
        f"with type {_pct(data['type_recall'])}, "
        f"precision {_pct(data['precision'])} ({data['right']}/{data['produced']})",
        highlight=False,
    )
    detailed = [a for a in data["per_article"] if "missed" in a]
    if detailed:
        rows = [
            {
                "article": a["article"],
                "found": f"{a['found']}/{a['relations']}",
                "right": f"{a['right']}/{a['produced']}",
                "missed": ", ".join(a["missed"]) or "-",
                "extra": ", ".join(a["extra"]) or "-",
            }
            for a in detailed
        ]
        render(rows, "table", console=stdout, title="Per article: relations missed and not in the gold")
    for note in notes:
        say(f"note: {note}")


def print_headlines(data: dict, fmt: Format) -> None:
    rows = [
        {
            "report": c["report"],
            "act": c["act"],
            "found": "yes" if c["found"] else "no",
            "type": "yes" if c["typed"] else "no",
            "events": "; ".join(c["events"]),
        }
        for c in data["checks"]
    ]
    if fmt is not Format.table:
        emit(data, fmt, rows=rows)
        return
    render(rows, "table", console=stdout, title="Headline acts: pair and sign (country level)")
    stdout.print(
        f"headline acts ({data['half']}): found with pair and sign in {data['found']} of {data['reports']} "
        f"reports, with the gold type in {data['typed']}",
        highlight=False,
    )


@friendly
def evaluate_command(
    gold: GoldArgument = None,
    gsr: GsrOption = None,
    text: TextOption = None,
    half: HalfOption = "all",
    misses: MissesOption = 15,
    fmt: FormatOption = Format.table,
) -> None:
    """Compare coded events with a gold file: precision, recall and F1 per level and type, and the
    misses; for sentences with quad classes and actor spans, 5-class macro-F1 and dyad recall; for
    the relations a reader takes from whole articles, recall, type recall and precision."""
    if (gold is None) == (gsr is None):
        raise UserError("give one gold file, either as GOLD or with --gsr")
    outcome = evaluate(gsr or gold, kind="gsr" if gsr else None, text=text, half=half)  # type: ignore[arg-type]
    if outcome.headlines is not None:
        print_headlines(outcome.headlines.to_dict(), fmt)
        return
    show: Callable[[dict, list[str]], None]
    if outcome.relations is not None:
        data = outcome.relations.to_dict(details=misses)
        counts = ("article", "relations", "found", "produced", "right")
        rows, show = [{k: a[k] for k in counts} for a in data["per_article"]], print_relations
    elif outcome.classes is not None:
        data = outcome.classes.to_dict(errors=misses)
        rows, show = [{"class": k, "f1": v} for k, v in data["per_class_f1"].items()], print_classes
    else:
        data = outcome.report.to_dict(misses=misses)
        rows, show = summary_rows(data), print_tables
    data["kind"], data["half"], data["notes"] = outcome.kind, half, outcome.notes
    if fmt is Format.json:
        emit(data, fmt)
    elif fmt is Format.csv:
        emit(data, fmt, rows=rows)
    else:
        show(data, outcome.notes)


def register(app: typer.Typer) -> None:
    """Add ``evaluate`` to *app*."""
    app.command("evaluate")(evaluate_command)
