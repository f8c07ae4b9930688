"""Terms from one library to the other: rdflib's triples into Oxigraph, Oxigraph's parser into rdflib."""

from ..errors import QueryError, one_line

__all__ = ["oxigraph_copy", "rdflib_triples"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def oxigraph_copy(graph):
    """An in-memory Oxigraph store holding the triples of ``graph`` (on rdflib's store)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal
    cache = {}

    def term(t):
        found = cache.get(t)
        if found is None:
            if isinstance(t, Literal):
                found = ox.Literal(str(t), language=t.language) if t.language else ox.Literal(
                    str(t), datatype=ox.NamedNode(t.datatype) if t.datatype else None)
            elif isinstance(t, BNode):
                found = ox.BlankNode(str(t)) if str(t).isalnum() else ox.BlankNode()
            else:
                found = ox.NamedNode(t)
            cache[t] = found
        return found

    try:
        (store := ox.Store()).bulk_extend([ox.Quad(term(s), term(p), term(o)) for s, p, o in graph])
    except ValueError as e:
        raise QueryError(f"the graph cannot be queried: {one_line(e)}") from e
    return store


def rdflib_triples(quads):
    """The quads of Oxigraph's parser as rdflib triples, each term made once: literals as spelled
    (call within :func:`graph._syntax.exact_literals`), a plain string with no datatype (as rdflib's
    own parsers give it), a blank node label mapped to one new blank node per call."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    named, blank, cache = ox.NamedNode, ox.BlankNode, {}

    def term(t):
        found = cache.get(t)
        if found is None:
            kind = type(t)
            if kind is named:
                found = URIRef(t.value)
            elif kind is blank:
                found = BNode()
            elif t.language:
                found = Literal(t.value, lang=t.language)
            else:
                datatype = t.datatype.value
                found = Literal(t.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
            cache[t] = found
        return found

    for quad in quads:
        yield term(quad.subject), term(quad.predicate), term(quad.object)
