"""The viewer in a real browser: Debian's Chromium, driven by Playwright, from file://."""

import shutil

import pytest

from graph.network import to_networkx
from graph.resources import DEFAULT_VIEWER as DEFAULT_OUT
from graph.viewer import write_html

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not shutil.which(CHROMIUM):
    pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does it)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page opened from file://, recording console errors and every request it makes."""

    def __init__(self, browser, path):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors, self.requests = [], []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-settled=true]", timeout=60_000)

    def js(self, expression):
        return self.page.evaluate(expression)


@pytest.fixture
def viewer(browser):
    page = Page(browser, DEFAULT_OUT)
    yield page
    page.page.close()


def test_loads_offline_without_errors_or_requests(viewer):
    assert viewer.errors == []
    assert viewer.requests == [viewer.url]
    assert viewer.js("document.querySelectorAll('#network canvas').length") == 1


def test_counts_equal_the_data(viewer, graph):
    net = to_networkx(graph)
    assert viewer.js("viewer.nodes.length") == net.number_of_nodes()
    assert viewer.js("viewer.edges.length") == net.number_of_edges()
    assert viewer.js("viewer.network.body.nodeIndices.length") == net.number_of_nodes()


def test_layout_stops_moving(viewer):
    before = viewer.js("JSON.stringify(viewer.network.getPositions())")
    viewer.page.wait_for_timeout(500)
    assert viewer.js("JSON.stringify(viewer.network.getPositions())") == before


def test_legend_hides_a_class(viewer):
    visible = "viewer.nodes.get().filter(n => !n.hidden).length"
    assert viewer.js(visible) == 102
    viewer.page.click("#legend input[data-class='ev:Nation']")
    assert viewer.js(visible) == 102 - 4
    assert viewer.js("viewer.nodes.get('kg:China').hidden") is True
    viewer.page.click("#legend input[data-class='ev:Nation']")
    assert viewer.js(visible) == 102


def test_search_selects_and_shows_a_concept(viewer):
    viewer.page.fill("#search", "the United States")  # an alternative label
    viewer.page.press("#search", "Enter")
    assert viewer.js("viewer.network.getSelectedNodes()") == ["kg:UnitedStates"]
    details = viewer.page.inner_text("#details")
    assert "United States" in details and "invests in" in details and "research and development" in details


def test_clicking_an_edge_shows_its_sentence(viewer):
    edge = viewer.js("viewer.data.edges.find(e => e.from === 'kg:China' && e.predicate === 'ev:investsIn').id")
    point = viewer.js(f"""(() => {{
        const e = viewer.edges.get('{edge}');
        const p = viewer.network.getPositions([e.from, e.to]);
        const x = p[e.from].x + 0.6 * (p[e.to].x - p[e.from].x), y = p[e.from].y + 0.6 * (p[e.to].y - p[e.from].y);
        viewer.network.moveTo({{position: {{x, y}}, scale: 1.5}});
        const d = viewer.network.canvasToDOM({{x, y}});
        const r = document.querySelector('#network canvas').getBoundingClientRect();
        return [r.left + d.x, r.top + d.y];
    }})()""")
    viewer.page.wait_for_timeout(100)
    viewer.page.mouse.click(*point)
    assert viewer.js("viewer.network.getSelectedEdges()") == [edge]
    details = viewer.page.inner_text("#details")
    assert "Nations like China, the United States, and Germany are investing billions" in details
    assert "Global Manufacturing Strategies and Technological Convergence" in details
    assert viewer.page.inner_text("#details mark strong") == "China"
    viewer.page.click("#details >> text=Show in the article")
    assert viewer.page.inner_text("#article .sentence.hl").startswith("Nations like China")


def test_clicking_a_sentence_in_the_article_selects_its_claims(viewer):
    viewer.page.click("#toggle-article")
    viewer.page.click("#article .sentence[data-sentence='art:s29']")
    selected = viewer.js("viewer.network.getSelectedEdges().map(id => viewer.edges.get(id)).map(e => e.to).sort()")
    assert selected == ["kg:DigitalSkills", "kg:SoftwareEngineering", "kg:SystemsIntegration"]


def test_labels_from_the_data_run_no_script(browser, tmp_path):
    from rdflib import Graph

    evil = Graph().parse(data="""
        @prefix ex: <http://ex.org/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ex:a skos:prefLabel "<img src=x onerror=window.__xss=1>" ; skos:altLabel "</script><script>window.__xss=3</script>" ;
             ex:p ex:b .
        ex:b skos:prefLabel "<a href=\\"javascript:window.__xss=2\\">link</a>" .
    """, format="turtle")
    path = write_html(evil, tmp_path / "evil.html")
    page = Page(browser, path)
    page.page.fill("#search", "<img")
    page.page.press("#search", "Enter")
    page.page.wait_for_timeout(200)
    assert page.js("window.__xss === undefined")
    assert page.js("document.querySelectorAll('#details img, #details a, #legend img').length") == 0
    assert "<img src=x onerror=window.__xss=1>" in page.page.inner_text("#details")
    page.js("viewer.selectEdge('e0')")
    page.page.wait_for_timeout(200)
    assert page.js("window.__xss === undefined")
    assert page.requests == [page.url] and page.errors == []
    page.page.close()
