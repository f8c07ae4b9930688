"""Time the commands on the article's graph against the plain way, and against an older version, in one run.

The plain way is what a user would write without this project: parse the files with rdflib,
convert with rdflib's `rdflib_to_networkx_multidigraph` and compute the same figures with
NetworkX (for stats), or parse and call `Graph.query` (for query). Each command runs as a
fresh process (a cold start, as a user runs it), several times; the best time counts.

With `--against REV`, the same commands also run from git revision REV of this repository
(checked out in a temporary folder), both versions on REV's data files, so that "no command
slower than before" is measured on the same input in the same run.

    python bench/bench_commands.py [--runs N] [--against REV]
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = [str(ROOT / "data" / "triples.ttl"), str(ROOT / "data" / "ontology.ttl")]

PLAIN_STATS = """
import sys, json
import networkx as nx
from rdflib import Graph
from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph
g = Graph()
for path in sys.argv[1:]:
    g.parse(path)
net = rdflib_to_networkx_multidigraph(g)
und = nx.Graph(net)
comps = list(nx.weakly_connected_components(net))
largest = max(comps, key=len)
out = {
    "triples": len(g), "nodes": net.number_of_nodes(), "edges": net.number_of_edges(),
    "density": nx.density(net), "components": len(comps),
    "diameter": nx.diameter(und.subgraph(largest)),
    "degree": sorted(dict(net.degree()).values(), reverse=True)[:10],
    "betweenness": sorted(nx.betweenness_centrality(und).values(), reverse=True)[:10],
    "pagerank": sorted(nx.pagerank(net).values(), reverse=True)[:10],
    "communities": len(nx.community.louvain_communities(und, seed=42)),
}
print(json.dumps(out))
"""

PLAIN_QUERY = """
import sys
from rdflib import Graph
g = Graph()
for path in sys.argv[2:]:
    g.parse(path)
prefixes = "PREFIX ev: <https://example.org/ev-kg/ontology#>\\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\\n"
text = open(sys.argv[1], encoding="utf-8").read()
for row in g.query(prefixes + text):
    print(" | ".join(str(v) for v in row))
"""


# Run the package found in the folder given first (this checkout or an older one), as `python -m graph` does.
AT = "import runpy, sys; sys.path.insert(0, sys.argv.pop(1)); runpy.run_module('graph', run_name='__main__', alter_sys=True)"


def best_of(command, runs, check=True):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def against(rev, runs, tmp):
    """Each command at ``rev`` and here, on ``rev``'s data: (name, old best/median, new best/median)."""
    old = Path(tmp, "old")
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(old), rev], cwd=ROOT, check=True)
    try:
        data = ["--data", str(old / "data" / "triples.ttl"), str(old / "data" / "ontology.ttl")]
        viewer = str(Path(tmp, "viewer.html"))
        commands = [("stats", ["stats", *data]), ("query nations-investing", ["query", "nations-investing", *data]),
                    ("viz", ["viz", "--out", viewer, *data]), ("validate", ["validate", *data]), ("--help", ["--help"])]
        rows = []
        for name, argv in commands:
            before = best_of([sys.executable, "-c", AT, str(old), *argv], runs, check=False)
            now = best_of([sys.executable, "-c", AT, str(ROOT), *argv], runs, check=False)
            rows.append((name, before, now))
        return rows
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--against", metavar="REV", help="also time the commands at this git revision")
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        plain_stats = Path(tmp, "plain_stats.py")
        plain_stats.write_text(PLAIN_STATS, encoding="utf-8")
        plain_query = Path(tmp, "plain_query.py")
        plain_query.write_text(PLAIN_QUERY, encoding="utf-8")
        cases = [
            ("stats", [py, "-m", "graph", "stats"], [py, str(plain_stats), *DATA]),
            ("query nations-investing", [py, "-m", "graph", "query", "nations-investing"],
             [py, str(plain_query), str(ROOT / "queries" / "nations-investing.rq"), *DATA]),
            ("--help", [py, "-m", "graph", "--help"], None),
        ]
        print(f"best and median of {args.runs} cold starts, Python {sys.version.split()[0]}")
        print(f"{'command':<26} {'this project':>14} {'plain way':>14} {'plain / ours':>13}")
        for name, ours, plain in cases:
            o_best, o_med = best_of(ours, args.runs)
            if plain is None:
                print(f"{name:<26} {o_best:>7.3f}/{o_med:.3f}s")
                continue
            p_best, p_med = best_of(plain, args.runs)
            print(f"{name:<26} {o_best:>7.3f}/{o_med:.3f}s {p_best:>7.3f}/{p_med:.3f}s {p_best / o_best:>12.2f}x")
        if args.against:
            print(f"\nagainst {args.against}, both on its data files (best/median of {args.runs})")
            print(f"{'command':<26} {args.against:>14} {'now':>14} {'now / then':>11}")
            for name, (b_best, b_med), (n_best, n_med) in against(args.against, args.runs, tmp):
                print(f"{name:<26} {b_best:>7.3f}/{b_med:.3f}s {n_best:>7.3f}/{n_med:.3f}s {n_best / b_best:>10.2f}")


if __name__ == "__main__":
    main()
