"""The command line: ``python -m graph COMMAND``.

Each command parses its arguments, calls one public function of the package and prints the
result; no RDF or network logic lives here. Choices and defaults come from
:mod:`graph.defaults`. Library errors become one ``Error: ...`` line on stderr. Exit codes:

0   success
1   ``validate`` found problems in the data
2   usage or input error: bad arguments, a missing or malformed file, a bad query, a store or
    endpoint that cannot be used
3   an unexpected error (a bug: please report it), still on one line
130 interrupted (Ctrl-C, SIGTERM or SIGHUP)
"""

import os
import signal
import sys
import threading
import time

from . import defaults
from .arguments import EXIT_USAGE, build_parser

__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_INVALID", "EXIT_USAGE", "EXIT_BUG"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_BUG = 3


def main(argv=None):
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = build_parser().parse_args(argv)
    from .errors import GraphError

    previous = _interrupt_on_signals()
    try:
        return _COMMANDS[args.command](args)
    except GraphError as e:
        from ._limits import escape_controls

        print(f"Error: {escape_controls(str(e), keep='')}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("Interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as e:  # a bug of ours: still one line, and a code of its own
        from ._limits import escape_controls

        print(f"Error: unexpected {type(e).__name__}: {escape_controls(str(e), keep='')} (please report it)",
              file=sys.stderr)
        return EXIT_BUG
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _interrupt_on_signals():
    """SIGTERM and SIGHUP stop a command as Ctrl-C does, so that it cleans up (``load`` leaves no
    partial store); return the handlers to restore. Only the main thread can set them."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    return {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}


def _emit(text, raw=False):
    """Print ``text``, its control characters escaped unless ``raw`` (csv, tsv, json, xml) goes to no terminal."""
    from ._limits import escape_controls

    print(text if raw and not sys.stdout.isatty() else escape_controls(text))


def _open(args, progress=None, network=False, **extra):
    """The graph of the source the options name (or, with ``network``, its concept network)."""
    from . import source

    return (source.open_network if network else source.open_graph)(
        data=args.data, store=args.store, endpoint=getattr(args, "endpoint", None), engine=getattr(args, "engine", "auto"),
        user=args.user, max_triples=getattr(args, "max_triples", defaults.MAX_TRIPLES), progress=progress, **extra)


def _validate(args):
    from .resources import ARTICLE, display_path, read_text
    from .results import format_report
    from .validate import validate

    text_path = args.text or (None if args.data or args.store else ARTICLE)  # the article's graph: check against it
    report = validate(_open(args), text=read_text(text_path) if text_path else None,
                      text_name=display_path(text_path) if text_path else None)
    _emit(format_report(report, args.format), raw=args.format == "json")
    if not report.conforms and args.format == "text":
        print(f"Does not conform: {len(report.problems)} problem{'s' * (len(report.problems) != 1)}.", file=sys.stderr)
    return EXIT_OK if report.conforms else EXIT_INVALID


def _stats(args):
    from ._progress import Progress
    from .results import format_stats
    from .stats import stats

    progress = Progress()
    try:
        result = stats(network=_open(args, progress, network=True), top=args.top, progress=progress.step,
                       members=args.members, betweenness_samples=args.betweenness_samples)
    finally:
        progress.close()
    _emit(format_stats(result, args.format), raw=args.format == "json")
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
    answer = run_query(graph, text, source, base, timeout=args.timeout)
    _emit(format_result(answer, args.format, namespaces_of(graph, ours_first=True)), raw=args.format != "table")
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
        path = write_html(graph, out, network, inputs=args.data or ())
    finally:
        progress.close()
    n, m = len(network), network.edge_count
    print(f"Wrote {display_path(path)}: {n:,} concept{'s' * (n != 1)}, {m:,} relation{'s' * (m != 1)}.")
    if args.png:
        from .image import write_png

        print(f"Wrote {display_path(write_png(path, args.png, args.scale))}: the first view at {args.scale}x.")
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
                 log=_log_line, workers=args.workers)


def _log_line(line):
    sys.stderr.write(line + "\n")  # one write: lines from many threads never interleave
    sys.stderr.flush()


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


def _export(args):
    from .export import export, read_source, write_export

    if args.format == "neo4j-csv" and not args.out:
        from .errors import DataError

        raise DataError("neo4j-csv writes two files: give the folder with --out DIR")
    graph, network, evidence = read_source(lambda: _open(args), lambda **kw: _open(args, network=True, **kw), args.format)
    text = export(graph, args.format, network, evidence)
    if not args.out:
        sys.stdout.write(text)
        return EXIT_OK
    paths = write_export(text, args.out, args.format, inputs=args.data or ())
    print(f"Wrote {', '.join(f'{p} ({p.stat().st_size:,} bytes)' for p in paths)}.", file=sys.stderr)
    return EXIT_OK


def _compare(args):
    from .compare import compare
    from .results import format_comparison

    print(format_comparison(compare(args.candidate, args.against), args.format))
    return EXIT_OK


_COMMANDS = {"validate": _validate, "stats": _stats, "query": _query, "queries": _queries, "viz": _viz,
             "serve": _serve, "push": _push, "load": _load, "export": _export, "compare": _compare}
