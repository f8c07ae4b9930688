import sys, rdflib
from rdflib.namespace import RDF, SKOS
EV=rdflib.Namespace("https://example.org/ev-kg/ontology#")
PROV=rdflib.Namespace("http://www.w3.org/ns/prov#")
NIF=rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
g=rdflib.Graph(); g.parse(sys.argv[1])
def loc(u): return str(u).split('/')[-1].split('#')[-1]
rows=[]
for st in g.subjects(RDF.type, RDF.Statement):
    s=g.value(st,RDF.subject); p=g.value(st,RDF.predicate); o=g.value(st,RDF.object); m=g.value(st,EV.modality)
    sents='+'.join(sorted(loc(x) for x in g.objects(st,PROV.wasDerivedFrom)))
    sm=g.value(st,EV.subjectMention); om=g.value(st,EV.objectMention); rm=g.value(st,EV.relationMention)
    a=lambda x: str(g.value(x,NIF.anchorOf)) if x else ''
    rows.append((sents,loc(s),loc(p),loc(o),loc(m),a(sm),a(rm),a(om)))
for r in sorted(rows): print('\t'.join(r))
print(len(rows), file=sys.stderr)
