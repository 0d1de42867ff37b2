"""The report in a real browser: headless Chromium renders it, clicks it, and finds no errors.

Needs Playwright for Python and a Chromium: Debian's (``apt-get install chromium``, at
``/usr/bin/chromium``), another on the PATH or in ``$CHROMIUM``, or Playwright's own. Skipped, with
how to get one, when none starts. Screenshots go to ``test-artifacts/``. Speed is measured by
``benchmarks/bench_report.py``, not here.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from multipolar.show.report import build_payload, write_report
from test_report import corpus, hostile_payload, quick_network, synthetic

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"
GET_A_BROWSER = (
    "install Debian's Chromium (apt-get install chromium; it is used at /usr/bin/chromium) "
    "or point $CHROMIUM at a Chromium binary"
)


def chromium_path() -> str | None:
    """A system Chromium, if any; ``None`` lets Playwright look for its own."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        found = name and shutil.which(name)
        if found:
            return found
    return None


def no_browser_reason(error: Exception | None = None) -> str:
    """Why the browser tests are skipped, and how to get a browser here (offline: no download)."""
    found = chromium_path()
    why = f"{found} did not start ({str(error).splitlines()[0]})" if found and error else "no Chromium found"
    return f"{why}: {GET_A_BROWSER}"


def test_the_skip_message_says_how_to_get_a_browser_offline() -> None:
    reason = no_browser_reason(RuntimeError("Executable doesn't exist at /root/.cache/ms-playwright/..."))
    assert "apt-get install chromium" in reason and "/usr/bin/chromium" in reason
    assert "playwright install" not in reason and "download" not in reason


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright for Python is not installed: pip install '.[test]'"
    )
    with sync_api.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        except Exception as exc:  # no binary, or one that cannot start here
            pytest.skip(no_browser_reason(exc))
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
        self.page.goto(path.as_uri(), wait_until="commit")
        self.page.wait_for_selector("body[data-ready=true]", timeout=120_000)

    def js(self, expression: str, arg: object = None) -> object:
        return self.page.evaluate(expression, arg)

    def node_point(self, actor: str) -> tuple[float, float]:
        """Where on the page the report drew *actor*."""
        pos = self.js("id => window.multipolarReport.positionOf(id)", actor)
        box = self.page.locator("#network").bounding_box()
        return box["x"] + pos["x"], box["y"] + pos["y"]

    def click_node(self, actor: str) -> None:
        self.page.mouse.click(*self.node_point(actor))

    def in_view(self, selector: str) -> bool:
        """Whether the element is on screen now (at least its top 100 px)."""
        return bool(
            self.js(
                """s => { const r = document.querySelector(s).getBoundingClientRect();
                return r.width > 0 && r.top >= 0 && r.top + Math.min(r.height, 100) <= innerHeight; }""",
                selector,
            )
        )

    def labels(self) -> list[dict]:
        return self.js("window.multipolarReport.labels()")  # type: ignore[return-value]

    def shot(self, name: str, **options: object) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), **options)


def painted(view: Page) -> int:
    """How many pixels of the network's box differ from its background (WebGL canvases cannot
    be read back once drawn, so the box is screenshotted)."""
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(view.page.locator("#network").screenshot())).convert("L")
    return sum(image.histogram()[:235])


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["id"], b["id"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]
    ]


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
    nodes = view.js("window.multipolarReport.nodes")
    assert int(view.page.locator("#network").get_attribute("data-node-count")) == len(nodes) > 0
    assert view.js(
        "typeof Sigma === 'function' && typeof graphology.UndirectedGraph === 'function'"
    )  # the vendored libraries
    chips = view.page.locator("#legend .chip[data-actor]")
    assert sorted(chips.evaluate_all("cs => cs.map(c => c.dataset.actor)")) == sorted(nodes)
    assert painted(view) > 2000  # the canvas really has paint on it, not just an empty box
    activity = view.js(
        "() => Object.fromEntries(JSON.parse(document.getElementById('data').textContent)"
        ".network.nodes.map(n => [n.id, n.activity]))"
    )
    busiest = max(nodes, key=activity.get)
    view.click_node(busiest)
    assert view.js("window.multipolarReport.selected()") == busiest
    evidence = view.page.locator("#panel-body .evidence")
    assert evidence.count() > 0 and view.in_view("#panel-body")
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
    view.shot("report-selected.png")

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

    # drag, pan and zoom the canvas; the node follows the drag
    view.page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
    view.js("() => window.multipolarReport.selectNode(null)")
    x, y = view.node_point(busiest)
    view.page.mouse.move(x, y)
    view.page.mouse.down()
    view.page.mouse.move(x + 40, y + 25, steps=5)
    view.page.mouse.up()
    after = view.node_point(busiest)
    assert abs(after[0] - x - 40) < 3 and abs(after[1] - y - 25) < 3
    view.page.mouse.move(x - 200, y)
    view.page.mouse.wheel(0, -300)
    view.page.locator("#fit").click()
    view.page.wait_for_timeout(400)
    view.shot("report.png", full_page=True)
    assert not view.errors, view.errors
    assert not view.requests, f"the report fetched {view.requests}"


