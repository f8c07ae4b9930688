"""The viewer in a real browser: Debian's Chromium, driven by Playwright, from file://.

The page draws its own labels (after vis-network draws the graph): the tests read what it drew by
recording the canvas's ``fillText`` calls during a redraw, and wait for explicit states
(``viewer.whenIdle()``: no animation under way, the labels placed for the current state and camera),
never for a length of time.
"""

import json
import random
import shutil

import pytest

from graph.network.analysis import to_networkx
from graph.source import concept_network, load
from graph.viewer import write_html

pytestmark = pytest.mark.process  # a server, a browser or a subprocess

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SIZES = [(1600, 1000), (1280, 720)]
SIZE_IDS = ["1600x1000", "1280x720"]

if not shutil.which(CHROMIUM):
    pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does it)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def corpus_graph():
    """The article's graph with the four test documents (tests/fixtures/documents)."""
    from graph.resources import DEFAULT_FILES, DEFAULT_VIEWER

    documents = DEFAULT_VIEWER.parent.parent / "tests" / "fixtures" / "documents"
    return load([*DEFAULT_FILES, *(documents / f"{name}.ttl" for name in ("contradicting", "corroborating", "held-out", "mixed"))])


@pytest.fixture(scope="module")
def corpus_viewer(corpus_graph, tmp_path_factory):
    return write_html(corpus_graph, tmp_path_factory.mktemp("corpus") / "corpus.html")


# What the page drew on the canvas: every fillText of a redraw, with its box in CSS pixels.
DRAWN = """() => {
  const canvas = document.querySelector('#network canvas'), out = [];
  const P = CanvasRenderingContext2D.prototype, fill = P.fillText;
  P.fillText = function (text, x, y) {
    if (this.canvas === canvas) {
      const t = this.getTransform(), px = parseFloat(/([\\d.]+)px/.exec(this.font)[1]), w = this.measureText(text).width;
      const X = (t.a * x + t.e) / window.devicePixelRatio, Y = (t.d * y + t.f) / window.devicePixelRatio;
      out.push({text, x: X, y: Y, px, bold: /bold/.test(this.font), left: X - w / 2, right: X + w / 2,
                top: Y - px / 2, bottom: Y + px / 2});
    }
    return fill.apply(this, arguments);
  };
  try { viewer.network.redraw(); } finally { P.fillText = fill; }
  return out;
}"""

# The concepts as vis-network draws them, in CSS pixels of the canvas.
SHAPES = """() => {
  const net = viewer.network, scale = net.getScale();
  return net.body.nodeIndices.map(id => net.body.nodes[id]).filter(n => !n.options.hidden).map(n => {
    const p = net.canvasToDOM({x: n.x, y: n.y}), r = n.options.size * scale;
    return {id: n.id, x: p.x, y: p.y, left: p.x - r, right: p.x + r, top: p.y - r, bottom: p.y + r};
  });
}"""


def _hit(a, b):
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


class Page:
    """A page opened from file://, recording console errors and every request it makes."""

    def __init__(self, browser, path, size=(1400, 900), wait=True):
        self.page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        self.errors, self.requests = [], []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url, wait_until="commit" if not wait else "load")
        if wait:
            self.ready()

    def ready(self):
        """Wait until the page has laid the graph out (a page opened with ``wait=False`` lays it out meanwhile)."""
        self.page.wait_for_selector("body[data-settled=true]", timeout=60_000)
        return self

    def js(self, expression):
        return self.page.evaluate(expression)

    def idle(self):
        """Wait until the page is still: no animation, the labels placed for the current state and camera."""
        return self.page.evaluate("viewer.whenIdle()")

    def drawn(self):
        return self.js(DRAWN)

    def node_texts(self, ids):
        """The lines of the labels of the concepts ``ids``, as the page draws them."""
        return sorted(line for i in ids for line in self.js(f"viewer.data.nodes.find(n => n.id === {json.dumps(i)}).vis.label").split("\n"))

    def click_node(self, node_id):
        x, y = self.js(f"""(() => {{ const d = viewer.network.canvasToDOM(viewer.network.getPosition({json.dumps(node_id)}));
            const r = document.querySelector('#network canvas').getBoundingClientRect(); return [r.left + d.x, r.top + d.y]; }})()""")
        self.page.mouse.click(x, y)
        self.idle()

    def close(self):
        self.page.close()


def _reset(page):
    """The page as it opened: its state set afresh (what it draws follows from its state alone: see
    the random walk below), the view fitted, the search box empty, the pointer off the canvas."""
    page.page.mouse.move(0, 0)
    page.page.fill("#search", "")
    page.js("document.activeElement && document.activeElement.blur()")
    page.js("viewer.setState({}), viewer.fit()")
    page.idle()
    return page


@pytest.fixture(scope="module")
def article_page(browser, fresh_viewer):
    page = Page(browser, fresh_viewer)
    yield page
    page.close()


@pytest.fixture(scope="module")
def corpus_page(browser, corpus_viewer):
    page = Page(browser, corpus_viewer)
    yield page
    page.close()


@pytest.fixture
def viewer(article_page):
    """The article's page, one for the module, set back to how it opened for each test."""
    return _reset(article_page)


