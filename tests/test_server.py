"""serve, --endpoint and push, against real servers on free loopback ports.

`python -m graph serve` runs as a subprocess and is queried with SPARQLWrapper, a real client.
A plain Oxigraph server (the `oxigraph` program) stands in for a remote triple store: the data
are pushed to it with the Graph Store Protocol, then `stats`, `query` and `viz --endpoint` must
answer exactly as they do on the local files.
"""

import json
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from graph.source import load
from graph.query import named_queries
from graph.server import free_port, oxigraph_binary

pytestmark = pytest.mark.process  # a server, a browser or a subprocess

SPARQLWrapper = pytest.importorskip("SPARQLWrapper", reason="SPARQLWrapper is not installed (pip install -e '.[test]')")
ROOT = Path(__file__).resolve().parent.parent
NATIONS_RD = "SELECT ?n WHERE { ?n a ev:Nation ; ev:investsIn kg:ResearchAndDevelopment } ORDER BY ?n"
TRIPLES = f"{len(load()):,}"  # the article's graph, as served
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _start_serve(*extra):
    proc = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--port", "0", *extra], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    if not line.startswith(f"Serving {TRIPLES} triples at http://127.0.0.1:"):
        proc.kill()  # never wait for the stderr of a server that goes on running
        pytest.fail(line + proc.communicate(timeout=10)[1])
    url = line.split(" at ", 1)[1].split("/query", 1)[0]
    return proc, url


def _stop(proc):
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=15)
    return proc.returncode, err


@pytest.fixture(scope="module")
def served():
    proc, url = _start_serve("--timeout", "2")
    yield url
    code, err = _stop(proc)
    assert code == 0 and "Stopping." in err


def _wrapper(url, fmt, query=NATIONS_RD):
    client = SPARQLWrapper.SPARQLWrapper(url + "/query")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client.query().convert()


NATIONS = ["https://example.org/ev-kg/id/China", "https://example.org/ev-kg/id/Germany",
           "https://example.org/ev-kg/id/UnitedStates"]


def test_sparqlwrapper_json(served):
    result = _wrapper(served, SPARQLWrapper.JSON)
    assert [b["n"]["value"] for b in result["results"]["bindings"]] == NATIONS


def test_sparqlwrapper_xml(served):
    doc = _wrapper(served, SPARQLWrapper.XML)
    assert [u.firstChild.data for u in doc.getElementsByTagName("uri")] == NATIONS


@pytest.mark.parametrize("fmt, sep", [("CSV", "\r\n"), ("TSV", "\n")])
def test_sparqlwrapper_csv_tsv(served, fmt, sep):
    text = _wrapper(served, getattr(SPARQLWrapper, fmt)).decode()
    lines = [line for line in text.split(sep) if line]
    assert lines[0] in ("n", "?n")
    assert [line.strip("<>") for line in lines[1:]] == NATIONS


@pytest.mark.parametrize("accept, check", [
    ("text/turtle", lambda body: "investsIn" in body),
    ("application/n-triples", lambda body: body.count("\n") == 5),
    ("application/ld+json", lambda body: json.loads(body)),
])
def test_graphs_by_accept_header(served, accept, check):
    data = urllib.parse.urlencode({"query": "CONSTRUCT { ?n ev:investsIn ?x } WHERE { ?n ev:investsIn ?x }"}).encode()
    req = urllib.request.Request(served + "/query", data=data, headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=10) as response:
        assert accept.split("/")[1] in response.headers["Content-Type"]
        assert check(response.read().decode())


@pytest.mark.parametrize("how", ["form", "sparql-update", "get"])
def test_updates_are_refused(served, how):
    update = "INSERT DATA { kg:a kg:b kg:c }"
    if how == "form":
        req = urllib.request.Request(served + "/query", data=urllib.parse.urlencode({"update": update}).encode())
    elif how == "sparql-update":
        req = urllib.request.Request(served + "/update", data=update.encode(),
                                     headers={"Content-Type": "application/sparql-update"})
    else:
        req = urllib.request.Request(served + "/query?" + urllib.parse.urlencode({"query": update}))
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=10)
    assert info.value.code == 403 and b"refused" in info.value.read()
    assert _wrapper(served, SPARQLWrapper.JSON, "ASK { kg:a kg:b kg:c }")["boolean"] is False


def test_sparqlwrapper_update_is_refused(served):
    client = SPARQLWrapper.SPARQLWrapper(served + "/query", updateEndpoint=served + "/update")
    client.setMethod(SPARQLWrapper.POST)
    client.setQuery("INSERT DATA { <http://a> <http://b> <http://c> }")
    with pytest.raises(Exception) as info:
        client.query()
    assert "403" in str(info.value) or "refused" in str(info.value)


