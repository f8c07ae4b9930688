"""Write a seeded, typed random graph in Turtle: concepts in classes, labelled, linked by a
few predicates, with a preferential-attachment degree distribution like real knowledge graphs.

    python bench/generate.py --concepts 2000 --edges 4000 --seed 1 > /tmp/g2000.ttl
    python bench/generate.py --triples 1000000 > /tmp/g1m.ttl     (a fifth concepts, the rest relations)
"""

import argparse
import random
import sys

PREFIXES = """@prefix ex: <https://example.org/generated/> .
@prefix exv: <https://example.org/generated/vocab#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def generate(concepts, edges, seed, classes=8, predicates=12, out=sys.stdout):
    rng = random.Random(seed)
    out.write(PREFIXES)
    for c in range(classes):
        out.write(f'exv:Class{c} rdfs:label "class {c}" .\n')
    for p in range(predicates):
        out.write(f'exv:rel{p} rdfs:label "relation {p}" .\n')
    for i in range(concepts):
        out.write(f'ex:c{i} a exv:Class{rng.randrange(classes)} ; skos:prefLabel "concept {i}" .\n')
    targets = [0]
    seen = set()
    while len(seen) < edges:
        s = rng.randrange(concepts)
        o = rng.choice(targets) if rng.random() < 0.6 else rng.randrange(concepts)
        p = rng.randrange(predicates)
        if s == o or (s, p, o) in seen:
            continue
        seen.add((s, p, o))
        targets.append(o)
        out.write(f"ex:c{s} exv:rel{p} ex:c{o} .\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--triples", type=int, help="about this many triples in all (overrides the two above)")
    args = parser.parse_args()
    if args.triples:
        args.concepts, args.edges = triples_to_sizes(args.triples)
    generate(args.concepts, args.edges, args.seed)


def triples_to_sizes(triples, classes=8, predicates=12):
    """(concepts, edges) for about ``triples`` triples: each concept has a type and a label."""
    concepts = max(2, triples // 5)
    return concepts, max(1, triples - 2 * concepts - classes - predicates)


if __name__ == "__main__":
    main()
