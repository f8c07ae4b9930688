"""Bounds on hostile input, checked before any parser sees it, and on what a query may cost.

Parsers are the soft spot of a tool that reads files from strangers: an RDF/XML document type
declaration can define entities that expand a kilobyte into gigabytes ("billion laughs") or
name files and URLs to read; JSON-LD or Turtle nested a few thousand levels deep overflows the
stack of one parser and the recursion limit of another. :func:`check_input` reads the file
once, refuses these forms with one line naming the file, and only then lets a parser have it,
so that both engines accept and refuse the same inputs. :class:`Capped` stops an answer that
grows past its size limit or its deadline while it is written; :func:`bounded` runs a call in
a worker thread, so that a time limit and Ctrl-C stop the wait at once (:func:`abandoned` says
whether such a call still runs, so that the command line can end the process instead of waiting).
"""

import json
import os
import re
import signal
import sys
import threading
import time

from .defaults import MAX_DEPTH, MAX_RESULT_BYTES
from .errors import AnswerTooLarge, DataError, QueryTimeout, QueryTooComplex

__all__ = ["check_input", "depth", "check_query_depth", "Capped", "bounded", "abandoned", "die_with_parent",
           "STACK_BYTES", "MAX_OPERATORS"]

#: The stack of a thread that parses queries: Oxigraph's parser recurses once per operator of a
#: chain, and 64 MB holds twice :data:`MAX_OPERATORS` with room to spare (8 MB, the default, does not).
STACK_BYTES = 64 << 20
#: The most operators (``! & | + - * / ^``) a query may hold.
MAX_OPERATORS = 10_000

_XML_FORMATS = {"xml"}
_NESTING_FORMATS = {"json-ld", "turtle", "trig", "n3", "xml"}
_LINE_FORMATS = {"nt", "nquads"}  # no brackets but triple terms' <<( )>>: read only when one is there

