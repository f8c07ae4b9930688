"""Choices and defaults of the package, declared once.

The library's functions take these as their defaults and the command line offers them as its
choices. The module imports nothing of the package's libraries, so the command line can read it
without starting rdflib.
"""

import os  # already loaded by Python itself: no cost at start

__all__ = [
    "ENGINES", "AUTO_BYTES", "MAX_TRIPLES", "TOP", "HOST", "PORT", "TIMEOUT", "QUERY_TIMEOUT", "MAX_TIMEOUT",
    "MAX_DEPTH", "MAX_RESULT_BYTES", "MAX_QUERY_BYTES", "WORKER_MEMORY", "IDLE_TIMEOUT", "MAX_CONNECTIONS",
    "QUERY_FORMATS", "REPORT_FORMATS", "PASSWORD_VARIABLE", "STORE_META", "STORE_NETWORK",
    "BETWEENNESS_SAMPLES", "BETWEENNESS_WORK", "COMMUNITY_LINES", "EXPORT_FORMATS", "COMPARE_FORMATS",
    "IMPORT_FORMATS", "SEED", "NETWORKX_LIMIT", "EXACT_LIMIT", "VIEW_LIMIT", "MAX_WORKERS", "workers_bound",
]

#: The stores that can hold a graph while a command runs (:mod:`graph.engine`).
ENGINES = ("auto", "rdflib", "oxigraph")
#: Inputs of this many bytes or more are loaded into Oxigraph by ``engine="auto"``.
AUTO_BYTES = 2_000_000
#: The most triples of a remote graph that are fetched to compute its concept network.
MAX_TRIPLES = 2_000_000
#: How many concepts each ranking of ``stats`` lists.
TOP = 10
#: Where ``serve`` listens, and how long a query may run there (seconds).
HOST = "127.0.0.1"
PORT = 7878
TIMEOUT = 10
#: How long a local or remote query may run by default (seconds; ``--timeout``), and the most it may be given.
QUERY_TIMEOUT = 60
MAX_TIMEOUT = 86_400
#: How deep the input may nest (JSON-LD, Turtle, N3, RDF/XML elements, SPARQL groups) before a parser sees it.
MAX_DEPTH = 128
#: The largest answer a query may give (bytes, serialized): locally and at the endpoint.
MAX_RESULT_BYTES = 512_000_000
#: The longest query text the endpoint accepts (bytes).
MAX_QUERY_BYTES = 1_000_000
#: Memory a query worker of ``serve`` may allocate (bytes): past it, its query is answered 507.
WORKER_MEMORY = 2 << 30
#: Seconds ``serve`` waits on a client that sends or reads nothing (idle keep-alive, slow clients).
IDLE_TIMEOUT = 30
#: Connections ``serve`` holds at once; more are answered 503 at once.
MAX_CONNECTIONS = 256
#: Output formats of query results (SELECT/ASK; graphs map them to Turtle, JSON-LD, RDF/XML).
QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml")
#: Output formats of the reports of ``stats`` and ``validate``.
REPORT_FORMATS = ("text", "json")
#: The environment variable that holds the password for ``--user``.
PASSWORD_VARIABLE = "EVKG_PASSWORD"
#: The file that marks a folder as a store of this project, with its prefixes and sources.
STORE_META = "ev-kg-store.json"
#: The file in a store's folder that holds its concept network, saved by ``load``.
STORE_NETWORK = "ev-kg-network.bin"
#: Above 5,000 concepts, betweenness is estimated from sampled source concepts: as many as this
#: work allows (sources times concepts and relations: 625 at 100,000 triples), at least...
BETWEENNESS_WORK = 50_000_000
#: ... this many (the million-triple graph).
BETWEENNESS_SAMPLES = 256
#: Seed of community detection and of every sample, so that the output is stable.
SEED = 42
#: Up to this many concepts, NetworkX computes every figure of ``stats`` (igraph above).
NETWORKX_LIMIT = 500
#: Up to this many concepts, betweenness and diameter are exact (sampled and bounded above).
EXACT_LIMIT = 5000
#: Above this many concepts the viewer shows the most important part of the graph.
VIEW_LIMIT = 1500
#: The most query workers ``serve`` starts by default.
MAX_WORKERS = 8


def workers_bound():
    """The most query workers ``serve`` may be asked for: four per core, and at least MAX_WORKERS
    (each may hold WORKER_MEMORY: more than this is a way to exhaust the machine, not to serve)."""
    return max(MAX_WORKERS, 4 * (os.cpu_count() or 1))
#: Communities that ``stats`` lists (the largest), one line each; JSON with ``--members``: all.
COMMUNITY_LINES = 50
#: The formats of ``export`` (:mod:`graph.export`): graph files for Gephi, yEd, networkx and
#: Cytoscape, scripts and files for Cypher databases, linked data, and a spreadsheet.
EXPORT_FORMATS = ("graphml", "gexf", "cytoscape", "cypher", "neo4j-csv", "jsonld", "web-annotation", "turtle12", "trig",
                  "nquads", "csv")
#: The tools whose annotations ``import`` reads (:mod:`graph.corpus.importers`).
IMPORT_FORMATS = ("langextract", "doccano", "brat", "label-studio", "graphrag")
#: Output formats of ``compare``'s report.
COMPARE_FORMATS = ("text", "json")
