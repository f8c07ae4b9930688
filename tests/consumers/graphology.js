// Read an export with graphology's own parsers (npm graphology-gexf, graphology-graphml) and
// print what they read as JSON: node and edge counts and the attributes of one edge.
//   node graphology.js gexf|graphml FILE SOURCE TARGET
'use strict';
const fs = require('fs');
const {MultiDirectedGraph} = require('graphology');
const [format, file, source, target] = process.argv.slice(2);
const parser = format === 'gexf' ? require('graphology-gexf') : require('graphology-graphml');
const graph = parser.parse(MultiDirectedGraph, fs.readFileSync(file, 'utf8'));
let edge = null;
if (source && graph.hasNode(source) && graph.hasNode(target)) {
  const found = graph.edges(source, target);
  if (found.length) edge = graph.getEdgeAttributes(found[0]);
}
const node = source && graph.hasNode(source) ? graph.getNodeAttributes(source) : null;
process.stdout.write(JSON.stringify({order: graph.order, size: graph.size, node, edge}));
