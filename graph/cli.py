"""The command line: ``python -m graph COMMAND``.

Each command parses its arguments, calls one public function of the package and formats the
result. Library errors become one ``Error: ...`` line on stderr. Exit codes:

0   success
1   ``validate`` found problems in the data
2   usage or input error: bad arguments, a missing or malformed file, a bad query
130 interrupted (Ctrl-C)
"""

import argparse
import json
import sys

__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_INVALID", "EXIT_USAGE"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit with :data:`EXIT_USAGE`."""

    def error(self, message):
        self.exit(EXIT_USAGE, f"Error: {message} (see '{self.prog} --help')\n")


def _data_option(endpoint=False, store=True, engine=True):
    parent = argparse.ArgumentParser(add_help=False)
    source = parent.add_mutually_exclusive_group()
    if endpoint:
        source.add_argument(
            "--endpoint",
            metavar="URL",
            help="run against a remote SPARQL endpoint (SPARQL 1.1 Protocol) instead of local files",
        )
        parent.add_argument("--user", metavar="NAME",
                            help="user for the endpoint; the password is read from the environment "
                            "variable EVKG_PASSWORD, never from the command line")
        parent.add_argument("--max-triples", type=_positive, default=2_000_000, metavar="N",
                            help="with --endpoint: fetch at most this many triples of the concept network "
                            "(default: 2,000,000)")
    source.add_argument(
        "--data",
        nargs="+",
        metavar="FILE",
        help="RDF files to use instead of the article's graph (format by extension: "
        ".ttl, .nt, .n3, .jsonld, .rdf/.xml/.owl)",
    )
    if store:
        source.add_argument(
            "--store",
            metavar="DIR",
            help="use the on-disk store made by 'python -m graph load --store DIR' (opens at once, "
            "whatever the graph's size)",
        )
    if engine:
        parent.add_argument(
            "--engine",
            choices=("auto", "rdflib", "oxigraph"),
            default="auto",
            help="the store that holds the files while the command runs: rdflib's (quick to start), "
            "Oxigraph (fast on large data), or auto: Oxigraph from 2 MB of input (default: auto)",
        )
    return parent


def _format_option(*choices):
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"output format (default: {choices[0]})",
    )
    return parent