@pytest.mark.parametrize("query, code, words", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403, b"SERVICE is refused"),
    ("SELECT * WHERE { ?s ?p }", 400, b"query:1:25: SPARQL syntax error"),
])
def test_refusals_and_syntax_errors(served, query, code, words):
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(served + "/query?" + urllib.parse.urlencode({"query": query}), timeout=10)
    assert info.value.code == code and words in info.value.read()


def test_a_slow_query_is_stopped_at_the_time_limit(served):
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(served + "/query?" + urllib.parse.urlencode({"query": SLOW}), timeout=30)
    assert info.value.code == 503 and b"time limit of 2 s" in info.value.read()
    assert time.monotonic() - started < 10


def test_query_page_works_offline(served):
    import html

    page = urllib.request.urlopen(served + "/", timeout=10).read().decode()
    named = named_queries()
    assert named and "nations-investing" in named
    for name, query in named.items():  # every named query, with the question it asks
        assert f">{name}<" in page and html.escape(query.question) in page, name
    assert "src=\"http" not in page and "href=\"http" not in page
    assert "default-src 'none'" in page


def test_query_page_in_a_browser(served, graph):
    from graph.namespace import compact, namespaces_of, sparql_prologue

    nations = "SELECT ?n ?label WHERE { ?n a ev:Nation ; skos:prefLabel ?label } ORDER BY ?n"
    expected = [(compact(n, namespaces_of(graph)), str(label)) for n, label in graph.query(sparql_prologue() + nations)]
    assert expected
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not shutil.which(chromium):
        pytest.skip("Chromium is not installed")
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(served + "/")
        named = page.locator("#named button", has_text="claim-sources")
        before = named.bounding_box()
        named.click()
        page.locator("#state", has_text="rows").wait_for()
        assert named.bounding_box() == before  # the list stays put
        assert page.locator("#out").bounding_box()["y"] > page.locator("#q").bounding_box()["y"]
        state = page.inner_text("#state")
        assert " ms" in state and int(state.split(" row")[0].replace(",", "")) > 50
        page.fill("#q", nations)
        page.press("#q", "Control+Enter")
        page.locator("#state", has_text=f"{len(expected)} row").wait_for()
        assert page.locator("#out .iri").all_inner_texts() == [n for n, _ in expected]
        assert page.locator("#out .literal").all_inner_texts() == [label for _, label in expected]
        first = expected[0][0]
        page.locator("#out .iri").first.click()  # DESCRIBE of that resource
        page.locator("#state", has_text="triples").wait_for()
        assert page.input_value("#q") == f"DESCRIBE <{namespaces_of(graph)[first.split(':')[0]]}{first.split(':')[1]}>"
        assert first in page.locator("#out td").first.inner_text()
        assert errors == [] and all(url.startswith(served) for url in requests)
        browser.close()


# ---- a remote store: plain Oxigraph, read-write

@pytest.fixture(scope="module")
def store(tmp_path_factory):
    port = free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def pushed(store):
    from graph.cli import main

    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["push", "--to", store + "/store"]) == 0
    return store, out.getvalue()


def test_push_says_how_many_triples_the_store_holds(pushed):
    _, out = pushed
    assert out.strip().endswith(f"the store's default graph now holds {TRIPLES} triples.")


def test_stats_through_the_endpoint_equals_local(pushed, cli):
    url, _ = pushed
    code, remote, err = cli("stats", "--endpoint", url + "/query", "--format", "json")
    assert code == 0, err
    _, local, _ = cli("stats", "--format", "json")
    assert json.loads(remote) == json.loads(local)
    code, text, _ = cli("stats", "--endpoint", url + "/query")
    _, local_text, _ = cli("stats")
    assert text == local_text


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_through_the_endpoint_equals_local(pushed, cli, name):
    url, _ = pushed
    code, remote, err = cli("query", "--endpoint", url + "/query", name)
    assert code == 0, err
    assert remote == cli("query", name)[1]


def test_viz_through_the_endpoint_equals_local(pushed, cli, tmp_path, fresh_viewer):
    url, _ = pushed
    code, _, err = cli("viz", "--endpoint", url + "/query", "--out", str(tmp_path / "v.html"))
    assert code == 0, err
    assert (tmp_path / "v.html").read_bytes() == fresh_viewer.read_bytes()


def test_bound_on_the_fetched_network(pushed, cli):
    url, _ = pushed
    code, out, err = cli("stats", "--endpoint", url + "/query", "--max-triples", "100")
    assert code == 2 and out == "" and "above the bound of 100; raise it with --max-triples" in err


