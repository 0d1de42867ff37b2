"""multipolar serve in headless Chromium, while ``ingest --watch`` adds documents: the page draws
the network, the table filters and searches on the server, evidence opens, and the new documents
show up without a restart; no console error, and no request to any other address. Needs what
tests/test_browser.py needs (skipped without a browser). Screenshot: ``test-artifacts/serve.png``."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from serving import get_json, multipolar, served, stop
from test_browser import ARTIFACTS, browser  # noqa: F401 - the fixture is used by name
from test_serve import NEW_TEXTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def until(page: object, expression: str, timeout: float = 120) -> None:
    """Wait until *expression* is true in the page (polled with page.evaluate: the app's
    Content-Security-Policy rightly refuses the string evaluation wait_for_function uses)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.2)


def test_the_app_filters_searches_and_shows_evidence_while_an_ingest_runs(
    browser: object,  # noqa: F811
    demo_db: Path,
    tmp_path: Path,
) -> None:
    db, inbox = tmp_path / "demo.duckdb", tmp_path / "inbox"
    shutil.copyfile(demo_db, db)
    inbox.mkdir()
    with served("--db", str(db)) as base:
        watcher = multipolar("ingest", "--watch", str(inbox), "--db", str(db), "--poll", "0.5")
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
            errors: list[str] = []
            elsewhere: list[str] = []
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: r.url.startswith(base) or elsewhere.append(r.url))
            page.goto(base + "/")
            page.wait_for_selector("body[data-ready=true]", timeout=120_000)
            nodes = page.evaluate("window.multipolarApp.nodes")
            assert len(nodes) > 10 and int(page.locator("#network").get_attribute("data-node-count")) == len(
                nodes
            )
            page.wait_for_selector("#events tbody tr")
            stored = get_json(f"{base}/api/status")[1]["counts"]
            assert f"of {stored['events']:,} events" in page.locator("#event-count").inner_text()

            # filter on the server: one actor's events only
            page.wait_for_selector("#f-actor option[value=RUS]", state="attached")
            page.select_option("#f-actor", "RUS")
            page.wait_for_selector("#event-count:has-text('match')")
            assert all("Russia" in row for row in page.locator("#events tbody tr").all_inner_texts())

            # the documents arrive while the reader works
            for name, text in NEW_TEXTS.items():
                (inbox / f".{name}").write_text(text, encoding="utf-8")
                (inbox / f".{name}").rename(inbox / name)

            # words, over all the evidence
            page.select_option("#f-actor", "")
            page.fill("#f-text", "Sochi")
            rows_say = (
                "[...document.querySelectorAll('#events tbody tr')].every(r => r.textContent.includes('{}'))"
            )
            until(page, rows_say.format("Sochi"))
            rows = page.locator("#events tbody tr")
            assert rows.count() > 0 and all("Sochi" in r for r in rows.all_inner_texts())

            # evidence: an actor named in the table opens the drawer beside it
            link = page.locator("#events tbody .actor-link").first
            link.click()
            drawer = page.locator("#drawer")
            drawer.locator(".evidence").first.wait_for()
            assert drawer.is_visible() and drawer.locator("h3").inner_text().strip()

            # the new documents show: at once when the reader is idle, else behind a button
            arrived = f"{stored['documents'] + 2} documents"
            until(page, f"document.querySelector('#live').textContent.includes('{arrived}')", 240)
            if page.locator("#new-data").is_visible():
                page.locator("#new-data").click()
            until(page, "!!window.multipolarApp && window.multipolarApp.generation > 1")
            page.wait_for_selector("body[data-ready=true]")
            page.fill("#f-text", "border talks")
            until(page, "document.querySelector('#events tbody').textContent.includes('Border talks')")
            assert "Border talks" in page.locator("#events tbody").inner_text()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "serve.png"))
            assert not errors, errors
            assert not elsewhere, f"the app asked another address: {elsewhere}"
        finally:
            stop(watcher)


def test_the_app_shows_an_act_once_and_lists_its_reports(browser: object, tmp_path: Path) -> None:  # noqa: F811
    from test_serve import wire_story

    wire_story(tmp_path / "w.duckdb")
    with served("--db", str(tmp_path / "w.duckdb")) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "/")
        page.wait_for_selector("body[data-ready=true]", timeout=120_000)
        assert "2 acts (4 reports)" in page.locator("#corpus-summary").inner_text()
        page.evaluate("() => window.multipolarApp.selectNode('RUS')")
        cards = page.locator("#panel-body .evidence")
        cards.first.wait_for()
        assert cards.count() == 2  # the arms (three reports) and the accusation
        arms = page.locator("#panel-body .evidence:has(.reported)")
        assert (
            arms.locator(".reported").inner_text()
            == "reported by 3 documents (3 outlets), first on 1 Mar 2020"
        )
        arms.locator("button.reports").click()  # its reports, from /api/evidence/incident/ID
        until(page, "document.querySelectorAll('#panel-body .evidence').length === 3")
        assert "3 reports" in page.locator("#panel-body .facts").first.inner_text()
        assert not page.locator("#panel-body .evidence .reported").count()
        assert not errors, errors
