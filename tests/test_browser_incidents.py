"""The report's evidence shows an act once, with how it was reported (headless Chromium; skipped
where none starts, as the other browser tests)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from multipolar.show.report import payload_from_store, write_report
from multipolar.store import Store
from test_browser import Page, browser  # noqa: F401 -- the browser fixture
from test_incidents import linked, report

pytestmark = pytest.mark.browser


def test_the_evidence_shows_an_incident_once_with_its_reports(browser: object, tmp_path: Path) -> None:  # noqa: F811
    wire = [
        report(
            f"Russia sent arms to Syria, reprint {i}.",
            date(2020, 3, 1 + i // 2),
            ("RUS", "AID", "SYR", None),
            url=f"https://www.paper{i}.example/story",
        )
        for i in range(3)
    ]
    rebuke = report(
        "Turkey accused Russia of arming Syria.", date(2020, 3, 2), ("TUR", "ACCUSE", "RUS", None)
    )
    with Store(tmp_path / "m.duckdb") as store:
        linked([*wire, rebuke], store=store)
        payload = payload_from_store(store)
    assert payload["summary"]["events"] == 2 and payload["summary"]["reports"] == 4
    html = write_report(payload, tmp_path / "report.html")
    view = Page(browser, html)
    assert "2 acts (4 reports)" in view.page.locator("#corpus-summary").inner_text()
    view.js("() => window.multipolarReport.selectNode('RUS')")
    view.page.wait_for_timeout(300)
    cards = view.page.locator("#panel-body .evidence")
    assert cards.count() == 2  # two acts: the arms (three reports) and the accusation
    arms = view.page.locator("#panel-body .evidence:has(.reported)")
    assert (
        arms.locator(".reported").inner_text() == "reported by 3 documents (3 outlets), first on 1 Mar 2020"
    )
    assert arms.locator("blockquote").count() == 3
    assert not view.errors, view.errors