def build_parser():
    """The argument parser of ``python -m graph``."""
    parser = _Parser(
        prog="python -m graph",
        description="A knowledge graph of the article 'Electrifying Foundations: Inside the 10 "
        "Most Groundbreaking EV Manufacturing Powerhouses', with the sentence behind every edge.",
        epilog="Exit codes: 0 success, 1 validation found problems, 2 usage or input error.",
    )
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    p = commands.add_parser(
        "validate",
        parents=[_data_option(), _format_option("text", "json")],
        help="check the graph: SHACL shapes, vocabulary, offsets against the article, coverage",
        description="Check the graph against data/shapes.ttl (SHACL), the vocabulary, the "
        "article's text (every sentence's offsets) and coverage (every sentence supports a "
        "statement or is excluded with a reason). Prints counts when it conforms; otherwise one "
        "line per problem, and exits 1.",
    )
    p.add_argument(
        "--text",
        metavar="FILE",
        help="the article to check offsets against (default: data/article.txt for the article's "
        "graph, the document's nif:isString with --data)",
    )
    p.set_defaults(func=_validate)

    p = commands.add_parser(
        "stats",
        parents=[_data_option(endpoint=True), _format_option("text", "json")],
        help="analyse the graph: counts, centrality, communities, pillar bridges",
        description="Analyse the concept network of the graph: counts per class and predicate, "
        "density, components, the top concepts by degree, betweenness and PageRank, Louvain "
        "communities (seeded, stable) and the concepts that bridge the pillars.",
    )
    p.add_argument("--top", type=_positive, default=10, metavar="N", help="how many concepts each ranking lists (default: 10)")
    p.set_defaults(func=_stats)

    p = commands.add_parser(
        "query",
        parents=[_data_option(endpoint=True), _format_option("table", "csv", "tsv", "json", "xml")],
        help="answer a SPARQL query (text, file, standard input, or a named query)",
        description="Run a read-only SPARQL query. The project's prefixes (ev:, kg:, art:, claim:, "
        "nif:, prov:, skos:, dcterms:, rdf:, rdfs:, owl:, xsd:) are bound. SELECT and ASK print a "
        "table (or csv, tsv, json, xml: the SPARQL results formats); CONSTRUCT and DESCRIBE print "
        "Turtle (json: JSON-LD, xml: RDF/XML). Updates, SERVICE and FROM are refused.",
    )
    p.add_argument("query", nargs="?", metavar="QUERY",
                   help="the SPARQL text, or the name of a query in queries/ (see 'queries'); "
                   "'-' or nothing reads standard input")
    p.add_argument("-f", "--file", metavar="FILE", help="read the query from FILE")
    p.set_defaults(func=_query)

    p = commands.add_parser(
        "viz",
        parents=[_data_option(endpoint=True)],
        help="write the interactive viewer: one offline HTML file",
        description="Write the interactive viewer of the graph: one self-contained HTML file that "
        "opens in any browser, offline. Colours and shapes by class with a legend, search, a panel "
        "with each concept's relations, and for each edge the sentence of the article that says it.",
    )
    p.add_argument("--out", metavar="PATH",
                   help="where to write it (default: viz/ev-knowledge-graph.html for the article's "
                   "graph, NAME.html in the current folder for --data NAME.ttl ...)")
    p.add_argument("--open", action="store_true", help="open it in the default browser afterwards")
    p.set_defaults(func=_viz)

    p = commands.add_parser(
        "serve",
        parents=[_data_option(engine=False)],
        help="serve the graph at a SPARQL endpoint (read-only, with a time limit)",
        description="Serve the graph (the article's, --data files or a --store) at a SPARQL 1.1 "
        "Protocol endpoint, /query, with Oxigraph's server behind a guard that refuses updates, "
        "SERVICE and FROM, and an offline query page at /. Results as JSON, XML, CSV or TSV, "
        "graphs as Turtle, N-Triples or JSON-LD, by the Accept header. Ctrl-C stops it.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=7878, help="port to listen on (default: 7878; 0: any free port)")
    p.add_argument("--timeout", type=_positive, default=10, metavar="SECONDS",
                   help="stop any query that runs longer (default: 10)")
    p.set_defaults(func=_serve)

    p = commands.add_parser(
        "push",
        parents=[_data_option(engine=False)],
        help="upload the graph to a triple store (Graph Store Protocol)",
        description="Upload the graph (the article's, --data files or a --store) to a triple store with the "
        "SPARQL 1.1 Graph Store Protocol, and say how many triples the store then holds.",
    )
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the store's Graph Store Protocol endpoint (Oxigraph: http://HOST:PORT/store)")
    p.add_argument("--query-endpoint", metavar="URL",
                   help="its SPARQL query endpoint, to count the triples (default: the --endpoint URL "
                   "with a final /store replaced by /query)")
    p.add_argument("--graph", metavar="IRI", help="upload into this named graph (default: the default graph)")
    p.add_argument("--user", metavar="NAME", help="user; the password is read from EVKG_PASSWORD")
    p.set_defaults(func=_push)

    p = commands.add_parser(
        "load",
        help="build an on-disk store of RDF files once, for --store",
        description="Parse RDF files (default: the article's graph) into a new on-disk Oxigraph "
        "store in DIR, with a progress bar. Every command then takes --store DIR and starts at "
        "once instead of parsing again.",
    )
    p.add_argument("--store", metavar="DIR", required=True, help="the new store's folder (must not exist, or be empty)")
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files (default: data/triples.ttl and data/ontology.ttl)")
    p.set_defaults(func=_load_store)

    p = commands.add_parser(
        "queries",
        help="list the named queries of queries/ with the question each asks",
        description="List the named SPARQL queries (queries/*.rq), each with the question it asks. "
        "Run one with 'python -m graph query NAME'.",
    )
    p.set_defaults(func=_queries)
    return parser


def _positive(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return value


def main(argv=None):
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = build_parser().parse_args(argv)
    from .errors import GraphError

    try:
        return args.func(args)
    except GraphError as e:
        print(f"Error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("Interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _read_text(path):
    from .errors import DataError

    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except UnicodeDecodeError as e:
        raise DataError(f"{path}: not UTF-8 text ({e.reason})") from None
    except OSError as e:
        raise DataError(f"{path}: cannot read: {e.strerror}") from None


def _validate(args):
    from .validate import validate

    graph = _load(args) if args.data or args.store or args.engine != "auto" else None
    text, name = (_read_text(args.text), args.text) if args.text else (None, None)
    if text is None and not args.data and not args.store:  # the article's graph: check against the article
        from .load import ARTICLE, display_path

        text, name = _read_text(ARTICLE), display_path(ARTICLE)
    report = validate(graph, text=text, text_name=name)
    if args.format == "json":
        json.dump(
            {"conforms": report.conforms, "problems": report.problems, "summary": report.summary},
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
        return EXIT_OK if report.conforms else EXIT_INVALID
    s = report.summary
    if report.conforms:
        print(
            f"Conforms: {s['concepts']} concepts, {s['relations']} relations, "
            f"{s['statements']} statements; {s['sentences_covered']} of {s['sentences']} "
            f"sentences support a statement ({s['sentences_excluded']} excluded with a reason)."
        )
        print("Concepts per class:")
        width = max((len(c) for c in s["concepts_per_class"]), default=0)
        for cls, n in s["concepts_per_class"].items():
            print(f"  {cls:<{width}}  {n:>4}")
        return EXIT_OK
    for problem in report.problems:
        print(problem)
    n = len(report.problems)
    print(f"Does not conform: {n} problem{'s' if n != 1 else ''}.", file=sys.stderr)
    return EXIT_INVALID


def _endpoint(args):
    from .endpoint import Endpoint

    return Endpoint(args.endpoint, getattr(args, "user", None))


def _load(args, progress=None):
    if getattr(args, "endpoint", None):
        from .endpoint import fetch_network_graph

        if progress:
            progress.step(f"fetching the concept network from {args.endpoint}")
        return fetch_network_graph(_endpoint(args), args.max_triples)
    if args.store:
        from .engine import open_store

        if progress:
            progress.step(f"opening {args.store}")
        return open_store(args.store)
    from .load import load

    return load(args.data, engine=args.engine, progress=progress.read if progress else None)


def _progress():
    from ._progress import Progress

    return Progress()


def _load_store(args):
    import shutil
    import time
    from pathlib import Path

    from .engine import create_store, write_meta
    from .load import DEFAULT_FILES, load

    folder = Path(args.store)
    existed = folder.exists()
    files = args.files or [str(p) for p in DEFAULT_FILES]
    started = time.monotonic()
    store = create_store(folder)
    progress = _progress()
    try:
        from .engine import new_graph

        graph = load(files, graph=new_graph("oxigraph", store), progress=progress.read)
        progress.step("flushing to disk")
        store.flush()
        prefixes = {p: str(n) for p, n in graph.namespaces() if p}
        write_meta(folder, {"files": [str(Path(f).resolve()) for f in files], "triples": len(store),
                            "prefixes": prefixes})
    except BaseException:
        progress.close()
        del store
        if existed:
            for child in folder.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        else:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    progress.close()
    n = len(store)
    del graph, store  # pyoxigraph closes the store when the last reference goes
    import gc

    gc.collect()  # rdflib's Graph holds reference cycles: collect them now, not at exit
    print(f"Loaded {n:,} triple{'s' * (n != 1)} from {len(files)} file{'s' * (len(files) != 1)} into "
          f"{folder} in {time.monotonic() - started:.1f} s. Use it with --store {folder}.")
    return EXIT_OK


def _stats(args):
    from .stats import stats

    progress = _progress()
    try:
        if args.endpoint:
            from .endpoint import remote_stats

            result = remote_stats(_endpoint(args), top=args.top, max_triples=args.max_triples, progress=progress.step)
        else:
            result = stats(_load(args, progress), top=args.top, progress=progress.step)
    finally:
        progress.close()
    if args.format == "json":
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(_stats_text(result, args))
    return EXIT_OK


def _stats_text(s, args):
    from .results import table

    out = []
    sentences = s["sentences"]
    covered = f"{sentences['covered']} of {sentences['total']}" if sentences["total"] else "none"
    out.append(_pairs("Graph", [
        ("triples", f"{s['triples']:,}"),
        ("concepts", f"{s['concepts']:,}"),
        ("relations", f"{s['relations']:,}"),
        ("statements", f"{s['statements']:,}"),
        ("sentences supporting a statement", covered),
    ]))
    out.append(_pairs("Concepts per class", list(s["concepts_per_class"].items())))
    out.append(_pairs("Relations per predicate", list(s["relations_per_predicate"].items())))
    largest = s["largest_component"]
    out.append(_pairs("Network", [
        ("density", f"{s['density']:.4f}"),
        ("weakly connected components", str(s["weakly_connected_components"])),
        ("largest component", f"{largest['concepts']} concepts, diameter {largest['diameter']}"),
    ]))
    for key, title, digits in (("degree", "degree", 0), ("betweenness", "betweenness", 4), ("pagerank", "PageRank", 4)):
        rows = [[str(i), r["label"], r["class"], f"{r['value']:.{digits}f}"] for i, r in enumerate(s["top"][key], 1)]
        out.append(f"Top {len(rows)} by {title}\n" + _indent(table(["#", "concept", "class", title], rows)))
    lines = [f"  {i}. ({c['size']}) " + "; ".join(c["members"]) for i, c in enumerate(s["communities"], 1)]
    out.append(f"Communities ({s['method']['communities']})\n" + ("\n".join(lines) or "  none"))
    rows = [[r["label"], r["class"], ", ".join(p.split(":")[-1].lower() for p in r["pillars"])] for r in s["pillar_bridges"]]
    bridges = _indent(table(["concept", "class", "pillars"], rows)) if rows else "  none (no concept touches two pillars)"
    out.append("Concepts that bridge the pillars (nation, technology, challenge, workforce)\n" + bridges)
    method = s["method"]
    out.append(_pairs("Method", [("library", method["library"]), ("betweenness", method["betweenness"]),
                                 ("diameter", method["diameter"])], align=False))
    return "\n\n".join(out)


def _pairs(title, items, align=True):
    if not items:
        return f"{title}\n  none"
    width = max(len(str(k)) for k, _ in items)
    return title + "\n" + "\n".join(f"  {str(k):<{width}}  {str(v):>8}" if align else f"  {str(k):<{width}}  {v}"
                                      for k, v in items)


def _indent(text):
    return "\n".join("  " + line for line in text.splitlines())


def _query(args):
    from .errors import QueryError
    from .query import read_query, run_query
    from .results import format_result

    if args.file and args.query:
        raise QueryError("give the query as an argument or with -f FILE, not both")
    if args.file:
        text, source = _read_text(args.file), args.file
    elif args.query and args.query != "-":
        text, source = read_query(args.query)
    elif not sys.stdin.isatty():
        text, source = sys.stdin.read(), "stdin"
    else:
        raise QueryError("no query: give SPARQL text, a query name (see 'python -m graph queries'), -f FILE, or pipe it in")
    if not text.strip():
        raise QueryError(f"{source}: the query is empty")
    from .namespace import PREFIXES, namespaces_of

    if args.endpoint:
        from .endpoint import remote_query

        print(format_result(remote_query(_endpoint(args), text, source), args.format, PREFIXES))
        return EXIT_OK
    progress = _progress()
    try:
        graph = _load(args, progress)
    finally:
        progress.close()
    print(format_result(run_query(graph, text, source), args.format, namespaces_of(graph, ours_first=True)))
    return EXIT_OK


def _queries(args):
    from .query import named_queries
    from .results import table

    rows = [[q.name, q.question] for q in named_queries().values()]
    print(table(["name", "question"], rows))
    return EXIT_OK


def _viz(args):
    from pathlib import Path

    from viz.render import DEFAULT_OUT, VIEW_LIMIT, write_html

    from .load import display_path
    from .network import concept_network

    if args.out:
        out = Path(args.out)
    elif args.data:
        out = Path(Path(args.data[0]).stem + ".html")
    elif args.store:
        out = Path(Path(args.store).name + ".html")
    elif args.endpoint:
        out = Path("endpoint.html")
    else:
        out = DEFAULT_OUT
    progress = _progress()
    try:
        graph = _load(args, progress)
        progress.step("reading the concept network")
        network = concept_network(graph)
        progress.step("writing the page")
        path = write_html(graph, out, network)
    except OSError as e:
        from .errors import DataError

        raise DataError(f"{out}: cannot write: {e.strerror}") from None
    finally:
        progress.close()
    n, m = len(network), network.edge_count
    print(f"Wrote {display_path(path)}: {n:,} concept{'s' * (n != 1)}, {m:,} relation{'s' * (m != 1)}.")
    if n > VIEW_LIMIT:
        print(f"The page shows the {VIEW_LIMIT:,} most important of them: the concepts with the highest "
              "PageRank and their neighbours.")
    if args.open:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())
    return EXIT_OK




def _serve(args):
    from .serve import serve

    def log(line):
        print(line, file=sys.stderr, flush=True)

    return serve(args.data, store=args.store, host=args.host, port=args.port, timeout=args.timeout, log=log)


def _push(args):
    from .endpoint import Endpoint, push

    query_url = args.query_endpoint or (args.endpoint[: -len("/store")] + "/query" if args.endpoint.endswith("/store")
                                        else args.endpoint)
    endpoint = Endpoint(query_url, args.user)
    from .engine import open_store

    graph = open_store(args.store) if args.store else None
    sent, held = push(endpoint, args.endpoint, args.data, args.graph, graph=graph)
    where = f"graph <{args.graph}>" if args.graph else "default graph"
    print(f"Pushed {sent:,} triples to {args.endpoint}; the store's {where} now holds {held:,} triples.")
    return EXIT_OK