@pytest.fixture
def corpus(corpus_page):
    """The page of the article with the four test documents, set back to how it opened for each test."""
    return _reset(corpus_page)


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
    viewer.js("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    viewer.idle()
    assert viewer.js("JSON.stringify(viewer.network.getPositions())") == before
    assert viewer.js("viewer.network.physics.options.enabled") is False


def test_legend_hides_a_class(viewer, graph):
    cn = concept_network(graph)
    visible = "viewer.nodes.get().filter(n => !n.hidden).length"
    assert viewer.js(visible) == len(cn)
    viewer.page.click("#legend input[data-class='ev:Nation']")
    assert viewer.js(visible) == len(cn) - cn.classes.count("ev:Nation") < len(cn)
    assert viewer.js("viewer.nodes.get('kg:China').hidden") is True
    viewer.idle()
    assert "kg:China" not in viewer.js("viewer.labelled()")
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
    viewer.idle()
    assert cn.names[i] in viewer.js("viewer.labelled()")


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_search_lists_and_labels_every_match(browser, fresh_viewer, graph, size):
    cn = concept_network(graph)
    expected = sorted(cn.labels[i] for i in range(len(cn))
                      if any("battery" in n.lower() for n in [cn.labels[i]] + cn.alt_labels.get(i, [])))
    assert len(expected) >= 3
    page = Page(browser, fresh_viewer, size)
    page.page.fill("#search", "battery")
    page.page.press("#search", "Enter")
    listed = page.page.locator("#details ul.matches button").all_inner_texts()
    assert listed == expected
    assert f"{len(expected)} concepts match" in page.page.inner_text("#details").lower()
    page.idle()
    ids = [cn.names[cn.labels.index(label)] for label in expected]
    assert set(ids) <= set(page.js("viewer.labelled()"))  # every match is labelled on the canvas
    assert set(page.node_texts(ids)) <= {d["text"] for d in page.drawn()}
    page.page.click(f"#details ul.matches button >> text='{expected[1]}'")
    assert page.js("viewer.network.getSelectedNodes()") == [cn.names[cn.labels.index(expected[1])]]
    assert page.errors == []
    page.close()


def test_search_finds_the_members_of_a_class(viewer, graph):
    """"nation" finds the three nations (their class is nation), first, and labels them."""
    cn = concept_network(graph)
    nations = sorted(cn.labels[i] for i in range(len(cn)) if cn.classes[i] == "ev:Nation")
    assert len(nations) == 3
    viewer.page.fill("#search", "nation")
    viewer.page.press("#search", "Enter")
    listed = viewer.page.locator("#details ul.matches button").all_inner_texts()
    assert listed[:3] == nations
    viewer.idle()
    assert {cn.names[cn.labels.index(n)] for n in nations} <= set(viewer.js("viewer.labelled()"))
    # a plural finds a class's members too ("skills": the class skill), but a concept the text names
    # with the very word comes first ("nations", s34: a group of nations, not the three)
    skills = sorted(cn.labels[i] for i in range(len(cn)) if cn.classes[i] == "ev:Skill")
    viewer.page.fill("#search", "skills")
    viewer.page.press("#search", "Enter")
    assert viewer.page.locator("#details ul.matches button").all_inner_texts()[:len(skills)] == skills


def test_selecting_a_concept_dims_the_rest_and_an_empty_click_clears(viewer):
    viewer.js("viewer.selectNode('kg:China')")
    viewer.idle()
    near = viewer.js("""(() => { const ids = new Set(['kg:China']);
        viewer.data.edges.forEach(e => { if (e.from === 'kg:China') ids.add(e.to); if (e.to === 'kg:China') ids.add(e.from); });
        return [...ids]; })()""")
    colours = viewer.js("Object.fromEntries(viewer.nodes.get().map(n => [n.id, n.color.background]))")
    original = viewer.js("Object.fromEntries(viewer.data.nodes.map(n => [n.id, n.vis.color.background]))")
    assert all(colours[i] == original[i] for i in near)
    assert all(colours[i] != original[i] for i in colours if i not in near)
    assert "kg:China" in viewer.js("viewer.labelled()") and set(viewer.js("viewer.labelled()")) <= set(near)
    viewer.page.keyboard.press("Escape")
    assert viewer.js("viewer.network.getSelectedNodes()") == []
    assert viewer.js("viewer.nodes.get('kg:EVFactories').color.background") == original["kg:EVFactories"]
    viewer.js("viewer.selectNode('kg:China')")
    viewer.idle()
    box = viewer.page.locator("#network").bounding_box()
    viewer.page.mouse.click(box["x"] + 5, box["y"] + 5)  # a corner: empty canvas
    assert viewer.js("viewer.network.getSelectedNodes()") == []
    assert "Click a concept" in viewer.page.inner_text("#details")


def test_fit_zoom_buttons_and_keys(viewer):
    fitted = viewer.js("viewer.network.getScale()")
    viewer.page.click("#zoom-in")
    viewer.idle()
    assert viewer.js("viewer.network.getScale()") > fitted * 1.3
    many = len(viewer.js("viewer.labelled()"))
    viewer.page.keyboard.press("+")
    viewer.idle()
    assert len(viewer.js("viewer.labelled()")) > many  # more labels as the user zooms in
    viewer.page.click("#fit")
    viewer.idle()
    assert abs(viewer.js("viewer.network.getScale()") - fitted) < 1e-6
    viewer.page.keyboard.press("-")
    viewer.idle()
    assert viewer.js("viewer.network.getScale()") < fitted
    viewer.page.keyboard.press("0")
    viewer.idle()
    assert abs(viewer.js("viewer.network.getScale()") - fitted) < 1e-6
    viewer.page.keyboard.press("/")
    assert viewer.js("document.activeElement.id") == "search"


def _edge_point(page, edge, at=0.6, scale=1.5):
    """Centre the view on a point of a relation (at its ``at`` fraction) and return it in page pixels."""
    point = page.js(f"""(() => {{
        const e = viewer.edges.get('{edge}');
        const p = viewer.network.getPositions([e.from, e.to]);
        const x = p[e.from].x + {at} * (p[e.to].x - p[e.from].x), y = p[e.from].y + {at} * (p[e.to].y - p[e.from].y);
        viewer.network.moveTo({{position: {{x, y}}, scale: {scale}}});
        const d = viewer.network.canvasToDOM({{x, y}});
        const r = document.querySelector('#network canvas').getBoundingClientRect();
        return [r.left + d.x, r.top + d.y];
    }})()""")
    page.idle()
    return point


def test_clicking_an_edge_shows_its_sentence(viewer):
    edge = viewer.js("viewer.data.edges.find(e => e.from === 'kg:China' && e.predicate === 'ev:investsIn').id")
    viewer.page.mouse.click(*_edge_point(viewer, edge))
    assert viewer.js("viewer.network.getSelectedEdges()") == [edge]
    details = viewer.page.inner_text("#details")
    assert "Nations like China, the United States, and Germany are investing billions" in details
    assert "Global Manufacturing Strategies and Technological Convergence" in details
    assert viewer.page.inner_text("#details mark strong") == "China"
    viewer.page.click("#details >> text=Show in the text")
    assert viewer.page.inner_text("#text .sentence.hl").startswith("Nations like China")


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_a_clicked_edge_labels_its_ends_and_itself_apart(browser, fresh_viewer, size):
    """At the fitted view, a relation clicked: both its concepts labelled, its own label drawn, bold, clear
    of every label and of its concepts (the others are dimmed: a label may cover them)."""
    page = Page(browser, fresh_viewer, size)
    edges = page.js("viewer.data.edges.map(e => [e.id, e.from, e.to])")
    for edge, subject, obj in [e for e in edges if e[1] in ("kg:China", "kg:Manufacturers", "kg:BatteryResearch")][:6]:
        page.js("viewer.fit()")
        page.js(f"viewer.selectEdge('{edge}')")
        page.idle()
        if not page.js(f"""['{subject}', '{obj}'].every(id => {{ const d = viewer.network.canvasToDOM(viewer.network.getPosition(id));
                const c = document.getElementById('network'); return d.x > 0 && d.y > 0 && d.x < c.clientWidth && d.y < c.clientHeight; }})"""):
            continue
        assert {subject, obj} <= set(page.js("viewer.labelled()")), edge
        drawn = page.drawn()
        label = page.js(f"viewer.data.edges.find(e => e.id === '{edge}').label")
        mine = [d for d in drawn if d["text"] == label and d["bold"] and d["px"] == 11]
        assert len(mine) == 1, (edge, label)
        others = [d for d in drawn if d is not mine[0] and d["px"] == 12]
        assert not any(_hit(mine[0], d) for d in others)
        assert not any(_hit(mine[0], s) for s in page.js(SHAPES) if s["id"] in (subject, obj))
    assert page.errors == []
    page.close()


def test_clicking_a_sentence_in_the_text_lists_its_claims(viewer, graph):
    cn = concept_network(graph)
    sentence = "art:s29"
    said = [j for j in range(cn.edge_count) if sentence in [name for name, _ in cn.sentences.get(j, [])]]
    assert len(said) >= 2
    viewer.page.click("#toggle-text")
    viewer.page.click(f"#text .sentence[data-sentence='{sentence}']")
    selected = viewer.js("viewer.network.getSelectedEdges().map(id => viewer.edges.get(id)).map(e => [e.from, e.to])")
    assert sorted(map(tuple, selected)) == sorted((cn.names[cn.sources[j]], cn.names[cn.targets[j]]) for j in said)
    claims = viewer.page.inner_text("#claims").lower()
    assert f"{len(said)} claims from {sentence}" in claims
    for j in said:
        assert cn.labels[cn.targets[j]].lower() in claims and cn.labels[cn.sources[j]].lower() in claims
    viewer.idle()  # the view fits the claims' concepts
    inside = viewer.js("""(() => { const c = document.getElementById('network');
        return viewer.network.getSelectedEdges().map(id => viewer.edges.get(id)).flatMap(e => [e.from, e.to])
          .map(id => viewer.network.canvasToDOM(viewer.network.getPosition(id)))
          .every(p => p.x > 0 && p.y > 0 && p.x < c.clientWidth && p.y < c.clientHeight); })()""")
    assert inside and viewer.js("viewer.network.getScale()") > viewer.js("viewer.fitScale()")


# ---- the overview, measured from what the page drew and vis-network's own positions

@pytest.mark.parametrize("which", ["article", "documents"])
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_the_overview_is_legible(browser, size, which, graph, fresh_viewer, corpus_graph, corpus_viewer):
    if which == "documents":
        graph, fresh_viewer = corpus_graph, corpus_viewer
    cn = concept_network(graph)
    degree = [0] * len(cn)
    for s, o in zip(cn.sources, cn.targets):
        degree[s] += 1
        degree[o] += 1
    hubs = sorted(range(len(cn)), key=lambda i: (-degree[i], cn.labels[i]))[:3]
    page = Page(browser, fresh_viewer, size)
    page.idle()
    drawn, shapes, labelled = page.drawn(), page.js(SHAPES), page.js("viewer.labelled()")
    assert sorted(d["text"] for d in drawn) == page.node_texts(labelled)  # node labels only: no edge label
    assert {d["px"] for d in drawn} == {12}
    assert [(a["text"], b["text"]) for k, a in enumerate(drawn) for b in drawn[k + 1:] if _hit(a, b)] == []
    assert [(a["text"], s["id"]) for a in drawn for s in shapes if _hit(a, s)] == []
    assert 12 <= len(labelled) <= 18
    assert any(len(page.js(f"viewer.data.nodes.find(n => n.id === '{i}').vis.label").split("\n")) > 1 for i in labelled)
    assert {cn.names[i] for i in hubs} <= set(labelled), [cn.names[i] for i in hubs]  # the hubs of stats
    # the pillars first: the three nations, whatever their degree, and a member of every pillar
    assert {cn.names[i] for i in range(len(cn)) if cn.classes[i] == "ev:Nation"} <= set(labelled)
    pillars = page.js("viewer.data.classes.filter(c => c.pillar).map(c => [c.id, viewer.data.classes.filter(k => k.kindOf === c.id).map(k => k.id)])")
    assert len(pillars) == 4
    for pillar, kinds in pillars:
        assert any(cn.classes[cn.names.index(i)] in [pillar, *kinds] for i in labelled), pillar
    layout = page.js("""(() => { const t = document.getElementById('title'), r = e => e.getBoundingClientRect();
        return {canvas: r(document.querySelector('#network canvas')).width / window.innerWidth,
                header: r(document.querySelector('header')).height, title: r(t).height, shown: t.textContent,
                full: t.title, fits: t.scrollWidth <= t.clientWidth,
                legend: getComputedStyle(document.getElementById('legend')).display,
                key: [...document.querySelectorAll('#legend li.pillar')].map(li => r(li).bottom <= window.innerHeight)}; })()""")
    assert layout["canvas"] >= 0.6
    assert layout["title"] < 24 and layout["header"] < 56  # one line: nothing wraps
    # the title: whole, or cut at a word with an ellipsis; the whole title on hover
    title = page.js("viewer.data.title")
    assert layout["full"] == title and layout["fits"]
    if layout["shown"] != title:
        kept = layout["shown"][:-1]
        assert layout["shown"].endswith("…") and title.startswith(kept) and not title[len(kept)].isalnum()
    assert layout["legend"] != "none" and layout["key"] == [True] * 4  # the key in view, at both sizes
    for measure in ("degree", "betweenness", "pagerank"):
        page.js(f"viewer.setMeasure('{measure}')")
        largest = page.js("viewer.data.nodes.map(n => [viewer.network.body.nodes[n.id].options.size, n.id])"
                          ".sort((a, b) => b[0] - a[0]).slice(0, 3).map(x => x[1])")
        values = page.js(f"viewer.data.nodes.map(n => n['{measure}']).sort((a, b) => b - a)")
        assert sorted(page.js(f"viewer.data.nodes.find(n => n.id === '{i}')['{measure}']") for i in largest) == \
            sorted(values[:3])
        assert measure in page.page.inner_text("#size-note").lower()
    assert page.errors == [] and page.requests == [page.url]
    page.close()


# ---- what is drawn comes from the state: any path to a state draws what reaching it afresh draws

def _drawn_state(page):
    """Everything the page shows that the state decides: the labels drawn (text, place, size, weight),
    the items' visibility, colours and sizes, the selection, the side panel and the controls."""
    return {
        "labels": sorted((d["text"], round(d["x"], 1), round(d["y"], 1), d["px"], d["bold"]) for d in page.drawn()),
        "nodes": page.js("viewer.nodes.get().map(n => [n.id, !!n.hidden, n.size, JSON.stringify(n.color)])"),
        "edges": page.js("viewer.edges.get().map(e => [e.id, !!e.hidden, JSON.stringify(e.color)])"),
        "selection": page.js("(() => { const s = viewer.network.getSelection(); return [s.nodes.sort(), s.edges.sort()]; })()"),
        "panel": page.js("""(() => { const q = id => document.getElementById(id);
            return [q('details').hidden, q('details').innerText, q('text').hidden, q('claims').hidden, q('claims').innerText,
                    [...document.querySelectorAll('#text .document-text')].map(t => t.dataset.document),
                    [...document.querySelectorAll('#text .sentence.hl')].map(s => s.dataset.sentence)]; })()"""),
        "controls": page.js("""[[...document.querySelectorAll('#legend input[data-class]')].map(b => b.checked),
            document.getElementById('document-filter').value, document.getElementById('size-by').value,
            document.body.classList.contains('legend-collapsed'), document.getElementById('status').textContent]"""),
    }


def _same_as_fresh(browser, page, path, size, fresh=None):
    """Compare the page with a fresh page (``fresh``, opened and left alone, or a new one) brought
    straight to its state (and camera)."""
    camera = {k: round(v, 3) for k, v in page.js("viewer.state().camera").items()}
    page.js(f"viewer.setCamera({json.dumps(camera)})")  # a camera both pages can reach exactly
    page.idle()
    state = dict(page.js("viewer.state()"), camera=camera)
    fresh = (fresh or Page(browser, path, size, wait=False)).ready()
    fresh.js(f"viewer.setState({json.dumps(state)})")
    fresh.idle()
    again = fresh.js("viewer.state()")
    assert again.pop("camera") == pytest.approx(page.js("viewer.state()")["camera"], abs=1e-6)
    assert again == {k: v for k, v in state.items() if k != "camera"}
    mine, theirs = _drawn_state(page), _drawn_state(fresh)
    for key in mine:
        assert mine[key] == theirs[key], (key, state)
    assert fresh.errors == []
    fresh.close()
    return state


def test_labels_are_never_left_behind(browser, fresh_viewer):
    """The issue's case: three hubs clicked, each then cleared with Esc: what remains is what a fresh page
    draws in that state; no relation's label stays from a past selection."""
    size = (1280, 720)
    page = Page(browser, fresh_viewer, size)
    fresh = Page(browser, fresh_viewer, size, wait=False)  # lays itself out meanwhile
    for hub in ("kg:Manufacturers", "kg:ManufacturingHubs", "kg:ForwardThinkingEVFactories"):
        page.js("viewer.fit()")
        page.idle()
        page.click_node(hub)
        assert page.js("viewer.state().selection") == {"node": hub}
        edge_labels = [d for d in page.drawn() if d["px"] == 11]
        assert edge_labels and len(edge_labels) == len(page.js("viewer.edgeLabels()"))
        page.page.keyboard.press("Escape")
        page.idle()
        page.page.mouse.move(1, 1)  # away from the canvas: nothing hovered
        page.idle()
    _same_as_fresh(browser, page, fresh_viewer, size, fresh)
    page.js("viewer.fit()")
    page.idle()
    assert [d for d in page.drawn() if d["px"] == 11] == []  # the overview: no relation's label
    page.close()


# A point of the canvas a click can reach: concepts and relations by their middle, and empty places
# (no concept within 25 px, no relation within 12 px, no label).
POINTS = """() => {
  const net = viewer.network, canvas = document.querySelector('#network canvas'), r = canvas.getBoundingClientRect();
  const pos = net.getPositions(), scale = net.getScale(), nodes = [], edges = [], empty = [];
  const reach = (x, y) => x > 4 && y > 4 && x < r.width - 4 && y < r.height - 4 && document.elementFromPoint(r.left + x, r.top + y) === canvas;
  const shown = viewer.nodes.get().filter(n => !n.hidden), at = {};
  shown.forEach(n => { const p = net.canvasToDOM(pos[n.id]); at[n.id] = [p.x, p.y, n.size * scale];
    if (reach(p.x, p.y)) nodes.push([n.id, r.left + p.x, r.top + p.y]); });
  const lines = viewer.edges.get().filter(e => !e.hidden && at[e.from] && at[e.to]).map(e => [e.id, at[e.from], at[e.to]]);
  lines.forEach(([id, a, b]) => { const x = (a[0] + b[0]) / 2, y = (a[1] + b[1]) / 2; if (reach(x, y)) edges.push([id, r.left + x, r.top + y]); });
  const boxes = viewer.labelBoxes(), all = boxes.nodes.concat(boxes.edges);
  const near = (x, y, a, b) => { const dx = b[0] - a[0], dy = b[1] - a[1], L = dx * dx + dy * dy || 1;
    const t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / L)); return Math.hypot(x - a[0] - t * dx, y - a[1] - t * dy); };
  for (let x = 20; x < r.width; x += 37) for (let y = 20; y < r.height; y += 37) {
    if (!reach(x, y)) continue;
    if (Object.values(at).some(([px, py, pr]) => Math.hypot(px - x, py - y) < pr + 25)) continue;
    if (lines.some(([id, a, b]) => near(x, y, a, b) < 12)) continue;
    if (all.some(b => x > b.left - 4 && x < b.right + 4 && y > b.top - 4 && y < b.bottom + 4)) continue;
    empty.push([r.left + x, r.top + y]);
  }
  return {nodes, edges, empty};
}"""


def _act(page, rng, words):
    """One action a user might take, chosen by ``rng``; returns its name."""
    kind = rng.choice(["node", "node", "node", "edge", "edge", "empty", "empty", "escape", "search", "search", "match",
                       "link", "link", "zoom", "zoom", "fit", "pan", "hover", "hover", "class", "measure", "legend",
                       "text", "sentence", "document", "text-document"])
    p = page.page
    keys = "(document.activeElement && document.activeElement !== document.body && document.activeElement.blur())"
    points = page.js(POINTS)
    if kind in ("node", "hover", "edge", "empty"):
        choices = points["nodes" if kind in ("node", "hover") else "edges" if kind == "edge" else "empty"]
        if not choices:
            return kind + " (none)"
        x, y = rng.choice(choices)[-2:]
        if kind == "hover":
            p.mouse.move(x, y)
        else:
            p.mouse.click(x, y)
    elif kind == "escape":
        p.keyboard.press("Escape")
    elif kind == "search":
        p.fill("#search", rng.choice(words))
        p.press("#search", "Enter")
    elif kind in ("match", "link"):
        buttons = p.locator("#details ul.matches button" if kind == "match" else "#details button.link, #claims button.link")
        visible = [k for k in range(buttons.count()) if buttons.nth(k).is_visible()]
        if not visible:
            return kind + " (none)"
        buttons.nth(rng.choice(visible)).click()
    elif kind in ("zoom", "fit", "pan", "legend", "text"):
        page.js(keys)
        key = {"zoom": rng.choice(["+", "-"]), "fit": "0", "legend": "l", "text": "t",
               "pan": rng.choice(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"])}[kind]
        p.keyboard.press(key)
    elif kind == "class":
        boxes = p.locator("#legend input[data-class]")
        if not boxes.first.is_visible():
            return kind + " (legend folded)"
        boxes.nth(rng.randrange(boxes.count())).click()
    elif kind in ("measure", "document", "text-document"):
        select = {"measure": "#size-by", "document": "#document-filter", "text-document": "#text-document"}[kind]
        if not p.locator(select).is_visible():
            return kind + " (not shown)"
        values = p.locator(select + " option").evaluate_all("os => os.map(o => o.value)")
        p.select_option(select, rng.choice(values))
    elif kind == "sentence":
        sentences = p.locator("#text .document-text .sentence")
        if not p.locator("#text").is_visible() or not sentences.count():
            return kind + " (no text shown)"
        sentences.nth(rng.randrange(sentences.count())).click()
    page.idle()
    return kind


@pytest.mark.parametrize("graph_name,size,seed,steps", [("article", (1600, 1000), 21, 40), ("article", (1280, 720), 23, 40),
                                                         ("documents", (1280, 720), 25, 30)],
                         ids=["article-1600x1000", "article-1280x720", "documents-1280x720"])
def test_a_random_walk_draws_what_a_fresh_page_draws(browser, fresh_viewer, corpus_viewer, graph_name, size, seed, steps):
    """A long seeded sequence of clicks (concepts, relations, empty canvas, the panel's links, sentences),
    Esc, searches, zooms, pans, hovers, classes hidden and shown, measures, the legend, the text and the
    document filter; every ten actions, the drawn labels, items, selection, panel and controls equal those
    of a fresh page (opened meanwhile, and left alone) set straight to the same state."""
    path = fresh_viewer if graph_name == "article" else corpus_viewer
    page = Page(browser, path, size)
    rng = random.Random(seed)
    data = page.js("({labels: viewer.data.nodes.map(n => n.label), classes: viewer.data.classes.map(c => c.label)})")
    words = ["battery", "nation", "manufactur", "china", "energy density", "workforce", "zzz",
             *rng.sample(data["labels"], 3), *rng.sample(data["classes"], 2)]
    done, states = [], []
    fresh = Page(browser, path, size, wait=False)  # lays itself out while the walk goes on
    for step in range(steps):
        done.append(_act(page, rng, words))
        if step % 10 == 9:
            states.append(_same_as_fresh(browser, page, path, size, fresh))
            fresh = Page(browser, path, size, wait=False) if step < steps - 1 else None
    assert len({kind for kind in done if "(" not in kind}) >= 10, done  # a walk through most of the page
    assert len({json.dumps(s["selection"]) for s in states}) >= 2, states
    assert page.errors == [], done
    page.close()


# ---- many documents: the filter, the widths, every statement in the panel, denials, texts per document

def test_the_document_filter_shows_one_documents_relations(corpus, corpus_graph):
    from graph.evidence.reader import Evidence

    evidence = Evidence.of_graph(corpus_graph)
    documents = evidence.documents()
    assert len(documents) == 5
    options = corpus.page.locator("#document-filter option")
    texts = options.all_inner_texts()
    titles = {evidence.per_document()[d]["title"] for d in documents}
    assert len(texts) == len(documents) + 1 and texts[0].startswith(f"All {len(documents)} documents")
    assert {t.rsplit(" (", 1)[0] for t in texts[1:]} == titles
    data = corpus.js("viewer.data")
    for option in data["documents"]:
        speaks = [e["id"] for e in data["edges"] if option["id"] in e["documents"] + e["deniedBy"]]
        label = next(t for t in texts if t.startswith(option["title"] + " ("))
        assert label.endswith(f"({len(speaks)})")
        corpus.page.select_option("#document-filter", option["id"])
        corpus.idle()
        shown = corpus.js("viewer.edges.get().filter(e => !e.hidden).map(e => e.id)")
        assert sorted(shown) == sorted(speaks) and shown
        ends = {x for e in data["edges"] if e["id"] in speaks for x in (e["from"], e["to"])}
        assert set(corpus.js("viewer.nodes.get().filter(n => !n.hidden).map(n => n.id)")) == ends
        assert set(corpus.js("viewer.labelled()")) <= ends
    # by keyboard: focus the list, move down, back to every document
    corpus.page.focus("#document-filter")
    corpus.page.keyboard.press("Home")
    corpus.idle()
    assert corpus.js("viewer.state().document") == ""
    assert corpus.js("viewer.edges.get().filter(e => !e.hidden).length") == len(data["edges"])
    corpus.page.keyboard.press("ArrowDown")
    corpus.idle()
    assert corpus.js("viewer.state().document") == data["documents"][0]["id"]
    assert corpus.errors == []


def test_one_document_has_no_document_filter(viewer):
    assert not viewer.page.is_visible("#document-filter")
    assert not viewer.page.is_visible("#text-document")
    assert "document" not in viewer.page.inner_text("#legend").lower()


def test_edge_width_is_the_number_of_documents_that_state_it(corpus, corpus_graph):
    from graph.evidence.reader import Evidence

    evidence = Evidence.of_graph(corpus_graph)
    by_key = {(e["from"], e["predicate"], e["to"]): e["id"] for e in corpus.js("viewer.data.edges")}
    compact = corpus.js("Object.fromEntries(viewer.data.nodes.map(n => [n.id, n.id]))")
    widths = corpus.js("Object.fromEntries(Object.values(viewer.network.body.edges).map(e => [e.id, e.options.width]))")
    from graph.namespace import Compactor, namespaces_of

    name = Compactor(namespaces_of(corpus_graph))
    from graph.evidence.reader import term

    counted = {}
    for (s, p, o), statements in evidence.statements().items():
        key = (name(term(s)), name(term(p)), name(term(o)))
        if key in by_key and key[0] in compact:
            docs = {d for st in statements if not evidence.denied(st) for d in evidence.documents_of(st)}
            counted[by_key[key]] = len(docs)
    assert max(counted.values()) >= 3
    for edge, n in counted.items():
        assert widths[edge] == pytest.approx(1.2 + 1.5 * max(n - 1, 0)), edge
    how = corpus.page.inner_text("#how")
    assert "Width: how many documents state the relation" in how
    assert [t.strip() for t in corpus.page.locator("#how .width-sample").all_inner_texts()] == \
        [str(k) for k in range(1, max(counted.values()) + 1)]


def test_the_panel_lists_every_statement_of_every_document(corpus, corpus_graph):
    """An edge said by three documents: each document's title, its modality, its sentence with the
    recorded mention words in bold; "stated by 3 documents"."""
    data = corpus.js("viewer.data")
    docs = {d["id"]: d for d in data["documents"]}
    edge = next(e for e in data["edges"] if len(e["documents"]) >= 3 and not e["deniedBy"])
    corpus.js(f"viewer.selectEdge('{edge['id']}')")
    corpus.idle()
    details = corpus.page.inner_text("#details")
    assert f"Stated by {len(edge['documents'])} documents: corroborated" in details
    sections = corpus.page.locator("#details section.statements")
    assert sections.count() == len(edge["documents"])
    for k, doc in enumerate(edge["documents"]):
        section = sections.nth(k)
        assert section.get_attribute("data-document") == doc
        assert section.locator("h3.document").inner_text() == docs[doc]["title"]
        statements = [st for st in edge["statements"] if doc in st["documents"]]
        for st in statements:
            text = docs[doc]["text"]
            for sid in st["sentences"]:
                sentence = next(s for s in docs[doc]["sentences"] if s["id"] == sid)
                quote = section.locator(f".source[data-sentence='{sid}']")
                assert text[sentence["begin"]:sentence["end"]] in quote.inner_text()
                recorded = [text[m["begin"]:m["end"]] for m in sorted(st["mentions"], key=lambda m: m["begin"])
                            if m["sentence"] == sid]
                assert quote.locator("mark strong").all_inner_texts() == recorded and recorded
            if st["modalityLabel"]:
                assert st["modalityLabel"] in section.inner_text()
    # the edge's label and both its concepts drawn
    assert {edge["from"], edge["to"]} <= set(corpus.js("viewer.labelled()"))
    assert corpus.js("viewer.edgeLabels()")[:1] == [edge["id"]]


def test_a_denial_is_marked_and_the_contradiction_shown(corpus):
    data = corpus.js("viewer.data")
    docs = {d["id"]: d["title"] for d in data["documents"]}
    edge = next(e for e in data["edges"] if e["from"] == "kg:Germany" and e["predicate"] == "ev:investsIn")
    assert edge["deniedBy"] and edge["documents"]
    corpus.js(f"viewer.selectEdge('{edge['id']}')")
    corpus.idle()
    details = corpus.page.inner_text("#details")
    denier = edge["deniedBy"][0]
    assert f"“{docs[denier]}” denies it." in details and "Contradicted" in details
    section = corpus.page.locator(f"#details section.statements[data-document='{denier}']")
    assert section.locator(".modality.denied .badge.denied").inner_text() == "denied"
    assert "does not invest in" in section.locator(".source mark").inner_text()
    assert corpus.page.locator("#details section.statements .badge.denied").count() == 1  # only the denial
    # drawn in the contradiction's colour; a relation between the same two with the opposite predicate
    assert corpus.js(f"viewer.edges.get('{edge['id']}').color.color") == "#c81e1e"
    opposite = next(e for e in data["edges"] if any(c["kind"] == "opposite" for c in e["contradictions"])
                    and e["predicate"] == "ev:increases")
    corpus.js(f"viewer.selectEdge('{opposite['id']}')")
    corpus.idle()
    assert "The opposite is stated:" in corpus.page.inner_text("#details")
    corpus.page.click("#details .contradiction button.link")
    corpus.idle()
    other = corpus.js("viewer.state().selection.edge")
    assert other != opposite["id"] and corpus.js(f"viewer.data.edges.find(e => e.id === '{other}').predicate") == "ev:reduces"
    how = corpus.page.inner_text("#how")
    assert "Red: contradicted" in how and "only denied" not in how  # every denial here has a claim beside it


def test_the_text_panel_works_per_document(corpus):
    data = corpus.js("viewer.data")
    corpus.page.click("#toggle-text")
    options = corpus.page.locator("#text-document option").all_inner_texts()
    assert options == [d["title"] for d in data["documents"]]
    doc = next(d for d in data["documents"] if d["denies"])
    corpus.page.select_option("#text-document", doc["id"])
    corpus.idle()
    assert corpus.page.inner_text("#text .document-text").strip() == doc["text"].strip()
    claims_of = {}
    for e in data["edges"]:
        for st in e["statements"]:
            for sid in st["sentences"]:
                claims_of.setdefault(sid, set()).add(e["id"])
    sentence = next(s["id"] for s in doc["sentences"] if s["id"] in claims_of and any(
        st["denied"] and s["id"] in st["sentences"] for e in data["edges"] for st in e["statements"]))
    corpus.page.click(f"#text .sentence[data-sentence='{sentence}']")
    corpus.idle()
    assert sorted(corpus.js("viewer.network.getSelectedEdges()")) == sorted(claims_of[sentence])
    claims = corpus.page.inner_text("#claims").lower()
    assert f"{len(claims_of[sentence])} claim" in claims and "denied" in claims
    # a relation's "Show in the text" opens its sentence's document, the sentence marked
    edge = next(e for e in data["edges"] if len(e["documents"]) >= 2)
    corpus.js(f"viewer.selectEdge('{edge['id']}')")
    corpus.idle()
    last = corpus.page.locator("#details .source").last
    sid, docid = last.get_attribute("data-sentence"), last.get_attribute("data-document")
    last.locator("button.in-text").click()
    corpus.idle()
    assert corpus.js("viewer.state().text") == docid
    assert corpus.page.locator("#text-document").input_value() == docid
    assert sid in corpus.page.locator("#text .sentence.hl").evaluate_all("ss => ss.map(s => s.dataset.sentence)")
    assert corpus.errors == []


# ---- any graph: the page speaks only of what the graph has

FOAF = """
@prefix ex: <http://ex.org/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
ex:ada a foaf:Person ; foaf:name "Ada Lovelace" ; foaf:knows ex:babbage , ex:somerville .
ex:babbage a foaf:Person ; foaf:name "Charles Babbage" ; foaf:knows ex:herschel .
ex:somerville a foaf:Person ; foaf:name "Mary Somerville" .
ex:herschel a foaf:Person ; foaf:name "John Herschel" .
ex:engine a foaf:Project ; foaf:name "Analytical Engine" .
ex:ada foaf:currentProject ex:engine .
"""

ARTICLE_WORDS = ["pillar", "modality", "article", "nation", "dashed", "document", "sentence", "claim", "assert",
                 "denied", "technology", "workforce", "challenge", "text"]


def test_a_foreign_graph_speaks_only_of_what_it_has(browser, tmp_path):
    from rdflib import Graph

    g = Graph().parse(data=FOAF, format="turtle")
    page = Page(browser, write_html(g, tmp_path / "people.html"), (1280, 720))
    assert not page.page.is_visible("#toggle-text") and not page.page.is_visible("#document-filter")

    def visible_words():
        text = page.js("document.body.innerText").lower()
        return [w for w in ARTICLE_WORDS if w in text]

    assert visible_words() == []
    page.js("viewer.selectNode('ex:ada')")
    page.idle()
    assert visible_words() == [] and "relations (3)" in page.page.inner_text("#details").lower()
    page.page.click("#details button.why >> nth=0")
    page.idle()
    assert visible_words() == [] and "relation" in page.page.inner_text("#details").lower()
    page.page.fill("#search", "person")  # the class: every person
    page.page.press("#search", "Enter")
    assert len(page.page.locator("#details ul.matches button").all_inner_texts()) == 4
    assert visible_words() == []
    assert page.errors == [] and page.requests == [page.url]
    page.close()


def test_a_graph_without_text_has_no_text_controls(browser, tmp_path):
    from rdflib import Graph

    g = Graph().parse(data="""
        @prefix ex: <http://ex.org/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        ex:ada foaf:name "Ada Lovelace" ; ex:knew ex:babbage . ex:babbage foaf:name "Charles Babbage" .
    """, format="turtle")
    page = Page(browser, write_html(g, tmp_path / "other.html"))
    assert not page.page.is_visible("#toggle-text")
    assert "sentence" not in page.page.inner_text("#legend")
    assert sorted(page.js("viewer.labelled().map(id => viewer.data.nodes.find(n => n.id === id).label)")) == \
        ["Ada Lovelace", "Charles Babbage"]
    page.close()


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
    page.idle()
    assert page.js("window.__xss === undefined")
    assert page.js("document.querySelectorAll('#details img, #details a, #legend img').length") == 0
    assert "<img src=x onerror=window.__xss=1>" in page.page.inner_text("#details")
    assert "<img src=x onerror=window.__xss=1>" in " ".join(d["text"] for d in page.drawn())  # drawn as text
    page.js("viewer.selectEdge('e0')")
    page.idle()
    assert page.js("window.__xss === undefined")
    assert page.requests == [page.url] and page.errors == []
    page.close()


def test_a_claim_not_asserted_as_fact_is_dashed_and_its_mentions_marked(viewer):
    """On the article: battery research aims to improve energy density, an aim, not a fact."""
    data = viewer.js("({edges: viewer.data.edges, text: viewer.data.documents[0].text})")
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
    assert "Dashed: stated, but not as fact" in viewer.page.inner_text("#how")
    assert viewer.errors == []