def test_labels_name_the_busiest_actors_without_overlap_and_hover_names_any(
    browser: object, demo_report: Path
) -> None:
    view = Page(browser, demo_report)
    view.page.wait_for_timeout(300)
    data = view.js("JSON.parse(document.getElementById('data').textContent).network.nodes")
    names = {n["id"]: n["name"] for n in data}
    labels = view.labels()
    assert labels and not overlapping(labels)
    assert all(label["text"] == names[label["id"]] for label in labels)  # full names, never cut off
    busiest = sorted(data, key=lambda n: -n["activity"])[:5]
    assert {n["id"] for n in busiest} <= {label["id"] for label in labels}
    box = view.page.locator("#network").bounding_box()
    assert all(
        b["x0"] >= 0 and b["x1"] <= box["width"] and b["y0"] >= 0 and b["y1"] <= box["height"] for b in labels
    )
    # an actor without a label still tells its full name on hover
    unlabelled = [n for n in data if n["id"] not in {label["id"] for label in labels}] or data
    actor = unlabelled[0]
    view.page.mouse.move(*view.node_point(actor["id"]))
    tooltip = view.page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.locator("b").inner_text() == actor["name"]
    view.shot("report-hover.png")
    # selecting an actor labels it and its neighbours first, still without overlap
    view.js("id => window.multipolarReport.selectNode(id)", busiest[0]["id"])
    view.page.wait_for_timeout(200)
    selected = view.labels()
    assert selected[0]["id"] == busiest[0]["id"] and not overlapping(selected)
    assert not view.errors, view.errors


def test_clicks_far_from_the_network_bring_the_evidence_into_view(browser: object, demo_report: Path) -> None:
    view = Page(browser, demo_report)
    cell = view.page.locator("#heatmap rect.cell[data-pair]").first
    cell.scroll_into_view_if_needed()
    a, b = cell.get_attribute("data-pair").split(" ")
    assert not view.in_view("#panel")  # the network's panel is far above
    cell.click()
    drawer = view.page.locator("#drawer")
    assert drawer.is_visible() and view.in_view("#drawer")
    assert "\u2194" in drawer.locator("h3").inner_text()
    assert drawer.locator(".evidence").count() > 0
    for who in drawer.locator(".evidence .who").all_inner_texts():  # every sentence is about the pair
        assert set(who.split(" \u2192 ")) == {
            view.js("id => window.multipolarReport.nameOf(id)", x) for x in (a, b)
        }
    view.shot("report-heatmap-click.png")
    view.page.keyboard.press("Escape")
    assert not drawer.is_visible()

    # an actor named in the table: its evidence opens beside the table, where the reader is
    view.page.locator("#events-section").scroll_into_view_if_needed()
    link = view.page.locator("#events tbody .actor-link").first
    actor = link.get_attribute("data-actor")
    link.click()
    assert drawer.is_visible() and view.in_view("#drawer")
    assert drawer.locator("h3").inner_text().strip() == view.js(
        "id => window.multipolarReport.nameOf(id)", actor
    )
    view.shot("report-table-click.png")
    drawer.locator("#drawer-close").click()
    assert not drawer.is_visible()

    # on screen, the network's own panel is used
    view.page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
    view.page.locator(f'#legend .chip[data-actor="{actor}"]').click()
    assert not drawer.is_visible() and view.page.locator("#panel-body .evidence").count() > 0
    assert not view.errors, view.errors


def test_timeline_axis_labels_do_not_overlap(browser: object, demo_report: Path) -> None:
    view = Page(browser, demo_report)
    boxes = view.js(
        """() => [...document.querySelectorAll('#timeline svg > text')].map((t, i) => {
          const r = t.getBoundingClientRect();
          return {id: i + ':' + t.textContent, x0: r.left, x1: r.right, y0: r.top, y1: r.bottom}; })"""
    )
    axis = [b for b in boxes if b["y0"] > max(c["y0"] for c in boxes) - 5]  # the labels under the bars
    assert len(axis) >= 2 and not overlapping(axis), axis
    view.page.locator("#timeline").screenshot(path=str(ARTIFACTS / "report-timeline.png"))
    assert not view.errors, view.errors


