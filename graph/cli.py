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


def _data_option():
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data",
        nargs="+",
        metavar="FILE",
        help="RDF files to use instead of the article's graph (format by extension: "
        ".ttl, .nt, .n3, .jsonld, .rdf/.xml/.owl)",
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
    from .load import load
    from .validate import validate

    graph = load(args.data) if args.data else None
    text = _read_text(args.text) if args.text else None
    report = validate(graph, text=text, text_name=args.text)
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
