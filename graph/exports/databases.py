"""The exports for graph databases: a Cypher script (Neo4j, FalkorDB, Memgraph) and the node and
relationship CSV files of ``neo4j-admin database import``, from :func:`graph.exports.tables.nodes_and_edges`'s rows."""

import io

from .tables import cells, csv_writer, edge_fields, encode, node_fields

__all__ = ["cypher", "neo4j_csv", "WRITERS"]


def _cypher_rows(rows):
    """Rows as Cypher list literals, one a line: JSON's lists are Cypher's (JSON's escapes of
    quotes, backslashes and control characters are valid in a Cypher string; JSON's null is Cypher's)."""
    text = ",\n  ".join(encode(r) for r in rows)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _cypher_set(variable, fields, first):
    return ", ".join(f"{variable}.{k} = row[{n}]" for n, k in enumerate(fields, first))


def _cypher_name(name):
    return "`" + name.replace("`", "``") + "`"


_BATCH = 500


def cypher(nodes, edges):
    edge_keys = [k for k, _ in edge_fields(edges)]
    evidence = " with the evidence of each relation" if any("statement" in e for e in edges) else ""
    out = [f"// The concept network{evidence} "
           "(python -m graph export --format cypher).",
           "// Neo4j and FalkorDB: run as is. Memgraph: replace the first statement with: CREATE INDEX ON :Concept(iri)",
           "// Each UNWIND takes rows of values in the order its SET names them; null leaves a property unset.",
           "CREATE INDEX FOR (n:Concept) ON (n.iri);"]
    fields = [k for k, _ in node_fields(nodes)]
    for start in range(0, len(nodes), _BATCH):
        batch = _cypher_rows([n["id"], *(n.get(k) if n.get(k) != "" else None for k in fields)]
                             for n in nodes[start:start + _BATCH])
        out.append(f"UNWIND [\n  {batch}\n] AS row\nMERGE (n:Concept {{iri: row[0]}}) SET {_cypher_set('n', fields, 1)};")
    by_type = {}
    for e in edges:
        by_type.setdefault(e["predicate_name"], []).append(e)
    fields = ["id", *edge_keys]
    for name in sorted(by_type):
        group = by_type[name]
        for start in range(0, len(group), _BATCH):
            batch = _cypher_rows([e["source"], e["target"], *(e.get(k) if e.get(k) != "" else None for k in fields)]
                                 for e in group[start:start + _BATCH])
            out.append(f"UNWIND [\n  {batch}\n] AS row\nMATCH (a:Concept {{iri: row[0]}}), (b:Concept {{iri: row[1]}})\n"
                       f"CREATE (a)-[r:{_cypher_name(name)}]->(b) SET {_cypher_set('r', fields, 2)};")
    return "\n".join(out) + "\n"


_NEO4J_TYPES = {"string": "", "int": ":int", "double": ":double"}


def neo4j_csv(nodes, edges):
    node_keys = node_fields(nodes)
    edge_keys = [f for f in edge_fields(edges) if f[0] != "predicate_name"]
    files = {}
    buffer = io.StringIO()
    w = csv_writer(buffer)
    w.writerow(["iri:ID", *(k + _NEO4J_TYPES[t] for k, t in node_keys), ":LABEL"])
    for n in nodes:
        w.writerow(cells([n["id"], *(n.get(k) for k, _ in node_keys), "Concept"]))
    files["nodes.csv"] = buffer.getvalue()
    buffer = io.StringIO()
    w = csv_writer(buffer)
    w.writerow([":START_ID", ":END_ID", ":TYPE", *(k + _NEO4J_TYPES[t] for k, t in edge_keys)])
    for e in edges:
        w.writerow(cells([e["source"], e["target"], e["predicate_name"], *(e.get(k) for k, _ in edge_keys)]))
    files["relationships.csv"] = buffer.getvalue()
    return files


#: The writers of the formats for graph databases: a function of ``(nodes, edges)`` each.
WRITERS = {"cypher": cypher, "neo4j-csv": neo4j_csv}
