"""Load test of ``serve``: concurrent clients for a bounded time, the guard next to Oxigraph alone.

    python bench/load_serve.py [--clients 20] [--seconds 15] [--mix one|named]

Loads the article's graph into a store (``python -m graph load``), starts ``python -m graph serve
--store`` on a free loopback port (the guard and its query workers), runs CLIENTS keep-alive
clients for SECONDS against it, then the same load against Oxigraph's own server
(``oxigraph serve-read-only``) on the same store, and prints requests/s, p50, p99 and errors for
each. Halfway through the load on the guard, one extra client sends a slow
query (a three-way cross join): it must be cut at the time limit while the others go on.
Everything runs on 127.0.0.1 and stops after the given time.
"""

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from graph.server import free_port, oxigraph_binary

ROOT = Path(__file__).resolve().parent.parent
QUERY = "SELECT ?n WHERE { ?n a ev:Nation ; ev:investsIn ?x } ORDER BY ?n"
PROLOGUE = "PREFIX ev: <https://example.org/ev-kg/ontology#>\n"
SLOW = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _queries(mix):
    """The query texts the clients send in turn: one, or every named query (with our prefixes declared)."""
    if mix == "one":
        return [PROLOGUE + QUERY]
    from graph.namespace import sparql_prologue
    from graph.query import named_queries

    return [sparql_prologue() + q.path.read_text(encoding="utf-8") for q in named_queries().values()]


def _client(host, port, seconds, latencies, errors, queries, first=0):
    bodies = [urllib.parse.urlencode({"query": q}).encode() for q in queries]
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    connection = http.client.HTTPConnection(host, port, timeout=30)
    end = time.monotonic() + seconds
    turn = first
    while time.monotonic() < end:
        started = time.monotonic()
        body, turn = bodies[turn % len(bodies)], turn + 1
        try:
            connection.request("POST", "/query", body, headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
            latencies.append(time.monotonic() - started)
        except (OSError, http.client.HTTPException) as e:
            errors.append(type(e).__name__)
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=30)


def run(host, port, clients, seconds, slow_at=None, queries=(PROLOGUE + QUERY,)):
    latencies, errors, slow = [], [], {}
    threads = [threading.Thread(target=_client, args=(host, port, seconds, latencies, errors, queries, i))
               for i in range(clients)]

    def slow_query():
        time.sleep(slow_at)
        started = time.monotonic()
        connection = http.client.HTTPConnection(host, port, timeout=60)
        try:
            connection.request("POST", "/query", urllib.parse.urlencode({"query": SLOW}).encode(),
                               {"Content-Type": "application/x-www-form-urlencoded"})
            response = connection.getresponse()
            slow["status"] = response.status
            response.read()
        except (OSError, http.client.HTTPException) as e:
            slow["status"] = f"cut ({type(e).__name__})"
        slow["seconds"] = time.monotonic() - started

    if slow_at is not None:
        threads.append(threading.Thread(target=slow_query))
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    cuts = sorted(latencies)
    return {"requests/s": len(latencies) / elapsed, "p50 ms": 1000 * statistics.median(cuts),
            "p99 ms": 1000 * cuts[int(0.99 * (len(cuts) - 1))], "errors": len(errors), "slow": slow,
            "kinds": sorted({str(e) for e in errors})}


def _serving(command, args, slow=False):
    """Start the server of ``command``, run the load on it, stop it."""
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        if "--bind" in command:
            port = int(command[command.index("--bind") + 1].rsplit(":", 1)[1])
            _wait_for(port)
        else:
            port = int(proc.stderr.readline().split(" at ", 1)[1].split("/query", 1)[0].rsplit(":", 1)[1])
        threading.Thread(target=proc.stderr.read, daemon=True).start()  # drain the request log
        return run("127.0.0.1", port, args.clients, args.seconds, args.seconds / 2 if slow else None, _queries(args.mix))
    finally:
        proc.terminate()
        proc.wait(15)


def _wait_for(port, wait=20):
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing listens on port {port}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--timeout", type=int, default=3)
    parser.add_argument("--workers", type=int, help="serve's query workers (default: serve's own)")
    parser.add_argument("--mix", choices=["one", "named"], default="one",
                        help="one: the same small query; named: every named query in turn")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        subprocess.run([sys.executable, "-m", "graph", "load", "--out", str(store)], cwd=ROOT, check=True,
                       capture_output=True)
        workers = ["--workers", str(args.workers)] if args.workers else []
        rows = {"serve (guard + workers)": _serving([sys.executable, "-m", "graph", "serve", "--store", str(store),
                                                    "--port", "0", "--timeout", str(args.timeout), *workers],
                                                   args, slow=True),
                # without --timeout-s: with it, Oxigraph 0.5 starts a thread per query that it never
                # reclaims, and under this load its server dies after about 16,000 queries (EAGAIN)
                "Oxigraph alone": _serving([oxigraph_binary(), "serve-read-only", "--location", str(store), "--bind",
                                            f"127.0.0.1:{free_port()}"], args)}
    what = "one query" if args.mix == "one" else f"the {len(_queries('named'))} named queries in turn"
    print(f"{args.clients} clients, {args.seconds:g} s each, {what}, query time limit {args.timeout} s\n")
    print("| server | requests/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|")
    for name, r in rows.items():
        kinds = f" ({', '.join(r['kinds'])})" if r["kinds"] else ""
        print(f"| {name} | {r['requests/s']:.0f} | {r['p50 ms']:.1f} | {r['p99 ms']:.1f} | {r['errors']}{kinds} |")
    slow = rows["serve (guard + workers)"]["slow"]
    print(f"\nThe slow query during the load: {slow.get('status')} after {slow.get('seconds', 0):.1f} s.")


if __name__ == "__main__":
    main()
