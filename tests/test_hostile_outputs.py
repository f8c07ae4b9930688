"""The third adversarial pass (issue 20): outputs that replaced inputs, cells that ran in a
spreadsheet, contexts that read files, credentials that followed a redirect, clients that held the
endpoint, children that outlived their parent, RDF 1.2 triple terms, and tracebacks. Each break of
the issue has a test here that failed before its fix (docs/records/hostile-third-pass.md says
which, on the code before and after)."""

import csv
import http.server
import io
import json
import os
import shutil
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from graph.errors import EndpointError
from graph.resources import DATA_DIR, ONTOLOGY, TRIPLES

ROOT = Path(__file__).resolve().parent.parent
TINY = "@prefix ex: <http://ex.org/> .\nex:a ex:p ex:b .\n"


def _one_line(err, expected):
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and expected in lines[0], err


def _digest():
    return {p: p.read_bytes() for p in sorted(DATA_DIR.rglob("*")) if p.is_file()}


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.ttl"
    path.write_text(TINY, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from graph.source.store import build_store

    folder = tmp_path_factory.mktemp("store") / "s"
    build_store(None, folder)
    return folder


# ---- data loss: no output replaces an input ----------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["viz", "--out", str(TRIPLES)],
    ["export", "--format", "turtle12", "--out", str(ONTOLOGY)],
    ["export", "--format", "csv", "--out", str(DATA_DIR / "article.txt")],
    ["viz", "--out", str(DATA_DIR / "new.html")],  # inside the project's data: no new file either
])
def test_the_default_inputs_and_the_projects_data_are_never_written(cli, argv):
    before = _digest()
    code, _, err = cli(*argv)
    assert code == 2 and ("is the project's own data" in err or "is an input of this command" in err), err
    assert "Traceback" not in err and _digest() == before


def test_a_data_input_reached_through_a_link_is_refused(cli, tiny, tmp_path):
    link = tmp_path / "link.html"
    link.symlink_to(tiny)
    code, _, err = cli("viz", "--data", str(tiny), "--out", str(link))
    assert code == 2 and "is an input of this command" in err and tiny.read_text() == TINY


@pytest.mark.parametrize("fmt", ["csv", "graphml"])
def test_nothing_is_written_into_a_store(cli, store, tmp_path, fmt):
    victim = sorted(p for p in store.iterdir() if p.is_file())[0]
    before = victim.read_bytes()
    for argv in (["export", "--store", str(store), "--format", fmt, "--out", str(victim)],
                 ["viz", "--store", str(store), "--out", str(store / "new.html")]):
        code, _, err = cli(*argv)
        assert code == 2 and "an input of this command" in err, err
    assert victim.read_bytes() == before and not (store / "new.html").exists()
    assert cli("stats", "--store", str(store))[0] == 0  # it still opens


def test_load_never_builds_inside_an_input_or_the_projects_data(cli, store, tiny):
    code, _, err = cli("load", "--out", str(store / "inner"), str(tiny))
    assert code == 2 and "inside" in err
    code, _, err = cli("load", "--out", str(DATA_DIR / "store"))
    assert code == 2 and "project's own data" in err and not (DATA_DIR / "store").exists()


@pytest.mark.parametrize("target", ["input", "page", "device"])
def test_png_goes_through_the_same_guard_before_chromium_starts(cli, tiny, tmp_path, target):
    page = tmp_path / "v.html"
    png = {"input": tiny, "page": page, "device": Path("/dev/null")}[target]
    code, out, err = cli("viz", "--data", str(tiny), "--out", str(page), "--png", str(png))
    assert code == 2 and "Traceback" not in err
    assert tiny.read_text() == TINY and page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert Path("/dev/null").is_char_device()


def test_a_scale_chromium_cannot_draw_is_refused_and_the_old_image_kept(cli, tiny, tmp_path):
    old = tmp_path / "old.png"
    old.write_bytes(b"\x89PNG\r\n\x1a\nkept")
    code, _, err = cli("viz", "--data", str(tiny), "--out", str(tmp_path / "v.html"), "--png", str(old),
                       "--scale", "20")
    _one_line(err, "larger than Chromium can draw")
    assert code == 2 and old.read_bytes() == b"\x89PNG\r\n\x1a\nkept"


@pytest.mark.process
def test_png_through_a_link_replaces_its_target_and_keeps_the_link(cli, tiny, tmp_path):
    pytest.importorskip("playwright.sync_api")
    if not shutil.which("chromium"):
        pytest.skip("Chromium is not installed")
    target, link = tmp_path / "target.png", tmp_path / "link.png"
    target.write_bytes(b"old")
    link.symlink_to(target)
    code, _, err = cli("viz", "--data", str(tiny), "--out", str(tmp_path / "v.html"), "--png", str(link))
    assert code == 0, err
    assert link.is_symlink() and target.read_bytes().startswith(b"\x89PNG")