def test_push_from_a_store(store, cli, tmp_path):
    assert cli("load", "--out", str(tmp_path / "s"))[0] == 0
    code, out, err = cli("push", "--store", str(tmp_path / "s"), "--to", store + "/store",
                         "--graph", "https://example.org/from-store")
    assert code == 0, err
    assert out.startswith(f"Pushed {TRIPLES} triples") and f"now holds {TRIPLES} triples" in out


def test_push_into_a_named_graph(store, cli):
    code, out, err = cli("push", "--to", store + "/store", "--graph", "https://example.org/g")
    assert code == 0, err
    assert f"graph <https://example.org/g> now holds {TRIPLES} triples" in out


# ---- errors: one line naming the URL

def test_unreachable_endpoint(cli):
    url = f"http://127.0.0.1:{free_port()}/query"
    code, out, err = cli("query", "--endpoint", url, "nations-investing")
    assert code == 2 and out == "" and err.startswith(f"Error: {url}: cannot connect") and err.count("\n") == 1


def test_http_error(store, cli):
    code, _, err = cli("query", "--endpoint", store + "/nowhere", "nations-investing")
    assert code == 2 and err.startswith(f"Error: {store}/nowhere: HTTP 404")


def test_password_comes_from_the_environment_only(cli, monkeypatch):
    monkeypatch.delenv("EVKG_PASSWORD", raising=False)
    code, _, err = cli("query", "--endpoint", "http://127.0.0.1:9/query", "--user", "ann", "nations-investing")
    assert code == 2 and "EVKG_PASSWORD" in err


VIRTUOSO_GRAPH = "https://example.org/ev-kg/graph"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """Debian's Virtuoso on two free loopback ports, in a database of its own, with the data."""
    import re

    from graph.source import load

    if not (shutil.which("virtuoso-t") and shutil.which("isql-vt") and Path("/etc/virtuoso-opensource-7/virtuoso.ini").exists()):
        pytest.skip("Virtuoso is not installed here (apt-get install virtuoso-opensource; .ci/run does it)")
    folder = tmp_path_factory.mktemp("virtuoso")
    isql, http = free_port(), free_port()
    ini = Path("/etc/virtuoso-opensource-7/virtuoso.ini").read_text()
    ini = ini.replace("/var/lib/virtuoso-opensource-7/db", str(folder))
    ini = re.sub(r"(\[Parameters\][^\[]*?ServerPort\s*=\s*)\d+", lambda m: m.group(1) + str(isql), ini, flags=re.S)
    ini = re.sub(r"(\[HTTPServer\][^\[]*?ServerPort\s*=\s*)\d+", lambda m: m.group(1) + str(http), ini, flags=re.S)
    ini = re.sub(r"(DirsAllowed\s*=\s*)", lambda m: m.group(1) + f"{folder}, ", ini)
    (folder / "virtuoso.ini").write_text(ini)
    proc = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(folder / "virtuoso.ini")], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http}/sparql"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("Virtuoso did not start within 60 s")
        data = folder / "ev.nt"
        data.write_bytes(load().serialize(format="nt", encoding="utf-8"))
        subprocess.run(["isql-vt", str(isql), "dba", "dba",
                        f"exec=DB.DBA.TTLP_MT(file_to_string_output('{data}'), '', '{VIRTUOSO_GRAPH}', 0); checkpoint;"],
                       check=True, capture_output=True, timeout=60)
        yield url + "?" + urllib.parse.urlencode({"default-graph-uri": VIRTUOSO_GRAPH})
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_virtuoso_stats_equal_local(virtuoso, cli):
    code, remote, err = cli("stats", "--endpoint", virtuoso, "--format", "json")
    assert code == 0, err
    assert json.loads(remote) == json.loads(cli("stats", "--format", "json")[1])


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_virtuoso_named_queries_equal_local(virtuoso, cli, name):
    code, remote, err = cli("query", "--endpoint", virtuoso, name)
    assert code == 0, err
    assert remote == cli("query", name)[1]


def test_serve_stops_cleanly_and_leaves_no_worker(tmp_path):
    proc, url = _start_serve("--workers", "2")
    assert urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=10).status == 200
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert len(children) == 2  # the query workers
    code, err = _stop(proc)
    assert code == 0 and "Stopping." in err
    lines = [line for line in err.splitlines() if line.startswith("127.0.0.1 ")]
    assert lines and lines[0].startswith('127.0.0.1 "GET /query?query=ASK%7B%7D" 200')
    assert not [c for c in children if Path(f"/proc/{c}").exists()]
