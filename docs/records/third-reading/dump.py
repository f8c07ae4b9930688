"""The statements of a curated graph as TSV, one a line (sentences, subject, predicate, object,
modality, and the words of the subject, relation and object mentions), for the third reading's
comparison: ``python dump.py GRAPH.ttl > statements.tsv``."""

import sys

import rdflib
from rdflib.namespace import RDF

EV = rdflib.Namespace("https://example.org/ev-kg/ontology#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
NIF = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")


def loc(u):
    return str(u).split('/')[-1].split('#')[-1]


def main(path):
    g = rdflib.Graph()
    g.parse(path)
    rows = []
    for st in g.subjects(RDF.type, RDF.Statement):
        s, p, o, m = (g.value(st, x) for x in (RDF.subject, RDF.predicate, RDF.object, EV.modality))
        sents = '+'.join(sorted(loc(x) for x in g.objects(st, PROV.wasDerivedFrom)))
        sm, om, rm = (g.value(st, x) for x in (EV.subjectMention, EV.objectMention, EV.relationMention))

        def words(x):
            return str(g.value(x, NIF.anchorOf)) if x else ''

        rows.append((sents, loc(s), loc(p), loc(o), loc(m), words(sm), words(rm), words(om)))
    for r in sorted(rows):
        print('\t'.join(r))
    print(len(rows), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
