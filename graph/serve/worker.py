"""A query worker: one process that evaluates the guard's queries on the store, read-only.

``python -m graph.serve.worker STORE`` opens the store made by ``python -m graph load`` read-only
and then reads requests on its standard input and writes answers on its standard output: two
pipes that only the guard that started it holds (:class:`graph.serve.runner.Engine`), so no
other process can reach the engine. It listens on no port.

The messages are frames: one byte of kind, four bytes of length (big-endian), the payload.
A request is a ``Q`` frame holding JSON ``{"query", "kind", "format"}``. The answer is ``D``
frames of bytes, then ``E`` (done) or ``X`` (failed, with the one-line message); after
starting, the worker sends ``R`` (ready) or ``X`` (the store cannot be opened) and ends.
"""

import json
import os
import struct
import sys

__all__ = ["HEAD", "Frames", "read_frame", "main"]

HEAD = struct.Struct(">cI")  # a frame's kind and length


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


def main(argv=None):
    from ..engine import answer, open_store
    from ..errors import GraphError
    from ..namespace import namespaces_of

    argv = sys.argv[1:] if argv is None else argv
    requests = sys.stdin.buffer
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print can never corrupt the frames
    frames = Frames(answers)
    try:
        graph = open_store(argv[0])
        namespaces = namespaces_of(graph, ours_first=True)
    except GraphError as e:
        frames.send(b"X", str(e).encode())
        return 1
    frames.send(b"R")
    while True:
        kind, payload = read_frame(requests)
        if kind != b"Q":
            return 0
        request = json.loads(payload)
        try:
            answer(graph, request["query"], request["kind"], namespaces, frames, request["format"])
            frames.flush()
        except GraphError as e:
            frames.parts, frames.size = [], 0
            frames.send(b"X", str(e).encode())
        else:
            frames.send(b"E")


if __name__ == "__main__":
    sys.exit(main())
