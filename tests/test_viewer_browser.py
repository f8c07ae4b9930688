"""The viewer in a real browser: Debian's Chromium, driven by Playwright, from file://."""

import shutil

import pytest

from graph.network.analysis import to_networkx
from graph.source import concept_network
from graph.viewer import write_html

pytestmark = pytest.mark.process  # a server, a browser or a subprocess

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

    def __init__(self, browser, path, size=(1400, 900)):
        self.page = browser.new_page(viewport={"width": size[0], "height": size[1]})
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
def viewer(browser, fresh_viewer):
    page = Page(browser, fresh_viewer)
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


def test_legend_hides_a_class(viewer, graph):
    cn = concept_network(graph)
    visible = "viewer.nodes.get().filter(n => !n.hidden).length"
    assert viewer.js(visible) == len(cn)
    viewer.page.click("#legend input[data-class='ev:Nation']")
    assert viewer.js(visible) == len(cn) - cn.classes.count("ev:Nation") < len(cn)
    assert viewer.js("viewer.nodes.get('kg:China').hidden") is True
    viewer.page.click("#legend input[data-class='ev:Nation']")
    assert viewer.js(visible) == len(cn)


def test_a_pillar_heads_its_kinds_in_the_legend(viewer, graph):
    kinds = viewer.js("viewer.data.classes.filter(c => c.kindOf === 'ev:Workforce').map(c => c.id)")
    members = [i for i, c in enumerate(concept_network(graph).classes) if c in kinds]
    assert kinds and members
    assert viewer.page.locator("#legend li.kind").count() == len(kinds)
    assert viewer.page.inner_text("#legend li.pillar:has(input[data-class='ev:Workforce']) .count") == str(len(members))
    visible = "viewer.nodes.get().filter(n => !n.hidden).length"
    everything = viewer.js(visible)
    viewer.page.click("#legend input[data-class='ev:Workforce']")  # hides its kinds too
    assert viewer.js(visible) == everything - len(members)
    viewer.page.click("#legend input[data-class='ev:Workforce']")
    assert viewer.js(visible) == everything


def test_search_selects_and_shows_a_concept(viewer, graph):
    cn = concept_network(graph)
    # a concept found by an alternative label that no other concept's names contain
    names = {i: [cn.labels[i]] + cn.alt_labels.get(i, []) for i in range(len(cn))}
    out = {cn.sources[j]: j for j in reversed(range(cn.edge_count))}  # a relation from each concept
    i, alt = next((i, alt) for i in sorted(cn.alt_labels, key=lambda i: cn.names[i]) for alt in cn.alt_labels[i]
                  if i in out and not any(alt.lower() in n.lower() for j in names if j != i for n in names[j]))
    j = out[i]
    viewer.page.fill("#search", alt)
    viewer.page.press("#search", "Enter")
    assert viewer.js("viewer.network.getSelectedNodes()") == [cn.names[i]]
    details = viewer.page.inner_text("#details")
    assert cn.labels[i] in details and cn.predicate_labels[cn.predicate_ids[j]] in details
    assert cn.labels[cn.targets[j]] in details


def test_search_lists_every_match(viewer, graph):
    cn = concept_network(graph)
    expected = sorted(cn.labels[i] for i in range(len(cn))
                      if any("battery" in n.lower() for n in [cn.labels[i]] + cn.alt_labels.get(i, [])))
    assert len(expected) >= 3
    viewer.page.fill("#search", "battery")
    viewer.page.press("#search", "Enter")
    listed = viewer.page.locator("#details ul.matches button").all_inner_texts()
    assert listed == expected
    assert f"{len(expected)} concepts match" in viewer.page.inner_text("#details").lower()
    viewer.page.click(f"#details ul.matches button >> text='{expected[1]}'")
    assert viewer.js("viewer.network.getSelectedNodes()") == [cn.names[cn.labels.index(expected[1])]]


def test_selecting_a_concept_dims_the_rest_and_an_empty_click_clears(viewer):
    viewer.js("viewer.selectNode('kg:China')")
    viewer.page.wait_for_timeout(450)
    near = viewer.js("""(() => { const ids = new Set(['kg:China']);
        viewer.data.edges.forEach(e => { if (e.from === 'kg:China') ids.add(e.to); if (e.to === 'kg:China') ids.add(e.from); });
        return [...ids]; })()""")
    colours = viewer.js("Object.fromEntries(viewer.nodes.get().map(n => [n.id, n.color.background]))")
    original = viewer.js("Object.fromEntries(viewer.data.nodes.map(n => [n.id, n.vis.color.background]))")
    assert all(colours[i] == original[i] for i in near)
    assert all(colours[i] != original[i] for i in colours if i not in near)
    assert set(viewer.js("viewer.labelled()")) <= set(near)
    viewer.page.keyboard.press("Escape")
    assert viewer.js("viewer.network.getSelectedNodes()") == []
    assert viewer.js("viewer.nodes.get('kg:EVFactories').color.background") == original["kg:EVFactories"]
    viewer.js("viewer.selectNode('kg:China')")
    box = viewer.page.locator("#network").bounding_box()
    viewer.page.mouse.click(box["x"] + 5, box["y"] + 5)  # a corner: empty canvas
    assert viewer.js("viewer.network.getSelectedNodes()") == []
    assert "Click a concept" in viewer.page.inner_text("#details")


