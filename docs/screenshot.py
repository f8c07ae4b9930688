"""Regenerate docs/viewer.png: the article's viewer at its overview, as a new user first sees it.

    python docs/screenshot.py      (needs Chromium and playwright: pip install -e '.[test]')

The page is left to lay itself out and to place its labels (``viewer.whenIdle()``), not for a time.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto((ROOT / "viz" / "ev-knowledge-graph.html").as_uri())
        page.wait_for_selector("body[data-settled=true]")
        page.evaluate("viewer.whenIdle()")
        page.screenshot(path=str(ROOT / "docs" / "viewer.png"))
        browser.close()


if __name__ == "__main__":
    main()
