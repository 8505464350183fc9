"""End to end in Chromium: search → speaker page → timeline chart drawn; article page
highlights with hover details; the paste page extracts; a quote is checked; the network draws;
stored markup never runs. At 1280 and 390 px: no page overflows sideways, axe
(axe-playwright-python, which bundles axe-core) finds no serious or critical violation, a hit
opens its statement highlighted, a filter chip survives a resubmission and can be removed,
errors are HTML pages.

Browser tests: a real server (uvicorn on 127.0.0.1, a free port) over a temporary store, and
Debian's Chromium driven by Playwright. Playwright's own browser downloads are never used:
``.ci/browser.sh`` installs the ``chromium`` package; ``QUOTEGRAPH_CHROMIUM`` names another
executable.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import invented_corpus, make_result, person

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
EVIL_QUOTE = "<script>alert('pwned')</script> and <b>bold</b>"


def chromium_path() -> str | None:
    """The Chromium executable: ``$QUOTEGRAPH_CHROMIUM``, else Debian's."""
    for candidate in (os.environ.get("QUOTEGRAPH_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a server over a store of invented articles (one holding markup in a quote)."""
    import uvicorn

    from quotegraph.server import Settings, create_app
    from quotegraph.store import Store

    db = str(tmp_path_factory.mktemp("browser") / "store.sqlite")
    with Store.open(db) as store:
        for r in invented_corpus(12):
            store.add(r)
        vale = person("e1", "Oona Vale", ["Vale"], ["Mayor"])
        text = f"Council notes.\n\"{EVIL_QUOTE}\" Vale said on Monday.\nThe meeting ended."
        store.add(make_result("evil", text, [(EVIL_QUOTE, vale, "direct", "2024-06-03")], [vale],
                              published=dt.date(2024, 6, 4), source="Evil Wire", title="<i>Evil</i> headline"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(db=db)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright (skipped, with the reason, when it is absent).

    Module-scoped: Playwright's sync API keeps an event loop running in the main thread while
    it is open, and later tests that call ``asyncio.run`` must not find one.
    """
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install 'quotegraph[test]')")
    exe = chromium_path()
    if exe is None:
        pytest.skip("Chromium is absent: run .ci/browser.sh (apt-get install chromium) or set QUOTEGRAPH_CHROMIUM")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _watched_page(browser: Any, base_url: str, width: int) -> Iterator[Any]:
    """A fresh page ``width`` px wide (under 500: a phone, with touch); any script dialog (an
    alert that stored text smuggled in) or script error fails the test."""
    phone = width < 500
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 844 if phone else 900},
                                  is_mobile=phone, has_touch=phone)
    pg = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.set_default_timeout(20_000)
    try:
        yield pg
    finally:
        context.close()
    assert not dialogs, f"a script dialog opened: {dialogs}"
    assert not errors, f"script errors on the page: {errors}"


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh page 1200 px wide (see :func:`_watched_page`)."""
    yield from _watched_page(browser, base_url, 1200)


def test_search_then_speaker_page_shows_the_timeline(page: Any) -> None:
    page.goto("/")
    page.fill("input[name=q]", "budget")
    page.click("form.search button[type=submit]")
    page.wait_for_url(re.compile(r"/search\?.*q=budget"))
    assert int(page.inner_text("#total")) >= 1
    first = page.locator("ol.hits .speaker-link").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/speakers/"))
    assert page.inner_text("h1.speaker-name").startswith(name)
    chart = page.locator("#timeline canvas")
    chart.wait_for(state="visible")
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100
    assert int(page.get_attribute("#timeline", "data-points") or 0) >= 1
    # The legend names the publication-date fallback.
    assert "dated by publication date" in page.inner_text("#timeline")


def test_article_page_highlights_and_hover_shows_speaker_and_date(page: Any) -> None:
    page.goto("/search?q=pwned")
    page.locator("ol.hits .article-link").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    content = page.locator("#article-text .hl-content").first
    cue = page.locator("#article-text .hl-cue").first
    assert content.inner_text() == EVIL_QUOTE  # shown as text, not run
    colours = {el.evaluate("e => getComputedStyle(e).backgroundColor") for el in (content, cue)}
    assert len(colours) == 2 and "rgba(0, 0, 0, 0)" not in colours
    content.hover()
    box = page.locator("#hover-box")
    box.wait_for(state="visible")
    assert "Oona Vale" in box.inner_text() and "2024-06-03" in box.inner_text()
    assert page.locator("#article-text .hl.active").count() >= 2  # the quote and its cue outlined
    assert page.locator("h1.article-title").inner_text() == "<i>Evil</i> headline"


def test_paste_page_extracts(page: Any) -> None:
    page.goto("/paste")
    page.fill("textarea[name=text]",
              "\u201cThe ferry will keep running,\u201d Mayor Ines Calloway said on Tuesday.\n"
              "Councillor Bram Oduya said the contract was too expensive.")
    page.fill("input[name=published]", "2025-02-12")
    page.click("#extract")
    page.locator("#extraction .hl-content").first.wait_for(state="visible")
    texts = page.locator("#extraction .hl-content").all_inner_texts()
    assert any("The ferry will keep running" in t for t in texts)
    assert "Calloway" in page.inner_text("table.statements")
    assert page.input_value("textarea[name=text]").startswith("\u201cThe ferry")


def test_check_page_shows_verdict_diff_and_first_article(page: Any) -> None:
    page.goto("/check")
    page.fill("#claim", "The budget will be balanced by summer")
    page.fill("#speaker", "Maria Okafor")
    page.click("#check")
    page.locator("#verdict h2.verdict").wait_for(state="visible")
    assert page.inner_text("#verdict h2.verdict") == "Altered"
    first = page.locator(".matches li").first
    assert first.locator("del").first.inner_text() == "spring"
    assert first.locator("ins").first.inner_text() == "summer"
    link = first.locator(".first-article a").first
    assert link.get_attribute("href").startswith("/articles/")
    assert page.input_value("#claim") == "The budget will be balanced by summer"


def test_a_checked_quote_links_to_its_occurrences_and_variants(page: Any) -> None:
    page.goto("/check")
    # Item 10's quote, which item 11 (a syndicated copy) carries too.
    page.fill("#claim", "The budget will be balanced by spring, and Lindqvist knows it (item 10)")
    page.click("#check")
    page.locator("#verdict h2.verdict").wait_for(state="visible")
    assert page.inner_text("#verdict h2.verdict") == "Verbatim"
    page.locator(".matches li").first.locator("a.variants-link").click()
    page.wait_for_url(re.compile(r"/quotations/q[0-9a-f]+$"))
    assert "Lindqvist knows it (item 10)" in page.inner_text("#quotation")
    occurrences = page.locator("#occurrences li")
    assert occurrences.count() >= 2
    dates = [t.split()[0] for t in occurrences.all_inner_texts()]
    assert dates == sorted(dates), "occurrences are listed first seen first"
    assert occurrences.first.locator("a[href^='/articles/']").count() == 1


def test_network_page_draws_the_graph(page: Any) -> None:
    page.goto("/graph")
    page.wait_for_selector("#graph[data-ready]")
    assert int(page.get_attribute("#graph", "data-ready") or 0) >= 2
    assert page.locator("#graph canvas").count() >= 1
    page.fill("input[name=since]", "2030-01-01")
    page.click("form.search button[type=submit]")
    page.wait_for_url(re.compile(r"since=2030-01-01"))
    assert "No one talks about anyone" in page.inner_text("#graph")


# -- At the desk: both widths, every page -------------------------------------------------

WIDTHS = {"desktop": 1280, "phone": 390}
PAGES = ["/", "/search?q=budget", "/speakers", "/speakers/{speaker}", "/articles", "/articles/{article}",
         "/graph", "/paste", "/check", "/overview", "/speakers/nobody-here", "/quotations/{quotation}"]


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def sized(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh page at 1280 or 390 px wide (see :func:`_watched_page`)."""
    yield from _watched_page(browser, base_url, WIDTHS[request.param])


def _ids(base_url: str) -> dict[str, str]:
    import json
    import urllib.request

    with urllib.request.urlopen(f"{base_url}/api/search?q=budget&limit=1") as r:
        hit = json.load(r)["hits"][0]
    return {"speaker": hit["speaker_id"], "article": hit["article_id"], "quotation": hit["quotation_id"]}


@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_overflow_and_no_serious_axe_violation(sized: Any, base_url: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    sized.goto(path.format(**_ids(base_url)))
    sized.wait_for_load_state("load")
    overflow = sized.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path}: the page is {overflow}px wider than the screen"
    assert sized.locator("h1").count() == 1
    results = Axe().run(sized)
    bad = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert not bad, f"{path}: {bad}"


def test_a_hit_opens_its_statement_highlighted(sized: Any) -> None:
    sized.goto("/search?q=budget")
    link = sized.locator("ol.hits .article-link").first
    href = link.get_attribute("href") or ""
    assert re.search(r"#a\d+$", href)
    link.click()
    sized.wait_for_url(re.compile(r"/articles/.*#a\d+$"))
    target = sized.locator("#article-text .hl.target").first
    target.wait_for(state="visible")
    assert "budget" in " ".join(sized.locator("#article-text .hl-content.target").all_inner_texts()).lower()
    box = target.bounding_box()
    height = sized.evaluate("() => window.innerHeight")
    assert box and 0 <= box["y"] < height, "the statement is scrolled into view"
    row = sized.locator(f"tr#{href.rsplit('#', 1)[1]}")
    assert "target" in (row.get_attribute("class") or "") and "budget" in row.inner_text().lower()


def test_a_facet_chip_survives_a_resubmission_and_can_be_removed(sized: Any) -> None:
    sized.goto("/search?q=budget")
    facet = sized.locator("ul.facet-speaker a").first
    name = facet.inner_text()
    facet.click()
    sized.wait_for_url(re.compile(r"speaker_id="))
    chip = sized.locator('.chip[data-key="speaker_id"]')
    assert name in chip.inner_text()
    sized.fill("input[name=q]", "the")
    sized.click("form.search button[type=submit]")
    sized.wait_for_url(re.compile(r"q=the"))
    assert "speaker_id=" in sized.url and name in chip.inner_text()
    assert name in sized.inner_text("h1")
    chip.locator(".chip-remove").click()
    sized.wait_for_url(lambda url: "speaker_id" not in url)
    assert sized.locator('.chip[data-key="speaker_id"]').count() == 0
    assert "q=the" in sized.url


def test_the_error_page_is_html(sized: Any) -> None:
    response = sized.goto("/speakers/nobody-here")
    assert response is not None and response.status == 404
    assert response.headers["content-type"].startswith("text/html")
    assert sized.inner_text("h1") == "Not found"
    assert sized.locator("header.top nav a").count() >= 5