def test_a_load_that_cannot_create_its_store_leaves_the_folder_as_it_found_it(tmp_path, monkeypatch):
    """The store was created before the clean-up began: a disk that filled up while the store was made
    left CURRENT, LOCK and MANIFEST behind, and a rerun refused the folder as not empty."""
    import graph.source.store as store_module
    from graph.errors import StoreError

    def half_made(folder):
        for name in ("CURRENT", "LOCK", "MANIFEST-000001"):
            (Path(folder) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(folder) / name).write_text("x")
        raise StoreError(f"{folder}: cannot create a store: No space left on device")

    monkeypatch.setattr(store_module, "create_store", half_made)
    (tmp_path / "empty").mkdir()
    for folder, existed in ((tmp_path / "new", False), (tmp_path / "empty", True)):
        with pytest.raises(StoreError):
            store_module.build_store(None, folder)
        assert folder.exists() == existed and (not existed or not any(folder.iterdir()))


@pytest.mark.process
def test_a_load_on_a_full_disk_leaves_nothing(cli, tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("no tmpfs can be mounted here")
    try:
        code, _, err = cli("load", "--out", str(mount / "s"))
        assert code == 2 and "No space left on device" in err and not (mount / "s").exists()
        (mount / "empty").mkdir()
        code, _, err = cli("load", "--out", str(mount / "empty"))
        assert code == 2 and list((mount / "empty").iterdir()) == []
    finally:
        subprocess.run(["umount", str(mount)], check=False)


# ---- code in a spreadsheet ----------------------------------------------------------------------

HOSTILE_LABELS = ["=HYPERLINK(\"http://evil/\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1;2)", "\tx", "\rx"]


@pytest.fixture
def hostile_graph(tmp_path):
    lines = ["@prefix ex: <http://ex.org/> .", "@prefix skos: <http://www.w3.org/2004/02/skos/core#> ."]
    for i, label in enumerate(HOSTILE_LABELS):
        lines.append(f"ex:c{i} skos:prefLabel {json.dumps(label)} ; ex:p ex:c{(i + 1) % len(HOSTILE_LABELS)} .")
    path = tmp_path / "hostile.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_csv_cells_that_a_spreadsheet_would_run_begin_with_an_apostrophe(cli, hostile_graph, tmp_path):
    code, out, _ = cli("export", "--data", str(hostile_graph), "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    labels = {row[1] for row in rows[1:]}
    assert labels == {"'" + label for label in HOSTILE_LABELS}
    assert cli("export", "--data", str(hostile_graph), "--format", "neo4j-csv", "--out", str(tmp_path / "n"))[0] == 0
    with open(tmp_path / "n" / "nodes.csv", encoding="utf-8", newline="") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert any(cell == "'-2+3" for cell in cells)


@pytest.mark.process
def test_libreoffice_shows_every_cell_as_text(cli, hostile_graph, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui; .ci/run does it)")
    out = tmp_path / "g.csv"
    assert cli("export", "--data", str(hostile_graph), "--format", "csv", "--out", str(out))[0] == 0
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "xlsx",
                    "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=180, check=True)
    sheet = zipfile.ZipFile(tmp_path / "g.xlsx").read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f" not in sheet  # no cell became a formula


# ---- file reads through JSON-LD contexts --------------------------------------------------------

@pytest.mark.parametrize("context", [
    '[["{secret}"]]', '[[["{secret}"]]]', '[{"ex": "http://ex/"}, ["{secret}"]]',
    '{"t": {"@id": "http://t", "@context": ["{secret}"]}}', '{"@import": "{secret}"}',
    '[["file:///dev/zero"]]', '[["{fifo}"]]',
])
def test_no_context_by_reference_is_read_wherever_it_stands(cli, tmp_path, context):
    secret = tmp_path / "secret.json"
    secret.write_text('{"@context": {"@vocab": "http://leaked/"}}', encoding="utf-8")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    doc = tmp_path / "d.jsonld"
    doc.write_text('{"@context": ' + context.replace("{secret}", str(secret)).replace("{fifo}", str(fifo))
                   + ', "@id": "http://a", "name": "x"}', encoding="utf-8")
    code, out, err = cli("export", "--data", str(doc), "--format", "jsonld")
    _one_line(err, "context by reference")
    assert code == 2 and "leaked" not in out


# ---- credentials stay with their origin ---------------------------------------------------------

class _Recorder:
    """A server that records each request's headers; answers 302 to ``redirect`` or a COUNT of 1."""

    def __init__(self, redirect=None):
        self.seen = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                recorder.seen.append(dict(self.headers))
                if recorder.redirect:
                    self.send_response(302)
                    self.send_header("Location", recorder.redirect)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"1"}}]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *a):
                pass

        self.redirect = redirect
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("argv", [["query", "ASK {}"], ["stats"], ["push", "--to", "{first}/store"]])
def test_credentials_never_follow_a_redirect_to_another_origin(cli, monkeypatch, argv):
    monkeypatch.setenv("EVKG_PASSWORD", "s3cret")
    elsewhere = _Recorder()
    first = _Recorder(redirect=elsewhere.url + "/query")
    try:
        argv = [a.replace("{first}", first.url) for a in argv]
        source = [] if argv[0] == "push" else ["--endpoint", first.url + "/query"]
        extra = ["--query-endpoint", first.url + "/query"] if argv[0] == "push" else []
        code, _, err = cli(*argv, *source, *extra, "--user", "me")
    finally:
        first.close()
        elsewhere.close()
    _one_line(err, "another scheme, host or port: not followed")
    assert code == 2 and all("Authorization" not in h for h in elsewhere.seen) and first.seen


