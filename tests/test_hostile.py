"""Hostile input, slow queries and crowds (issue 13): each break of the issue, and the variants
an attacker tries next, against both engines, the command line and the endpoint.

Every case that could blow up runs in a subprocess with hard limits (address space, CPU time,
a wall-clock timeout); a local listener proves that nothing is fetched; each case must end with
its one-line error, no traceback, no file and no process left behind.
"""

import contextlib
import http.server
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from graph.errors import QueryError
from graph.source import load
from graph.query import prepare, run_query

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("rdflib", "oxigraph")
CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def listener():
    """A local HTTP server that records every request: any hit means something was fetched."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self):
            hits.append(self.path)
            body = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    assert hits == [], f"something was fetched: {hits}"


def _limits():
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))


def _limits_and_ctrl_c():
    """:func:`_limits`, and Ctrl-C as a terminal delivers it: a test run started in the background
    (``cmd &`` in a script) ignores SIGINT, and a program started with it ignored never sees it."""
    _limits()
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _cli(*argv, timeout=60, cwd=None):
    """``python -m graph ARGV`` in a subprocess with hard limits: (code, stdout, stderr)."""
    proc = subprocess.run([sys.executable, "-m", "graph", *argv], capture_output=True, text=True, timeout=timeout,
                          preexec_fn=_limits, cwd=cwd or ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return proc.returncode, proc.stdout, proc.stderr


def _one_line(err, expected):
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and expected in lines[0], err


# ---- 2, 3, 11, 12: files that no parser may see -------------------------------------------

_LOL = "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
_RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
_BODY = f'<rdf:RDF {_RDF}><rdf:Description rdf:about="http://a"><rdf:value>&l9;</rdf:value></rdf:Description></rdf:RDF>'
DTD = "document type declaration"
FILES = {
    "billion-laughs.rdf": (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{_LOL}]>{_BODY}', DTD),
    "external-entity.rdf": (f'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>{_BODY.replace("&l9;", "&x;")}', DTD),
    "remote-dtd.rdf": (f'<!DOCTYPE r SYSTEM "{{listener}}/dtd">{_BODY.replace("&l9;", "x")}', DTD),
    "parameter-entity.rdf": (f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{{listener}}/p"> %p;]>{_BODY.replace("&l9;", "x")}', DTD),
    "doctype-after-comment.rdf": (f'<?xml version="1.0"?>\n<!-- hi --><!DOCTYPE r [<!ENTITY l0 "x">]>{_BODY}', DTD),
    "utf16-doctype.rdf": (("\ufeff" + f'<!DOCTYPE r [<!ENTITY l0 "x">]>{_BODY}').encode("utf-16-le"), "UTF-16"),
    "declared-utf7.rdf": (f'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE r+AD4-{_BODY}', "encoding 'UTF-7'"),
    "no-namespace-root.rdf": ("<notrdf/>", "has no namespace: not RDF/XML"),
    "deep.jsonld": ('{"@id": "http://a", "http://p": ' + '{"http://p": ' * 5000 + '"x"' + "}" * 5001,
                    "nested deeper than 128 levels"),
    "deep-arrays.jsonld": ('{"@id": "http://a", "http://p": ' + "[" * 5000 + "]" * 5000 + "}", "nested deeper"),
    "deep-unbalanced.jsonld": ('{"@id": "http://a", "http://p": ' + "[" * 5000, "nested deeper"),
    "deep-lists.ttl": ("<http://a> <http://p> " + "(" * 3000 + ")" * 3000 + " .", "nested deeper"),
    "deep-blank-nodes.ttl": ("<http://a> <http://p> " + "[ <http://p> " * 3000 + "]" * 3000 + " .", "nested deeper"),
    "deep-formulas.n3": ("<http://a> <http://p> " + "{ <http://a> <http://p> " * 3000 + "}" * 3000 + " .",
                         "nested deeper"),
    "deep-elements.rdf": (f'<rdf:RDF {_RDF}>' + '<rdf:Description><rdf:value rdf:parseType="Resource">' * 3000
                          + "</rdf:value></rdf:Description>" * 3000 + "</rdf:RDF>", "nested deeper"),
    "remote-context.jsonld": ('{"@context": "{listener}/context", "@id": "http://a", "n": "x"}', "context by reference"),
    "file-context.jsonld": ('{"@context": "file:///etc/hosts", "@id": "http://a", "n": "x"}', "context by reference"),
    "relative-context.jsonld": ('{"@context": "ctx.jsonld", "@id": "http://a", "n": "x"}', "context by reference"),
    "escaped-context-key.jsonld": ('{"\\u0040context": ["{listener}/c"], "@id": "http://a"}', "context by reference"),
    "context-in-array.jsonld": ('{"@context": [{"n": "http://n/"}, "{listener}/c"], "@id": "http://a"}',
                                "context by reference"),
    "context-import.jsonld": ('{"@context": {"@import": "{listener}/c"}, "@id": "http://a"}', "context by reference"),
    "scoped-context.jsonld": ('{"@context": {"t": {"@id": "http://t", "@context": "{listener}/c"}}, "@id": "http://a"}',
                              "context by reference"),
    "string.jsonld": ('"just a string"', "not a JSON-LD document"),
    "truncated.ttl": ("@prefix ex: <http://ex/> .\n<http://a> <http://p> ex:", "bad syntax"),
}


def _write(tmp_path, name, content, base):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content.replace("{listener}", base), encoding="utf-8")
    (tmp_path / "ctx.jsonld").write_text('{"@context": {"n": "http://n/"}}', encoding="utf-8")
    return path


@pytest.mark.process
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(FILES))
def test_hostile_files_are_refused_by_both_engines(tmp_path, listener, name, engine):
    content, expected = FILES[name]
    path = _write(tmp_path, name, content, listener[0])
    code, out, err = _cli("stats", "--engine", engine, "--data", str(path), timeout=30)
    assert code == 2
    _one_line(err, expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({name, "ctx.jsonld"})


def test_both_engines_accept_the_same_harmless_forms(tmp_path):
    """What the checks let through: comments, processing instructions, inline contexts, shallow nesting."""
    files = {"ok.rdf": f'<?xml version="1.0" encoding="utf-8"?><!-- <!DOCTYPE in a comment> -->{_BODY.replace("&l9;", "x")}',
             "ok.jsonld": '{"@context": {"n": "http://n/"}, "@id": "http://a", "n:p": ' + "[" * 50 + '"x"' + "]" * 50 + "}",
             "ok.ttl": '<http://a> <http://p> "[[[[ <not an IRI> # (((" , ' + "[ <http://p> " * 40 + "<http://b> " + "]" * 40 + " ."}
    paths = [_write(tmp_path, n, c, "") for n, c in files.items()]
    counts = [len(load(paths, engine=engine)) for engine in ENGINES]
    assert counts == [1 + 1 + 42] * 2


def test_a_term_with_a_space_makes_no_triple_on_either_engine(tmp_path):
    path = _write(tmp_path, "space.jsonld", '{"@context": {"@vocab": "http://v/"}, "@id": "http://a", "my term": "v"}', "")
    assert [len(load([path], engine=e)) for e in ENGINES] == [0, 0]


# ---- 1, 5, 8, 11: queries -------------------------------------------------------------------

SMUGGLED = [
    'SELECT * WHERE { FILTER(1 != "\\u0022") SERVICE <{L}/sparql> { ?s ?p ?o } FILTER(1 != "\\u0022") }',
    "SELECT * WHERE { FILTER(1 != '\\u0027') SERVICE <{L}/sparql> { ?s ?p ?o } FILTER(1 != '\\u0027') }",
    'SELECT * WHERE { FILTER(1 != """\\u0022\\u0022\\u0022""") SERVICE <{L}/s> { ?s ?p ?o } }',
    "SELECT * WHERE { SeRvIcE SILENT <{L}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE {\tSERVICE\n<{L}/sparql>{?s ?p ?o}}",
    "SELECT * WHERE { ?x <http://p> ?y . SERVICE ?svc { ?s ?p ?o } VALUES ?svc { <{L}/x> } }",
    "SELECT * WHERE { FILTER(?a<?b)SERVICE<{L}/s>{?s ?p ?o}FILTER(?c>?d) }",
    "SELECT * WHERE { # comment \\\nSERVICE <{L}/s> { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <{L}/s> { ?s ?p ?o } } } }",
    "ASK { FILTER EXISTS { SERVICE <{L}/s> { ?s ?p ?o } } }",
]


@pytest.mark.parametrize("query", SMUGGLED)
def test_service_is_refused_however_it_is_spelled(listener, query):
    with pytest.raises(QueryError, match="SERVICE is refused"):
        prepare(query.replace("{L}", listener[0]))


@pytest.mark.parametrize("query", ["SELECT * FROM <{L}/g> WHERE { ?s ?p ?o }", "SELECT * fRoM NAMED <{L}/g> { ?s ?p ?o }",
                                   "SELECT * WHERE { FILTER(1 != '\\u0027') } FROM <{L}/g>"])
def test_from_is_refused_however_it_is_spelled(listener, query):
    with pytest.raises(QueryError, match="refused"):
        prepare(query.replace("{L}", listener[0]))


@pytest.mark.parametrize("query", ['SELECT ?service WHERE { ?service ?p "SERVICE FROM" } # service',
                                   "PREFIX service: <http://x/> SELECT ?from WHERE { ?from service:from ?o }"])
def test_the_words_elsewhere_are_no_keywords(query):
    assert prepare(query) == "SELECT"


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT * WHERE {" + "{" * 2000 + "?s ?p ?o" + "}" * 2001, "nested deeper than 128 levels"),
    ("ASK { FILTER(" + "(" * 2000 + "1" + ")" * 2001 + " }", "nested deeper"),
    ("SELECT * WHERE {" + "{" * 2000, "nested deeper"),
    ("   ", "the query is empty"),
    ("SELECT (" + "+".join(["1"] * 80000) + " AS ?x) {}", "more than 10,000 operators"),  # crashed a worker
    ("ASK { FILTER(" + " * ".join(["2"] * 20000) + " > 1) }", "more than 10,000 operators"),
    ("SELECT * WHERE { ?s ?p ex: ", "SPARQL syntax error"),
])
def test_malformed_queries_get_one_line(query, expected):
    with pytest.raises(QueryError, match=expected) as e:
        prepare(query)
    assert "\n" not in str(e.value) and len(str(e.value)) < 400


@pytest.mark.parametrize("engine", ENGINES)
def test_a_local_query_stops_at_its_time_limit(tmp_path, engine):
    path = tmp_path / "300.nt"  # 300 triples: the three-way join takes a few seconds, then ends
    path.write_text("".join(f'<http://a/{i}> <http://p> "{i}" .\n' for i in range(300)), encoding="utf-8")
    graph = load([path], engine=engine)
    started = time.monotonic()
    with pytest.raises(QueryError, match="time limit of 1 s"):
        run_query(graph, COUNT, timeout=1)
    assert time.monotonic() - started < 2


# The command line, with one line on stderr once the engine has the query (the moment to press Ctrl-C):
# waiting for it, rather than for a length of time, leaves no race with a slow start under load.
_ANNOUNCING = """import sys
from graph.source import Source
evaluate = Source.query
def announced(*args, **kwargs):
    print("query started", file=sys.stderr, flush=True)
    return evaluate(*args, **kwargs)
