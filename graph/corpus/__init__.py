"""A user's documents: read into the same model as the article, by a curator or by a tool.

- :mod:`graph.corpus.document`: a document's text cut into sections and sentences with exact
  offsets, its mentions and statements, written as Turtle;
- ``propose``, ``import`` and ``annotate`` (each its own module) make documents: proposals from
  the text, another tool's annotations, a curator's work in the browser.

The package imports nothing itself: each module is imported by its own name.
"""

__all__ = []
