"""Where and why rdflib's parsers failed: ``:line:column`` and a one-line reason.

rdflib's parsers raise many types of exception, most without a position. This module reads the
position out of each kind it knows, so that a bad file is reported as ``FILE:LINE:COLUMN: ...``.
"""

import json

from .errors import one_line

__all__ = ["where", "reason"]


def where(error, text, fmt):
    """``':line:column'`` (or ``':line'``) for a parser error, or ``''`` when it cannot be told."""
    from rdflib.plugins.parsers.notation3 import BadSyntax

    if isinstance(error, BadSyntax):
        before = error._str[: error._i].decode("utf-8", "replace")
        column = len(before) - (before.rfind("\n") + 1) + 1
        return f":{error.lines + 1}:{column}"
    if isinstance(error, json.JSONDecodeError):
        return f":{error.lineno}:{error.colno}"
    get_line = getattr(error, "getLineNumber", None)  # xml.sax.SAXParseException
    if get_line is not None:
        return f":{get_line()}:{error.getColumnNumber() + 1}"
    if fmt == "nt":
        line = _first_bad_ntriples_line(text)
        if line:
            return f":{line}"
    return ""


def reason(error, fmt):
    """What went wrong, on one line."""
    from rdflib.plugins.parsers.notation3 import BadSyntax

    if isinstance(error, BadSyntax):
        return f"bad syntax: {error._why}"
    if isinstance(error, json.JSONDecodeError):
        return f"bad JSON: {error.msg}"
    get_message = getattr(error, "getMessage", None)
    if get_message is not None:
        return f"bad XML: {get_message()}"
    if fmt == "nt":
        return "not a valid N-Triples line"
    return one_line(error)


def _first_bad_ntriples_line(text):
    """The N-Triples parser does not say where it failed: find the first line it rejects."""
    from rdflib import Graph

    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            Graph().parse(data=line, format="nt")
        except Exception:
            return number
    return None
