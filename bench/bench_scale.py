"""This project's commands against the plain path on generated graphs of 10k, 100k and 1M triples.

For each size, a seeded typed graph is generated (bench/generate.py), then each job runs as a
fresh process, timed from start to exit, with its peak memory (maximum resident set size):

- stats:  `python -m graph stats --data FILE`, and from a store built once with
          `python -m graph load --out DIR FILE`; against a script that parses with rdflib,
          converts with rdflib's `rdflib_to_networkx_multidigraph` and computes the same figures
          with NetworkX (exact up to 5,000 nodes; beyond, betweenness from 256 sampled sources and
          NetworkX's approximate diameter, like this project).
- query:  a two-hop join with a FILTER and a GROUP BY (bench/two_hop.rq), through
          `python -m graph query`, from the files and from the store; against rdflib's
          `Graph.parse` and `Graph.query`.
- viz:    `python -m graph viz --data FILE`; against Pyvis as documented
          (`Network.from_nx` on rdflib's NetworkX graph, then `write_html`).
- start:  `python -m graph query --store DIR` with a query that asks for one triple: how long a
          command takes to start on the store.

    python bench/bench_scale.py [--sizes 10000 100000 1000000] [--timeout 900] [--out bench/RESULTS.md]

A plain job that runs past --timeout is stopped and reported as such.
"""

import argparse
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PY = sys.executable

PLAIN_STATS = r"""
import json, sys, random
import networkx as nx
from rdflib import Graph
from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph
g = Graph()
g.parse(sys.argv[1])
net = rdflib_to_networkx_multidigraph(g)
und = nx.Graph(net)
n = net.number_of_nodes()
comps = list(nx.weakly_connected_components(net))
largest = und.subgraph(max(comps, key=len))
exact = n <= 5000
out = {
    "triples": len(g), "nodes": n, "edges": net.number_of_edges(), "density": nx.density(net),
    "components": len(comps),
    "diameter": nx.diameter(largest) if exact else nx.approximation.diameter(largest, seed=42),
    "degree": sorted(dict(net.degree()).values(), reverse=True)[:10],
    "betweenness": sorted(nx.betweenness_centrality(und, k=None if exact else 256, seed=42).values(), reverse=True)[:10],
    "pagerank": sorted(nx.pagerank(net).values(), reverse=True)[:10],
    "communities": len(nx.community.louvain_communities(und, seed=42)),
}
print(json.dumps(out))
"""

PLAIN_QUERY = r"""
import sys
from rdflib import Graph
g = Graph()
g.parse(sys.argv[2])
for row in g.query(open(sys.argv[1], encoding="utf-8").read()):
    print(",".join(str(v) for v in row))
"""

PLAIN_VIZ = r"""
import sys
from pyvis.network import Network
from rdflib import Graph
from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph
g = Graph()
g.parse(sys.argv[1])
net = Network(directed=True, cdn_resources="in_line")
net.from_nx(rdflib_to_networkx_multidigraph(g))
net.write_html(sys.argv[2])
"""

ONE_TRIPLE = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"

BARE_PARSE = r"""
import sys, pyoxigraph
for _ in pyoxigraph.parse(path=sys.argv[1], format=pyoxigraph.RdfFormat.TURTLE):
    pass
"""

BULK_LOAD = r"""
import sys, pyoxigraph
pyoxigraph.Store(sys.argv[2]).bulk_load(path=sys.argv[1], format=pyoxigraph.RdfFormat.TURTLE)
"""


