"""The report in a real browser: headless Chromium renders it, clicks it, and finds no errors.

Needs Playwright for Python and a Chromium binary (the system's ``chromium``, ``chromium-browser``
or ``google-chrome``, or Playwright's own); skipped with the reason when either is missing. CI
installs both. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from multipolar.show.report import build_payload, write_report
from test_report import hostile_payload, quick_network, synthetic

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"


def chromium_path() -> str | None:
    """A system Chromium, if any; ``None`` lets Playwright use its own download."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        found = name and shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        except Exception as exc:  # no binary, or one that cannot start here
            pytest.skip(f"no usable Chromium: {str(exc).splitlines()[0]}")
        yield browser
        browser.close()


class Page:
    """A report opened in the browser, recording console errors, page errors and any request."""

    def __init__(self, browser: object, path: Path, width: int = 1400) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 1000})  # type: ignore[attr-defined]
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: r.url != path.as_uri() and self.requests.append(r.url))
        started = time.perf_counter()
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready=true]", timeout=20_000)
        self.ready_s = time.perf_counter() - started

    def js(self, expression: str, arg: object = None) -> object:
        return self.page.evaluate(expression, arg)

    def click_node(self, actor: str) -> None:
        """Click the canvas where the report drew *actor*."""
        pos = self.js("id => window.multipolarReport.positionOf(id)", actor)
        box = self.page.locator("#network").bounding_box()
        self.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


PAINTED = """() => {
  const c = document.getElementById('network');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
  return n;
}"""


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report ``multipolar demo`` writes for the bundled demo corpus (the whole pipeline)."""
    from typer.testing import CliRunner

    from multipolar.cli import app

    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "report.html"


def test_demo_report_renders_and_clicking_a_node_shows_its_evidence(
    browser: object, demo_report: Path
) -> None:
    view = Page(browser, demo_report)
    canvas = view.page.locator("#network")
    nodes = view.js("window.multipolarReport.nodes")
    assert int(canvas.get_attribute("data-node-count")) == len(nodes) > 0
    chips = view.page.locator("#legend .chip[data-actor]")
    assert sorted(chips.evaluate_all("cs => cs.map(c => c.dataset.actor)")) == sorted(nodes)
    # the canvas really has paint on it, not just an empty box
    assert view.js(PAINTED) > 2000
    activity = view.js(
        "() => Object.fromEntries(JSON.parse(document.getElementById('data').textContent)"
        ".network.nodes.map(n => [n.id, n.activity]))"
    )
    busiest = max(nodes, key=activity.get)
    view.click_node(busiest)
    assert view.js("window.multipolarReport.selected()") == busiest
    evidence = view.page.locator("#panel-body .evidence")
    assert evidence.count() > 0
    first = evidence.first
    assert first.locator("blockquote").inner_text().strip()
    assert first.locator(".badge[class*='m-']").inner_text() in (
        "asserted",
        "hedged",
        "negated",
        "reported",
        "future",
    )
    assert view.page.locator("#panel-body h3").inner_text().strip()

    # the legend selects too, and the event table filters and pages
    other = next(a for a in nodes if a != busiest)
    view.page.locator(f'#legend .chip[data-actor="{other}"]').click()
    assert view.js("window.multipolarReport.selected()") == other
    total = view.page.locator("#events tbody tr").count()
    assert total > 0
    view.page.select_option("#f-actor", other)
    view.page.wait_for_timeout(300)
    rows = view.page.locator("#events tbody tr")
    assert 0 < rows.count() <= total
    view.page.locator("#f-actor").select_option("")

    # a cell of the alignment matrix and a bar of the timeline lead to their evidence
    view.page.locator("#heatmap rect.cell").first.click()
    assert "\u2194" in view.page.locator("#panel-body h3").inner_text()
    assert view.page.locator("#panel-body .evidence").count() > 0
    bar = view.page.locator("#timeline g.bar").last
    period = bar.get_attribute("data-period")
    bar.click()
    assert view.page.locator("#f-text").input_value() == period
    assert all(period in d for d in view.page.locator("#events tbody td:first-child").all_inner_texts())

    # drag, pan and zoom the canvas; the node follows the drag
    view.page.wait_for_timeout(600)  # let the smooth scroll to the table finish
    view.page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
    before = view.js("id => window.multipolarReport.positionOf(id)", busiest)
    box = canvas.bounding_box()
    view.page.mouse.move(box["x"] + before["x"], box["y"] + before["y"])
    view.page.mouse.down()
    view.page.mouse.move(box["x"] + before["x"] + 40, box["y"] + before["y"] + 25, steps=5)
    view.page.mouse.up()
    after = view.js("id => window.multipolarReport.positionOf(id)", busiest)
    assert abs(after["x"] - before["x"] - 40) < 2 and abs(after["y"] - before["y"] - 25) < 2
    view.page.mouse.move(box["x"] + 20, box["y"] + 20)
    view.page.mouse.wheel(0, -300)
    view.page.locator("#fit").click()
    view.js("id => window.multipolarReport.selectNode(id)", busiest)
    ARTIFACTS.mkdir(exist_ok=True)
    view.page.locator("#panel").scroll_into_view_if_needed()
    view.page.evaluate("window.scrollTo(0, 0)")
    view.page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert not view.errors, view.errors
    assert not view.requests, f"the report fetched {view.requests}"


def test_hostile_document_text_runs_nothing(browser: object, tmp_path: Path) -> None:
    payload, bad = hostile_payload()
    view = Page(browser, write_report(payload, tmp_path / "hostile.html"))
    assert view.page.title().startswith("A </title>")  # shown as text, not parsed
    assert view.js("document.querySelectorAll('script').length") == 2
    assert view.js("document.querySelectorAll('img, b').length") == 0
    view.page.locator("#f-text").fill("more")
    view.page.wait_for_timeout(300)
    assert HOSTILE_TEXT in view.page.locator("#events tbody").inner_text()
    view.js("id => window.multipolarReport.selectNode(id)", "TUR")
    assert "Turkey <b>bold</b>" in view.page.locator("#panel-body h3").inner_text()
    assert not view.errors, view.errors


HOSTILE_TEXT = '</script><script>document.title="pwned"</script>'


@pytest.mark.slow
def test_300_actors_and_20000_events_stay_usable(browser: object, tmp_path: Path) -> None:
    events, actors, documents = synthetic(300, 20_000)
    payload = build_payload(events, actors, documents, network=quick_network(events, actors), title="Scale")
    view = Page(browser, write_report(payload, tmp_path / "big.html"))
    assert view.ready_s < 8, f"interactive after {view.ready_s:.1f} s"
    assert view.page.locator("#network").get_attribute("data-node-count") == "300"
    actor = max(payload["actors"], key=lambda a: payload["actors"][a]["activity"])
    started = time.perf_counter()
    view.click_node(actor)
    view.page.wait_for_selector("#panel-body .evidence")
    clicked = time.perf_counter() - started
    ARTIFACTS.mkdir(exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / "report-300.png"))
    started = time.perf_counter()
    view.page.locator("#f-text").fill("attacked border")
    view.page.wait_for_selector("#event-count:has-text('match')")
    searched = time.perf_counter() - started
    assert clicked < 2 and searched < 2, (clicked, searched)
    assert view.page.locator("#events tbody tr").count() == 50  # one page, not 20,000 rows
    assert not view.errors, view.errors
