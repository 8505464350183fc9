"""Screenshots of every page at 1280 and 390 px wide, of a store (``make screenshots`` builds
one from ``examples/``), into ``docs/screenshots/`` (linked from the README).

    python scripts/screenshots.py --db out/screenshots.sqlite --out docs/screenshots

A local server (uvicorn on 127.0.0.1, a free port) serves the store; Debian's Chromium
(``.ci/browser.sh``; ``QUOTEGRAPH_CHROMIUM`` names another) takes the pictures. Each picture is
the top of the page, at most :data:`MAX_HEIGHT` pixels tall, so every PNG stays small.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sys
import threading
import time
import urllib.request
from pathlib import Path

WIDTHS = {"desktop": 1280, "phone": 390}
#: The tallest picture, in CSS pixels: the top of a long page is what a reader sees first.
MAX_HEIGHT = {"desktop": 1400, "phone": 1600}
#: Pictures over this size are retaken at the height of one screen.
MAX_BYTES = 300_000
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--font-render-hinting=none"]


def _chromium() -> str:
    for c in (os.environ.get("QUOTEGRAPH_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if c and Path(c).exists():
            return c
    sys.exit("screenshots: Chromium is absent; run .ci/browser.sh (as root) or set QUOTEGRAPH_CHROMIUM")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> object:
    with urllib.request.urlopen(url) as r:  # our own local server
        return json.load(r)


def pages(base: str) -> dict[str, str]:
    """Name → path of every page to picture, its examples taken from the store."""
    speakers = _get(f"{base}/api/speakers?limit=1")
    hits = _get(f"{base}/api/search?limit=1&kind=direct") or {}
    out = {"search-hits": "/search?kind=direct", "speakers": "/speakers",
           "articles": "/articles", "network": "/graph", "overview": "/overview", "paste": "/paste", "check": "/check",
           "error-404": "/speakers/no-such-speaker"}
    if isinstance(speakers, list) and speakers:
        out["speaker"] = f"/speakers/{speakers[0]['id']}"
        out["search-by-speaker"] = f"/search?speaker_id={speakers[0]['id']}"
    if isinstance(hits, dict) and hits.get("hits"):
        hit = hits["hits"][0]
        out["article"] = f"/articles/{hit['article_id']}#{hit['id'].rsplit(':', 1)[-1]}"
    return out


def main(argv: list[str] | None = None) -> int:
    """Serve ``--db`` and save ``<page>-<width>.png`` of every page into ``--out``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="the store to picture")
    ap.add_argument("--out", default="docs/screenshots", help="folder of the PNG files")
    args = ap.parse_args(argv)

    import uvicorn
    from playwright.sync_api import sync_playwright

    from quotegraph.server import Settings, create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(db=args.db)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            return 1
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=_chromium(), args=ARGS)
            for size, width in WIDTHS.items():
                phone = width < 500
                context = browser.new_context(viewport={"width": width, "height": 844 if phone else 900},
                                              is_mobile=phone, has_touch=phone, base_url=base)
                page = context.new_page()
                for name, path in pages(base).items():
                    page.goto(path)
                    page.wait_for_load_state("networkidle")
                    if name == "network":
                        page.wait_for_selector("#graph[data-ready]", timeout=20_000)
                    page.wait_for_timeout(300)  # the article page's scroll to its statement
                    target = out / f"{name}-{size}.png"
                    height = min(MAX_HEIGHT[size], page.evaluate("() => document.documentElement.scrollHeight"))
                    if name == "article":  # the highlighted statement, where the permalink scrolls
                        page.screenshot(path=str(target))
                    else:
                        page.screenshot(path=str(target), full_page=True,
                                        clip={"x": 0, "y": 0, "width": width, "height": height})
                    if target.stat().st_size > MAX_BYTES:
                        page.screenshot(path=str(target))
                    print(f"{target} {target.stat().st_size // 1024} KB")
                context.close()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