def run(command, timeout):
    """(seconds, peak MB, ok) of one process, stopped after ``timeout`` seconds."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT.parent,
                            start_new_session=True)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            return time.perf_counter() - start, usage.ru_maxrss / 1024, False
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(map(str, command))}\n{proc.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024, True


def fmt(result):
    seconds, mb, ok = result
    return f"{seconds:.2f} s, {mb:,.0f} MB" if ok else f"> {seconds:.0f} s (stopped, {mb:,.0f} MB by then)"


def ratio(plain, ours):
    if not ours[2]:
        return "n/a"
    sign = "> " if not plain[2] else ""
    return f"{sign}{plain[0] / ours[0]:.1f}x"


def memory_ratio(plain, ours):
    if not ours[2] or not plain[1]:
        return "n/a"
    # a stopped plain job had not reached its peak yet: the ratio is an upper bound
    return f"{ours[1] / plain[1]:.2f}" if plain[2] else f"< {ours[1] / plain[1]:.2f}"


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")).split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB of memory"
    except (OSError, StopIteration):
        pass
    import importlib.metadata as md

    versions = ", ".join(f"{p} {md.version(p)}" for p in ("rdflib", "networkx", "pyvis", "pyoxigraph", "oxrdflib", "igraph"))
    return (f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}; {versions}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--out", type=Path, help="write the results as Markdown to this file")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain rdflib/NetworkX/Pyvis jobs")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    import generate

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        scripts = {}
        for name, text in (("stats", PLAIN_STATS), ("query", PLAIN_QUERY), ("viz", PLAIN_VIZ), ("parse", BARE_PARSE),
                           ("bulk", BULK_LOAD)):
            scripts[name] = tmp / f"plain_{name}.py"
            scripts[name].write_text(text, encoding="utf-8")
        query = ROOT / "two_hop.rq"
        for size in args.sizes:
            data = tmp / f"g{size}.ttl"
            concepts, edges = generate.triples_to_sizes(size)
            with open(data, "w", encoding="utf-8") as f:
                generate.generate(concepts, edges, seed=1, out=f)
            store = tmp / f"store{size}"
            print(f"== {size:,} triples ({concepts:,} concepts, {edges:,} relations; {data.stat().st_size / 1e6:.1f} MB)", flush=True)
            floor = run([PY, ROOT / "floor.py", data], args.timeout)
            bare = run([PY, scripts["parse"], data], args.timeout)
            bulk = run([PY, scripts["bulk"], data, tmp / f"bulk{size}"], args.timeout)
            shutil.rmtree(tmp / f"bulk{size}", ignore_errors=True)
            print(f"   floor {fmt(floor)}; bare pyoxigraph parse {fmt(bare)}; Oxigraph's bulk_load {fmt(bulk)}", flush=True)
            build = run([PY, "-m", "graph", "load", "--out", store, data], args.timeout)
            print(f"   load --out              {fmt(build)}", flush=True)
            results = {"load": build, "floor": floor, "parse": bare, "bulk": bulk}
            jobs = [
                ("stats", [PY, "-m", "graph", "stats", "--data", data], [PY, "-m", "graph", "stats", "--store", store],
                 [PY, scripts["stats"], data]),
                ("query", [PY, "-m", "graph", "query", "--data", data, "-f", query],
                 [PY, "-m", "graph", "query", "--store", store, "-f", query],
                 [PY, scripts["query"], query, data]),
                ("viz", [PY, "-m", "graph", "viz", "--data", data, "--out", tmp / "ours.html"],
                 [PY, "-m", "graph", "viz", "--store", store, "--out", tmp / "store.html"],
                 [PY, scripts["viz"], data, tmp / "plain.html"]),
            ]
            for name, ours, from_store, plain in jobs:
                o = run(ours, args.timeout)
                s = run(from_store, args.timeout)
                skip_plain = args.no_plain or name == "viz" and size > 100_000
                p = (float("nan"), 0, False) if skip_plain else run(plain, args.timeout)
                results[name] = (o, s, p)
                plain_text = "not run" if skip_plain else fmt(p)
                print(f"   {name:<6} ours {fmt(o):<22} store {fmt(s):<22} plain {plain_text:<26} "
                      f"speed-up {'n/a' if skip_plain else ratio(p, o)} (store {'n/a' if skip_plain else ratio(p, s)}),"
                      f" memory ours/plain {'n/a' if skip_plain else memory_ratio(p, o)}", flush=True)
            start = run([PY, "-m", "graph", "query", "--store", store, ONE_TRIPLE], args.timeout)
            results["start"] = start
            print(f"   start from the store    {fmt(start)}", flush=True)
            rows.append((size, concepts, edges, data.stat().st_size, results))
            shutil.rmtree(store, ignore_errors=True)

    if args.out:
        args.out.write_text(report(rows, args), encoding="utf-8")
        print(f"wrote {args.out}")


def report(rows, args):
    lines = [
        "# Benchmark: this project against the plain path",
        "",
        "Written by `python bench/bench_scale.py --out bench/RESULTS.md` "
        f"(sizes {', '.join(f'{s:,}' for s in args.sizes)}; a plain job past {args.timeout:.0f} s is stopped).",
        "",
        f"Machine: {machine()}.",
        "",
        "Each job is a fresh process, timed from start to exit; memory is its peak resident set size.",
        "*ours* reads the Turtle file (`--data FILE`: Oxigraph from 2 MB up); *store* reads the on-disk",
        "store that `python -m graph load --out DIR FILE` built once (its cost is the *load* row);",
        "*plain* is rdflib's parser, memory store and SPARQL engine, rdflib's NetworkX helper, and",
        "Pyvis's `from_nx` + `write_html`. The speed-up is plain time / our time.",
        "",
    ]
    for size, concepts, edges, nbytes, r in rows:
        lines += [f"## {size:,} triples ({concepts:,} concepts, {edges:,} relations, {nbytes / 1e6:.1f} MB of Turtle)", "",
                  "| job | ours (files) | ours (store) | plain | speed-up files / store | memory ours / plain |",
                  "|---|---|---|---|---|---|"]
        for name in ("stats", "query", "viz"):
            o, s, p = r[name]
            skipped = p[0] != p[0]  # nan: not run
            plain = ("not run (`--no-plain`)" if args.no_plain else "not run: Pyvis's `from_nx` is quadratic "
                     "(see 100k)") if skipped else fmt(p)
            speed = "n/a" if skipped else f"{ratio(p, o)} / {ratio(p, s)}"
            lines.append(f"| {name} | {fmt(o)} | {fmt(s)} | {plain} | {speed} | {'n/a' if skipped else memory_ratio(p, o)} |")
        lines += ["", f"Building the store: {fmt(r['load'])}. A command on the store, start to exit "
                  f"(`query --store` for one triple): {fmt(r['start'])}.", ""]
        f, b, k = r["floor"], r["parse"], r["bulk"]
        lines += [f"Against the floor (`bench/floor.py`: {fmt(f)}), a bare `pyoxigraph.parse` of the file "
                  f"({fmt(b)}) and Oxigraph's own `Store.bulk_load` of it into a new on-disk store ({fmt(k)}), "
                  "same run:", "", "| job | time, peak memory | time / floor | memory / floor |",
                  "|---|---|---|---|"]
        for label, job in (("stats --data", r["stats"][0]), ("stats --store", r["stats"][1]),
                           ("viz --store", r["viz"][1]), ("query --store", r["query"][1])):
            lines.append(f"| {label} | {fmt(job)} | {job[0] / f[0]:.2f} | {job[1] / f[1]:.2f} |")
        lines.append(f"| load --out | {fmt(r['load'])} | {r['load'][0] / f[0]:.2f} (bare parse: "
                     f"{r['load'][0] / b[0]:.2f}; bulk_load: {r['load'][0] / k[0]:.2f}) | {r['load'][1] / f[1]:.2f} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
