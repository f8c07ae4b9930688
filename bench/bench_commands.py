"""Time `python -m graph stats` and `python -m graph query` against the plain way, in one run.

The plain way is what a user would write without this project: parse the files with rdflib,
convert with rdflib's `rdflib_to_networkx_multidigraph` and compute the same figures with
NetworkX (for stats), or parse and call `Graph.query` (for query). Each command runs as a
fresh process (a cold start, as a user runs it), several times; the best time counts.

    python bench/bench_commands.py [--runs N]
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


def best_of(command, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
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


if __name__ == "__main__":
    main()