def test_a_redirect_without_credentials_is_followed():
    from graph.source.endpoint import Endpoint

    target = _Recorder()
    first = _Recorder(redirect=target.url + "/query")
    try:
        assert Endpoint(first.url + "/query").count("?s ?p ?o") == 1
    finally:
        first.close()
        target.close()


@pytest.mark.parametrize("url, expected", [("file:///etc/passwd", "not an http or https URL"),
                                           ("http://[::1", "not a URL"), ("ftp://h/q", "not an http or https URL")])
def test_an_endpoint_url_that_is_no_http_url_is_one_line(cli, url, expected):
    code, _, err = cli("stats", "--endpoint", url)
    _one_line(err, expected)
    assert code == 2


# ---- remote answers capped in size and time -----------------------------------------------------

class _Trickle:
    """A server that answers 200 and then one byte every ``every`` seconds, or a body of ``size`` bytes."""

    def __init__(self, every=None, size=None):
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                try:
                    if outer.size:
                        self.wfile.write(b"x" * outer.size)
                    else:
                        for _ in range(1000):
                            self.wfile.write(b" ")
                            self.wfile.flush()
                            time.sleep(outer.every)
                except OSError:
                    pass

            def log_message(self, *a):
                pass

        self.every, self.size = every, size
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_a_trickling_endpoint_is_cut_at_the_time_limit():
    from graph.source.endpoint import Endpoint

    trickle = _Trickle(every=0.2)
    try:
        started = time.monotonic()
        with pytest.raises(EndpointError, match="no whole answer within 1 s"):
            Endpoint(trickle.url, timeout=1).count("?s ?p ?o")
        assert time.monotonic() - started < 10  # not the thousand bytes' 200 s
    finally:
        trickle.close()


def test_an_endpoints_answer_past_the_cap_is_refused():
    from graph.source.endpoint import Endpoint

    big = _Trickle(size=5_000_000)
    try:
        with pytest.raises(EndpointError, match="larger than 1,000,000 bytes"):
            Endpoint(big.url, max_bytes=1_000_000).count("?s ?p ?o")
    finally:
        big.close()


# ---- children die with their parent; a folder that is no store is "not a store" ----------------