def test_fit_zoom_buttons_and_keys(viewer):
    fitted = viewer.js("viewer.network.getScale()")
    viewer.page.click("#zoom-in")
    viewer.page.wait_for_timeout(300)
    assert viewer.js("viewer.network.getScale()") > fitted * 1.3
    many = len(viewer.js("viewer.labelled()"))
    viewer.page.keyboard.press("+")
    viewer.page.wait_for_timeout(300)
    assert len(viewer.js("viewer.labelled()")) > many  # more labels as the user zooms in
    viewer.page.click("#fit")
    viewer.page.wait_for_timeout(450)
    assert abs(viewer.js("viewer.network.getScale()") - fitted) < 1e-6
    viewer.page.keyboard.press("-")
    viewer.page.wait_for_timeout(300)
    assert viewer.js("viewer.network.getScale()") < fitted
    viewer.page.keyboard.press("0")
    viewer.page.wait_for_timeout(450)
    assert abs(viewer.js("viewer.network.getScale()") - fitted) < 1e-6
    viewer.page.keyboard.press("/")
    assert viewer.js("document.activeElement.id") == "search"


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


def test_clicking_a_sentence_in_the_article_lists_its_claims(viewer, graph):
    cn = concept_network(graph)
    sentence = "art:s29"
    said = [j for j in range(cn.edge_count) if sentence in [name for name, _ in cn.sentences.get(j, [])]]
    assert len(said) >= 2
    viewer.page.click("#toggle-article")
    viewer.page.click(f"#article .sentence[data-sentence='{sentence}']")
    selected = viewer.js("viewer.network.getSelectedEdges().map(id => viewer.edges.get(id)).map(e => [e.from, e.to])")
    assert sorted(map(tuple, selected)) == sorted((cn.names[cn.sources[j]], cn.names[cn.targets[j]]) for j in said)
    claims = viewer.page.inner_text("#claims").lower()
    assert f"{len(said)} claims from {sentence}" in claims
    for j in said:
        assert cn.labels[cn.targets[j]].lower() in claims and cn.labels[cn.sources[j]].lower() in claims
    viewer.page.wait_for_timeout(450)  # the view fits the claims' concepts
    inside = viewer.js("""(() => { const c = document.getElementById('network');
        return viewer.network.getSelectedEdges().map(id => viewer.edges.get(id)).flatMap(e => [e.from, e.to])
          .map(id => viewer.network.canvasToDOM(viewer.network.getPosition(id)))
          .every(p => p.x > 0 && p.y > 0 && p.x < c.clientWidth && p.y < c.clientHeight); })()""")
    assert inside and viewer.js("viewer.network.getScale()") > viewer.js("viewer.fitScale()")


# ---- the overview, measured from vis-network's own positions and label boxes

OVERVIEW = """() => {
  const net = viewer.network, scale = net.getScale(), pos = net.getPositions();
  const labels = [], shapes = [];
  for (const id of net.body.nodeIndices) {
    const n = net.body.nodes[id], p = pos[id], r = n.options.size;
    shapes.push({id, left: p.x - r, right: p.x + r, top: p.y - r, bottom: p.y + r});
    if (n.options.label) {
      const s = n.labelModule.size;
      labels.push({id, px: n.labelModule.fontOptions.size * scale,
                   left: s.left, right: s.left + s.width, top: s.top, bottom: s.top + s.height});
    }
  }
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const onLabel = [], onNode = [];
  labels.forEach((a, i) => labels.slice(i + 1).forEach(b => { if (hit(a, b)) onLabel.push([a.id, b.id]); }));
  labels.forEach(a => shapes.forEach(s => { if (s.id !== a.id && hit(a, s)) onNode.push([a.id, s.id]); }));
  const edgeLabels = Object.values(net.body.edges).filter(e => e.options.label).length;
  const wrapped = labels.filter(l => net.body.nodes[l.id].labelModule.lines.length > 1).length;
  return {labels: labels.map(l => l.id), px: Math.min(...labels.map(l => l.px)), onLabel, onNode, edgeLabels, wrapped,
          canvas: document.querySelector('#network canvas').getBoundingClientRect().width / window.innerWidth,
          header: document.querySelector('header').getBoundingClientRect().height,
          title: document.querySelector('#title').getBoundingClientRect().height};
}"""


