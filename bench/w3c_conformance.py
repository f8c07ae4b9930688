"""Run the W3C SPARQL query tests on every path and write docs/sparql-conformance.md.

Paths: the project in process on each engine (``run_query``, what ``python -m graph query``
calls), the project's endpoint (``serve``: the guard and a query worker; one server per data set),
plain pyoxigraph and plain rdflib. The suite is read from ../shared/w3c-sparql-tests.

    python bench/w3c_conformance.py [--out docs/sparql-conformance.md] [--no-endpoint]
"""

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import w3c  # noqa: E402


def run_all(cases, endpoint=True):
    results = {"rdflib": {}, "oxigraph": {}, "plain-pyoxigraph": {}, "plain-rdflib": {}}
    for case in cases:
        results["rdflib"][case.id] = w3c.run_project(case, "rdflib")
        results["oxigraph"][case.id] = w3c.run_project(case, "oxigraph")
        results["plain-pyoxigraph"][case.id] = w3c.run_plain_pyoxigraph(case)
        results["plain-rdflib"][case.id] = w3c.run_plain_rdflib(case)
    if endpoint:
        results["endpoint"] = {}
        groups = defaultdict(list)
        for case in cases:
            groups[tuple(case.data) if case.kind == "eval" else ()].append(case)
        with tempfile.TemporaryDirectory() as tmp:
            for n, (data, group) in enumerate(groups.items()):
                served = w3c.Served(list(data), Path(tmp) / f"store{n}")
                try:
                    for case in group:
                        results["endpoint"][case.id] = served.run(case)
                finally:
                    served.close()
    return results


def _group(case):
    return "syntax" if case.kind != "eval" else "evaluation"


def write(cases, results, seconds):
    paths = [p for p in ("rdflib", "oxigraph", "endpoint", "plain-pyoxigraph", "plain-rdflib") if p in results]
    names = {"rdflib": "`query` (rdflib store)", "oxigraph": "`query` (Oxigraph store)", "endpoint": "`serve`",
             "plain-pyoxigraph": "plain pyoxigraph", "plain-rdflib": "plain rdflib"}
    import pyoxigraph
    import rdflib

    out = ["# SPARQL conformance: the W3C query test suite", "",
           "Written by `python bench/w3c_conformance.py` from the copy of the suite in "
           "`../shared/w3c-sparql-tests/` (rdflib " + rdflib.__version__ + ", pyoxigraph " + pyoxigraph.__version__
           + f"; {seconds:.0f} s). The same tests run in `tests/test_w3c.py`.", "",
           "Every path but plain rdflib evaluates with Oxigraph: `query` parses each query with Oxigraph's "
           "parser after refusing updates, SERVICE and FROM, and evaluates it with Oxigraph, on the graph's own "
           "store or, for rdflib's store, on an in-memory copy of its triples; `serve` checks the query the "
           "same way and has a query worker (Oxigraph, in a process of its own) evaluate it. Answers are compared as the suite defines them: "
           "solution multisets, order under ORDER BY, blank nodes up to renaming, graphs up to isomorphism.", "",
           "*Refused* means SERVICE or FROM/FROM NAMED, refused by design before anything runs (the plain paths "
           "are not run on them, to stay offline). A test with named graphs (`qt:graphData`) reads each of those "
           "files into a graph named by its IRI (`Source(named=...)`: the dataset that FROM NAMED would make, the "
           "default graph alone as the query's), which Oxigraph's store holds. *Skipped*: those tests on rdflib's "
           "store (it holds one graph) and through `serve` (its store is built here from the default-graph files). "
           "Plain paths run the named-graph tests too.", ""]
    for kind in ("syntax", "evaluation"):
        chosen = [c for c in cases if _group(c) == kind]
        out += [f"## {kind.capitalize()} tests ({len(chosen)})", "",
                "| path | passed | failed | refused | skipped | tracebacks |", "|---|---|---|---|---|---|"]
        for p in paths:
            n = Counter(results[p][c.id][0] for c in chosen)
            out.append(f"| {names[p]} | {n['pass']} | {n['fail']} | {n['refused']} | {n['skipped']} | {n['traceback']} |")
        if kind == "evaluation":
            same = [c for c in chosen if not c.graph_data]
            for p in ("plain-pyoxigraph", "plain-rdflib"):
                n = Counter(results[p][c.id][0] for c in same)
                out.append(f"| {names[p]}, on the {len(same)} default-graph tests | {n['pass']} | {n['fail']} | "
                           f"{n['refused']} | 0 | {n['traceback']} |")
        out.append("")
    out += ["## Passed, per folder", "", "| folder | tests | " + " | ".join(names[p] for p in paths) + " |",
            "|---|---|" + "---|" * len(paths)]
    for folder in sorted({c.folder for c in cases}):
        chosen = [c for c in cases if c.folder == folder]
        cells = [str(sum(results[p][c.id][0] == "pass" for c in chosen)) for p in paths]
        out.append(f"| {folder} | {len(chosen)} | " + " | ".join(cells) + " |")
    out += ["", "## What still fails on the project's paths, and why", "",
            "Each of these fails with plain pyoxigraph too: Oxigraph keeps numbers, booleans and dates in "
            "canonical form (`01` is stored as `1`), so tests that expect the data's own spelling fail, and a "
            "few are Oxigraph's own gaps. `tests/test_w3c.py` lists them as strict expected failures.", "",
            "| test | paths | reason |", "|---|---|---|"]
    for c in cases:
        failing = [p for p in paths if p in ("rdflib", "oxigraph", "endpoint") and results[p][c.id][0] in ("fail", "traceback")]
        if failing:
            why = next(results[p][c.id][1] for p in failing).replace("|", "\\|").replace("\n", " ")[:140]
            out.append(f"| {c.id} | {', '.join(failing)} | {why} |")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "sparql-conformance.md"))
    parser.add_argument("--no-endpoint", action="store_true", help="skip the serve path (it starts one server per data set)")
    args = parser.parse_args()
    if not w3c.available():
        sys.exit(f"the W3C SPARQL tests are not at {w3c.ROOT}")
    started = time.monotonic()
    cases = w3c.cases()
    results = run_all(cases, endpoint=not args.no_endpoint)
    Path(args.out).write_text(write(cases, results, time.monotonic() - started), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
