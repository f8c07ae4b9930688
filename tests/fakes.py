"""Test doubles shared by the tests: a small recording HTTP server standing in for an endpoint."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer


class Fake:
    """A one-thread HTTP server on a free loopback port that records requests and answers
    each with the next of ``answers``: (status, content type, body)."""

    def __init__(self, *answers):
        self.answers, self.requests = list(answers), []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                fake.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                status, kind, answer = fake.answers.pop(0)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *a):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def count_answer(n):
    """The SPARQL JSON answer of a ``SELECT (COUNT(*) AS ?n)`` query."""
    return (200, "application/sparql-results+json",
            json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": str(n)}}]}}).encode())