@pytest.mark.parametrize("size", [(1600, 1000), (1280, 720)], ids=["1600x1000", "1280x720"])
def test_the_overview_is_legible(browser, size, graph, fresh_viewer):
    cn = concept_network(graph)
    degree = [0] * len(cn)
    for s, o in zip(cn.sources, cn.targets):
        degree[s] += 1
        degree[o] += 1
    hubs = sorted(range(len(cn)), key=lambda i: (-degree[i], cn.labels[i]))[:3]
    page = Page(browser, fresh_viewer, size)
    page.page.wait_for_timeout(100)
    view = page.js(OVERVIEW)
    assert view["onLabel"] == [] and view["onNode"] == []
    assert 12 <= len(view["labels"]) <= 15 and view["px"] >= 11
    assert view["edgeLabels"] == 0 and view["wrapped"] >= 1
    assert {cn.names[i] for i in hubs} <= set(view["labels"]), [cn.names[i] for i in hubs]  # the hubs of stats
    assert view["canvas"] >= 0.6
    assert view["title"] < 24 and view["header"] < 56  # one line: nothing wraps
    for measure in ("degree", "betweenness", "pagerank"):
        page.js(f"viewer.setMeasure('{measure}')")
        largest = page.js("viewer.data.nodes.map(n => [viewer.network.body.nodes[n.id].options.size, n.id])"
                          ".sort((a, b) => b[0] - a[0]).slice(0, 3).map(x => x[1])")
        values = page.js(f"viewer.data.nodes.map(n => n['{measure}']).sort((a, b) => b - a)")
        assert sorted(page.js(f"viewer.data.nodes.find(n => n.id === '{i}')['{measure}']") for i in largest) == \
            sorted(values[:3])
        assert measure in page.page.inner_text("#size-note").lower().replace("pagerank", "pagerank")
    assert page.errors == [] and page.requests == [page.url]
    page.page.close()


def test_a_graph_without_an_article_has_no_article_controls(browser, tmp_path):
    from rdflib import Graph

    g = Graph().parse(data="""
        @prefix ex: <http://ex.org/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        ex:ada foaf:name "Ada Lovelace" ; ex:knew ex:babbage . ex:babbage foaf:name "Charles Babbage" .
    """, format="turtle")
    page = Page(browser, write_html(g, tmp_path / "other.html"))
    assert not page.page.is_visible("#toggle-article")
    assert "sentence" not in page.page.inner_text("#legend")
    assert sorted(page.js("viewer.labelled().map(id => viewer.data.nodes.find(n => n.id === id).label)")) == \
        ["Ada Lovelace", "Charles Babbage"]
    page.page.close()


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


def test_a_claim_not_asserted_as_fact_is_dashed_and_its_mentions_marked(viewer):
    """On the article: battery research aims to improve energy density, an aim, not a fact."""
    data = viewer.js("({edges: viewer.data.edges, text: viewer.data.article.text})")
    hedged = [e for e in data["edges"] if not e["asserted"]]
    assert hedged and len(hedged) < len(data["edges"])
    assert sorted(viewer.js("viewer.edges.get().filter(e => e.dashes).map(e => e.id)")) == sorted(e["id"] for e in hedged)
    edge = next(e for e in hedged if e["from"] == "kg:BatteryResearch" and e["to"] == "kg:EnergyDensity")
    assert edge["modality"] == "ev:AimOrPurpose" and edge["mentions"]
    assert viewer.js(f"viewer.edges.get('{edge['id']}').dashes") == [6, 5]
    viewer.js(f"viewer.selectEdge('{edge['id']}')")
    details = viewer.page.inner_text("#details")
    assert f"Not asserted as fact: {edge['modalityLabel']}" in details and "ev:AimOrPurpose" in details
    recorded = [data["text"][m["begin"]:m["end"]] for m in sorted(edge["mentions"], key=lambda m: m["begin"])]
    assert viewer.page.locator("#details mark strong").all_inner_texts() == recorded
    asserted = next(e for e in data["edges"] if e["asserted"] and e["mentions"])
    viewer.js(f"viewer.selectEdge('{asserted['id']}')")
    assert viewer.js(f"viewer.edges.get('{asserted['id']}').dashes") in (None, False)
    assert "Not asserted as fact" not in viewer.page.inner_text("#details")
    assert viewer.errors == []
