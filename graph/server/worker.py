"""A query worker: one process that checks and evaluates the guard's queries on the store, read-only.

``python -m graph.server.worker STORE`` opens the store made by ``python -m graph load`` read-only
and then reads requests on its standard input and writes answers on its standard output: two
pipes that only the guard that started it holds (:class:`graph.server.workers.Workers`), so no
other process can reach the engine. It listens on no port. Everything a query costs happens
here, under the guard's time limit and this process's memory limit: the check (refusals, syntax,
nesting: :func:`graph.query.prepare`), the choice of format (:func:`negotiate`), the evaluation.
The guard itself never parses a query.

The messages are frames: one byte of kind, four bytes of length (big-endian), the payload.
A request is a ``Q`` frame holding JSON ``{"query", "accept"}``. The answer is ``H`` (the media
type), ``D`` frames of bytes, then ``E`` (done); or ``X`` (JSON ``{"status", "message"}``: refused,
malformed, not acceptable, failed). After starting, the worker sends ``R`` (ready) or ``X`` (the
store cannot be opened) and ends.
"""

import json
import os
import struct
import sys
import threading

from ..errors import GraphError, QueryRefused, QuerySyntaxError
from ..limits import STACK_BYTES
from ..namespace import namespaces_of
from ..query import prepare
from ..source.oxigraph import answer, open_store

__all__ = ["HEAD", "Frames", "read_frame", "negotiate", "main"]

HEAD = struct.Struct(">cI")  # a frame's kind and length

_RESULTS = {"application/sparql-results+json": "JSON", "application/json": "JSON",
            "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
            "text/csv": "CSV", "text/tab-separated-values": "TSV"}
_GRAPHS = {"text/turtle": "TURTLE", "application/x-turtle": "TURTLE", "application/n-triples": "N_TRIPLES",
           "text/plain": "N_TRIPLES", "application/ld+json": "JSON_LD", "application/rdf+xml": "RDF_XML",
           "application/n-quads": "N_QUADS", "application/trig": "TRIG", "text/n3": "N3"}


def negotiate(kind, accept):
    """The ``(format, media type)`` of an answer of ``kind`` that the ``Accept`` header prefers, or
    ``None`` if it accepts none that the engine writes (the first of each table is the default). A
    type given ``q=0`` is refused even where a wildcard would take it; a malformed ``q`` counts as 1.

    Examples
    --------
    >>> negotiate("SELECT", "text/csv;q=0.5, application/sparql-results+xml")
    ('XML', 'application/sparql-results+xml')
    >>> negotiate("CONSTRUCT", "*/*"), negotiate("ASK", "image/png")
    (('TURTLE', 'text/turtle'), None)
    >>> negotiate("SELECT", "application/sparql-results+json;q=0, */*")
    ('XML', 'application/sparql-results+xml')
    """
    table = _GRAPHS if kind in ("CONSTRUCT", "DESCRIBE") else _RESULTS
    ranked, refused = [], set()
    for i, item in enumerate((accept or "*/*").split(",")[:100]):
        media, *params = [p.strip().lower() for p in item.split(";")]
        q = next((p.split("=", 1)[1].strip() for p in params if p.startswith("q=")), "1")
        try:
            quality = min(1.0, float(q)) if float(q) == float(q) else 1.0  # nan counts as malformed
        except ValueError:
            quality = 1.0
        if quality <= 0:
            refused.add(media)
        else:
            ranked.append((-quality, i, media))
    for _, _, media in sorted(ranked):
        if media in table and media not in refused:
            return table[media], media
        for known, fmt in table.items():
            if known not in refused and table[known] not in {table[r] for r in refused if r in table} and (
                    media == "*/*" or (media.endswith("/*") and known.startswith(media[:-1]))):
                return fmt, known
    return None


def read_frame(stream):
    """The next ``(kind, payload)`` of a binary stream, or ``(None, b"")`` at its end."""
    head = stream.read(HEAD.size)
    if len(head) < HEAD.size:
        return None, b""
    kind, size = HEAD.unpack(head)
    return kind, stream.read(size)


class Frames:
    """A binary writer that sends what is written as ``D`` frames of up to ``chunk`` bytes."""

    def __init__(self, stream, chunk=1 << 16):
        self.stream, self.chunk, self.parts, self.size = stream, chunk, [], 0

    def write(self, data):
        self.parts.append(bytes(data))
        self.size += len(data)
        if self.size >= self.chunk:
            self.flush()
        return len(data)

    def flush(self):
        if self.size:
            self.send(b"D", b"".join(self.parts))
            self.parts, self.size = [], 0

    def send(self, kind, payload=b""):
        self.stream.write(HEAD.pack(kind, len(payload)) + payload)
        self.stream.flush()

    def fail(self, status, message):
        self.parts, self.size = [], 0
        self.send(b"X", json.dumps({"status": status, "message": message}).encode())


def _status(error):
    """The HTTP status of a query that could not be answered, by the type of its error: 403 refused
    (updates, SERVICE, FROM, past the parser's limits), 400 malformed, 500 any other failure."""
    if isinstance(error, QueryRefused):
        return 403
    if isinstance(error, QuerySyntaxError):
        return 400
    return 500


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    requests = sys.stdin.buffer
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print can never corrupt the frames
    frames = Frames(answers)
    try:
        store = open_store(argv[0])
        namespaces = namespaces_of(store.bindings(), ours_first=True)
    except GraphError as e:
        frames.fail(500, str(e))
        return 1
    frames.send(b"R")
    loop = threading.Thread(target=_answer_all, args=(store.native, namespaces, requests, frames), name="queries")
    previous = threading.stack_size(STACK_BYTES)  # Oxigraph's parser recurses once per operator of a chain
    try:
        loop.start()
    finally:
        threading.stack_size(previous)
    loop.join()
    return 0


def _answer_all(native, namespaces, requests, frames):
    checked = {}  # query text -> kind, for the last 512 short queries that passed the check
    while True:
        kind, payload = read_frame(requests)
        if kind != b"Q":
            return
        request = json.loads(payload)
        query_kind = checked.get(request["query"])
        if query_kind is None:
            try:
                query_kind = prepare(request["query"], namespaces=namespaces)
            except GraphError as e:
                frames.fail(_status(e), str(e))
                continue
            if len(request["query"]) <= 4096:
                checked[request["query"]] = query_kind
                if len(checked) > 512:
                    del checked[next(iter(checked))]
        chosen = negotiate(query_kind, request.get("accept"))
        if chosen is None:
            frames.fail(406, "none of the accepted media types can hold this answer")
            continue
        frames.send(b"H", chosen[1].encode())
        try:
            answer(native, request["query"], query_kind, namespaces, frames, chosen[0])
            frames.flush()
        except GraphError as e:
            frames.fail(_status(e), str(e))
        except MemoryError:
            frames.fail(507, "the query needs more memory than a query worker may use")
        else:
            frames.send(b"E")


if __name__ == "__main__":
    sys.exit(main())
