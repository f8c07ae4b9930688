"""The command line: ``python -m graph COMMAND``.

Each command parses its arguments, calls one public function of the package and prints the
result; no RDF or network logic lives here. Choices and defaults come from
:mod:`graph.defaults`. Library errors become one ``Error: ...`` line on stderr. Exit codes:

0   success
1   ``validate`` found problems in the data
2   usage or input error: bad arguments, a missing or malformed file, a bad query, a store or
    endpoint that cannot be used
130 interrupted (Ctrl-C)
"""

import argparse
import os
import sys
import time

from . import defaults

__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_INVALID", "EXIT_USAGE"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit with :data:`EXIT_USAGE`."""

    def error(self, message):
        self.exit(EXIT_USAGE, f"Error: {message} (see '{self.prog} --help')\n")


def _positive(text):
    value = int(text) if text.strip().isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return value


def _source_options(endpoint=True, engine=True):
    """--data | --store | --endpoint (with --user, --max-triples), and --engine: where the graph comes from."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_mutually_exclusive_group()
    group.add_argument("--data", nargs="+", metavar="FILE",
                       help="RDF files to use instead of the article's graph (format by extension: "
                       ".ttl, .nt, .n3, .jsonld, .rdf/.xml/.owl)")
    group.add_argument("--store", metavar="DIR", help="use the on-disk store made by 'python -m graph load --out "
                       "DIR' (opens at once, whatever the graph's size)")
    if endpoint:
        group.add_argument("--endpoint", metavar="URL",
                           help="run against a remote SPARQL endpoint (SPARQL 1.1 Protocol) instead of local data")
        parent.add_argument("--max-triples", type=_positive, default=defaults.MAX_TRIPLES, metavar="N",
                            help="with --endpoint: fetch at most this many triples of the concept network "
                            f"(default: {defaults.MAX_TRIPLES:,})")
    parent.add_argument("--user", metavar="NAME", help="user for the endpoint; the password is read from the "
                        f"environment variable {defaults.PASSWORD_VARIABLE}, never from the command line")
    if engine:
        parent.add_argument("--engine", choices=defaults.ENGINES, default="auto",
                            help="the store that holds the files while the command runs: rdflib's (quick to start), "
                            f"Oxigraph (fast on large data), or auto: Oxigraph from {defaults.AUTO_BYTES / 1e6:g} MB "
                            "of input (default: auto)")
    return parent


def _format_option(choices):
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--format", choices=choices, default=choices[0], help=f"output format (default: {choices[0]})")
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
    report, source = _format_option(defaults.REPORT_FORMATS), _source_options()

    p = commands.add_parser("validate", parents=[_source_options(endpoint=False), report],
                            help="check the graph: SHACL shapes, vocabulary, offsets against the article, coverage",
                            description="Check the graph against data/shapes.ttl (SHACL), the vocabulary, the "
                            "article's text (every offset) and coverage (every sentence supports a statement or "
                            "is excluded with a reason). Prints counts when it conforms; else one line per "
                            "problem, and exits 1.")
    p.add_argument("--text", metavar="FILE", help="the article to check offsets against (default: data/article.txt "
                   "for the article's graph, the document's nif:isString with --data)")
    p.set_defaults(func=_validate)

    p = commands.add_parser("stats", parents=[source, report],
                            help="analyse the graph: counts, centrality, communities, pillar bridges",
                            description="Analyse the concept network: counts per class and predicate, density, "
                            "components, the top concepts by degree, betweenness and PageRank, communities "
                            "(seeded, stable) and the concepts that bridge the pillars.")
    p.add_argument("--top", type=_positive, default=defaults.TOP, metavar="N",
                   help=f"how many concepts each ranking lists (default: {defaults.TOP})")
    p.add_argument("--betweenness-samples", type=lambda t: 0 if t.strip() == "0" else _positive(t), metavar="N", help=f"estimate \
betweenness from N source concepts, 0: leave it out (default: exact to 5,000 concepts, then by size, {defaults.BETWEENNESS_SAMPLES} at 1M triples)")
    p.add_argument("--members", action="store_true", help="with --format json: every community with all its members")
    p.set_defaults(func=_stats)

    p = commands.add_parser("query", parents=[source, _format_option(defaults.QUERY_FORMATS)],
                            help="answer a SPARQL query (text, file, standard input, or a named query)",
                            description="Run a read-only SPARQL query, with the project's prefixes (ev:, kg:, "
                            "art:, claim:, nif:, prov:, skos:, dcterms:, rdf:, rdfs:, owl:, xsd:) bound. SELECT "
                            "and ASK print a table (or csv, tsv, json, xml); CONSTRUCT and DESCRIBE print Turtle "
                            "(json: JSON-LD, xml: RDF/XML). Updates, SERVICE and FROM are refused.")
    p.add_argument("query", nargs="?", metavar="QUERY", help="the SPARQL text, or the name of a query in queries/ "
                   "(see 'queries'); '-' or nothing reads standard input")
    p.add_argument("-f", "--file", metavar="FILE", help="read the query from FILE")
    p.set_defaults(func=_query)

    p = commands.add_parser("viz", parents=[source], help="write the interactive viewer: one offline HTML file",
                            description="Write the interactive viewer: one self-contained HTML file that opens in "
                            "any browser, offline, with a legend, search, each concept's relations, and for each "
                            "edge the sentence of the article that says it.")
    p.add_argument("--out", metavar="PATH", help="where to write it (default: viz/ev-knowledge-graph.html for the "
                   "article's graph in a checkout, NAME.html in the current folder for --data NAME.ttl ...)")
    p.add_argument("--open", action="store_true", help="open it in the default browser afterwards")
    p.set_defaults(func=_viz)

    p = commands.add_parser("serve", parents=[_source_options(endpoint=False, engine=False)],
                            help="serve the graph at a SPARQL endpoint (read-only, with a time limit)",
                            description="Serve the graph at a SPARQL 1.1 Protocol endpoint, /query: Oxigraph "
                            "behind a guard that refuses updates, SERVICE and FROM, with an offline query page "
                            "at /. Results in the format the Accept header asks. Ctrl-C stops it.")
    p.add_argument("--host", default=defaults.HOST, help=f"address to listen on (default: {defaults.HOST})")
    p.add_argument("--port", type=int, default=defaults.PORT,
                   help=f"port to listen on (default: {defaults.PORT}; 0: any free port)")
    p.add_argument("--timeout", type=_positive, default=defaults.TIMEOUT, metavar="SECONDS",
                   help=f"stop any query that runs longer (default: {defaults.TIMEOUT})")
    p.set_defaults(func=_serve)

    p = commands.add_parser("push", parents=[_source_options(endpoint=False, engine=False)],
                            help="upload the graph to a triple store (Graph Store Protocol)",
                            description="Upload the graph (the article's, --data files or a --store) with the SPARQL "
                            "1.1 Graph Store Protocol, and say how many triples the store then holds.")
    p.add_argument("--to", required=True, metavar="URL", dest="target",
                   help="the store's Graph Store Protocol endpoint (Oxigraph: http://HOST:PORT/store)")
    p.add_argument("--query-endpoint", metavar="URL", help="its SPARQL query endpoint, to count the triples "
                   "(default: the --to URL with a final /store replaced by /query)")
    p.add_argument("--graph", metavar="IRI", help="upload into this named graph (default: the default graph)")
    p.set_defaults(func=_push)

    p = commands.add_parser("load", help="build an on-disk store of RDF files once, for --store",
                            description="Parse RDF files (default: the article's graph) into a new on-disk "
                            "Oxigraph store in DIR. Every command then takes --store DIR and starts at once.")
    p.add_argument("--out", metavar="DIR", required=True, help="the new store's folder (must not exist, or be empty)")
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files (default: data/triples.ttl and data/ontology.ttl)")
    p.set_defaults(func=_load)

    p = commands.add_parser("queries", help="list the named queries of queries/ with the question each asks",
                            description="List the named SPARQL queries (queries/*.rq) with the question each "
                            "asks. Run one with 'python -m graph query NAME'.")
    p.set_defaults(func=_queries)
    return parser


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
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _open(args, progress=None, network=False, **graph):  # the graph, or its concept network
    from . import source
    return (source.open_network if network else source.open_graph)(
        data=args.data, store=args.store, endpoint=getattr(args, "endpoint", None), engine=getattr(args, "engine", "auto"),
        user=args.user, max_triples=getattr(args, "max_triples", defaults.MAX_TRIPLES), progress=progress, **graph)


def _validate(args):
    from .resources import ARTICLE, display_path, read_text
    from .results import format_report
    from .validate import validate

    text_path = args.text or (None if args.data or args.store else ARTICLE)  # the article's graph: check against it
    report = validate(_open(args), text=read_text(text_path) if text_path else None,
                      text_name=display_path(text_path) if text_path else None)
    print(format_report(report, args.format))
    if not report.conforms and args.format == "text":
        print(f"Does not conform: {len(report.problems)} problem{'s' * (len(report.problems) != 1)}.", file=sys.stderr)
    return EXIT_OK if report.conforms else EXIT_INVALID


def _stats(args):
    from ._progress import Progress
    from .results import format_stats
    from .stats import stats

    progress = Progress()
    try:
        result = stats(network=_open(args, progress, True), top=args.top, progress=progress.step, members=args.members,
                       betweenness_samples=args.betweenness_samples)
    finally:
        progress.close()
    print(format_stats(result, args.format))
    return EXIT_OK


def _query(args):
    from pathlib import Path  # noqa: I001
    from ._progress import Progress
    from .namespace import namespaces_of
    from .query import query_text, run_query
    from .results import format_result

    text, source = query_text(args.query, args.file, sys.stdin)
    progress = Progress()
    try:
        graph = _open(args, progress)
    finally:
        progress.close()
    base = Path(args.file).resolve().as_uri() if args.file else None  # relative IRIs: against the file
    print(format_result(run_query(graph, text, source, base), args.format, namespaces_of(graph, ours_first=True)))
    return EXIT_OK


def _queries(args):
    from .query import named_queries
    from .results import table

    print(table(["name", "question"], [[q.name, q.question] for q in named_queries().values()]))
    return EXIT_OK


def _viz(args):
    from ._progress import Progress
    from .resources import DEFAULT_VIEWER, display_path
    from .source import default_output_name
    from .viewer import VIEW_LIMIT, write_html

    out = args.out or default_output_name(args.data, args.store, args.endpoint) or DEFAULT_VIEWER
    progress = Progress()
    try:
        graph = _open(args, progress)
        network = _open(args, progress, network=True, graph=None if args.store else graph)
        path = write_html(graph, out, network)
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

    return serve(args.data, store=args.store, host=args.host, port=args.port, timeout=args.timeout,
                 log=lambda line: print(line, file=sys.stderr, flush=True))


def _push(args):
    from .endpoint import Endpoint, push, query_url_for
    from .engine import serialize, triple_count

    graph = _open(args)
    held = push(Endpoint(args.query_endpoint or query_url_for(args.target), args.user), args.target,
                serialize(graph, "nt"), args.graph)
    where = f"graph <{args.graph}>" if args.graph else "default graph"
    print(f"Pushed {triple_count(graph):,} triples to {args.target}; the store's {where} now holds {held:,} triples.")
    return EXIT_OK


def _load(args):
    from ._progress import Progress
    from .resources import DEFAULT_FILES
    from .source import build_store

    started = time.monotonic()
    n = build_store(args.files, args.out, Progress())
    count = len(args.files or DEFAULT_FILES)
    print(f"Loaded {n:,} triple{'s' * (n != 1)} from {count} file{'s' * (count != 1)} into {args.out} in "
          f"{time.monotonic() - started:.1f} s. Use it with --store {args.out}.")
    return EXIT_OK
