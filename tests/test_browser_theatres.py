"""The report's theatre menu and rivalries section in headless Chromium (see test_browser.py for
what it needs; skipped without a browser). Screenshot: ``test-artifacts/report-theatre.png``."""

from __future__ import annotations

from pathlib import Path

import pytest

from multipolar.show.report import write_report
from multipolar.show.report_scale import store_payload
from multipolar.store import open_store
from test_browser import Page, browser  # noqa: F401 - the fixture is used by name

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_report(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    with open_store(demo_db, read_only=True) as store:
        return write_report(store_payload(store), tmp_path_factory.mktemp("theatre") / "report.html")


def test_choosing_a_theatre_redraws_the_network_for_it(browser: object, demo_report: Path) -> None:  # noqa: F811
    view = Page(browser, demo_report)
    everyone = set(view.js("window.multipolarReport.nodes"))
    options = view.js("Array.from(document.querySelectorAll('#theatre option')).map(o => o.value)")
    assert options[0] == "" and {"libya", "nagorno-karabakh", "bilateral"} <= set(options)

    view.page.select_option("#theatre", "nagorno-karabakh")
    view.page.wait_for_selector("body[data-ready=true]")
    karabakh = set(view.js("window.multipolarReport.nodes"))
    assert {"ARM", "AZE"} <= karabakh < everyone and "LBY-GNA" not in karabakh
    assert view.js("window.multipolarReport.theatre") == "nagorno-karabakh"
    assert "Nagorno-Karabakh" in view.page.text_content("#corpus-summary")
    shown = view.js("Array.from(document.querySelectorAll('#events tbody tr')).length")
    assert 0 < shown < 50 and f"of {shown} events" in view.page.text_content("#event-count")
    legend = view.page.text_content("#legend")
    assert "Armenia" in legend and "Government of National Accord" not in legend

    # a rivalry's theatre shows that theatre; the rivalries list stays whole
    pairs = view.js("Array.from(document.querySelectorAll('article.rivalry')).map(a => a.dataset.pair)")
    assert "RUS|TUR" in pairs
    view.page.click("article.rivalry[data-pair='RUS|TUR'] button[data-theatre=libya]")
    view.page.wait_for_selector("body[data-ready=true]")
    assert view.page.input_value("#theatre") == "libya"
    assert "LBY-GNA" in view.js("window.multipolarReport.nodes")
    view.shot("report-theatre.png")

    view.page.select_option("#theatre", "")
    view.page.wait_for_selector("body[data-ready=true]")
    assert set(view.js("window.multipolarReport.nodes")) == everyone
    assert view.errors == [] and view.requests == []