# Text that may hold brackets that are no nesting: strings, IRIs, comments.
_TURTLE_INERT = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                           r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n\r]*', re.S)
_JSON_INERT = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_XML_INERT = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)
_XML_EMPTY = re.compile(r"""<[^\s<>/!?][^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*/>""")
_XML_OPEN = re.compile(r"""<[^\s<>/!?][^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*>""")
_XML_CLOSE = re.compile(r"</[^<>]*>")
_PAIRS = re.compile(r"\[[^\[\]{}()]*\]|\{[^\[\]{}()]*\}|\([^\[\]{}()]*\)")
_NOT_BRACKET = re.compile(r"[^\[\]{}()]+")
_ENCODING = re.compile(r"""^<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")


def depth(brackets, limit=MAX_DEPTH):
    """How deep the brackets ``[] {} ()`` of ``brackets`` nest, up to ``limit + 1`` (then it stops).

    Each pass removes the innermost pairs, at the speed of the regular expression engine, so a
    file is read ``depth`` times at most and never recursively.

    Examples
    --------
    >>> depth("{[()][]}"), depth("[" * 50 + "]" * 50, limit=10)
    (3, 11)
    """
    text, level = _NOT_BRACKET.sub("", brackets), 0
    while text and level <= limit:
        shorter = _PAIRS.sub("", text)
        if shorter == text:  # unbalanced: count every opener left as one more level (at most)
            return level + sum(text.count(c) for c in "[{(")
        text, level = shorter, level + 1
    return level


def _xml_prolog(path, text):
    """Refuse a document type declaration, or any encoding but UTF-8, before the root element."""
    declared = _ENCODING.match(text)
    if declared and declared.group(1).strip().lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii", "ascii"):
        raise DataError(f"{path}: RDF/XML in encoding {declared.group(1)!r} is refused: use UTF-8")
    if "\x00" in text:
        raise DataError(f"{path}: RDF/XML holding a NUL character is refused")
    if "<!" in _XML_INERT.sub("", _before_root(text)) or re.search(r"<!\s*(DOCTYPE|ENTITY)", _XML_INERT.sub("", text), re.I):
        raise DataError(f"{path}: RDF/XML with a document type declaration (<!DOCTYPE or <!ENTITY) is refused: "
                        "entities can expand without bound or read other files")
    root = _root(text)
    if not root:  # one parser reads an empty file as an empty graph, another refuses it: say so for both
        raise DataError(f"{path}: no element: not RDF/XML")
    if ":" not in root.split(None, 1)[0] and "xmlns=" not in root.replace(" ", ""):
        name = root[1:].split(None, 1)[0].rstrip("/>")
        raise DataError(f"{path}: the root element <{name}> has no namespace: not RDF/XML")


def _before_root(text):
    """The prolog: everything before the first element."""
    found = re.search(r"<[^!?]", _XML_INERT.sub(lambda m: " " * len(m.group()), text))
    return text[: found.start()] if found else text


def _root(text):
    rest = text[len(_before_root(text)):]
    found = _XML_OPEN.match(rest) or _XML_EMPTY.match(rest)
    return found.group() if found else ""


def check_input(path, fmt, limit=MAX_DEPTH):
    """Refuse what no parser should see: raise :class:`~graph.errors.DataError` for text that
    is not UTF-8, RDF/XML with a document type declaration (entities: "billion laughs", external
    files), a non-UTF-8 encoding or a root element outside any namespace, and nesting deeper
    than ``limit`` (JSON-LD objects and arrays, Turtle and N3 blank nodes, lists and formulas,
    XML elements, the triple terms ``<<( )>>`` of N-Triples and N-Quads: a line of those is read
    only when it holds one).

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonld", delete=False) as f:
    ...     _ = f.write('{"@id": "http://a", "http://p": ' + "[" * 300 + "]" * 300 + "}")
    >>> check_input(f.name, "json-ld")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.DataError: ...: nested deeper than 128 levels: refused
    >>> os.unlink(f.name)
    """
    if fmt in _LINE_FORMATS and not _holds(path, b"<<("):  # lines nest only in RDF 1.2's triple terms
        return
    if fmt not in _NESTING_FORMATS and fmt not in _LINE_FORMATS:
        return
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise DataError(f"{path}: cannot read: {e.strerror}") from e
    if data.startswith((b"\xfe\xff", b"\xff\xfe", b"\x00\x00\xfe\xff")) or data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        raise DataError(f"{path}: UTF-16 or UTF-32 text is refused: use UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise DataError(f"{path}:{line}: not UTF-8 text ({e.reason})") from e
    if fmt in _XML_FORMATS:
        _xml_prolog(path, text)
    if sum(text.count(c) for c in "[{(<") > limit:
        _check_depth(path, fmt, text, limit)
    if fmt == "json-ld":  # once its depth is known to be bounded: it is read as JSON
        _jsonld_references(path, text)


def _holds(path, needle, chunk=1 << 24):
    """Whether the file ``path`` holds the bytes ``needle`` (read a chunk at a time)."""
    try:
        with open(path, "rb") as f:
            tail = b""
            while block := f.read(chunk):
                if needle in tail + block[:len(needle)] or needle in block:
                    return True
                tail = block[-len(needle):]
    except OSError as e:
        raise DataError(f"{path}: cannot read: {e.strerror}") from e
    return False


def _check_depth(path, fmt, text, limit):
    if fmt == "json-ld":
        brackets = _JSON_INERT.sub("", text)
    elif fmt == "xml":
        inert = _XML_EMPTY.sub("", _XML_INERT.sub("", text))
        brackets = _XML_CLOSE.sub(")", _XML_OPEN.sub("(", _NOT_XML.sub("", inert)))
    else:
        brackets = _TURTLE_INERT.sub("", text)
    if depth(brackets, limit) > limit:
        raise DataError(f"{path}: nested deeper than {limit} levels: refused")


_NOT_XML = re.compile(r"[\[\]{}()]")


def _jsonld_references(path, text):
    """Refuse a JSON-LD document that is no object or array, or that reads a context from elsewhere
    (a URL, a file) wherever it stands: a context given as a string, alone, in an array or an
    array of arrays, in the document, in a context (``{"@context": {"@context": ...}}``) or in the
    scoped context of a term, and any ``@import``. The
    document is read as JSON (its nesting already bounded), so no escape or spelling of a key
    hides one; all this before any parser sees it."""
    if text.lstrip()[:1] not in ("{", "["):
        raise DataError(f"{path}: not a JSON-LD document (it must be a JSON object or array)")
    try:
        document = json.loads(text)
    except ValueError as e:
        line = getattr(e, "lineno", None)
        raise DataError(f"{path}{f':{line}:{e.colno}' if line else ''}: bad JSON: {getattr(e, 'msg', e)}") from e

    def refused(how=""):
        return DataError(f"{path}: a JSON-LD context by reference (a URL or a file{how}) is refused: "
                         "give the context inline")

    def context(value):
        if isinstance(value, str):
            raise refused()
        if isinstance(value, list):
            for item in value:
                context(item)
        elif isinstance(value, dict):
            if "@import" in value:
                raise refused(", with @import")
            for key, definition in value.items():
                if key == "@context":  # a context inside a context: processors unwrap it
                    context(definition)
                elif isinstance(definition, dict) and "@context" in definition:
                    context(definition["@context"])  # a term's scoped context

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "@context":
                    context(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document)


def check_query_depth(sparql, origin="query", limit=MAX_DEPTH, operators=MAX_OPERATORS):
    """Refuse a query whose groups, brackets and quoted triples (``<< >>``) nest deeper than
    ``limit``, or that holds more than ``operators`` operators (``! & | + - * / ^``, counted outside
    its strings, IRIs, comments and names), before a parser recurses into it: Oxigraph's parser goes
    one level down per bracket and per operator of a chain, and a deep enough query overflows any stack.

    Examples
    --------
    >>> check_query_depth("ASK { FILTER(" + "(" * 200 + "1" + ")" * 200 + ") }")
    Traceback (most recent call last):
    ...
    graph.errors.QueryTooComplex: query: nested deeper than 128 levels: refused
    >>> check_query_depth("ASK { FILTER(" + "!" * 20000 + "true) }")
    Traceback (most recent call last):
    ...
    graph.errors.QueryTooComplex: query: more than 10,000 operators (! & | + - * / ^): refused
    """
    if sum(sparql.count(c) for c in "[{(<!&|+-*/^") <= limit:
        return
    bare = _TURTLE_INERT.sub("", sparql)
    if depth(bare.replace("<<", "(").replace(">>", ")"), limit) > limit:
        raise QueryTooComplex(f"{origin}: nested deeper than {limit} levels: refused")
    if sum(map(bare.count, _OPERATORS)) - bare.count("!=") > operators and \
            sum(map(_NAMES.sub(" ", bare).count, _OPERATORS)) - bare.count("!=") > operators:
        raise QueryTooComplex(f"{origin}: more than {operators:,} operators (! & | + - * / ^): refused")


_OPERATORS = "!&|+-*/^"
_NAMES = re.compile(r"[?$]\w+|(?:[^\W\d][\w.-]*)?:[\w.-]*|\w[\w.]*")  # variables, prefixed names, words, numbers


class Capped:
    """A binary writer that keeps what is written, up to ``limit`` bytes and until ``deadline``
    (a ``time.monotonic()`` value): past either, the next write raises :class:`~graph.errors.AnswerTooLarge`
    or :class:`~graph.errors.QueryTimeout`."""

    def __init__(self, origin="query", limit=MAX_RESULT_BYTES, deadline=None, timeout=None):
        self.origin, self.limit, self.deadline, self.timeout = origin, limit, deadline, timeout
        self.parts, self.size = [], 0

    def write(self, data):
        self.size += len(data)
        if self.size > self.limit:
            raise AnswerTooLarge(f"{self.origin}: the answer is larger than {self.limit:,} bytes: refused "
                             "(ask for fewer rows, e.g. with LIMIT)")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise QueryTimeout(f"{self.origin}: the query ran longer than the time limit of {self.timeout:g} s")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def getvalue(self):
        return b"".join(self.parts)


def bounded(call, timeout, origin="query"):
    """``call()`` in a worker thread; wait at most ``timeout`` seconds (``None``: no limit).

    The wait stops at once on the time limit (:class:`~graph.errors.QueryTimeout`) or on Ctrl-C
    (``KeyboardInterrupt``); the worker is abandoned and ends with its call (give the call a
    deadline of its own, such as :class:`Capped`'s, so that it ends soon too). The worker thread
    has a stack of :data:`STACK_BYTES`, deep enough for Oxigraph's parser on any query the size
    limits allow.

    Examples
    --------
    >>> bounded(lambda: 42, 1)
    42
    >>> bounded(lambda: time.sleep(5), 0.1)
    Traceback (most recent call last):
    ...
    graph.errors.QueryTimeout: query: the query ran longer than the time limit of 0.1 s
    """
    outcome = {}

    def work():
        try:
            outcome["value"] = call()
        except BaseException as e:  # noqa: B036 -- handed to the waiting thread
            seen = e
            while seen is not None:  # its frames hold the engine's objects, which must die in this thread
                seen.__traceback__, seen = None, seen.__cause__ or seen.__context__
            outcome["error"] = e

    worker = threading.Thread(target=work, name="graph-query", daemon=True)
    previous = threading.stack_size(STACK_BYTES)  # parsers recurse: a long chain of operators must
    try:                                          # not overflow the default 8 MB (a segfault)
        worker.start()
    finally:
        threading.stack_size(previous)
    end = None if timeout is None else time.monotonic() + timeout
    try:
        _wait(worker, end, timeout, origin)
    except KeyboardInterrupt:
        _ABANDONED.add(worker)
        raise
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


#: The worker threads whose wait :func:`bounded` gave up (time limit, Ctrl-C).
_ABANDONED = set()


def _wait(worker, end, timeout, origin):
    while worker.is_alive():
        worker.join(0.05 if end is None else max(0.0, min(0.05, end - time.monotonic())))
        if end is not None and worker.is_alive() and time.monotonic() >= end:
            _ABANDONED.add(worker)
            raise QueryTimeout(f"{origin}: the query ran longer than the time limit of {timeout:g} s")


def abandoned():
    """Whether a call that :func:`bounded` stopped waiting for still runs (an engine cannot be
    interrupted: the command line ends the process rather than wait for it)."""
    _ABANDONED.difference_update([t for t in _ABANDONED if not t.is_alive()])
    return bool(_ABANDONED)


def die_with_parent(parent):
    """In a child process: ask the kernel to end it (SIGKILL) when its parent ends, however the
    parent ends (``kill -9`` included), and end at once if the parent ``parent`` (its pid) is
    already gone. Every process the package starts calls it first. Linux only; elsewhere nothing."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # lazy: Linux only, and only in a child

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)
