// The viewer of the knowledge graph.
//
// What the page draws is derived from one place, `state`: what is selected (a concept, a relation, a
// sentence or a search), hovered, which document's relations show, which classes are hidden, the size
// measure, the legend and the side panel. Every action changes `state` and calls render(), which
// derives the rest (visibility, focus, colours, sizes, vis-network's selection, the panel) and applies
// only what differs from what is drawn. The labels are not vis-network's (in vis-network 9.1.2 an
// edge whose label is set to "", null or undefined keeps its old text): the page draws them itself
// after vis-network draws the graph, placed from `state` and the camera every time they are drawn.
// So any sequence of clicks, searches and zooms draws what reaching the same state afresh draws.
//
// Every string from the data is set as text (textContent, text nodes, attributes, the canvas's
// fillText), never as HTML.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);

  // el("li", {class: "x"}, "text", child, ...): strings become text nodes.
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "class") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function plural(n, word, many) { return n + " " + (n === 1 ? word : (many || word + "s")); }
  function byId(id) { return document.getElementById(id); }

  // ---- indexes of the data
  var nodeInfo = {}, edgeInfo = {}, classInfo = {}, docInfo = {}, sentenceInfo = {}, incident = {}, claimsOf = {};
  data.classes.forEach(function (c) { classInfo[c.id] = c; });
  data.nodes.forEach(function (n) { nodeInfo[n.id] = n; incident[n.id] = []; });
  data.edges.forEach(function (e) {
    edgeInfo[e.id] = e;
    incident[e.from].push(e.id);
    if (e.to !== e.from) incident[e.to].push(e.id);
    e.statements.forEach(function (st) {
      st.sentences.forEach(function (sid) {
        var list = claimsOf[sid] = claimsOf[sid] || [];
        if (list.indexOf(e.id) < 0) list.push(e.id);
      });
    });
  });
  data.documents.forEach(function (d) {
    docInfo[d.id] = d;
    d.sentences.forEach(function (s) { sentenceInfo[s.id] = { id: s.id, doc: d.id, begin: s.begin, end: s.end }; });
  });

  // What the graph has, so that the page speaks only of that.
  var has = {
    texts: data.documents.length > 0,
    documents: data.documents.length > 1,
    pillars: data.classes.some(function (c) { return c.pillar; }),
    hedged: data.edges.some(function (e) { return !e.asserted && !e.denied; }),
    denied: data.edges.some(function (e) { return e.denied; }),  // only denied: no document states it
    contradicted: data.edges.some(function (e) { return e.contradictions.length; }),
    statements: data.edges.some(function (e) { return e.statements.length; }),
    edgeLabels: data.edges.some(function (e) { return e.vis.label; })
  };
  var mostDocuments = data.edges.reduce(function (m, e) { return Math.max(m, e.documents.length); }, 0);
  if (!has.texts) document.body.classList.add("no-text");

  function pillarOf(n) {
    var c = classInfo[n["class"]];
    return c ? (c.pillar ? c.id : c.kindOf) : null;
  }
  function docTitle(id) { return docInfo[id] ? docInfo[id].title : id; }
  function speaks(e, doc) { return e.documents.indexOf(doc) >= 0 || e.deniedBy.indexOf(doc) >= 0; }

  // ---- the state: everything drawn is derived from it
  var state = {
    selection: null,   // {node: id} | {edge: id} | {sentence: id} | {search: text}
    hover: null,       // {node: id} | {edge: id}: the concept or relation under the pointer
    document: "",      // "" for every document, else the id of the one whose relations show
    hidden: {},        // class id -> true: unticked in the legend
    measure: "degree", // node size: degree, betweenness or pagerank
    legend: true,      // the legend shown
    panel: "details",  // the side panel: "details" or "text"
    text: data.documents.length ? data.documents[0].id : null  // the document the text panel shows
  };

  // ---- vis-network: nodes and edges without labels (the page draws them)
  var LABEL_PX = 12, EDGE_LABEL_PX = 11, LINE = 1.2;
  var OVERVIEW_LABELS = 18;  // node labels at the fitted view; more as the user zooms in
  var HUBS = 3;              // the most important concepts by the size measure: labelled first
  var PILLAR_QUOTA = 3;      // then the first three members of each pillar (its kinds counted in)
  var MUST_LABELS = 40;      // the matches of a search labelled wherever they stand (more: where there is room)
  var FACE = data.options.nodes.font.face;
  var EDGE_COLOR = data.options.edges.color;
  var CONTRADICTED = { color: "#c81e1e", highlight: "#8a1212", hover: "#a51818" };
  var DIM_EDGE = { color: "#eef1f4", highlight: "#1f2933", hover: "#52606d" };
  var MEASURES = { degree: "degree (relations)", betweenness: "betweenness", pagerank: "PageRank" };

  function visItem(item) {
    var copy = Object.assign({}, item.vis);
    copy.id = item.id;
    delete copy.label;
    if (item.from !== undefined) {
      copy.from = item.from; copy.to = item.to;
      if (item.asserted === false) copy.dashes = [6, 5]; // not asserted as fact: dashed
      if (item.contradictions.length) copy.color = CONTRADICTED;
    } else copy.size = item.sizes[state.measure];
    return copy;
  }

  var nodes = new vis.DataSet(data.nodes.map(visItem));
  var edges = new vis.DataSet(data.edges.map(visItem));
  var container = byId("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, Object.assign({}, data.options));
  var status = byId("status");
  var settled = false, moving = false, fitScale = 1;

  // ---- derive: what the state implies
  function visibility() {
    var nodeOn = {}, edgeOn = {};
    data.nodes.forEach(function (n) { nodeOn[n.id] = !state.hidden[n["class"]]; });
    data.edges.forEach(function (e) {
      edgeOn[e.id] = nodeOn[e.from] && nodeOn[e.to] && (!state.document || speaks(e, state.document));
    });
    if (state.document) {  // only the concepts of the document's relations
      var touched = {};
      data.edges.forEach(function (e) { if (edgeOn[e.id]) { touched[e.from] = true; touched[e.to] = true; } });
      data.nodes.forEach(function (n) { if (!touched[n.id]) nodeOn[n.id] = false; });
    }
    return { nodes: nodeOn, edges: edgeOn };
  }

  // Search: every concept whose label, other label or class contains the words (the whole label or
  // class first); `exact` is a concept with that very label.
  function norm(text) { return text.trim().toLowerCase().replace(/\s+/g, " "); }
  function singular(w) { return w.replace(/(ies)$/, "y").replace(/(s)$/, ""); }
  function matches(text) {
    var key = norm(text);
    if (!key) return { exact: null, all: [] };
    var exact = null, scored = [];
    data.nodes.forEach(function (n) {
      var names = [n.label].concat(n.altLabels).map(norm);
      var c = classInfo[n["class"]], pillar = classInfo[pillarOf(n)];
      var classes = [c ? c.label : "", pillar && pillar !== c ? pillar.label : ""].filter(Boolean).map(norm);
      var score = null;
      if (names.indexOf(key) >= 0) { exact = exact || n.id; score = 0; }
      else if (classes.some(function (l) { return l === key || singular(l) === singular(key); })) score = 1;
      else if (names.some(function (l) { return l.indexOf(key) >= 0; })) score = 2;
      else if (classes.some(function (l) { return l.indexOf(key) >= 0; })) score = 3;
      if (score !== null) scored.push([score, n]);
    });
    scored.sort(function (a, b) { return (a[0] - b[0]) || a[1].label.localeCompare(b[1].label) || (a[1].id < b[1].id ? -1 : 1); });
    return { exact: exact, all: scored.map(function (x) { return x[1].id; }) };
  }

  function derive() {
    var v = visibility(), sel = state.selection || {}, d = {
      visible: v, focus: null, selectedNodes: [], selectedEdges: [], must: [], mustEdges: [], bold: {}, boldEdges: {}
    };
    function focusOn(nodeIds, edgeIds) {
      d.focus = { nodes: {}, edges: {} };
      nodeIds.forEach(function (id) { d.focus.nodes[id] = true; });
      edgeIds.forEach(function (id) { d.focus.edges[id] = true; });
    }
    if (sel.node && nodeInfo[sel.node]) {
      var ids = [sel.node], around = [];
      incident[sel.node].forEach(function (id) {
        if (!v.edges[id]) return;
        var e = edgeInfo[id];
        around.push(id);
        ids.push(e.from === sel.node ? e.to : e.from);
      });
      focusOn(ids, around);
      d.selectedNodes = [sel.node];
      d.must = [sel.node];
      d.bold[sel.node] = true;
    } else if (sel.edge && edgeInfo[sel.edge]) {
      var e = edgeInfo[sel.edge];
      focusOn([e.from, e.to], [e.id]);
      d.selectedEdges = [e.id];
      d.must = [e.from, e.to];
      d.mustEdges = [e.id];
      d.boldEdges[e.id] = true;
    } else if (sel.sentence) {
      var claims = (claimsOf[sel.sentence] || []).filter(function (id) { return v.edges[id]; }), ends = [];
      claims.forEach(function (id) {
        [edgeInfo[id].from, edgeInfo[id].to].forEach(function (n) { if (ends.indexOf(n) < 0) ends.push(n); });
      });
      focusOn(ends, claims);
      d.selectedEdges = claims;
      d.must = ends;
    } else if (sel.search !== undefined) {
      var found = matches(sel.search).all.filter(function (id) { return v.nodes[id]; });
      focusOn(found, []);
      d.must = found.slice(0, MUST_LABELS);  // the rest are labelled where there is room
    }
    var hover = state.hover || {};
    if (hover.node && v.nodes[hover.node] && d.must.indexOf(hover.node) < 0) d.must.push(hover.node);
    if (hover.edge && v.edges[hover.edge] && d.mustEdges.indexOf(hover.edge) < 0) d.mustEdges.push(hover.edge);
    return d;
  }

  function faded(hex) {
    var n = parseInt(hex.slice(1), 16), mix = function (c) { return Math.round(c + (255 - c) * 0.82); };
    return "rgb(" + mix(n >> 16) + "," + mix((n >> 8) & 255) + "," + mix(n & 255) + ")";
  }

  // ---- render: derive, then apply what differs from what is drawn
  var current = derive(), version = 0, applied = { nodes: {}, edges: {} };

  function render() {
    current = derive();
    version++;
    var nodeChanges = [], edgeChanges = [];
    data.nodes.forEach(function (n) {
      var c = n.vis.color, dim = current.focus && !current.focus.nodes[n.id];
      var want = { id: n.id, hidden: !current.visible.nodes[n.id], size: n.sizes[state.measure],
        color: dim ? { background: faded(c.background), border: "#ffffff" } : c };
      var key = JSON.stringify(want);
      if (applied.nodes[n.id] !== key) { applied.nodes[n.id] = key; nodeChanges.push(want); }
    });
    data.edges.forEach(function (e) {
      var dim = current.focus && !current.focus.edges[e.id];
      var want = { id: e.id, hidden: !current.visible.edges[e.id],
        color: dim ? DIM_EDGE : e.contradictions.length ? CONTRADICTED : EDGE_COLOR };
      var key = JSON.stringify(want);
      if (applied.edges[e.id] !== key) { applied.edges[e.id] = key; edgeChanges.push(want); }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    var selected = network.getSelection();
    var wantNodes = current.selectedNodes.filter(function (id) { return current.visible.nodes[id]; });
    var wantEdges = current.selectedEdges.filter(function (id) { return current.visible.edges[id]; });
    if (wantNodes.length) {  // a concept and its relations
      wantEdges = incident[wantNodes[0]].filter(function (id) { return current.visible.edges[id]; });
    }
    if (JSON.stringify([selected.nodes.slice().sort(), selected.edges.slice().sort()]) !==
        JSON.stringify([wantNodes.slice().sort(), wantEdges.slice().sort()])) {
      network.setSelection({ nodes: wantNodes, edges: wantEdges }, { unselectAll: true, highlightEdges: false });
    }
    renderControls();
    renderPanel();
    renderStatus();
    network.redraw();
  }

  function renderStatus() {
    if (!settled) return;
    var n = 0, m = 0;
    data.nodes.forEach(function (x) { if (current.visible.nodes[x.id]) n++; });
    data.edges.forEach(function (x) { if (current.visible.edges[x.id]) m++; });
    var text = plural(n, "concept") + ", " + plural(m, "relation");
    status.title = state.document ? "The relations of " + docTitle(state.document) : "";
    if (status.textContent !== text) { status.textContent = text; fitTitle(); }
  }

  // ---- labels: placed from the state and the camera, drawn after vis-network draws the graph
  var metrics = {};
  var measureCtx = document.createElement("canvas").getContext("2d");
  function textWidth(text, px, bold) {
    var key = (bold ? "b" : "") + px + "|" + text;
    if (metrics[key] === undefined) {
      measureCtx.font = (bold ? "bold " : "") + px + "px " + FACE;
      metrics[key] = measureCtx.measureText(text).width;
    }
    return metrics[key];
  }

  var priorities = {};
  // The order in which concepts get labels: the HUBS most important by the measure, then the first
  // PILLAR_QUOTA members of each pillar, in turn (so every pillar shows, whatever its members' degree),
  // then the rest by the measure. Returns {order: [ids], preferred: how many of them come first}.
  function priority() {
    var m = state.measure;
    if (priorities[m]) return priorities[m];
    var ranked = data.nodes.slice().sort(function (a, b) {
      return (b[m] - a[m]) || a.label.localeCompare(b.label) || (a.id < b.id ? -1 : 1);
    });
    var order = [], seen = {};
    function take(n) { if (n && !seen[n.id]) { seen[n.id] = true; order.push(n.id); } }
    ranked.slice(0, HUBS).forEach(take);
    var pillars = data.classes.filter(function (c) { return c.pillar; }).map(function (c) {
      return ranked.filter(function (n) { return pillarOf(n) === c.id; });
    });
    for (var r = 0; r < PILLAR_QUOTA; r++) pillars.forEach(function (list) { take(list[r]); });
    var preferred = order.length;
    ranked.forEach(take);
    return (priorities[m] = { order: order, preferred: preferred });
  }

  function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }

  // Boxes in a grid of cells, to find what a box would cover without looking at every box.
  function Grid() { this.cells = {}; }
  Grid.prototype.each = function (box, fn) {
    for (var i = Math.floor(box.left / 64); i <= Math.floor(box.right / 64); i++) {
      for (var j = Math.floor(box.top / 64); j <= Math.floor(box.bottom / 64); j++) fn(i + "," + j);
    }
  };
  Grid.prototype.add = function (box) {
    var cells = this.cells;
    this.each(box, function (k) { (cells[k] = cells[k] || []).push(box); });
  };
  Grid.prototype.hits = function (box) {
    var cells = this.cells, hit = false;
    this.each(box, function (k) { if (!hit) hit = (cells[k] || []).some(function (b) { return overlaps(box, b); }); });
    return hit;
  };

  // where a concept's label may go, in order of preference (the others, only below their concept)
  var PLACES = ["below", "above", "right", "left", "below-right", "below-left", "above-right", "above-left"];
  function nodeLabel(n, p, where, bold) {
    var lines = n.vis.label.split("\n"), width = 0;
    lines.forEach(function (line) { width = Math.max(width, textWidth(line, LABEL_PX, bold)); });
    var w = width + 6, h = lines.length * LABEL_PX * LINE + 4, left, top;
    var side = where.split("-");  // below, above, right, left; or a corner: below-right, above-left...
    if (side[0] === "below" || side[0] === "above") {
      top = side[0] === "below" ? p.y + p.r + 2 : p.y - p.r - 2 - h;
      left = side[1] === "right" ? p.x + p.r + 3 : side[1] === "left" ? p.x - p.r - 3 - w : p.x - w / 2;
    } else {
      top = p.y - h / 2;
      left = side[0] === "right" ? p.x + p.r + 4 : p.x - p.r - 4 - w;
    }
    return { id: n.id, lines: lines, bold: !!bold, left: left, right: left + w, top: top, bottom: top + h };
  }

  function placeLabels() {
    var d = current, scale = network.getScale(), W = container.clientWidth, H = container.clientHeight;
    var positions = network.getPositions(), screen = {}, shapes = new Grid(), taken = new Grid();
    var out = { nodes: [], edges: [] }, labelled = {};
    data.nodes.forEach(function (n) {
      if (!d.visible.nodes[n.id] || !positions[n.id]) return;
      var q = network.canvasToDOM(positions[n.id]), r = n.sizes[state.measure] * scale;
      screen[n.id] = { x: q.x, y: q.y, r: r };
      if (d.focus && !d.focus.nodes[n.id]) return;  // a dimmed concept: a label may cover it
      if (q.x > -r - 2 && q.x < W + r + 2 && q.y > -r - 2 && q.y < H + r + 2) {
        shapes.add({ left: q.x - r - 2, right: q.x + r + 2, top: q.y - r - 2, bottom: q.y + r + 2 });
      }
    });
    function inside(b) { return b.left >= 0 && b.right <= W && b.top >= 0 && b.bottom <= H; }
    function onScreen(p) { return p && p.x >= 0 && p.x <= W && p.y >= 0 && p.y <= H; }
    function put(box, list) { taken.add(box); list.push(box); }
    // a concept's label: below it, else above, right, left or at a corner, where it covers no label and no node;
    // a label that must show takes the first place free of labels, or else the place below it
    function placeNode(id, where, must) {
      var n = nodeInfo[id], p = screen[id];
      if (labelled[id] || !p || !onScreen(p)) return false;
      var boxes = where.map(function (w) { return nodeLabel(n, p, w, d.bold[id]); });
      var box = boxes.filter(function (b) { return inside(b) && !taken.hits(b) && !shapes.hits(b); })[0];
      if (!box && must) box = boxes.filter(function (b) { return inside(b) && !taken.hits(b); })[0] || clamp(boxes[0]);
      if (!box) return false;
      labelled[id] = true;
      put(box, out.nodes);
      return true;
    }
    function clamp(b) {
      var dx = Math.max(0, -b.left) - Math.max(0, b.right - W), dy = Math.max(0, -b.top) - Math.max(0, b.bottom - H);
      return Object.assign({}, b, { left: b.left + dx, right: b.right + dx, top: b.top + dy, bottom: b.bottom + dy });
    }
    // a relation's label: on the line between its ends, as near its middle as is free
    function placeEdge(id, must) {
      var e = edgeInfo[id], a = screen[e.from], b = screen[e.to];
      if (!e.vis.label || !a || !b || (!onScreen(a) && !onScreen(b) && !must)) return;
      var bold = !!d.boldEdges[id], w = textWidth(e.vis.label, EDGE_LABEL_PX, bold) + 6, h = EDGE_LABEL_PX * LINE + 2;
      // on the line, from its middle out; for a label that must show, then beside the line, a box's
      // width (across the line) at a time
      var len = Math.hypot(b.x - a.x, b.y - a.y) || 1, nx = -(b.y - a.y) / len, ny = (b.x - a.x) / len;
      var step = Math.abs(nx) * w + Math.abs(ny) * h + 2, boxes = [];
      (must ? [0, -1, 1, -2, 2, -3, 3] : [0]).forEach(function (shift) {
        [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78].forEach(function (t) {
          var x = a.x + t * (b.x - a.x) + shift * step * nx, y = a.y + t * (b.y - a.y) + shift * step * ny;
          boxes.push({ id: id, text: e.vis.label, bold: bold, x: x, y: y, left: x - w / 2, right: x + w / 2, top: y - h / 2, bottom: y + h / 2 });
        });
      });
      var box = boxes.filter(function (x) { return inside(x) && !taken.hits(x) && !shapes.hits(x); })[0];
      if (!box && must) box = boxes.filter(function (x) { return inside(x) && !taken.hits(x); })[0] || boxes[0];
      if (box) put(box, out.edges);
    }
    var all = PLACES;
    d.mustEdges.forEach(function (id) { placeEdge(id, true); });  // on its line first: its concepts' labels move around it
    d.must.forEach(function (id) { placeNode(id, all, true); });
    var rank = priority(), cap = Math.max(OVERVIEW_LABELS, Math.round(OVERVIEW_LABELS * Math.pow(scale / fitScale, 2)));
    rank.order.forEach(function (id, k) {
      if (out.nodes.length >= cap || (d.focus && !d.focus.nodes[id])) return;
      placeNode(id, k < rank.preferred ? all : ["below"], false);
    });
    var closeUp = scale >= Math.max(1, 2 * fitScale);
    data.edges.forEach(function (e) {
      if (d.visible.edges[e.id] && d.mustEdges.indexOf(e.id) < 0 && (d.focus ? d.focus.edges[e.id] : closeUp)) placeEdge(e.id, false);
    });
    return out;
  }

  var placed = { nodes: [], edges: [] }, placedKey = null;
  function cameraKey() {
    var p = network.getViewPosition();
    return [version, network.getScale(), p.x, p.y, container.clientWidth, container.clientHeight].join(",");
  }

  network.on("afterDrawing", function (ctx) {
    if (!settled) return;
    var key = cameraKey();
    if (key !== placedKey) { placed = placeLabels(); placedKey = key; }
    var ratio = network.canvas.pixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#ffffff";
    placed.edges.forEach(function (l) {
      ctx.font = (l.bold ? "bold " : "") + EDGE_LABEL_PX + "px " + FACE;
      ctx.lineWidth = 3;
      ctx.fillStyle = l.bold ? "#1f2933" : "#52606d";
      ctx.strokeText(l.text, l.x, l.y);
      ctx.fillText(l.text, l.x, l.y);
    });
    placed.nodes.forEach(function (l) {
      ctx.font = (l.bold ? "bold " : "") + LABEL_PX + "px " + FACE;
      ctx.lineWidth = 4;
      ctx.fillStyle = "#1f2933";
      var x = (l.left + l.right) / 2;
      l.lines.forEach(function (line, i) {
        var y = l.top + 2 + (i + 0.5) * LABEL_PX * LINE;
        ctx.strokeText(line, x, y);
        ctx.fillText(line, x, y);
      });
    });
    ctx.restore();
  });
  network.on("dragging", function () { version++; });
  network.on("dragEnd", function () { version++; network.redraw(); });

  // ---- the camera: every animated move is known, so that the page can say when it is still
  function moveTo(options) {
    moving = !!options.animation;
    network.moveTo(options);
    if (!options.animation) { moving = false; network.redraw(); }
  }
  network.on("animationFinished", function () { moving = false; network.redraw(); });
  var EASE = { duration: 350, easingFunction: "easeInOutQuad" };

  // Fit a set of concepts (all visible ones by default) in the view, leaving room for their labels.
  function fitView(ids, animate) {
    var all = !ids;
    if (all) ids = data.nodes.filter(function (n) { return current.visible.nodes[n.id]; }).map(function (n) { return n.id; });
    if (!ids.length) return;
    var positions = network.getPositions(ids);
    var box = { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity };
    Object.keys(positions).forEach(function (id) {
      var p = positions[id], r = nodeInfo[id].sizes[state.measure];
      box.left = Math.min(box.left, p.x - r); box.right = Math.max(box.right, p.x + r);
      box.top = Math.min(box.top, p.y - r); box.bottom = Math.max(box.bottom, p.y + r);
    });
    var mx = 70, mtop = 16, mbottom = 44;
    var w = Math.max(box.right - box.left, 1), h = Math.max(box.bottom - box.top, 1);
    var scale = Math.min((container.clientWidth - 2 * mx) / w, (container.clientHeight - mtop - mbottom) / h, 1.6);
    var centre = { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 + (mbottom - mtop) / 2 / scale };
    moveTo({ position: centre, scale: scale, animation: animate ? EASE : false });
  }

  function zoomBy(factor) {
    moveTo({ scale: Math.min(Math.max(network.getScale() * factor, 0.05), 6), animation: { duration: 200, easingFunction: "easeInOutQuad" } });
  }
  function pan(dx, dy) {
    var p = network.getViewPosition(), s = network.getScale();
    moveTo({ position: { x: p.x + dx / s, y: p.y + dy / s }, animation: false });
  }
  function focusCamera(id) {
    moving = true;
    network.focus(id, { scale: Math.max(network.getScale(), Math.min(1.2, 2.2 * fitScale)), animation: EASE, locked: false });
  }
  function onScreen(id) {
    var p = network.canvasToDOM(network.getPosition(id));
    return p.x > 0 && p.y > 0 && p.x < container.clientWidth && p.y < container.clientHeight;
  }

  // Once laid out, make room for the labels of the concepts labelled first at the fitted view: each
  // takes the first place (PLACES) that covers no earlier label and no concept already labelled, and a
  // smaller concept under it moves aside (sideways or down, whichever is shorter). A pillar's member
  // (or a hub) with no such place moves itself, a little, to where its label fits. Returns how many
  // concepts moved.
  function declutter() {
    var scale = network.getScale(), pos = network.getPositions(), gap = 4, placedBoxes = [], fixed = {}, moved = 0;
    var W = container.clientWidth, H = container.clientHeight, rank = priority();
    var dom = function (id) { return network.canvasToDOM(pos[id]); };
    // the moves that clear `box` of unlabelled concepts, or null when it covers a label or a labelled concept
    function clearing(id, box, from) {
      if (box.left < 0 || box.right > W || box.top < 0 || box.bottom > H) return null;
      if (placedBoxes.some(function (b) { return overlaps(box, b); })) return null;
      var moves = [];
      for (var other in pos) {
        if (other === id) continue;
        var q = dom(other), r = nodeInfo[other].sizes[state.measure] * scale + 2;
        if (!overlaps(box, { left: q.x - r, right: q.x + r, top: q.y - r, bottom: q.y + r })) continue;
        if (fixed[other]) return null;  // a labelled concept stays put
        var side = q.x < from.x ? box.left - gap - (q.x + r) : box.right + gap - (q.x - r);
        var down = box.top < from.y ? box.top - gap - (q.y + r) : box.bottom + gap - (q.y - r);
        var ways = [{ id: other, dx: side, dy: 0 }, { id: other, dx: 0, dy: down }];
        if (Math.abs(down) < Math.abs(side)) ways.reverse();
        // the shorter way that does not land the concept on a label already placed
        var way = ways.filter(function (m) {
          var moved = { left: q.x + m.dx - r, right: q.x + m.dx + r, top: q.y + m.dy - r, bottom: q.y + m.dy + r };
          return !placedBoxes.some(function (b) { return overlaps(moved, b); });
        })[0];
        if (!way) return null;
        moves.push(way);
      }
      return moves;
    }
    function apply(moves) {
      moved += moves.length;
      moves.forEach(function (m) {
        pos[m.id] = { x: pos[m.id].x + m.dx / scale, y: pos[m.id].y + m.dy / scale };
        network.moveNode(m.id, pos[m.id].x, pos[m.id].y);
      });
    }
    rank.order.slice(0, Math.max(OVERVIEW_LABELS, rank.preferred)).forEach(function (id, k) {
      var p = dom(id), n = nodeInfo[id], at = { x: p.x, y: p.y, r: n.sizes[state.measure] * scale };
      var places = k < rank.preferred ? PLACES : ["below"];
      for (var i = 0; i < places.length; i++) {
        var box = nodeLabel(n, at, places[i], false), moves = clearing(id, box, at);
        if (!moves) continue;
        apply(moves);
        placedBoxes.push(box);
        fixed[id] = true;
        return;
      }
      if (k >= rank.preferred) return;
      for (var d = 12; d <= 72; d += 12) {  // no place: the concept itself moves, by as little as will do
        for (var a = 0; a < 8; a++) {
          var there = { x: at.x + d * Math.cos(a * Math.PI / 4), y: at.y + d * Math.sin(a * Math.PI / 4), r: at.r };
          var label = nodeLabel(n, there, "below", false);
          var self = { left: there.x - at.r - 2, right: there.x + at.r + 2, top: there.y - at.r - 2, bottom: there.y + at.r + 2 };
          var clear1 = clearing(id, label, there), clear2 = clear1 && clearing(id, self, there);
          if (!clear1 || !clear2) continue;
          apply([{ id: id, dx: there.x - at.x, dy: there.y - at.y }].concat(clear1, clear2));
          placedBoxes.push(label, self);
          fixed[id] = true;
          return;
        }
      }
    });
    return moved;
  }

  // ---- the header: the title, cut at a word (never inside one) when it does not fit
  var titleEl = byId("title");
  function fitTitle() {
    var full = data.title, words = full.split(" ");
    titleEl.textContent = full;
    titleEl.title = full;
    if (titleEl.scrollWidth <= titleEl.clientWidth) return;
    var lo = 1, hi = words.length - 1;
    while (lo < hi) {  // the most words that fit, with an ellipsis
      var mid = Math.ceil((lo + hi) / 2);
      titleEl.textContent = words.slice(0, mid).join(" ").replace(/[\s:;,.\-–—]+$/, "") + "…";
      if (titleEl.scrollWidth <= titleEl.clientWidth) lo = mid; else hi = mid - 1;
    }
    titleEl.textContent = words.slice(0, lo).join(" ").replace(/[\s:;,.\-–—]+$/, "") + "…";
  }
  document.title = data.title;

  // ---- the legend: classes (colour, shape, count; a box hides the class), documents, size, how to read
  var legendList = byId("legend-items");
  function kindsOf(classId) { return data.classes.filter(function (k) { return k.kindOf === classId; }); }
  function swatch(c) {
    var s = el("span", { class: "swatch " + (c ? c.shape : "") + (c && (c.pillar || c.kindOf) ? " pillar" : ""), title: c ? c.shape : "" });
    if (c) s.style.background = c.color;
    return s;
  }
  var classBoxes = {};
  data.classes.forEach(function (c) {
    var box = el("input", { type: "checkbox", "data-class": c.id });
    classBoxes[c.id] = box;
    box.addEventListener("change", function () {
      state.hidden[c.id] = !box.checked;
      kindsOf(c.id).forEach(function (k) { state.hidden[k.id] = !box.checked; });  // a pillar's box: its kinds too
      if (!state.hidden[c.id]) delete state.hidden[c.id];
      kindsOf(c.id).forEach(function (k) { if (!state.hidden[k.id]) delete state.hidden[k.id]; });
      render();
    });
    var total = kindsOf(c.id).reduce(function (sum, k) { return sum + k.count; }, c.count);
    legendList.append(el("li", { class: c.pillar ? "pillar" : c.kindOf ? "kind" : "", title: c.kindOf ? "a kind of " +
      classInfo[c.kindOf].label : total !== c.count ? c.count + " of its own, " + (total - c.count) + " in its kinds" : "" },
      el("label", {}, box, swatch(c), el("span", { class: "name" }, c.label), el("span", { class: "count" }, String(total)))));
  });
  byId("class-hint").textContent = "Untick a class to hide it." +
    (has.pillars ? " Bold, shadowed: the pillars; indented under one, its kinds, in its shape." : "");

  var documentFilter = byId("document-filter");
  if (has.documents) {
    byId("documents-section").hidden = false;
    documentFilter.append(el("option", { value: "" }, "All " + data.documents.length + " documents (" + data.edges.length + ")"));
    data.documents.forEach(function (d) {
      var n = d.claims + d.denies;
      documentFilter.append(el("option", { value: d.id, title: d.title }, d.title + " (" + n + ")"));
    });
    documentFilter.addEventListener("change", function () { setDocument(documentFilter.value); });
    byId("document-hint").textContent = "Show only the relations one document states or denies; the number is how many.";
  }

  var sizeBy = byId("size-by");
  sizeBy.addEventListener("change", function () { state.measure = sizeBy.value; render(); });

  if (data.subset) {
    var note = byId("subset");
    note.textContent = "Showing " + data.subset.shown.toLocaleString("en") + " of " +
      data.subset.total.toLocaleString("en") + " concepts (" + data.subset.relations_shown.toLocaleString("en") +
      " of " + data.subset.relations_total.toLocaleString("en") + " relations): the " + data.subset.seeds +
      " concepts with the highest PageRank and their neighbours. Class counts are for the whole graph.";
    note.hidden = false;
  }
  var sentenceCount = data.documents.reduce(function (sum, d) { return sum + d.sentences.length; }, 0);
  byId("counts").textContent = plural(data.nodes.length, "concept") + ", " + plural(data.edges.length, "relation") +
    (has.documents ? ", " + plural(data.documents.length, "document") : "") +
    (has.texts ? ", " + plural(sentenceCount, "sentence") : "");

  // How to read it: only what this graph has.
  (function () {
    var how = byId("how");
    how.append(el("p", { class: "hint" }, "Arrows: the direction of each relation." + (has.statements
      ? " Every statement is drawn, whatever its modality; only one held as fact, trend or aim also stands as a plain triple in the data." : "")));
    if (has.documents) {
      var key = el("span", { class: "widths" });
      for (var k = 1; k <= Math.max(mostDocuments, 2); k++) {
        key.append(el("span", { class: "width-sample" }, el("span", { class: "line", style: "height:" + (k === 1 ? 1.2 : 1.2 + 1.5 * (k - 1)) + "px" }), String(k)));
      }
      how.append(el("p", { class: "hint" }, "Width: how many documents state the relation. ", key));
    }
    if (has.hedged || has.denied) {
      how.append(el("p", { class: "hint" }, "Dashed: " + [has.hedged ? "stated, but not as fact (an aim, a trend, an evaluation…)" : "",
        has.denied ? "only denied" : ""].filter(Boolean).join("; or ") + "."));
    }
    if (has.contradicted) {
      how.append(el("p", { class: "hint" }, el("span", { class: "red" }, "Red"), ": contradicted: a document denies it, or states the opposite."));
    }
    how.append(el("p", { class: "hint" }, "Labels: first the three largest concepts" + (has.pillars ? " and the first three of each pillar" : "") +
      ", then the next largest where there is room; zoom in for the rest."));
    how.append(el("p", { class: "hint" }, "Click a concept for its relations" +
      (has.statements && has.texts ? ", a relation for the sentences that state it" : ", a relation for its details") + "."));
    how.append(el("p", { class: "hint" }, "Keys: / search · + − zoom · 0 fit · arrows pan · S save image · Esc clear" +
      (has.texts ? " · T text" : "") + " · L legend."));
  })();

  function renderControls() {
    data.classes.forEach(function (c) { classBoxes[c.id].checked = !state.hidden[c.id]; });
    if (has.documents) documentFilter.value = state.document;
    sizeBy.value = state.measure;
    byId("size-note").textContent = "Node size: " + MEASURES[state.measure] +
      (state.measure === "betweenness" && data.betweenness === "shown" ? ", within the part shown (the graph is too large " +
        "for an exact figure)." : ", as in stats.");
    var collapsed = !state.legend;
    if (document.body.classList.contains("legend-collapsed") !== collapsed) {
      document.body.classList.toggle("legend-collapsed", collapsed);
      network.setSize("100%", "100%");  // the canvas takes its new width now, not at the next resize check
      fitTitle();
    }
    byId("toggle-legend").setAttribute("aria-pressed", state.legend ? "true" : "false");
    textButton.setAttribute("aria-pressed", state.panel === "text" && has.texts ? "true" : "false");
  }

  // ---- search
  var labels = [], seenLabel = {};
  data.nodes.forEach(function (n) {
    [n.label].concat(n.altLabels).forEach(function (label) {
      if (!seenLabel[label.toLowerCase()]) { seenLabel[label.toLowerCase()] = true; labels.push(label); }
    });
  });
  labels.sort(function (a, b) { return a.localeCompare(b); });
  var datalist = byId("search-labels");
  labels.forEach(function (label) { datalist.append(el("option", { value: label })); });

  var searchBox = byId("search");
  byId("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    search(searchBox.value);
  });
  function search(text) {
    var found = matches(text);
    if (found.exact || found.all.length === 1) { selectNode(found.exact || found.all[0]); return; }
    found.all.forEach(reveal);
    state.selection = { search: text.trim() };
    state.panel = "details";
    render();
    if (found.all.length) fitView(found.all, true);
  }

  // ---- actions: each changes the state, renders, and may move the camera
  // make a concept visible: its class ticked, and every document shown if the chosen one lacks it
  function reveal(id) {
    var n = nodeInfo[id];
    if (state.hidden[n["class"]]) delete state.hidden[n["class"]];
    if (state.document && !incident[id].some(function (e) { return speaks(edgeInfo[e], state.document); })) state.document = "";
  }

  function selectNode(id) {
    reveal(id);
    state.selection = { node: id };
    state.panel = "details";
    render();
    focusCamera(id);
  }

  function selectEdge(id) {
    var e = edgeInfo[id];
    reveal(e.from); reveal(e.to);
    if (state.document && !speaks(e, state.document)) state.document = "";
    state.selection = { edge: id };
    state.panel = "details";
    render();
  }

  function showSentence(sid) {
    var s = sentenceInfo[sid];
    state.selection = { sentence: sid };
    state.panel = "text";
    if (s) state.text = s.doc;
    if (state.document && !(claimsOf[sid] || []).some(function (id) { return speaks(edgeInfo[id], state.document); })) state.document = "";
    render();
    if (current.must.length) fitView(current.must, true);
  }

  function clearSelection() {
    state.selection = null;
    render();
  }

  function setDocument(id) {
    state.document = id || "";
    render();
    fitView(null, true);
  }

  function showText(docId) {
    state.panel = "text";
    if (docId) state.text = docId;
    render();
    scrollToMarked();
  }

  // ---- the side panel, built from the state when what it shows changes
  var details = byId("details"), textPanel = byId("text"), textBody = byId("text-body"), claimsPanel = byId("claims");
  var textButton = byId("toggle-text"), textChoice = byId("text-document");
  var hint = details.firstElementChild.cloneNode(true);
  var panelKey = null;

  if (has.documents) {
    byId("text-head").hidden = false;
    data.documents.forEach(function (d) { textChoice.append(el("option", { value: d.id }, d.title)); });
    textChoice.addEventListener("change", function () { showText(textChoice.value); });
  }

  function renderPanel() {
    var showingText = state.panel === "text" && has.texts;
    var key = JSON.stringify([state.selection, showingText, state.text, state.document, Object.keys(state.hidden).sort()]);
    if (key !== panelKey) {
      panelKey = key;
      details.hidden = showingText;
      textPanel.hidden = !showingText;
      clear(details);
      clear(claimsPanel);
      if (showingText) buildText();
      else { clear(textBody); buildDetails(); }
      claimsPanel.hidden = !claimsPanel.firstChild;
    }
    markSentences();
  }

  function buildDetails() {
    var sel = state.selection || {};
    if (sel.node && nodeInfo[sel.node]) showNode(sel.node);
    else if (sel.edge && edgeInfo[sel.edge]) showEdge(sel.edge);
    else if (sel.search !== undefined) showMatches(sel.search);
    else if (sel.sentence) listClaims(sel.sentence, details);
    else details.append(hint.cloneNode(true));
  }

  function classLabel(id) {
    var c = classInfo[nodeInfo[id]["class"]];
    return c ? c.label : "no class";
  }

  function conceptButton(id) {
    var button = el("button", { type: "button", class: "link" }, nodeInfo[id].label);
    button.addEventListener("click", function () { selectNode(id); });
    return button;
  }

  function classLine(classId) {
    var c = classInfo[classId];
    return el("p", { class: "class" }, swatch(c), c ? c.label : classId, el("span", { class: "meta" }, " · " + classId));
  }

  function badge(text, kind, title) { return el("span", { class: "badge " + kind, title: title || "" }, text); }

  function edgeBadges(e) {
    var out = el("span", { class: "badges" });
    if (has.documents && e.documents.length > 1) out.append(badge("×" + e.documents.length, "said", "stated by " + plural(e.documents.length, "document")));
    if (e.denied) out.append(badge("denied", "denied", "every document that speaks of it denies it"));
    else if (e.contradictions.length) out.append(badge("contradicted", "contradicted", "a document denies it or states the opposite"));
    return out;
  }

  function showNode(id) {
    var n = nodeInfo[id];
    details.append(el("h3", {}, n.label), classLine(n["class"]));
    details.append(el("p", { class: "meta" }, n.id + " · degree " + n.degree + " · betweenness " +
      (data.betweenness === "shown" ? "in the part shown " : "") +
      n.betweenness.toFixed(3) + " · PageRank " + n.pagerank.toFixed(4)));
    if (n.altLabels.length) details.append(el("h2", {}, "Also called"), el("p", {}, n.altLabels.join(" · ")));
    var groups = {}, count = 0;
    incident[id].forEach(function (eid) {
      var e = edgeInfo[eid];
      if (!current.visible.edges[eid]) return;
      var key = (e.from === id ? "→ " : "← ") + e.label;
      (groups[key] = groups[key] || []).push([e, e.from === id ? e.to : e.from]);
      count++;
    });
    var keys = Object.keys(groups).sort(function (a, b) {
      return (a[0] === b[0]) ? a.localeCompare(b) : (a[0] === "→" ? -1 : 1);
    });
    details.append(el("h2", {}, "Relations (" + count + ")" + (state.document ? " in " + docTitle(state.document) : "")));
    if (!keys.length) details.append(el("p", { class: "hint" }, "None."));
    keys.forEach(function (key) {
      var list = el("ul", {});
      groups[key].forEach(function (pair) {
        var e = pair[0], why = null;
        why = el("button", { type: "button", class: "link why", title: "Show the relation" + (has.statements && e.statements.length ? " and what states it" : "") },
          has.statements && e.statements.length ? "why?" : "details");
        why.addEventListener("click", function () { selectEdge(e.id); });
        list.append(el("li", { class: e.asserted === false ? "hedged" : "" }, conceptButton(pair[1]), edgeBadges(e), why));
      });
      details.append(el("p", { class: "claim" }, el("span", { class: "predicate" }, key)), list);
    });
  }

  function showMatches(text) {
    var found = matches(text).all;
    if (!found.length) {
      details.append(el("p", { class: "hint" }, "No concept matches “" + text + "”."));
      return;
    }
    details.append(el("h2", {}, plural(found.length, "concept") + " match “" + text + "”"));
    var list = el("ul", { class: "matches" });
    found.forEach(function (id) { list.append(el("li", {}, conceptButton(id), el("span", { class: "meta" }, " · " + classLabel(id)))); });
    details.append(list);
  }

  // The words to mark in a sentence: the mentions the data records, else the concepts' labels.
  function markedSpans(text, sentence, edge, mentions) {
    var spans = [];
    (mentions || []).forEach(function (m) {
      if (m.sentence === sentence.id && m.begin >= sentence.begin && m.end <= sentence.end && m.end > m.begin) {
        spans.push({ begin: m.begin, end: m.end, role: m.role });
      }
    });
    if (spans.length) return spans;
    var body = text.slice(sentence.begin, sentence.end), lower = body.toLowerCase(), words = [];
    [edge.from, edge.to].forEach(function (id) {
      var n = nodeInfo[id];
      [n.label].concat(n.altLabels).forEach(function (w) { if (w.length > 2) words.push(w.toLowerCase()); });
    });
    words.sort(function (a, b) { return b.length - a.length; });
    var i = 0;
    while (i < body.length) {
      var hit = null;
      for (var k = 0; k < words.length; k++) {
        if (lower.startsWith(words[k], i) && (i === 0 || !/\w/.test(body[i - 1])) && !/\w/.test(body[i + words[k].length] || "")) { hit = words[k]; break; }
      }
      if (hit) { spans.push({ begin: sentence.begin + i, end: sentence.begin + i + hit.length, role: "label" }); i += hit.length; }
      else i++;
    }
    return spans;
  }

  // A sentence in its context (the text of its section around it), the sentence marked and the words
  // naming the claim's two ends (and its relation) in bold.
  function quote(sid, edge, mentions) {
    var s = sentenceInfo[sid], doc = docInfo[s.doc], text = doc.text, section = null;
    doc.sections.forEach(function (x) {  // the innermost section that holds the sentence (sections nest)
      if (x.begin <= s.begin && s.end <= x.end && (!section || x.end - x.begin < section.end - section.begin)) section = x;
    });
    var start = section ? section.begin + section.title.length : Math.max(0, s.begin - 200);
    var end = section ? section.end : Math.min(text.length, s.end + 200);
    if (start > s.begin) start = Math.max(0, s.begin - 200);
    var before = text.slice(start, s.begin).replace(/^\s+/, "");
    var after = text.slice(s.end, end).replace(/\s+$/, "");
    if (before.length > 240) before = "…" + before.slice(-240);
    if (after.length > 240) after = after.slice(0, 240) + "…";
    var mark = el("mark", {});
    var spans = markedSpans(text, s, edge, mentions).sort(function (a, b) { return a.begin - b.begin; });
    var pos = s.begin;
    spans.forEach(function (x) {
      if (x.begin < pos) return;
      if (x.begin > pos) mark.append(document.createTextNode(text.slice(pos, x.begin)));
      mark.append(el("strong", { class: "mention " + x.role, title: x.role === "label" ? "matches a label" : x.role }, text.slice(x.begin, x.end)));
      pos = x.end;
    });
    if (pos < s.end) mark.append(document.createTextNode(text.slice(pos, s.end)));
    var inText = el("button", { type: "button", class: "link in-text", title: "Show the sentence in its text" }, "Show in the text");
    inText.addEventListener("click", function () { showText(s.doc); });
    return el("div", { class: "source", "data-sentence": sid, "data-document": s.doc },
      el("div", { class: "section" }, (section ? section.title + " · " : "") + sid + " [" + s.begin + ":" + s.end + "]"),
      el("div", {}, el("span", { class: "context" }, before ? before + " " : ""), mark, el("span", { class: "context" }, after ? " " + after : "")),
      inText);
  }

  function modalityLine(st) {
    if (st.denied) {
      return el("p", { class: "modality denied" }, badge("denied", "denied"), " the text says it is not so",
        el("span", { class: "meta" }, st.modality ? " · " + st.modality : ""));
    }
    if (!st.modality) return null;
    var asserted = st.modality === "ev:AssertedFact";
    return el("p", { class: "modality" + (asserted ? "" : " hedged") }, asserted ? "Asserted: " : "Not asserted as fact: ",
      el("strong", {}, st.modalityLabel || st.modality), el("span", { class: "meta" }, " · " + st.modality));
  }

  function showEdge(id) {
    var e = edgeInfo[id];
    details.append(el("h2", {}, has.statements ? "Claim" : "Relation"));
    details.append(el("p", { class: "claim" }, conceptButton(e.from), " ", el("span", { class: "predicate" }, e.label), " ", conceptButton(e.to)));
    if (has.documents) {
      var said = e.documents.length, denied = e.deniedBy.length;
      details.append(el("p", { class: "support" + (said > 1 && !denied ? " corroborated" : "") },
        said ? "Stated by " + plural(said, "document") + (said > 1 ? ": corroborated" : "") : "Stated by no document",
        denied ? "; denied by " + plural(denied, "document") : "", "."));
    }
    if (e.contradictions.length) {
      var box = el("div", { class: "contradiction" }, el("strong", {}, "Contradicted"));
      var list = el("ul", {}), seen = {};
      e.contradictions.forEach(function (c) {
        if (c.kind === "denied") {
          e.deniedBy.forEach(function (d) {
            if (seen["d" + d]) return;
            seen["d" + d] = true;
            list.append(el("li", {}, "“" + docTitle(d) + "” denies it."));
          });
        } else {
          var other = c.edges[0] === id ? c.edges[1] : c.edges[0], o = edgeInfo[other];
          if (seen["o" + other]) return;
          seen["o" + other] = true;
          var go = el("button", { type: "button", class: "link" }, nodeInfo[o.from].label + " " + o.label + " " + nodeInfo[o.to].label);
          go.addEventListener("click", function () { selectEdge(other); });
          list.append(el("li", {}, "The opposite is stated: ", go,
            o.documents.length ? " (" + o.documents.map(docTitle).join("; ") + ")" : "", "."));
        }
      });
      box.append(list);
      details.append(box);
    }
    details.append(el("p", { class: "meta" }, e.predicate));
    if (!e.statements.length) {
      if (has.texts) details.append(el("p", { class: "hint" }, "No statement of any document is recorded for this relation."));
      return;
    }
    var groups = [], byDoc = {};
    e.statements.forEach(function (st) {
      var docs = st.documents.length ? st.documents : [""];
      docs.forEach(function (d) {
        if (!byDoc[d]) { byDoc[d] = []; groups.push(d); }
        byDoc[d].push(st);
      });
    });
    groups.forEach(function (d) {
      var section = el("section", { class: "statements", "data-document": d });
      if (has.documents && d) section.append(el("h3", { class: "document" }, docTitle(d)));
      byDoc[d].forEach(function (st) {
        section.append(modalityLine(st));
        section.append(el("p", { class: "meta" }, st.id));
        var sentences = st.sentences.filter(function (sid) { return sentenceInfo[sid] && (!d || sentenceInfo[sid].doc === d); });
        if (sentences.length > 1) section.append(el("h2", {}, "Said in " + sentences.length + " sentences"));
        else if (sentences.length && !has.documents) section.append(el("h2", {}, "Said in"));
        sentences.forEach(function (sid) { section.append(quote(sid, e, st.mentions)); });
      });
      details.append(section);
    });
  }

  // The claims a sentence supports, as a list (under the text, or in the details).
  function listClaims(sid, into) {
    var claims = (claimsOf[sid] || []).filter(function (id) { return current.visible.edges[id]; });
    into.append(el("h2", {}, plural(claims.length, "claim") + " from " + sid));
    var list = el("ul", {});
    claims.forEach(function (id) {
      var e = edgeInfo[id];
      var denial = e.statements.some(function (st) { return st.denied && st.sentences.indexOf(sid) >= 0; });
      var why = el("button", { type: "button", class: "link why", title: "Show the claim and its sentences" }, "details");
      why.addEventListener("click", function () { selectEdge(id); });
      list.append(el("li", { class: e.asserted === false ? "hedged" : "" }, conceptButton(e.from), " ",
        el("span", { class: "predicate" }, e.label), " ", conceptButton(e.to), denial ? badge("denied", "denied") : null, why));
    });
    if (!claims.length) into.append(el("p", { class: "hint" }, "No relation is drawn from this sentence."));
    into.append(list);
  }

  // ---- the texts: one element per document, made when first shown
  var textViews = {}, sentenceSpans = {};
  function textView(docId) {
    if (textViews[docId]) return textViews[docId];
    var doc = docInfo[docId], text = doc.text, view = el("div", { class: "document-text", "data-document": docId });
    var marks = [];
    if (doc.title && text.indexOf(doc.title) === 0) marks.push({ begin: 0, end: doc.title.length, kind: "heading" });
    doc.sections.forEach(function (s) {
      if (s.title && text.slice(s.begin, s.begin + s.title.length) === s.title) marks.push({ begin: s.begin, end: s.begin + s.title.length, kind: "heading" });
    });
    doc.sentences.forEach(function (s) { marks.push({ begin: s.begin, end: s.end, kind: "sentence", id: s.id }); });
    marks.sort(function (a, b) { return (a.begin - b.begin) || (a.kind === "heading" ? -1 : 1); });
    var pos = 0;
    marks.forEach(function (m) {
      if (m.begin < pos) return;
      if (m.begin > pos) view.append(document.createTextNode(text.slice(pos, m.begin)));
      if (m.kind === "heading") view.append(el("span", { class: "heading" }, text.slice(m.begin, m.end)));
      else {
        var span = el("span", { class: "sentence", "data-sentence": m.id, tabindex: "0", role: "button",
          title: "Click: the claims this sentence supports" }, text.slice(m.begin, m.end));
        span.addEventListener("click", function () { showSentence(m.id); });
        span.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); showSentence(m.id); } });
        sentenceSpans[m.id] = span;
        view.append(span);
      }
      pos = m.end;
    });
    if (pos < text.length) view.append(document.createTextNode(text.slice(pos)));
    return (textViews[docId] = view);
  }

  function buildText() {
    var docId = docInfo[state.text] ? state.text : data.documents[0].id;
    if (has.documents) textChoice.value = docId;
    if (textBody.firstChild !== textViews[docId]) { clear(textBody); textBody.append(textView(docId)); }
    var sel = state.selection || {};
    if (sel.sentence) listClaims(sel.sentence, claimsPanel);
  }

  // the sentences of the selected relation (or the selected sentence) are marked in the text
  function markedSentences() {
    var sel = state.selection || {};
    if (sel.sentence) return [sel.sentence];
    if (sel.edge && edgeInfo[sel.edge]) return edgeInfo[sel.edge].sentences;
    return [];
  }
  var marked = [];
  function markSentences() {
    marked.forEach(function (id) { if (sentenceSpans[id]) sentenceSpans[id].classList.remove("hl"); });
    marked = markedSentences();
    marked.forEach(function (id) { if (sentenceSpans[id]) sentenceSpans[id].classList.add("hl"); });
  }
  function scrollToMarked() {
    if (textPanel.hidden) return;
    var first = textBody.querySelector(".sentence.hl");
    if (first) first.scrollIntoView({ block: "center" });
  }

  textButton.addEventListener("click", function () {
    state.panel = state.panel === "text" ? "details" : "text";
    render();
    scrollToMarked();
  });
  byId("toggle-legend").addEventListener("click", function () { state.legend = !state.legend; render(); });

  // ---- fit, zoom, save, keys, pointer
  byId("zoom-in").addEventListener("click", function () { zoomBy(1.4); });
  byId("zoom-out").addEventListener("click", function () { zoomBy(1 / 1.4); });
  byId("fit").addEventListener("click", function () { fitView(null, true); });

  // Save image: the current view, redrawn at `scale` device pixels per CSS pixel, as PNG.
  function renderPNG(scale) {
    var canvas = network.canvas, had = Object.getOwnPropertyDescriptor(window, "devicePixelRatio");
    function resize() { canvas.setSize(canvas.options.width, canvas.options.height); network.redraw(); }
    Object.defineProperty(window, "devicePixelRatio", { value: scale, configurable: true });
    try {
      resize();
      var drawn = container.querySelector("canvas"), image = document.createElement("canvas");
      image.width = drawn.width;
      image.height = drawn.height;
      var ctx = image.getContext("2d");
      ctx.fillStyle = "#ffffff"; // a report's page: white, not transparent
      ctx.fillRect(0, 0, image.width, image.height);
      ctx.drawImage(drawn, 0, 0);
      return image.toDataURL("image/png");
    } finally {
      if (had) Object.defineProperty(window, "devicePixelRatio", had); else delete window.devicePixelRatio;
      resize();
    }
  }
  function saveImage() {
    var scale = Number(byId("image-scale").value) || 2;
    var link = document.createElement("a");
    link.href = renderPNG(scale);
    link.download = (document.title || "graph").replace(/[^\w\-]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase() + ".png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  byId("save-image").addEventListener("click", saveImage);

  document.addEventListener("keydown", function (ev) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName);
    if (ev.key === "Escape") { if (typing) ev.target.blur(); clearSelection(); return; }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var keys = {
      "/": function () { searchBox.focus(); searchBox.select(); },
      "+": function () { zoomBy(1.4); }, "=": function () { zoomBy(1.4); },
      "-": function () { zoomBy(1 / 1.4); }, "0": function () { fitView(null, true); }, "f": function () { fitView(null, true); },
      "ArrowLeft": function () { pan(-80, 0); }, "ArrowRight": function () { pan(80, 0); },
      "ArrowUp": function () { pan(0, -80); }, "ArrowDown": function () { pan(0, 80); },
      "s": saveImage,
      "t": function () { if (has.texts) textButton.click(); }, "l": function () { byId("toggle-legend").click(); }
    };
    if (keys[ev.key] && (ev.key.indexOf("Arrow") !== 0 || ev.target === document.body || ev.target === container || container.contains(ev.target))) {
      ev.preventDefault();
      keys[ev.key]();
    }
  });

  // a label the page drew is the concept's too: a click on it selects the concept
  function labelAt(point) {
    for (var i = placed.nodes.length - 1; i >= 0; i--) {
      var l = placed.nodes[i];
      if (point.x >= l.left && point.x <= l.right && point.y >= l.top && point.y <= l.bottom) return l.id;
    }
    return null;
  }
  network.on("click", function (params) {
    if (params.nodes.length) selectNode(params.nodes[0]);
    else if (params.edges.length) selectEdge(params.edges[0]);
    else {
      var id = labelAt(params.pointer.DOM);
      if (id) selectNode(id); else clearSelection();
    }
  });
  network.on("hoverNode", function (p) { state.hover = { node: p.node }; render(); });
  network.on("blurNode", function () { state.hover = null; render(); });
  network.on("hoverEdge", function (p) { state.hover = { edge: p.edge }; render(); });
  network.on("blurEdge", function () { state.hover = null; render(); });
  window.addEventListener("resize", function () { network.setSize("100%", "100%"); fitTitle(); network.redraw(); });

  // ---- start: lay out, freeze, make room for the first labels, fit
  network.on("stabilizationProgress", function (p) {
    status.textContent = "Laying out… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false }); // settled: the layout stops moving
    for (var round = 0; round < 6; round++) {  // until the fitted view needs no concept moved
      fitView(null, false);
      fitScale = network.getScale();
      if (!declutter()) break;
    }
    fitView(null, false);
    fitScale = network.getScale();
    settled = true;
    render();
    requestAnimationFrame(function () { document.body.setAttribute("data-settled", "true"); });
  });
  fitTitle();
  render();

  // ---- for tests and tools: the state, set afresh; when the page is still; what it drew
  function snapshot() {
    var p = network.getViewPosition();
    return {
      selection: state.selection, hover: state.hover, document: state.document,
      hidden: Object.keys(state.hidden).sort(), measure: state.measure, legend: state.legend,
      panel: state.panel, text: state.text, camera: { x: p.x, y: p.y, scale: network.getScale() }
    };
  }
  function setState(s) {
    state.selection = s.selection || null;
    state.hover = s.hover || null;
    state.document = s.document || "";
    state.hidden = {};
    (s.hidden || []).forEach(function (c) { state.hidden[c] = true; });
    state.measure = s.measure || "degree";
    state.legend = s.legend !== false;
    state.panel = s.panel || "details";
    state.text = s.text || (data.documents.length ? data.documents[0].id : null);
    render();
    if (s.camera) setCamera(s.camera);
  }
  function setCamera(c) { moveTo({ position: { x: c.x, y: c.y }, scale: c.scale, animation: false }); }
  function whenIdle() {
    return new Promise(function (resolve) {
      (function check() {
        if (settled && !moving && placedKey === cameraKey()) resolve(true);
        else { network.redraw(); requestAnimationFrame(check); }
      })();
    });
  }

  window.viewer = {
    network: network, nodes: nodes, edges: edges, data: data,
    selectNode: selectNode, selectEdge: selectEdge, showSentence: showSentence, search: search,
    setDocument: setDocument, clearSelection: clearSelection,
    setMeasure: function (name) { state.measure = name; render(); },
    fit: function () { fitView(null, false); }, renderPNG: renderPNG,
    state: snapshot, setState: setState, setCamera: setCamera, whenIdle: whenIdle, matches: matches,
    labelled: function () { return placed.nodes.map(function (l) { return l.id; }); },
    edgeLabels: function () { return placed.edges.map(function (l) { return l.id; }); },
    labelBoxes: function () { return placed; },
    fitScale: function () { return fitScale; }
  };
})();
