"""The arguments of ``python -m graph``: every command, option, choice and help text, declared once.

The command line (:func:`graph.cli.main`) runs what this parser returns; the choices and defaults come
from :mod:`graph.defaults`. Importing this module imports nothing heavy, so ``--help`` is quick.
"""

import argparse
import os

from .. import defaults

__all__ = ["build_parser", "EXIT_OK", "EXIT_INVALID", "EXIT_USAGE", "EXIT_BUG", "EXIT_INTERRUPTED", "EXIT_CODES"]

EXIT_OK = 0
#: ``validate`` found problems in the data.
EXIT_INVALID = 1
#: The exit code of a usage or input error.
EXIT_USAGE = 2
#: An unexpected error: a bug.
EXIT_BUG = 3
#: Ctrl-C, SIGTERM or SIGHUP.
EXIT_INTERRUPTED = 130
#: Every exit code with what it means, in order: ``--help`` lists them, docs/commands.md too (a test checks).
EXIT_CODES = {
    EXIT_OK: "success",
    EXIT_INVALID: "validate found problems",
    EXIT_USAGE: "usage or input error",
    EXIT_BUG: "an unexpected error (a bug: please report it)",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C, SIGTERM, SIGHUP)",
}


class _Version(argparse.Action):
    """``--version``: the package's version, read only when asked (:func:`graph.resources.version`)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from ..resources import DISTRIBUTION, version  # lazy: the metadata is read for --version only

        print(f"{DISTRIBUTION} {version()}")  # on stdout, as argparse's own version action prints
        parser.exit(EXIT_OK)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit with :data:`EXIT_USAGE`."""

    def error(self, message):
        from ..output import escape_controls  # lazy: --help needs none of it

        self.exit(EXIT_USAGE, f"Error: {escape_controls(message, keep='')} (see '{self.prog} --help')\n")

    def parse_args(self, args=None, namespace=None):
        parsed = super().parse_args(args, namespace)
        data = getattr(parsed, "data", None)
        if getattr(parsed, "query", "") is None and not getattr(parsed, "file", None) and data and len(data) > 1 \
                and not os.path.exists(data[-1]):
            parsed.query = data.pop()  # `query --data f.ttl 'SELECT ...'`: --data took the query as a file
        return parsed


def _positive(text):
    value = int(text) if text.strip().isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return value


def _seconds(text):
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not 0 < value <= defaults.MAX_TIMEOUT:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0 and at most {defaults.MAX_TIMEOUT:,}, "
                                         f"not {text!r}")
    return int(value) if value == int(value) else value


def _port(text):
    value = int(text) if text.strip().isdigit() else -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, not {text!r}")
    return value


def _workers(text):
    value = _positive(text)
    if value > defaults.workers_bound():
        raise argparse.ArgumentTypeError(f"at most {defaults.workers_bound()} query workers on this machine (four per "
                                         f"core), not {text!r}")
    return value


