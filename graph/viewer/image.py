"""The viewer's picture as a PNG, rendered headless: ``python -m graph viz --png FILE``.

The page written by :func:`graph.viewer.write_html` is opened in Chromium (Debian's, through
the Python package playwright; never a downloaded browser), left to settle, and asked for the
same picture its "Save image" control saves: the first view redrawn at ``scale`` device
pixels per CSS pixel (``viewer.renderPNG`` in ``viz/template/viewer.js``).
"""

import base64
import os
import shutil
from pathlib import Path

from ..errors import DataError
from ..output import check_output, write_whole

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


#: The largest image Chromium draws on one canvas: 16,384 pixels a side, 268 million in all.
MAX_SIDE, MAX_PIXELS = 16_384, 268_435_456


def write_png(page, path, scale=2, size=(1600, 1000), timeout=120, inputs=()):
    """Render the viewer page ``page`` (an HTML file) to the PNG ``path``, whole or not at all, as
    every output is written (:func:`graph.output.write_whole`: never over ``inputs``, nor over the
    page itself).

    Parameters
    ----------
    scale : int
        Image pixels per CSS pixel: the image is ``size`` times ``scale``.
    size : (int, int)
        The browser window, in CSS pixels.
    """
    inputs = (*inputs, page)
    check_output(path, inputs, "--png")  # before Chromium starts: a path that cannot be written fails at once
    width, height = size[0] * scale, size[1] * scale
    if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
        raise DataError(f"--scale {scale}: an image of {width:,} x {height:,} pixels is larger than Chromium can "
                        f"draw ({MAX_SIDE:,} a side); choose a smaller --scale")
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
    image = base64.b64decode(url.split(",", 1)[1]) if url.startswith("data:image/png;base64,") else b""
    if not image.startswith(b"\x89PNG\r\n\x1a\n"):
        raise DataError(f"Chromium drew no image of {page} at --scale {scale}: nothing was written")
    return write_whole(path, image, inputs, what="--png")[0]
