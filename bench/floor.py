"""The floor: what the libraries underneath do for `stats` on one file, with nothing else.

Streams the file once with `pyoxigraph.parse`, collects the concept-to-concept edges (object an
IRI, predicate not rdf:type) into two integer arrays, builds an igraph graph and computes
PageRank, weak components, Leiden communities and betweenness from 256 sampled sources on one
core. bench/bench_scale.py reports every large-graph job as a ratio to this script's time.

    python bench/floor.py FILE [--samples 256]
"""
import argparse, json, random, time
from array import array

import igraph
import pyoxigraph

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("file")
parser.add_argument("--samples", type=int, default=256)
args = parser.parse_args()
t, ids, src, dst = time.perf_counter(), {}, array("l"), array("l")
TYPE, named = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", pyoxigraph.NamedNode
for q in pyoxigraph.parse(path=args.file, format=pyoxigraph.RdfFormat.TURTLE):
    if type(q.object) is named and q.predicate.value != TYPE:
        src.append(ids.setdefault(q.subject.value, len(ids)))
        dst.append(ids.setdefault(q.object.value, len(ids)))
g = igraph.Graph(n=len(ids), edges=list(zip(src, dst)), directed=True)
u = g.as_undirected(mode="collapse")
steps = {"parse": time.perf_counter() - t}
for name, job in (("pagerank", lambda: g.pagerank()), ("components", lambda: g.connected_components(mode="weak")),
                  ("leiden", lambda: u.community_leiden(objective_function="modularity", n_iterations=2)),
                  ("betweenness", lambda: u.betweenness(sources=random.Random(42).sample(range(len(ids)), args.samples)))):
    t = time.perf_counter()
    job()
    steps[name] = round(time.perf_counter() - t, 2)
print(json.dumps({"concepts": len(ids), "relations": len(src), "seconds": steps}))
