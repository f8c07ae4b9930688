"""The command line: ``python -m graph COMMAND``.

:func:`main` parses the arguments (:mod:`graph.cli.arguments`) and runs the command
(:mod:`graph.cli.commands`): each builds the :class:`~graph.source.Source` the options name, calls
one public function of the package and prints the result; no RDF or network logic lives here.
Library errors become one ``Error: ...`` line on stderr, chosen by the error's class. Exit codes
(:data:`~graph.cli.arguments.EXIT_CODES`, which ``--help`` lists):

0   success
1   ``validate`` found problems in the data
2   usage or input error: bad arguments, a missing or malformed file, a bad query, a store or
    endpoint that cannot be used
3   an unexpected error (a bug: please report it), still on one line
130 interrupted (Ctrl-C, SIGTERM or SIGHUP)

Importing this package imports nothing heavy: a command's modules are imported when it runs,
so ``python -m graph --help`` is quick.
"""

import os
import signal
import sys
import threading

from .arguments import EXIT_BUG, EXIT_CODES, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, EXIT_USAGE, build_parser

__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_INVALID", "EXIT_USAGE", "EXIT_BUG", "EXIT_INTERRUPTED", "EXIT_CODES"]


def main(argv=None):
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = build_parser().parse_args(argv)
    from . import commands  # lazy, as the two below: --help needs none of them (20 ms of its 50)
    from ..errors import GraphError
    from ..output import escape_controls

    previous = _interrupt_on_signals()
    _one_line_warnings()
    try:
        return commands.COMMANDS[args.command](args)
    except GraphError as e:
        print(f"Error: {escape_controls(str(e), keep='')}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("Interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as e:  # the system refused a path the user gave: no permission, a loop of links, a full disk
        where = f"{e.filename}: " if e.filename else ""
        print(f"Error: {escape_controls(where + (e.strerror or str(e)), keep='')}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as e:  # a bug of ours: still one line, and a code of its own
        print(f"Error: unexpected {type(e).__name__}: {escape_controls(str(e), keep='')} (please report it)",
              file=sys.stderr)
        return EXIT_BUG
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _one_line_warnings():
    """Libraries' log records as one line each on stderr (``Warning: ...``), never a traceback; rdflib's
    notes on literals it cannot convert are left out (``validate`` reports ill-typed literals itself)."""
    import logging  # lazy, as the one below: for the commands, not for --help

    from ..output import escape_controls

    class OneLine(logging.Handler):
        def emit(self, record):
            print(f"{record.levelname.capitalize()}: {escape_controls(record.getMessage(), keep='')}", file=sys.stderr)

    root = logging.getLogger()
    if not root.handlers:  # a program that embeds the command line keeps its own
        root.addHandler(OneLine(logging.WARNING))
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)


def _interrupt_on_signals():
    """SIGTERM and SIGHUP stop a command as Ctrl-C does, so that it cleans up (``load`` leaves no
    partial store); return the handlers to restore. Only the main thread can set them."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    return {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