@pytest.mark.process
def test_the_collector_of_load_dies_with_it_and_the_folder_is_no_store(cli, tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    data = tmp_path / "big.ttl"
    with open(data, "w", encoding="utf-8") as f:
        generate.generate(60_000, 200_000, seed=1, out=f)
    load = subprocess.Popen([sys.executable, "-m", "graph", "load", "--out", str(tmp_path / "s"), str(data)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children = []
    for _ in range(200):
        children = subprocess.run(["pgrep", "-P", str(load.pid)], capture_output=True, text=True).stdout.split()
        if children:
            break
        time.sleep(0.05)
    assert children, "the collector never started"
    os.kill(load.pid, signal.SIGKILL)
    load.wait()
    for _ in range(100):
        if not any(Path(f"/proc/{c}").exists() for c in children):
            break
        time.sleep(0.05)
    assert not any(Path(f"/proc/{c}").exists() and "Z" not in Path(f"/proc/{c}/stat").read_text().split()[2]
                   for c in children), "the collector outlived load"
    if (tmp_path / "s").exists():
        code, out, err = cli("stats", "--store", str(tmp_path / "s"))
        assert code == 2 and "not a store" in err and out == ""


@pytest.mark.parametrize("damage", ["truncated", "garbage", "huge"])
def test_a_damaged_saved_network_is_one_line(cli, tmp_path, damage):
    from graph.defaults import STORE_NETWORK
    from graph.source.store import build_store

    build_store(None, tmp_path / "s")
    saved = tmp_path / "s" / STORE_NETWORK
    data = saved.read_bytes()
    head, rest = data.split(b"\n", 1)
    saved.write_bytes({"truncated": data[:-100], "garbage": b"\x00garbage" * 100,
                       "huge": re.sub(rb'"edges": \d+', b'"edges": 1000000000000000', head, count=1) + b"\n" + rest}[damage])
    code, _, err = cli("stats", "--store", str(tmp_path / "s"))
    _one_line(err, "the saved concept network is damaged")
    assert code == 2


def test_serve_refuses_an_absurd_number_of_workers(cli):
    code, _, err = cli("serve", "--workers", "40")
    assert code == 2 and "query workers on this machine" in err


# ---- RDF 1.2 triple terms ----------------------------------------------------------------------

RDF12 = """@prefix ex: <http://example.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
ex:alice ex:knows ex:bob .
ex:s1 rdf:reifies <<( ex:alice ex:knows ex:bob )>> .
<< ex:alice ex:knows ex:bob ~ ex:s2 >> ex:since "2020" .
ex:carol ex:says <<( ex:bob ex:likes ex:tea )>> .
ex:alice ex:knows ex:carol {| ex:source ex:web |} .
"""


@pytest.fixture
def rdf12(tmp_path):
    path = tmp_path / "rdf12.ttl"
    path.write_text(RDF12, encoding="utf-8")
    return path


@pytest.mark.parametrize("argv", [
    ["stats"], ["stats", "--engine", "oxigraph"], ["validate"], ["export", "--format", "csv"],
    ["export", "--format", "cytoscape"], ["export", "--format", "turtle12"], ["export", "--format", "web-annotation"],
    ["query", "SELECT * { ?s ?p ?o }"], ["query", "--format", "json", "SELECT * { ?s ?p ?o }"],
    ["viz", "--out", "{tmp}/v.html"],
])
def test_triple_terms_are_read_by_every_command(cli, rdf12, tmp_path, argv):
    code, out, err = cli(*[a.replace("{tmp}", str(tmp_path)) for a in argv], "--data", str(rdf12))
    assert code in (0, 1) and "Traceback" not in err and "unexpected" not in err, err
    if argv[0] == "query" and "json" not in argv:
        assert "<<( <http://example.org/bob> <http://example.org/likes> <http://example.org/tea> )>>" in out
        assert "{'subject'" not in out


def test_triple_terms_are_counted_and_shown(cli, rdf12):
    from graph.source import Source

    network = Source(data=[rdf12]).network()
    assert network.facts["triples"] == 8
    assert "<<( <http://example.org/bob> <http://example.org/likes> <http://example.org/tea> )>>" in network.labels


def test_rdflib_is_told_it_cannot_hold_triple_terms_and_jsonld_too(cli, rdf12):
    code, _, err = cli("stats", "--data", str(rdf12), "--engine", "rdflib")
    _one_line(err, "use --engine oxigraph")
    code, _, err = cli("export", "--data", str(rdf12), "--format", "jsonld")
    _one_line(err, "JSON-LD cannot hold RDF 1.2 triple terms")


def test_the_projects_own_turtle12_export_reads_back(cli, tmp_path, counts):
    out = tmp_path / "article12.ttl"
    assert cli("export", "--format", "turtle12", "--out", str(out))[0] == 0
    code, text, err = cli("stats", "--data", str(out), "--format", "json")
    assert code == 0, err
    stats = json.loads(text)
    assert stats["concepts"] == counts["concepts"] and stats["triples"] == counts["triples"] + counts["statements"]


# ---- tracebacks, exit 3, and what a terminal would obey -----------------------------------------

@pytest.mark.process
def test_a_syntax_error_near_the_end_of_a_large_load_is_one_line(tmp_path):
    data = tmp_path / "late.ttl"
    with open(data, "w", encoding="utf-8") as f:
        f.write("@prefix ex: <http://ex.org/> .\n")
        for i in range(200_000):
            f.write(f"ex:c{i} ex:p ex:c{i + 1} .\n")
        f.write("ex:a ex:b \"open .\n")
    proc = subprocess.run([sys.executable, "-m", "graph", "load", "--out", str(tmp_path / "s"), str(data)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    _one_line(proc.stderr, f"{data}:200002:")
    assert proc.returncode == 2 and not (tmp_path / "s").exists()


def test_an_ill_typed_literal_on_oxigraph_is_a_problem_not_a_traceback(cli, tmp_path):
    path = tmp_path / "ill.ttl"
    path.write_text('@prefix ex: <http://ex.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                    'ex:a ex:d "2020-13-45"^^xsd:date .\n', encoding="utf-8")
    for engine in ("oxigraph", "rdflib"):
        code, out, err = cli("validate", "--data", str(path), "--engine", engine)
        assert code == 1 and "Traceback" not in err and "Failed to convert" not in err
        assert "ex:a ex:d: '2020-13-45' is not a valid xsd:date" in out


def test_a_csv_field_past_the_limit_is_one_line(cli, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("subject,predicate,object,text\na,b,c," + "x" * 200_000 + "\n", encoding="utf-8")
    code, _, err = cli("compare", str(path))
    _one_line(err, "big.csv:2: not a CSV row")
    assert code == 2


@pytest.mark.process
@pytest.mark.parametrize("argv", [["stats"], ["export", "--format", "csv"], ["query", "nations-investing"]])
def test_a_full_device_is_one_line(argv):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "graph", *argv], cwd=ROOT, stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=60)
    _one_line(proc.stderr, "standard output: cannot write: No space left on device")
    assert proc.returncode == 2


def test_reports_on_a_terminal_show_control_characters_escaped(cli, tmp_path, monkeypatch):
    candidate = tmp_path / "c.csv"
    candidate.write_text("subject,predicate,object\n\x1b]0;pwned\x07,\u202ex,\x1b[2Jy\n", encoding="utf-8")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, _ = cli("compare", str(candidate))
    assert code == 0 and "\x1b" not in out and "\u202e" not in out and "\\x1b" in out


# ---- serve: its own names only, every answer cut at its deadline, a deadline for the request ----

CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.process
def test_serve_answers_only_the_names_it_listens_as(tmp_path):
    from test_hostile import _in_process, _raw

    ask = "GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n"
    with _in_process(tmp_path, timeout=2, workers=1) as (server, _):
        for host in ("evil.example", "evil.example:%d" % server.port, "127.0.0.1.evil.example", ""):
            answer = _raw(server.url, ask.format(host).encode())
            assert answer.startswith(b"HTTP/1.1 421") and b"--allow-host" in answer, answer[:200]
        for host in ("127.0.0.1:%d" % server.port, "localhost:%d" % server.port, "[::1]:%d" % server.port, "localhost"):
            assert _raw(server.url, ask.format(host).encode()).startswith(b"HTTP/1.1 200"), host
    (tmp_path / "again").mkdir()
    with _in_process(tmp_path / "again", timeout=2, workers=1, hosts=("graph.example",)) as (server, _):
        assert _raw(server.url, ask.format("graph.example").encode()).startswith(b"HTTP/1.1 200")


@pytest.mark.process
def test_a_slow_reader_is_cut_at_the_deadline_and_frees_its_worker(tmp_path):
    import urllib.parse

    from test_hostile import _in_process, _post

    with _in_process(tmp_path, timeout=2, workers=1) as (server, lines):
        slow = socket.create_connection(("127.0.0.1", server.port))
        slow.sendall(b"GET /query?query=" + urllib.parse.quote(CROSS).encode()
                     + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")

        def read_slowly():  # 300 bytes a second, for longer than the time limit and the idle limit
            try:
                for _ in range(120):
                    if not slow.recv(30):
                        return
                    time.sleep(0.1)
            except OSError:
                return

        reader = threading.Thread(target=read_slowly, daemon=True)
        reader.start()
        time.sleep(4)  # the time limit (2 s), and a second's grace: the answer is cut, its worker freed
        assert _post(server.url, "ASK {}").startswith(b"HTTP/1.1 200")  # one worker: it is free again
        assert any('" 499 ' in line for line in lines), lines
        slow.close()


@pytest.mark.process
def test_a_request_head_trickled_a_byte_at_a_time_is_let_go(tmp_path, monkeypatch):
    import importlib

    from test_hostile import _in_process

    guard = importlib.import_module("graph.server.guard")
    monkeypatch.setattr(guard, "IDLE_TIMEOUT", 2)
    with _in_process(tmp_path, timeout=2, workers=1) as (server, _):
        trickle = socket.create_connection(("127.0.0.1", server.port))
        started, closed = time.monotonic(), False
        for byte in b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n":
            try:
                trickle.sendall(bytes([byte]))
                trickle.settimeout(0.5)
                if trickle.recv(1) == b"":
                    closed = True
                    break
            except socket.timeout:
                continue
            except OSError:
                closed = True
                break
            if time.monotonic() - started > 10:
                break
        assert closed and time.monotonic() - started < 6
        trickle.close()


# ---- the fresh adversarial pass that followed (docs/records/hostile-third-pass.md) ---------------

def _deep_triple_terms(path, depth=2000):
    opening = "<<( <http://e/a> <http://e/b> "
    path.write_text("<http://e/s> <http://e/p> " + opening * depth + "<http://e/c>" + " )>>" * depth + " .\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".nt", ".nq"])
@pytest.mark.parametrize("argv", [["stats"], ["validate"], ["query", "ASK {}"]])
def test_triple_terms_nested_too_deep_in_lines_are_refused_before_a_parser(cli, tmp_path, suffix, argv):
    path = _deep_triple_terms(tmp_path / f"deep{suffix}")  # 20,000 levels crashed the parser's stack
    code, out, err = cli(*argv, "--data", str(path))
    assert code == 2 and out == ""
    _one_line(err, "nested deeper than 128 levels")


def test_a_load_of_nesting_too_deep_leaves_no_folder(cli, tmp_path):
    code, _, err = cli("load", "--out", str(tmp_path / "s"), str(_deep_triple_terms(tmp_path / "deep.nt")))
    assert code == 2 and not (tmp_path / "s").exists()
    assert not [p for p in tmp_path.iterdir() if "partial" in p.name]


def test_lines_without_triple_terms_are_not_read_twice(tmp_path):
    from graph.limits import check_input

    path = tmp_path / "x.nt"
    path.write_text('<http://e/s> <http://e/p> "((((((((((((((((((((((((((((((((((((((((((" .\n' * 10, encoding="utf-8")
    check_input(path, "nt")  # brackets in a literal are no nesting; and without "<<(" nothing is read


@pytest.mark.parametrize("context", [
    {"@context": "file:///etc/passwd"},
    {"@context": {"@import": "file:///etc/passwd"}},
    [{"@context": [["file:///etc/passwd"]]}],
    {"term": {"@id": "http://e/t", "@context": {"@context": "file:///etc/passwd"}}},
])
def test_a_context_inside_a_context_is_refused_too(cli, tmp_path, context):
    path = tmp_path / "nested.jsonld"
    path.write_text(json.dumps({"@context": context, "@id": "http://e/a", "http://e/p": "x"}), encoding="utf-8")
    code, _, err = cli("query", "--data", str(path), "ASK {}")
    assert code == 2
    _one_line(err, "a JSON-LD context by reference")


@pytest.mark.parametrize("fmt", ["csv", "neo4j-csv"])
def test_a_lone_carriage_return_stays_inside_its_cell(cli, tmp_path, fmt):
    data = tmp_path / "cr.ttl"
    data.write_text('@prefix ex: <http://example.org/> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                    'ex:a ex:knows ex:b .\nex:a skos:prefLabel "Totals\\r=1+41" .\n', encoding="utf-8")
    out = tmp_path / "out"
    assert cli("export", "--data", str(data), "--format", fmt, "--out", str(out))[0] == 0
    path = out / "nodes.csv" if fmt == "neo4j-csv" else out
    text = path.read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert any("Totals\r=1+41" in cell for row in rows for cell in row)  # the cell kept whole, quoted


def test_a_trickled_head_or_error_body_ends_at_the_time_limit():
    from graph.source.endpoint import Endpoint

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                for byte in b"HTTP/1.1 500 Oops\r\nContent-Length: 100\r\n\r\n" + b"x" * 100:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        with pytest.raises(EndpointError, match="no whole answer within 1 s"):
            Endpoint(f"http://127.0.0.1:{server.server_address[1]}/q", timeout=1).count("?s ?p ?o")
        assert time.monotonic() - started < 5  # not the head's 4 s and the body's 10 s
    finally:
        server.shutdown()
        server.server_close()


def test_turtle12_writes_each_statement_s_terms_as_they_are_and_reads_back(cli, tmp_path):
    data = tmp_path / "r.ttl"
    data.write_text("""@prefix ex: <http://example.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
ex:a ex:name "Alice Smith" .
ex:st1 a rdf:Statement ; rdf:subject ex:a ; rdf:predicate ex:name ; rdf:object "Alice Smith" .
ex:st2 a rdf:Statement ; rdf:subject ex:a ; rdf:predicate ex:says ; rdf:object <<( ex:x ex:y ex:z )>> .
_:st3 a rdf:Statement ; rdf:subject ex:a ; rdf:predicate ex:knows ; rdf:object ex:b .
ex:s ex:p <<( _:b ex:q ex:o )>> .
""", encoding="utf-8")
    out = tmp_path / "out.ttl"
    code, _, err = cli("export", "--data", str(data), "--format", "turtle12", "--out", str(out))
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert '<< ex:a ex:name "Alice Smith" ~ ex:st1 >> .' in text
    assert "<< ex:a ex:says <<( <http://example.org/x> <http://example.org/y> <http://example.org/z> )>> ~ ex:st2 >> ." \
        in text
    blank = [line for line in text.splitlines() if line.endswith("rdf:type rdf:Statement .") and line.startswith("_:")]
    assert len(blank) == 1 and f"~ {blank[0].split()[0]} >> ." in text  # the same blank node in both places
    assert cli("stats", "--data", str(out))[0] == 0
    for fmt in ("nquads", "trig"):
        assert cli("export", "--data", str(data), "--format", fmt)[0] == 0  # a blank node only in a triple term


@pytest.mark.parametrize("make", ["loop", "long", "unsearchable"])
def test_an_out_the_system_refuses_is_one_line_and_leaves_nothing(cli, tmp_path, make):
    if make == "loop":
        (tmp_path / "loop").symlink_to(tmp_path / "loop")
        out, expected = tmp_path / "loop", "Too many levels of symbolic links"
    elif make == "long":
        out, expected = tmp_path / "new" / "sub" / ("x" * 300 + ".csv"), "File name too long"
    else:
        if os.geteuid() == 0:
            pytest.skip("root may search any folder")
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0)
        out, expected = locked / "x.csv", "Permission denied"
    try:
        code, _, err = cli("export", "--format", "csv", "--out", str(out))
    finally:
        if make == "unsearchable":
            locked.chmod(0o700)
    assert code == 2
    _one_line(err, expected)
    assert not (tmp_path / "new").exists()  # the folders it would have made are not left behind


def test_a_valid_long_name_is_written(cli, tmp_path):
    out = tmp_path / ("x" * 250 + ".csv")  # 254 bytes: a name the system takes, so the write must too
    assert cli("export", "--format", "csv", "--out", str(out))[0] == 0 and out.stat().st_size > 0


def test_an_empty_folder_keeps_its_permissions(cli, tmp_path):
    folder = tmp_path / "private"
    folder.mkdir(mode=0o700)
    folder.chmod(0o700)
    assert cli("export", "--format", "neo4j-csv", "--out", str(folder))[0] == 0
    assert (folder.stat().st_mode & 0o777) == 0o700 and (folder / "nodes.csv").is_file()
    store = tmp_path / "store"
    store.mkdir()
    store.chmod(0o700)
    assert cli("load", "--out", str(store))[0] == 0
    assert (store.stat().st_mode & 0o777) == 0o700


def test_the_package_itself_is_never_an_output(cli):
    import graph

    target = Path(graph.__file__).parent / "errors.py"
    before = target.read_bytes()
    code, _, err = cli("export", "--format", "csv", "--out", str(target))
    assert code == 2 and target.read_bytes() == before
    _one_line(err, "the project's own data")


def test_a_load_killed_outright_leaves_the_folder_free(tmp_path):
    big = tmp_path / "big.nt"
    with open(big, "w", encoding="utf-8") as f:
        for i in range(400_000):
            f.write(f"<http://e/s{i}> <http://e/p> <http://e/o{i % 997}> .\n")
    folder = tmp_path / "s"
    proc = subprocess.Popen([sys.executable, "-m", "graph", "load", "--out", str(folder), str(big)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not any(p.name.startswith(".s.ev-kg-partial") for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    assert not folder.exists()  # the store was being built beside it: its name is free for the next load
    small = tmp_path / "small.ttl"
    small.write_text(TINY, encoding="utf-8")
    assert subprocess.run([sys.executable, "-m", "graph", "load", "--out", str(folder), str(small)], cwd=ROOT,
                          capture_output=True, timeout=60).returncode == 0


@pytest.mark.parametrize("field, value", [("labels", [1]), ("facts", "x"), ("alt_labels", {"0": 5}),
                                          ("predicate_labels", [7]), ("classes", [None]), ("documents", {"0": "x"})])
def test_a_saved_network_of_the_wrong_shape_is_damaged(cli, store, tmp_path, field, value):
    copy = tmp_path / "s"
    shutil.copytree(store, copy)
    head, rest = (copy / "ev-kg-network.bin").read_bytes().split(b"\n", 1)
    head = json.loads(head)
    head[field] = value * len(head[field]) if isinstance(value, list) else value
    (copy / "ev-kg-network.bin").write_bytes(json.dumps(head).encode() + b"\n" + rest)
    for argv in (["stats"], ["export", "--format", "csv"]):
        code, _, err = cli(*argv, "--store", str(copy))
        assert code == 2
        _one_line(err, "the saved concept network is damaged")


def test_serve_on_an_address_it_cannot_have_is_one_line(cli):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        code, _, err = cli("serve", "--port", str(taken.getsockname()[1]))
        assert code == 2
        _one_line(err, "cannot listen on 127.0.0.1")
    for host, expected in (("256.0.0.1", "cannot listen on 256.0.0.1"), ("", "give the address")):
        code, _, err = cli("serve", "--host", host)
        assert code == 2
        _one_line(err, expected)


@pytest.mark.process
def test_serve_takes_its_name_from_one_host_and_the_target(tmp_path):
    from test_hostile import _in_process, _raw

    with _in_process(tmp_path, timeout=2, workers=1) as (server, _):
        port = server.port
        for head in ("GET http://evil.example/queries HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                     "GET /queries HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n",
                     "GET /queries HTTP/1.1\r\nHost: 127.0.0.1:1@evil.example\r\n"):
            assert _raw(server.url, (head + "Connection: close\r\n\r\n").encode()).startswith(b"HTTP/1.1 421"), head
        good = f"GET http://127.0.0.1:{port}/queries HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        assert _raw(server.url, good.encode()).startswith(b"HTTP/1.1 200")


@pytest.mark.process
def test_an_answer_smaller_than_the_write_buffer_is_cut_at_the_deadline_too(tmp_path):
    import urllib.parse

    from test_hostile import _in_process, _post

    with _in_process(tmp_path, timeout=2, workers=1) as (server, lines):
        slow = socket.socket()
        slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1)  # the kernel holds next to nothing for it
        slow.connect(("127.0.0.1", server.port))
        query = "SELECT * WHERE { ?s ?p ?o } LIMIT 150"  # some 40 KB: all of it in the guard's 64 KB buffer
        slow.sendall(b"GET /query?query=" + urllib.parse.quote(query).encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Accept: application/sparql-results+json\r\n\r\n")
        gone = threading.Event()

        def read_slowly():
            try:
                for _ in range(300):
                    if not slow.recv(20):
                        break
                    time.sleep(0.1)
            except OSError:
                pass
            gone.set()

        threading.Thread(target=read_slowly, daemon=True).start()
        assert gone.wait(20), "the connection was still open at 20 s"  # cut at about 3 s, however it reads
        assert _post(server.url, "ASK {}").startswith(b"HTTP/1.1 200")
        slow.close()


def test_control_characters_in_arguments_and_progress_are_escaped(cli, tmp_path, capsys):
    from graph.progress import Progress

    code, _, err = cli("stats", "\x1b]0;PWNED\x07")
    assert code == 2 and "\x1b" not in err and "\\x1b" in err
    stream = io.StringIO()
    Progress(stream, enabled=True).step("opening st\x1b]0;PWNED\x07")
    assert "\x1b]0" not in stream.getvalue() and "\\x1b]0;PWNED\\x07" in stream.getvalue()


def test_a_dataset_with_triple_terms_validates(cli, tmp_path):
    path = tmp_path / "t.nq"
    path.write_text('<http://e/s> <http://e/p> <<( <http://e/a> <http://e/b> <http://e/c> )>> <http://e/g> .\n',
                    encoding="utf-8")
    code, out, err = cli("validate", "--data", str(path), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["summary"]["triple_terms"] == 1


def test_a_base_direction_takes_the_store_that_holds_it(cli, tmp_path):
    path = tmp_path / "d.nt"
    path.write_text('<http://e/a> <http://e/b> "hi"@en--rtl .\n', encoding="utf-8")
    code, out, _ = cli("query", "--data", str(path), "SELECT ?o { ?s ?p ?o }", "--format", "json")
    assert code == 0 and json.loads(out)["results"]["bindings"][0]["o"].get("its:dir") == "rtl"  # kept, as SPARQL 1.2 writes it
    code, _, err = cli("query", "--data", str(path), "--engine", "rdflib", "ASK {}")
    assert code == 2
    _one_line(err, "base direction")


def test_an_empty_rdf_xml_file_is_refused_by_every_command(cli, tmp_path):
    path = tmp_path / "empty.rdf"
    path.write_text("", encoding="utf-8")
    for argv in (["stats"], ["validate"], ["query", "ASK {}"], ["export", "--format", "csv"]):
        code, _, err = cli(*argv, "--data", str(path))
        assert code == 2
        _one_line(err, "not RDF/XML")


def test_import_never_writes_over_the_text_it_read_beside_its_annotations(cli, tmp_path):
    text = tmp_path / "d.txt"
    text.write_text("Notes\n\nChina invests in batteries.\n", encoding="utf-8")
    (tmp_path / "d.ann").write_text("T1\tNation 7 12\tChina\nT2\tTechnology 24 33\tbatteries\n"
                                    "R1\tinvests_in Arg1:T1 Arg2:T2\n", encoding="utf-8")
    (tmp_path / "link.ttl").symlink_to(text)
    for out in (text, tmp_path / "link.ttl"):
        code, _, err = cli("import", "--from", "brat", str(tmp_path / "d.ann"), "--out", str(out))
        assert code == 2
        _one_line(err, "is an input of this command")
    assert text.read_text(encoding="utf-8") == "Notes\n\nChina invests in batteries.\n"