def test_dates_read_the_same_in_header_timeline_table_and_evidence(browser: object, tmp_path: Path) -> None:
    events, actors, documents = corpus()
    month = next(i for i, e in enumerate(events) if e.source == "LBY-GNA" and e.type == "AGREE")
    events[month].date = "2019-12-01/2019-12-31"  # "in December 2019"
    events[0].date = "2011-01-01/2011-12-31"  # an incidental year: "since the 2011 revolution"
    view = Page(browser, write_report(build_payload(events, actors, documents), tmp_path / "dates.html"))
    header = view.page.locator("#corpus-summary").inner_text()
    assert header.endswith("6 Apr 2019 \u2013 8 Jan 2020") and "2011" not in header
    assert view.page.locator("#timeline-heading").inner_text() == "Events per month"
    assert "dated only to the year" in view.page.locator("#timeline").inner_text()
    row = view.page.locator(f'#events tbody tr[data-event="{events[month].id}"]')
    assert row.locator("td").first.inner_text() == "Dec 2019"
    dates = view.page.locator("#events tbody td:first-child").all_inner_texts()
    assert "6 Apr 2019" in dates and not any("-" in d for d in dates)  # never ISO for a reader
    view.js("id => window.multipolarReport.selectNode(id)", "LBY-GNA")
    item = view.page.locator(f'#panel-body .evidence[data-event="{events[month].id}"]')
    assert item.locator(".date").inner_text() == "Dec 2019"
    # a bar lists exactly the events the timeline counted in it
    bar = view.page.locator('#timeline g.bar[data-period="2019-12"]')
    bar.click()
    assert view.page.locator("#period").inner_text().startswith("Events dated Dec 2019")
    listed = view.page.locator("#events tbody td:first-child").all_inner_texts()
    assert sorted(listed) == sorted(["Dec 2019"])
    view.page.locator("#period button").click()
    assert view.page.locator("#events tbody tr").count() == len(events)
    view.shot("report-dates.png", full_page=True)
    assert not view.errors, view.errors


def test_hostile_document_text_runs_nothing(browser: object, tmp_path: Path) -> None:
    payload, bad = hostile_payload()
    view = Page(browser, write_report(payload, tmp_path / "hostile.html"))
    assert view.page.title().startswith("A </title>")  # shown as text, not parsed
    assert view.js("document.querySelectorAll('script').length") == 2
    assert view.js("document.querySelectorAll('img, b').length") == 0
    view.page.locator("#f-text").fill("more")
    view.page.wait_for_timeout(300)
    assert HOSTILE_TEXT in view.page.locator("#events tbody").inner_text()
    view.page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
    view.js("id => window.multipolarReport.selectNode(id)", "TUR")
    assert "Turkey <b>bold</b>" in view.page.locator("#panel-body h3").inner_text()
    assert not view.errors, view.errors


HOSTILE_TEXT = '</script><script>document.title="pwned"</script>'


@pytest.mark.slow
def test_300_actors_and_20000_events_stay_usable(browser: object, tmp_path: Path) -> None:
    events, actors, documents = synthetic(300, 20_000)
    payload = build_payload(events, actors, documents, network=quick_network(events, actors), title="Scale")
    view = Page(browser, write_report(payload, tmp_path / "big.html"))
    assert view.page.locator("#network").get_attribute("data-node-count") == "300"
    labels = view.labels()
    assert 0 < len(labels) <= 40 and not overlapping(labels)  # the busiest named, the rest on hover
    actor = max(payload["actors"], key=lambda a: payload["actors"][a]["activity"])
    view.click_node(actor)
    # generous waits: this checks that the page works at this size, not how fast (bench_report.py times it)
    view.page.wait_for_selector("#panel-body .evidence", timeout=120_000)
    assert view.js("window.multipolarReport.selected()") == actor
    view.shot("report-300.png")
    view.page.locator("#f-text").fill("attacked border")
    view.page.wait_for_selector("#event-count:has-text('match')", timeout=120_000)
    assert view.page.locator("#events tbody tr").count() == 50  # one page, not 20,000 rows
    assert not view.errors, view.errors
