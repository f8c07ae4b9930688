"""The viewer's picture as a PNG, rendered headless: ``python -m graph viz --png FILE``.

The page written by :func:`graph.viewer.write_html` is opened in Chromium (Debian's, through
the Python package playwright; never a downloaded browser), left to settle, and asked for the
same picture its "Save image" control saves: the first view redrawn at ``scale`` device
pixels per CSS pixel (``viewer.renderPNG`` in ``viz/template/viewer.js``).
"""

import base64
import os
import secrets
import shutil
from pathlib import Path

from ..errors import DataError

__all__ = ["CHROMIUM_ARGS", "chromium_path", "write_png"]

#: The flags the page is rendered with (as the browser tests do): headless, offline, no sandbox.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path():
    """The Chromium program to drive, or a :class:`~graph.errors.DataError` that says how to get it."""
    found = os.environ.get("EVKG_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found or not os.access(found, os.X_OK):
        raise DataError("--png needs Chromium: apt-get install chromium (or set EVKG_CHROMIUM to its path)")
    return found


def write_png(page, path, scale=2, size=(1600, 1000), timeout=120):
    """Render the viewer page ``page`` (an HTML file) to the PNG ``path``, whole or not at all.

    Parameters
    ----------
    scale : int
        Image pixels per CSS pixel: the image is ``size`` times ``scale``.
    size : (int, int)
        The browser window, in CSS pixels.
    """
    try:
        from playwright.sync_api import Error, sync_playwright  # optional: only --png needs it, and says so
    except ImportError as e:
        raise DataError("--png needs the Python package playwright (pip install playwright; no browser "
                        "download: it drives the system's Chromium)") from e
    program = chromium_path()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=program, args=CHROMIUM_ARGS)
            try:
                tab = browser.new_page(viewport={"width": size[0], "height": size[1]})
                tab.goto(Path(page).resolve().as_uri())
                tab.wait_for_selector("body[data-settled=true]", timeout=timeout * 1000)
                url = tab.evaluate("scale => viewer.renderPNG(scale)", scale)
            finally:
                browser.close()
    except Error as e:
        raise DataError(f"Chromium could not render {page}: {str(e).splitlines()[0]}") from e
    image = base64.b64decode(url.split(",", 1)[1])
    path = Path(path)
    tmp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(image)
        os.replace(tmp, path)
    except OSError as e:
        raise DataError(f"{path}: cannot write: {e.strerror or e}") from e
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