def _count(text):
    return 0 if text.strip() == "0" else _positive(text)


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
        epilog="Exit codes: " + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items()) + ".",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
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

    p = commands.add_parser("stats", parents=[source, report],
                            help="analyse the graph: counts, centrality, communities, pillar bridges",
                            description="Analyse the concept network: counts per class and predicate, density, "
                            "components, the top concepts by degree, betweenness and PageRank, communities "
                            "(seeded, stable) and the concepts that bridge the pillars.")
    p.add_argument("--top", type=_positive, default=defaults.TOP, metavar="N",
                   help=f"how many concepts each ranking lists (default: {defaults.TOP})")
    p.add_argument("--betweenness-samples", type=_count, metavar="N",
                   help="estimate betweenness from N source concepts; 0 leaves it out (default: exact up to 5,000 "
                   f"concepts, then sized to the graph, {defaults.BETWEENNESS_SAMPLES} at a million triples)")
    p.add_argument("--members", action="store_true", help="with --format json: every community with all its members")

    p = commands.add_parser("query", parents=[source, _format_option(defaults.QUERY_FORMATS)],
                            help="answer a SPARQL query (text, file, standard input, or a named query)",
                            description="Run a read-only SPARQL query, with the project's prefixes (ev:, kg:, "
                            "art:, claim:, nif:, itsrdf:, doco:, prov:, dcterms:, skos:, rdf:, rdfs:, owl:, xsd:) "
                            "and the data's own bound (on files and stores also rdflib's usual ones: foaf:, "
                            "schema:...). SELECT "
                            "and ASK print a table (or csv, tsv, json, xml); CONSTRUCT and DESCRIBE print Turtle "
                            "(json: JSON-LD, xml: RDF/XML). Updates, SERVICE and FROM are refused.")
    p.add_argument("query", nargs="?", metavar="QUERY", help="the SPARQL text, or the name of a query in queries/ "
                   "(see 'queries'); '-' or nothing reads standard input")
    p.add_argument("-f", "--file", metavar="FILE", help="read the query from FILE")
    p.add_argument("--timeout", type=_seconds, default=defaults.QUERY_TIMEOUT, metavar="SECONDS",
                   help=f"stop the query if it runs longer, locally or at the endpoint (default: {defaults.QUERY_TIMEOUT})")

    p = commands.add_parser("viz", parents=[source], help="write the interactive viewer: one offline HTML file",
                            description="Write the interactive viewer: one self-contained HTML file that opens in "
                            "any browser, offline, with a legend, search, each concept's relations, and for each "
                            "edge the sentence of the article that says it.")
    p.add_argument("--out", metavar="PATH", help="where to write it (default: viz/ev-knowledge-graph.html for the "
                   "article's graph in a checkout, NAME.html in the current folder for --data NAME.ttl ...)")
    p.add_argument("--open", action="store_true", help="open it in the default browser afterwards")
    p.add_argument("--png", metavar="FILE", help="also render the page's first view to a PNG image, headless "
                   "(needs Chromium and the Python package playwright)")
    p.add_argument("--scale", type=_positive, default=2, metavar="N", help="with --png: pixels per CSS pixel "
                   "(default: 2)")

    p = commands.add_parser("serve", parents=[_source_options(endpoint=False, engine=False)],
                            help="serve the graph at a SPARQL endpoint (read-only, with a time limit)",
                            description="Serve the graph at a SPARQL 1.1 Protocol endpoint, /query: Oxigraph's "
                            "engine in worker processes behind a guard that refuses updates, SERVICE and FROM, with "
                            "an offline query page at /. Results in the format the Accept header asks. Ctrl-C stops it.")
    p.add_argument("--host", default=defaults.HOST, help=f"address to listen on (default: {defaults.HOST})")
    p.add_argument("--port", type=_port, default=defaults.PORT,
                   help=f"port to listen on (default: {defaults.PORT}; 0: any free port)")
    p.add_argument("--timeout", type=_seconds, default=defaults.TIMEOUT, metavar="SECONDS",
                   help=f"stop any query that runs longer (default: {defaults.TIMEOUT})")
    p.add_argument("--workers", type=_workers, default=None, metavar="N",
                   help="query worker processes, each running one query at a time (default: twice the cores, plus two, "
                   f"at most {defaults.MAX_WORKERS}; at most {defaults.workers_bound()} here, four per core)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME", dest="hosts",
                   help="also answer requests that name the server NAME (the Host header); by default only the "
                   "address it listens on, and localhost on the loopback (a page elsewhere whose name was rebound "
                   "to this address cannot read the graph)"),

    p = commands.add_parser("push", parents=[_source_options(endpoint=False, engine=False)],
                            help="upload the graph to a triple store (Graph Store Protocol)",
                            description="Upload the graph (the article's, --data files or a --store) with the SPARQL "
                            "1.1 Graph Store Protocol, and say how many triples the store then holds.")
    p.add_argument("--to", required=True, metavar="URL", dest="target",
                   help="the store's Graph Store Protocol endpoint (Oxigraph: http://HOST:PORT/store)")
    p.add_argument("--query-endpoint", metavar="URL", help="its SPARQL query endpoint, to count the triples "
                   "(default: the --to URL with a final /store replaced by /query)")
    p.add_argument("--graph", metavar="IRI", help="upload into this named graph (default: the default graph)")

    p = commands.add_parser("load", help="build an on-disk store of RDF files once, for --store",
                            description="Parse RDF files (default: the article's graph) into a new on-disk "
                            "Oxigraph store in DIR. Every command then takes --store DIR and starts at once.")
    p.add_argument("--out", metavar="DIR", required=True, help="the new store's folder (must not exist, or be empty)")
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files (default: data/triples.ttl and data/ontology.ttl)")

    p = commands.add_parser("export", parents=[source], help="write the graph for another tool (Gephi, Cytoscape, "
                            "Neo4j, JSON-LD, Web Annotations, RDF 1.2, a spreadsheet)",
                            description="Write the concept network with the evidence of every relation (statement, "
                            "modality, sentence, offsets, section, mentions) for another tool; see docs/exports.md. "
                            "The same input gives the same bytes; a file is written whole or not at all.")
    p.add_argument("--format", required=True, choices=defaults.EXPORT_FORMATS, help="what to write: "
                   + ", ".join(defaults.EXPORT_FORMATS))
    p.add_argument("--out", metavar="PATH", help="the file to write (default: standard output); for neo4j-csv a "
                   "new folder (required)")

    p = commands.add_parser("compare", parents=[_format_option(defaults.COMPARE_FORMATS)],
                            help="score a candidate graph of the article against the reference: precision, recall, F1",
                            description="Score a candidate graph of the same text (RDF in any format we read, or a "
                            "CSV of subject, predicate, object and optional evidence text or offsets) against the "
                            "reference (default: the article's graph): concepts by their labels, relations by "
                            "their two concepts (and with the predicate), evidence by overlap with the reference "
                            "sentence. See docs/compare.md.")
    p.add_argument("candidate", metavar="CANDIDATE", help="the candidate graph: an RDF file or a .csv")
    p.add_argument("--against", nargs="+", metavar="FILE", help="the reference graph's RDF files (default: the "
                   "article's graph)")
    p.add_argument("--document", metavar="NAME", help="where the reference holds many documents, score against this "
                   "one (its short name, title or IRI; default: the one with the candidate's text, else all)")

    corpus = argparse.ArgumentParser(add_help=False)
    corpus.add_argument("--against", nargs="+", metavar="FILE", help="the corpus whose concepts the document shares "
                        "(RDF files; default: the article's graph)")

    p = commands.add_parser("propose", parents=[corpus, _format_option(defaults.REPORT_FORMATS)],
                            help="read a text document and write its graph as proposals (mentions and claims to curate)",
                            description="Read a plain text or Markdown document and write its graph as proposals: "
                            "its sentences (exact offsets), mentions of the concepts the corpus knows and of new "
                            "candidate concepts, and candidate claims with a predicate and a modality guessed from the "
                            "words, each marked as proposed. Offline and deterministic. See docs/documents.md.")
    p.add_argument("document", metavar="DOC", help="the document: a UTF-8 text or Markdown file")
    p.add_argument("--out", required=True, metavar="FILE", help="the Turtle file to write (FILE.ttl)")
    p.add_argument("--name", metavar="NAME", help="the document's name in its IRIs (default: the file's name)")

    p = commands.add_parser("import", parents=[corpus, _format_option(defaults.REPORT_FORMATS)],
                            help="turn another tool's annotations into the graph (LangExtract, doccano, brat, "
                            "Label Studio, GraphRAG), every offset checked against the text",
                            description="Read the annotations another tool wrote and write them as documents of "
                            "the graph: every interval is checked against the text (kept when exact, searched for "
                            "when wrong or missing, dropped and reported when its words are not there), labels "
                            "linked to the corpus's concepts, relation types mapped to the vocabulary. "
                            "See docs/documents.md.")
    p.add_argument("file", metavar="FILE", help="the tool's output (for brat, the .ann file with its .txt beside it)")
    p.add_argument("--from", required=True, dest="tool", choices=defaults.IMPORT_FORMATS, metavar="FORMAT",
                   help="the tool that wrote it: " + ", ".join(defaults.IMPORT_FORMATS))
    p.add_argument("--out", required=True, metavar="FILE", help="the Turtle file to write (FILE.ttl)")
    p.add_argument("--map", metavar="FILE", help="relation types to predicates, one 'type<TAB>predicate' a line, "
                   "over the automatic mapping")

    p = commands.add_parser("annotate", parents=[corpus],
                            help="curate a document in the browser: a local page that saves every change at once",
                            description="Serve a page on 127.0.0.1 (with a token for this run) that shows the document "
                            "sentence by sentence with its proposals: accept, reject, select words to make a mention, "
                            "join two mentions with a predicate and a modality, undo. Every change is checked and "
                            "saved at once to the document's Turtle file. Ctrl-C stops it.")
    p.add_argument("document", metavar="DOC", help="the document: a UTF-8 text or Markdown file")
    p.add_argument("--out", metavar="FILE", help="its Turtle file, read if it exists (proposals included) and "
                   "saved at every change (default: DOC with .ttl)")
    p.add_argument("--port", type=_port, default=0, help="port to listen on (default: any free port)")

    p = commands.add_parser("queries", help="list the named queries of queries/ with the question each asks",
                            description="List the named SPARQL queries (queries/*.rq) with the question each "
                            "asks. Run one with 'python -m graph query NAME'.")
    return parser