Source.query = announced
from graph.cli import main
sys.exit(main(sys.argv[1:]))
"""
#: How long a hang may last before the test says so: it bounds a hang, it measures nothing. COUNT's
#: answer (4,528 cubed rows counted) takes hours, so a command that ends within it was stopped.
_HANG = 300


def _wait_for_line(stream, expected, seconds):
    """Read ``stream`` line by line until one is ``expected``; return what came before it."""
    import select

    seen, deadline = [], time.monotonic() + seconds
    while True:
        ready, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
        line = stream.readline() if ready else ""
        if not ready or line == "":
            raise AssertionError(f"no {expected!r} line on stderr (got {seen!r})")
        if line.rstrip("\n") == expected:
            return seen
        seen.append(line)


@pytest.mark.process
def test_cli_timeout_and_ctrl_c_stop_a_query_at_once():
    # the time limit: COUNT would run for hours; it ends with the time limit's message
    code, _, err = _cli("query", "--timeout", "1", COUNT, timeout=_HANG)
    assert code == 2
    _one_line(err, "the query ran longer than the time limit of 1 s")
    # Ctrl-C, pressed once the query runs: it ends at once, as Ctrl-C ends a command (130), no traceback
    proc = subprocess.Popen([sys.executable, "-c", _ANNOUNCING, "query", COUNT], cwd=ROOT,
                            preexec_fn=_limits_and_ctrl_c,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        before = _wait_for_line(proc.stderr, "query started", _HANG)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=_HANG)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 130 and out == "", (proc.returncode, before, err)
    assert err.strip() == "Interrupted" and before == []


@pytest.mark.parametrize(("argv", "expected"), [
    (["query", "--timeout", "1e12", "ASK {}"], "--timeout: expected a number of seconds"),
    (["query", "--timeout", "nan", "ASK {}"], "--timeout: expected"),
    (["serve", "--port", "99999"], "--port: expected a port from 0 to 65535"),
    (["query", "--format", "csv", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"], "CONSTRUCT results are graphs"),
])
def test_bad_options_get_one_line(cli, argv, expected):
    code, _, err = cli(*argv)
    assert code == 2
    _one_line(err, expected)


# ---- 7, 10, 11: outputs -----------------------------------------------------------------------

def test_terminal_escapes_are_shown_not_obeyed(cli, tmp_path):
    path = tmp_path / "esc.ttl"
    path.write_text('<http://a> <http://www.w3.org/2000/01/rdf-schema#label> "x\x1b[31mred\x1b]0;t\x07\u202eevil\x9b2J" .\n',
                    encoding="utf-8")
    code, out, err = cli("query", "--data", str(path), "SELECT ?l WHERE { ?s rdfs:label ?l }")
    assert code == 0 and "x\\x1b[31mred\\x1b]0;t\\x07\\u202eevil\\x9b2J" in out
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out + err)


def test_the_query_after_data_files_is_the_query(cli, tmp_path):
    path = tmp_path / "f.ttl"
    path.write_text("<http://a> <http://p> <http://b> .\n", encoding="utf-8")
    assert cli("query", "--data", str(path), "SELECT * WHERE { ?s ?p ?o }")[1].endswith("(1 row)\n")


def test_xml_results_stay_well_formed(cli, tmp_path):
    path = tmp_path / "c.nt"
    path.write_text('<http://a> <http://p> "x\\u0001y" .\n', encoding="utf-8")
    code, _, err = cli("query", "--data", str(path), "--format", "xml", "SELECT * WHERE { ?s ?p ?o }")
    assert code == 2
    _one_line(err, "U+0001, which XML 1.0 cannot carry")


def test_a_damaged_store_file_is_one_line(cli, tmp_path):
    assert cli("load", "--out", str(tmp_path / "s"))[0] == 0
    for damage in ("[1, 2]", '{"prefixes": [1]}', "{", '{"prefixes": {"a": 5}}'):
        (tmp_path / "s" / "ev-kg-store.json").write_text(damage, encoding="utf-8")
        code, _, err = cli("query", "--store", str(tmp_path / "s"), "ASK {}")
        assert code == 2
        _one_line(err, "cannot open the store")


def test_viz_out_never_destroys(cli, tmp_path):
    data = tmp_path / "in.ttl"
    data.write_text("<http://a> <http://p> <http://b> .\n", encoding="utf-8")
    before = data.read_bytes()
    code, _, err = cli("viz", "--data", str(data), "--out", str(data))
    assert code == 2 and data.read_bytes() == before
    _one_line(err, "is an input of this command")
    code, _, err = cli("viz", "--data", str(data), "--out", "/dev/null")
    assert code == 2 and Path("/dev/null").is_char_device()
    _one_line(err, "is not a regular file")
    target, link = tmp_path / "target.html", tmp_path / "link.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    link.symlink_to(target)
    assert cli("viz", "--data", str(data), "--out", str(link))[0] == 0
    assert link.is_symlink() and "<html" in target.read_text(encoding="utf-8") and target.stat().st_mode & 0o777 == 0o644
    old = os.umask(0o022)
    try:
        assert cli("viz", "--data", str(data), "--out", str(tmp_path / "new.html"))[0] == 0
    finally:
        os.umask(old)
    assert (tmp_path / "new.html").stat().st_mode & 0o777 == 0o644


@pytest.mark.process
def test_sigterm_during_load_leaves_nothing(tmp_path):
    big = tmp_path / "big.nt"
    with big.open("w") as f:
        f.writelines(f'<http://a/{i}> <http://p/{i % 50}> "v{i}" .\n' for i in range(600_000))
    proc = subprocess.Popen([sys.executable, "-m", "graph", "load", "--out", str(tmp_path / "s"), str(big)], cwd=ROOT,
                            preexec_fn=_limits, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode in (0, 130) and "Traceback" not in err
    assert proc.returncode == 0 or not (tmp_path / "s").exists()


# ---- 1, 4, 6, 8, 10: the endpoint -------------------------------------------------------------

@pytest.fixture(scope="module")
def served():
    proc = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--port", "0", "--timeout", "2"], cwd=ROOT,
                            preexec_fn=_limits, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = proc.stderr.readline().split(" at ", 1)[1].split("/query", 1)[0]
    log = []  # read as it comes: a request log nobody reads would fill the pipe and stop the server
    reader = threading.Thread(target=lambda: log.extend(proc.stderr), daemon=True)
    reader.start()
    yield url, proc
    proc.send_signal(signal.SIGTERM)
    proc.wait(15)
    reader.join(5)
    err = "".join(log)
    assert "Traceback" not in err and not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", err)
    assert all(re.fullmatch(r'127\.0\.0\.1 "[^"]*" \d{3} \d+ \d+ ms|Stopping\.|a query worker could not start: .*', line)
               for line in err.splitlines()), err  # a worker killed as it started is reported


def _raw(url, request, timeout=10):
    host, port = url.rsplit("/", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        try:
            s.sendall(request)
            s.shutdown(socket.SHUT_WR)
        except OSError:  # the server answered (and closed) before the request was all sent
            pass
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data


def _post(url, query):
    import urllib.parse

    body = urllib.parse.urlencode({"query": query}).encode()
    head = f"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n" \
           f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
    return _raw(url, head + body)


@pytest.mark.process
@pytest.mark.parametrize("query", SMUGGLED[:4])
def test_the_endpoint_refuses_smuggled_service(served, listener, query):
    assert _post(served[0], query.replace("{L}", listener[0])).startswith(b"HTTP/1.1 403")


@pytest.mark.parametrize(("request_bytes", "status"), [
    (b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n", b"400"),
    (b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n", b"400"),
    (b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 99999999999\r\n\r\n", b"413"),
    (b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nContent-Length: 0\r\n\r\n", b"400"),
    (b"GET /\x1b[31m\x1b]0;pwned\x07 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", b"404"),
])
@pytest.mark.process
def test_the_endpoint_answers_malformed_requests_in_one_line(served, request_bytes, status):
    assert _raw(served[0], request_bytes).split(b" ")[1] == status


@pytest.mark.process
def test_the_endpoint_refuses_deep_queries(served):
    answer = _post(served[0], "SELECT * WHERE {" + "{" * 2000 + "?s ?p ?o" + "}" * 2001)
    assert answer.startswith(b"HTTP/1.1 403") and b"nested deeper" in answer


@pytest.mark.process
def test_a_streamed_answer_stops_at_the_deadline(served):
    started = time.monotonic()
    try:
        answer = _post(served[0], CROSS)
    except OSError:
        answer = b""
    assert time.monotonic() - started < 6  # --timeout 2: cut on the wall clock, not per read
    assert not answer.endswith(b"\r\n0\r\n\r\n")  # an unfinished stream, never a complete-looking answer
    ok = _post(served[0], "ASK {}")
    assert ok.startswith(b"HTTP/1.1 200")


@pytest.mark.process
def test_clients_that_vanish_break_nothing(served):
    for _ in range(5):
        with socket.create_connection(tuple(served[0].rsplit("/", 1)[1].split(":"))) as s:
            s.sendall(b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nquery=")
    assert _post(served[0], "ASK {}").startswith(b"HTTP/1.1 200")


@pytest.mark.process
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGHUP])
def test_the_engine_dies_with_serve(how):
    proc = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--port", "0"], cwd=ROOT, preexec_fn=_limits,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    proc.stderr.readline()
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert children
    proc.send_signal(how)
    proc.wait(15)
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{c}").exists() and "Z" not in Path(f"/proc/{c}/stat").read_text().split()[2]
              for c in children if Path(f"/proc/{c}/stat").exists()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [c for c in children if Path(f"/proc/{c}/stat").exists()
                and Path(f"/proc/{c}/stat").read_text().split()[2] != "Z"]


def _children(pid):
    return subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()


def _listening(pids):
    """The TCP ports on which the processes ``pids`` listen (from /proc: their sockets in state LISTEN)."""
    inodes = set()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


@pytest.mark.process
def test_only_the_guard_listens(served):
    """1: the engine behind the guard was a server any local process could query; now nothing of
    ``serve`` listens but the guard, and its workers are reached only through its pipes."""
    url, proc = served
    children = _children(proc.pid)
    assert children
    assert _listening([proc.pid, *children]) == {int(url.rsplit(":", 1)[1])}


def _cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


@pytest.mark.process
def test_a_stopped_query_frees_the_cpu_and_the_others_go_on(served):
    """4, 9: a query past its limit is stopped (its worker killed and replaced) while the other
    queries are answered at once; afterwards no worker burns CPU."""
    url, proc = served
    before = set(_children(proc.pid))
    slow = {}
    thread = threading.Thread(target=lambda: slow.update(answer=_post(url, COUNT)))
    thread.start()
    time.sleep(0.3)
    quick = []
    while thread.is_alive():
        started = time.monotonic()
        assert _post(url, "ASK { ?s ?p ?o }").startswith(b"HTTP/1.1 200")
        quick.append(time.monotonic() - started)
    thread.join()
    assert slow["answer"].startswith(b"HTTP/1.1 503") and b"time limit of 2 s" in slow["answer"]
    assert len(quick) >= 3 and max(quick) < 1.5  # answered while the slow one ran, not after it
    deadline = time.monotonic() + 10
    while (len(after := set(_children(proc.pid))) < len(before) or after == before) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(after) == len(before) and after != before  # one worker killed, one new in its place
    time.sleep(1)  # the new worker has started
    ticks = _cpu_ticks(after)
    time.sleep(1)
    assert _cpu_ticks(after) - ticks < 20  # under 0.2 s of CPU in a second: nothing runs on


BAD_OFFSETS = '''@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix ex: <http://ex.org/> .
ex:s1 a nif:Sentence ; nif:anchorOf "A sentence." ; nif:beginIndex "twelve" ; nif:endIndex "1e3" .
ex:st rdf:subject ex:a ; rdf:predicate ex:p ; rdf:object ex:b ; prov:wasDerivedFrom ex:s1 .
ex:a ex:p ex:b .
'''


@pytest.mark.parametrize("command", [["stats"], ["viz", "--out", "{tmp}/v.html"], ["validate"],
                                     ["export", "--format", "csv", "--out", "{tmp}/e.csv"]])
def test_offsets_that_are_no_integers_are_no_traceback(cli, tmp_path, command):
    """8: a non-integer nif:beginIndex made stats and viz end in a traceback."""
    path = tmp_path / "offsets.ttl"
    path.write_text(BAD_OFFSETS, encoding="utf-8")
    code, out, err = cli(*[a.replace("{tmp}", str(tmp_path)) for a in command], "--data", str(path))
    assert "Traceback" not in err and code in (0, 1), err
    if command[0] == "validate":
        assert code == 1 and "beginIndex" in out


@pytest.mark.parametrize(("fmt", "parse"), [("xml", "RDF/XML"), ("json", "JSON-LD"), ("table", "Turtle")])
def test_construct_in_every_graph_format(cli, fmt, parse):
    """8: CONSTRUCT with --format xml was a traceback; each graph format is written and reads back."""
    import rdflib

    code, out, err = cli("query", "--format", fmt, "CONSTRUCT { ?n ev:investsIn ?x } WHERE { ?n ev:investsIn ?x }")
    assert code == 0 and err == ""
    graph = rdflib.Graph().parse(data=out, format={"RDF/XML": "xml", "JSON-LD": "json-ld", "Turtle": "turtle"}[parse])
    assert len(graph) == 5


def test_serve_refuses_an_absurd_time_limit(cli):
    """8: serve --timeout 1e12 was a traceback (the number overflowed the engine's own option)."""
    code, _, err = cli("serve", "--port", "0", "--timeout", "1e12")
    assert code == 2
    _one_line(err, "--timeout: expected a number of seconds")


@pytest.mark.process
def test_an_empty_query_is_called_empty_by_the_endpoint(served):
    """11: an empty query body was answered "updates are refused"."""
    answer = _raw(served[0], b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                             b"Content-Length: 3\r\nConnection: close\r\n\r\n   ")
    assert answer.startswith(b"HTTP/1.1 400") and b"the query is empty" in answer


@pytest.mark.process
def test_a_crowd_gets_every_answer(served):
    """9: 20 clients at once got connection resets from the guard (its listen queue held 5)."""
    import http.client

    host, port = served[0].rsplit("/", 1)[1].split(":")
    outcomes = []

    def client():
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        for _ in range(25):
            try:
                connection.request("POST", "/query", "query=ASK%20%7B%7D",
                                   {"Content-Type": "application/x-www-form-urlencoded"})
                response = connection.getresponse()
                outcomes.append(response.status if response.read() else "empty")
            except (OSError, http.client.HTTPException) as e:
                outcomes.append(type(e).__name__)
                connection = http.client.HTTPConnection(host, int(port), timeout=30)

    crowd = [threading.Thread(target=client) for _ in range(20)]
    for t in crowd:
        t.start()
    for t in crowd:
        t.join()
    assert outcomes == [200] * 500


@pytest.mark.process
def test_a_log_nobody_reads_does_not_stop_the_server():
    """A request log whose pipe is full (nobody reads it) blocked every request: now the lines wait in
    a queue (up to 10,000, then they are dropped and counted) and the answers go on."""
    import http.client

    proc = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--port", "0", "--workers", "1"], cwd=ROOT,
                            preexec_fn=_limits, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        port = int(proc.stderr.readline().split(b" at ", 1)[1].split(b"/query", 1)[0].rsplit(b":", 1)[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in range(3000):  # about 150 KB of log lines: more than a pipe holds
            connection.request("GET", "/query?query=ASK%7B%7D")
            response = connection.getresponse()
            assert response.status == 200 and response.read()
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=15)
    assert err.count(b'"GET /query?query=ASK%7B%7D" 200') == 3000 and b"Traceback" not in err  # kept, late


# ---- a second, adversarial pass over serve (query workers, HTTP framing, crowds) ---------------

@pytest.mark.parametrize("query", [
    "ASK { " + "<< " * 10000 + "}",  # crashed the whole server (the guard parsed it: stack overflow)
    "ASK { FILTER(" + "!" * 20000 + "true) }",
    "ASK { BIND(\"" + "x" * 1024 + "\" AS ?v0) " + " ".join(
        f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(34)) + " }",  # 16 GB, evaluated by the check
])
@pytest.mark.process
def test_no_query_can_crash_or_swell_the_guard(served, query):
    url, proc = served
    before = _rss_mb(proc.pid)
    answer = _post(url, query)
    assert answer.split(b" ")[1] in (b"200", b"400", b"403", b"503", b"507"), answer[:200]
    assert proc.poll() is None and _post(url, "ASK {}").startswith(b"HTTP/1.1 200")
    assert _rss_mb(proc.pid) < before + 100  # the guard never parsed nor ran it


def _rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return 0



@contextlib.contextmanager
def _in_process(tmp_path, **options):
    """``serve`` in this process on the article's graph (a new store): (the server, its log lines)."""
    from graph.server import Server
    from graph.source.store import build_store

    build_store(None, tmp_path / "store")
    lines = []
    server = Server(tmp_path / "store", port=0, log=lines.append, **options).start()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server, lines
    finally:
        server.httpd.shutdown()
        server.stop()

@pytest.mark.process
def test_a_query_past_the_workers_memory_is_answered_507(tmp_path):
    bomb = ("SELECT (STRLEN(?v34) AS ?n) WHERE { BIND(\"" + "x" * 1024 + "\" AS ?v0) " + " ".join(
        f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(34)) + " }")
    with _in_process(tmp_path, timeout=30, workers=1, memory=512 << 20) as (server, _):
        answer = _post(server.url, bomb)
        assert answer.startswith(b"HTTP/1.1 507") and b"more memory than a query worker may use (512 MB)" in answer
        assert _post(server.url, "ASK {}").startswith(b"HTTP/1.1 200")


@pytest.mark.process
def test_a_worker_killed_while_idle_is_replaced(served):
    url, proc = served
    for worker in _children(proc.pid):
        os.kill(int(worker), signal.SIGKILL)
    time.sleep(0.2)
    for _ in range(6):  # more than there are workers: each dead one is found and replaced
        assert _post(url, "ASK {}").startswith(b"HTTP/1.1 200")


@pytest.mark.parametrize(("request_bytes", "status"), [
    (b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/sparql-query"
     b"\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n", b"411"),  # the chunk line was read as a next request
    (b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 40\r\n\r\n"
     b"GET /query?query=ASK%7B%7D HTTP/1.1\r\n\r\n", b"400"),  # a GET's body ran as a request
    (b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \xc2\xb2\r\n\r\n", b"400"),  # a superscript two
    (b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 6\r\nContent-Length: 100\r\n\r\nquery=", b"400"),
    (b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nquery=ASK", b"400"),  # the body ends early
    (b"HEAD /query?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", b"405"),
    (b"GET /query?query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fa HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", b"403"),
    (b"GET /" + b"x" * 70000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", b"414"),
    (b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query; charset=undefined\r\n"
     b"Content-Length: 6\r\n\r\nASK {}", b"415"),  # a codec that raises UnicodeError got no answer at all
    (b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query; charset=unicode_escape\r\n"
     b"Content-Length: 6\r\n\r\nASK {}", b"415"),  # not a text encoding: it would unescape the query
])
@pytest.mark.process
def test_http_framing_cannot_smuggle_or_hang(served, request_bytes, status):
    answer = _raw(served[0], request_bytes)
    assert answer.split(b" ")[1] == status, answer[:200]
    assert answer.count(b"HTTP/1.1 ") == 1 and b"<html" not in answer.lower()  # one answer, in plain text


@pytest.mark.process
def test_accept_and_charset_are_honoured(served):
    url = served[0]
    body = "query=" + "SELECT%20%3Fx%20%7B%20BIND(%22caf%E9%22%20AS%20%3Fx)%20%7D"
    head = ("POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded; charset=latin-1\r\n"
            "Accept: application/sparql-results+json;q=0, */*\r\nConnection: close\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    answer = _raw(url, head + body.encode())
    assert answer.startswith(b"HTTP/1.1 200") and b"application/sparql-results+xml" in answer
    assert "café" in answer.decode("utf-8")


@pytest.mark.process
def test_too_many_connections_get_503_and_the_others_go_on(tmp_path, monkeypatch):
    import importlib
    import urllib.request

    guard = importlib.import_module("graph.server.guard")
    monkeypatch.setattr(guard, "MAX_CONNECTIONS", 5)
    monkeypatch.setattr(guard, "IDLE_TIMEOUT", 1)
    with _in_process(tmp_path, timeout=2, workers=1) as (server, _):
        idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(5)]
        time.sleep(0.2)
        assert _raw(server.url, b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").startswith(b"HTTP/1.1 503")
        time.sleep(1.5)  # idle connections are let go after IDLE_TIMEOUT
        assert urllib.request.urlopen(server.url + "/query?query=ASK%7B%7D", timeout=10).status == 200
        stalled = socket.create_connection(("127.0.0.1", server.port))  # asks for a big answer, reads nothing
        stalled.sendall(b"GET /query?query=" + urllib.parse.quote(CROSS).encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        time.sleep(4)  # the time limit, then the idle limit on its writes: its worker is freed
        assert urllib.request.urlopen(server.url + "/query?query=ASK%7B%7D", timeout=10).status == 200
        for s in idle + [stalled]:
            s.close()


@pytest.mark.process
def test_workers_that_cannot_start_are_reported(tmp_path):
    import shutil

    with _in_process(tmp_path, timeout=2, workers=1) as (server, lines):
        shutil.rmtree(tmp_path / "store")
        for worker in list(server.workers.live):
            worker.process.kill()
        time.sleep(1.5)
        answer = _raw(server.url, b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 503") and b"no query worker is running" in answer, answer
        assert any("a query worker could not start" in line for line in lines)


@pytest.mark.process
def test_a_client_gone_mid_answer_is_logged_499(tmp_path):
    with _in_process(tmp_path, timeout=5, workers=1) as (server, lines):
        with socket.create_connection(("127.0.0.1", server.port)) as s:
            s.sendall(b"GET /query?query=" + urllib.parse.quote(CROSS).encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert s.recv(65536).startswith(b"HTTP/1.1 200")  # streaming has begun
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # reset
        deadline = time.monotonic() + 10
        while not any('" 499 ' in line for line in lines) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert any('" 499 ' in line for line in lines), lines
        assert _raw(server.url, b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n") \
            .startswith(b"HTTP/1.1 200")  # its worker was replaced
