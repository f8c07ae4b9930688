"""Take the graph to other tools, with the evidence of every edge.

:func:`export` writes a source's concept network with the evidence of each relation (statement,
modality, sentence, offsets, section, mentions: :class:`graph.evidence.reader.Evidence`) in one of
:data:`FORMATS`, reading the source once where the format allows:

- ``graphml`` and ``gexf`` (Gephi, yEd, networkx), ``cytoscape`` (Cytoscape.js and desktop JSON),
  ``csv`` (one row per relation): :mod:`graph.exports.tables`;
- ``cypher`` (a script of ``UNWIND ... MERGE / CREATE`` for Neo4j, FalkorDB, Memgraph) and
  ``neo4j-csv`` (a folder of ``nodes.csv`` and ``relationships.csv`` with the headers
  ``neo4j-admin database import`` expects): :mod:`graph.exports.databases`;
- ``jsonld``, ``web-annotation`` and ``turtle12``: the whole RDF graph, :mod:`graph.exports.linked`;
  ``trig`` and ``nquads``: the dataset, every named graph (a document) kept.

The same input gives the same bytes. Output is written whole or not at all (:func:`write_export`).

Examples
--------
>>> from graph import load, concept_network
>>> out = export(load(), "csv")
>>> out.splitlines()[0][:61]
'subject,subject_label,subject_class,predicate,predicate_label'
>>> len(out.splitlines()) - 1 == concept_network(load()).edge_count   # one row per relation
True
"""

from ..defaults import EXPORT_FORMATS
from ..errors import DataError
from ..evidence.reader import Evidence
from ..output import write_whole
from ..source import Source
from . import databases, linked, tables
from .tables import nodes_and_edges

__all__ = ["FORMATS", "export", "write_export", "nodes_and_edges"]

#: The export formats (``python -m graph export --format F``).
FORMATS = EXPORT_FORMATS
_ROWS = {**tables.WRITERS, **databases.WRITERS}


def export(source=None, fmt="graphml"):
    """The export of ``source`` (a :class:`~graph.source.Source`, an rdflib graph, or ``None`` for the
    article's graph) in ``fmt``: a string, or for ``neo4j-csv`` ``{file name: text}``.

    ``jsonld`` reads the source's triples; ``turtle12`` its triples and evidence; the others its
    concept network and evidence, in one pass where the source allows.
    """
    if fmt not in FORMATS:
        raise DataError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    source = Source.of(source)
    if fmt == "jsonld":
        return linked.jsonld(source)
    if fmt in ("trig", "nquads"):  # the dataset as it is held: each named graph (a document) kept
        return getattr(linked, fmt)(source, Evidence().read(source.triples()).owners())
    if fmt == "turtle12":
        return linked.turtle12(source)
    network, evidence = source.network(), source.evidence()
    if fmt == "web-annotation":
        return linked.annotations(network, evidence)
    return _ROWS[fmt](*nodes_and_edges(network, evidence))


def write_export(text, out, fmt, inputs=()):
    """Write :func:`export`'s result to ``out`` (a file; for ``neo4j-csv`` a new or empty folder),
    whole, as :func:`graph.output.write_whole` writes (through links, keeping the mode, never
    over an input). Returns the paths written."""
    return write_whole(out, text, inputs)
