"""viz --png and the viewer's "Save image": the same picture, headless, at the chosen scale."""

import struct

import pytest

from graph.errors import DataError
from graph.viewer.image import chromium_path, write_png
from graph.resources import DEFAULT_VIEWER

pytestmark = pytest.mark.process  # a server, a browser or a subprocess


def _size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def browser_ready():
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    try:
        chromium_path()
    except DataError as e:
        pytest.skip(str(e))


def test_viz_png_renders_the_view_at_the_scale(browser_ready, cli, tmp_path):
    code, out, err = cli("viz", "--out", str(tmp_path / "v.html"), "--png", str(tmp_path / "v.png"), "--scale", "1")
    assert code == 0, err
    assert "v.png" in out
    one = _size((tmp_path / "v.png").read_bytes())
    write_png(tmp_path / "v.html", tmp_path / "v2.png", scale=2)
    assert _size((tmp_path / "v2.png").read_bytes()) == (2 * one[0], 2 * one[1])
    assert one[0] > 600 and one[1] > 500
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.html", "v.png", "v2.png"]  # no temporaries


def test_the_save_image_control_downloads_a_png(browser_ready, tmp_path):
    from playwright.sync_api import sync_playwright

    from graph.viewer.image import CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
            page.goto(DEFAULT_VIEWER.resolve().as_uri())
            page.wait_for_selector("body[data-settled=true]", timeout=60_000)
            css = page.evaluate("(() => { const c = document.querySelector('#network canvas'); "
                                "return [c.clientWidth, c.clientHeight]; })()")
            page.select_option("#image-scale", "4")
            with page.expect_download() as info:
                page.click("#save-image")
            download = info.value
            assert download.suggested_filename.endswith(".png")
            assert _size(open(download.path(), "rb").read()) == (4 * css[0], 4 * css[1])
            # the view on screen is as it was
            assert page.evaluate("document.querySelector('#network canvas').width") == css[0]
        finally:
            browser.close()


def test_without_chromium_one_clear_error(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("EVKG_CHROMIUM", str(tmp_path / "no-chromium"))
    code, _, err = cli("viz", "--out", str(tmp_path / "v.html"), "--png", str(tmp_path / "v.png"))
    assert code == 2 and "--png needs Chromium" in err and not (tmp_path / "v.png").exists()
