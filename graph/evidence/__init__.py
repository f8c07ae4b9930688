"""The evidence behind every edge: the model of documents, sentences, mentions, statements and modality.

- :mod:`graph.evidence.reader`: the one reader of the model, from any stream of triples or an
  rdflib graph (:class:`~graph.evidence.reader.Evidence`);
- :mod:`graph.evidence.model`: concepts, their classes and labels (the one label rule), relations;
- :mod:`graph.evidence.checks` and :mod:`graph.evidence.validation`: the model checked against its
  text, its shapes and its vocabulary (``python -m graph validate``);
- :mod:`graph.evidence.compare`: another reading of the same text scored against this one
  (``python -m graph compare``).

The package imports nothing itself: each module is imported by its own name.
"""

__all__ = []
