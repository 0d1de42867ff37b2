"""Time the HTML report at scale: building it in Python, then opening and using it in headless Chromium.

Each synthetic system is :func:`bench_analysis.synthetic_events` (planted camps, active actors
more often) with a sentence per event and ten events per document. The network and its blocs come
from the analysis stage; broker scoring is left out (``bench_analysis.py`` times it). Figures:

- Python: seconds for the payload (of which the layout) and for writing the page; its size.
- Browser: **load** (navigation to the page saying it is ready: parse the data, draw the network,
  build every section), against a **baseline** measured in the same run on the same data, a page
  that only parses the same JSON; **select** (click the busiest actor until its evidence shows);
  **frames** (frames per second while the camera zooms for a second, and the slowest frame);
  **search** (type two words into the table's search until the count updates).

    PYTHONPATH=src python benchmarks/bench_report.py                     # 300 and 3,000 actors
    PYTHONPATH=src python benchmarks/bench_report.py --actors 300 --events 20000 --json out.json

Needs Playwright and a Chromium (``apt-get install chromium``: ``/usr/bin/chromium``, or
``$CHROMIUM``). Headless Chromium draws WebGL on the CPU (SwiftShader), so frame rates on a
machine with a GPU are higher; the load figure is mostly JavaScript and is not.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_analysis import synthetic_events  # noqa: E402

from multipolar.analyse import Analysis, build_network, find_blocs, network_dict  # noqa: E402
from multipolar.show import layout  # noqa: E402
from multipolar.show.report import build_payload, embed_json, write_report  # noqa: E402

BASELINE_PAGE = (
    '<!doctype html><meta charset="utf-8"><body><script type="application/json" id="data">{data}</script>'
    "<script>JSON.parse(document.getElementById('data').textContent);"
    "document.body.setAttribute('data-ready', 'true');</script>"
)
ZOOM = """() => new Promise(done => {
  const renderer = window.multipolarReport.renderer, frames = [];
  const tick = () => frames.push(performance.now());
  renderer.on("afterRender", tick);
  renderer.getCamera().animate({ratio: 0.4}, {duration: 1000});
  setTimeout(() => {
    renderer.off("afterRender", tick);
    const gaps = frames.slice(1).map((t, i) => t - frames[i]);
    done({frames: frames.length, slowest_ms: gaps.length ? Math.max(...gaps) : null});
  }, 1200);
})"""


def synthetic_corpus(actors: int, events: int, seed: int = 0) -> tuple[list, list[dict], list[dict]]:
    """Events with sentences, their actors and documents (ten events each, dated by month)."""
    found = synthetic_events(actors, events, seed=seed)
    for n, e in enumerate(found):
        verb = "met" if e.polarity > 0 else "accused"
        e.sentence = f"In dispatch {n}, officials of {e.source} {verb} envoys of {e.target} over the border."
        e.trigger = verb
    docs = sorted({e.doc for e in found})
    documents = [{"id": d, "title": f"Dispatch {d}", "date": None, "path": f"{d}.txt"} for d in docs]
    ids = sorted({a for e in found for a in (e.source, e.target)})
    names = [{"id": a, "name": f"Actor {a}", "type": "state"} for a in ids]
    return found, names, documents


def quick_network(events: list, actors: list[dict]) -> dict:
    """The analysis's network and blocs, without broker scores."""
    graph = build_network(events, names={a["id"]: a["name"] for a in actors})
    return network_dict(Analysis(graph, find_blocs(graph), []))


def chromium() -> str | None:
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        found = name and shutil.which(name)
        if found:
            return found
    return None


def time_python(actors: int, events: int, folder: Path) -> tuple[dict, Path, Path, str]:
    data, names, documents = synthetic_corpus(actors, events)
    network = quick_network(data, names)
    began = time.perf_counter()
    payload = build_payload(data, names, documents, network=network, title=f"{actors} actors")
    built = time.perf_counter()
    page = write_report(payload, folder / f"report-{actors}.html")
    written = time.perf_counter()
    baseline = folder / f"baseline-{actors}.html"
    baseline.write_text(BASELINE_PAGE.format(data=embed_json(payload)), encoding="utf-8")
    activity = Counter(a for e in data for a in (e.source, e.target))
    started = time.perf_counter()
    layout.positions(
        [n["id"] for n in network["nodes"]],
        [(e["source"], e["target"], e["weight"]) for e in network["edges"]],
        blocs={n["id"]: n["bloc"] for n in network["nodes"]},
        activity=activity,
    )
    layout_s = time.perf_counter() - started
    busiest = activity.most_common(1)[0][0]
    row = {
        "actors": actors,
        "events": len(data),
        "ties": len(network["edges"]),
        "payload_s": round(built - began, 2),
        "layout_s": round(layout_s, 2),  # part of payload_s, timed again on its own
        "write_s": round(written - built, 2),
        "page_mib": round(page.stat().st_size / 2**20, 1),
    }
    return row, page, baseline, busiest


def open_page(browser, path: Path) -> tuple[object, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    started = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=300_000)
    return page, time.perf_counter() - started


def time_browser(browser, page_path: Path, baseline: Path, busiest: str) -> dict:
    base, base_s = open_page(browser, baseline)
    base.close()
    page, load_s = open_page(browser, page_path)
    page.wait_for_timeout(300)
    started = time.perf_counter()
    page.evaluate("id => window.multipolarReport.selectNode(id)", busiest)
    page.wait_for_selector("#panel-body .evidence")
    select_s = time.perf_counter() - started
    zoom = page.evaluate(ZOOM)
    started = time.perf_counter()
    page.locator("#f-text").fill("accused border")
    page.wait_for_selector("#event-count:has-text('match')")
    search_s = time.perf_counter() - started
    page.close()
    return {
        "baseline_load_s": round(base_s, 2),
        "load_s": round(load_s, 2),
        "load_ratio": round(load_s / base_s, 2),
        "select_s": round(select_s, 2),
        "zoom_fps": round(zoom["frames"] / 1.2, 1),
        "slowest_frame_ms": round(zoom["slowest_ms"] or 0),
        "search_s": round(search_s, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, nargs="*", default=[300, 3000])
    parser.add_argument("--events", type=int, default=None, help="default: about 67 per actor")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--keep", type=Path, default=None, help="keep the pages in this folder")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-report-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        for actors in args.actors:
            row, page, baseline, busiest = time_python(actors, args.events or round(actors * 200 / 3), folder)
            row.update(time_browser(browser, page, baseline, busiest))
            rows.append(row)
            print(json.dumps(row), flush=True)
        browser.close()
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
