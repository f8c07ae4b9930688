"""The commands of ``python -m graph``: each builds the source, calls one library function, prints.

Each command imports the modules it uses when it runs (one command never pays for another's
imports: pySHACL, Jinja, igraph...), and prints what the library returns, with control characters
escaped on a terminal.
"""

import sys
import time
from pathlib import Path

from ..defaults import MAX_TRIPLES, VIEW_LIMIT
from ..output import escape_controls
from ..progress import Progress

__all__ = ["COMMANDS"]


def _emit(text, raw=False, stream=None, end="\n", keep="\n\t"):
    """Write ``text`` to standard output (or ``stream``), its control characters escaped unless ``raw``
    (csv, tsv, json, xml, the exports) goes to no terminal. A stream that cannot be written (a full
    device) is one line and exit code 2; one whose reader went away stops the command quietly."""
    stream = stream or sys.stdout
    try:
        stream.write((text if raw and not stream.isatty() else escape_controls(text, keep)) + end)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        from ..errors import DataError

        name = "standard output" if stream is sys.stdout else "standard error"
        raise DataError(f"{name}: cannot write: {e.strerror or e}") from e


def _note(text):
    """A line about what was done, on standard error."""
    _emit(text, stream=sys.stderr)


def _source(args, progress=None):
    """The :class:`~graph.source.Source` the options name."""
    from ..source import Source

    return Source(data=args.data, store=args.store, endpoint=getattr(args, "endpoint", None),
                  engine=getattr(args, "engine", "auto"), user=args.user,
                  max_triples=getattr(args, "max_triples", MAX_TRIPLES), progress=progress)


def _validate(args):
    from ..evidence.validation import validate
    from ..resources import display_path, read_text
    from ..results import format_report

    report = validate(_source(args), text=read_text(args.text) if args.text else None,
                      text_name=display_path(args.text) if args.text else None)
    _emit(format_report(report, args.format), raw=args.format == "json")
    if not report.conforms and args.format == "text":
        _note(f"Does not conform: {len(report.problems)} problem{'s' * (len(report.problems) != 1)}.")
    return 1 if not report.conforms else 0


def _stats(args):
    from ..network.analysis import stats
    from ..results import format_stats

    progress = Progress()
    try:
        result = stats(_source(args, progress), top=args.top, progress=progress.step, members=args.members,
                       betweenness_samples=args.betweenness_samples)
    finally:
        progress.close()
    _emit(format_stats(result, args.format), raw=args.format == "json")
    return 0


def _query(args):
    from ..query import query_text, run_query
    from ..results import format_result

    text, origin = query_text(args.query, args.file, sys.stdin)
    progress = Progress()
    try:
        source = _source(args, progress).open()  # read before the query's time limit starts
    finally:
        progress.close()
    base = Path(args.file).resolve().as_uri() if args.file else None  # relative IRIs: against the file
    answer = run_query(source, text, origin, base, timeout=args.timeout)
    _emit(format_result(answer, args.format, source.namespaces(ours_first=True)), raw=args.format != "table")
    return 0


def _queries(args):
    from ..query import named_queries
    from ..results import table

    _emit(table(["name", "question"], [[q.name, q.question] for q in named_queries().values()]))
    return 0


def _viz(args):
    from ..resources import DEFAULT_VIEWER, display_path
    from ..viewer import write_html

    progress = Progress()
    try:
        source = _source(args, progress)
        path = write_html(source, args.out or source.output_name() or DEFAULT_VIEWER, inputs=source.inputs)
        network = source.network()
    finally:
        progress.close()
    n, m = len(network), network.edge_count
    _emit(f"Wrote {display_path(path)}: {n:,} concept{'s' * (n != 1)}, {m:,} relation{'s' * (m != 1)}.")
    if args.png:
        from ..viewer.image import write_png

        image = write_png(path, args.png, args.scale, inputs=source.inputs)
        _emit(f"Wrote {display_path(image)}: the first view at {args.scale}x.")
    if n > VIEW_LIMIT:
        _emit(f"The page shows the {VIEW_LIMIT:,} most important of them: the concepts with the highest "
              "PageRank and their neighbours.")
    if args.open:
        import webbrowser  # lazy: only --open needs it

        webbrowser.open(path.resolve().as_uri())
    return 0


def _serve(args):
    from ..server import serve

    return serve(_source(args), host=args.host, port=args.port, timeout=args.timeout, workers=args.workers,
                 hosts=args.hosts)


def _push(args):
    from ..source.endpoint import Endpoint, push, query_url_for

    source = _source(args)
    held = push(Endpoint(args.query_endpoint or query_url_for(args.target), args.user), args.target,
                source.serialize("nt"), args.graph)
    where = f"graph <{args.graph}>" if args.graph else "default graph"
    _emit(f"Pushed {source.count():,} triples to {args.target}; the store's {where} now holds {held:,} triples.")
    return 0


def _load(args):
    from ..resources import DEFAULT_FILES
    from ..source.store import build_store

    started = time.monotonic()
    n = build_store(args.files, args.out, Progress())
    count = len(args.files or DEFAULT_FILES)
    _emit(f"Loaded {n:,} triple{'s' * (n != 1)} from {count} file{'s' * (count != 1)} into {args.out} in "
          f"{time.monotonic() - started:.1f} s. Use it with --store {args.out}.")
    return 0


def _export(args):
    from ..errors import DataError
    from ..exports import export, write_export

    if args.format == "neo4j-csv" and not args.out:
        raise DataError("neo4j-csv writes two files: give the folder with --out DIR")
    source = _source(args)
    text = export(source, args.format)
    if not args.out:
        _emit(text, raw=True, end="", keep="\n\t\r")  # on a terminal: CSV's \r\n kept
        return 0
    paths = write_export(text, args.out, args.format, inputs=source.inputs)
    _note(f"Wrote {', '.join(f'{p} ({p.stat().st_size:,} bytes)' for p in paths)}.")
    return 0


def _compare(args):
    from ..evidence.compare import compare
    from ..results import format_comparison

    _emit(format_comparison(compare(args.candidate, args.against, args.document), args.format), raw=args.format == "json")
    return 0


def _propose(args):
    from ..corpus.propose import propose
    from ..results import to_json

    document, report = propose(args.document, args.against, name=args.name)
    _write_document(document.turtle(), args)
    _emit(to_json(report) if args.format == "json" else report["summary"], raw=args.format == "json")
    return 0


def _import(args):
    from ..corpus.importers import import_file
    from ..results import to_json

    turtle, report = import_file(args.file, args.tool, args.against, mapping=args.map)
    _write_document(turtle, args, inputs=(args.file, *report["read"]))
    _emit(to_json(report) if args.format == "json" else report["summary"], raw=args.format == "json")
    return 0


def _write_document(turtle, args, inputs=()):
    from ..output import write_whole
    from ..source import Source

    write_whole(args.out, turtle, (*inputs, getattr(args, "document", None) or args.file,
                                   *Source.of(args.against).inputs))


def _annotate(args):
    from ..corpus.annotate import annotate

    return annotate(args.document, args.out, args.against, port=args.port)


#: Each command's function, by name.
COMMANDS = {"validate": _validate, "stats": _stats, "query": _query, "queries": _queries, "viz": _viz,
            "serve": _serve, "push": _push, "load": _load, "export": _export, "compare": _compare,
            "propose": _propose, "import": _import, "annotate": _annotate}
