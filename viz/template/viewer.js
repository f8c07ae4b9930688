// The viewer of the knowledge graph. Every string from the data is set as text (textContent,
// text nodes, attributes), never as HTML.
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
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  document.getElementById("title").textContent = data.title;
  document.getElementById("title").title = data.title;

  var nodeInfo = {}, edgeInfo = {}, classInfo = {}, sentenceInfo = {}, neighbours = {};
  data.classes.forEach(function (c) { classInfo[c.id] = c; });
  data.nodes.forEach(function (n) { nodeInfo[n.id] = n; neighbours[n.id] = {}; });
  data.edges.forEach(function (e) {
    edgeInfo[e.id] = e;
    neighbours[e.from][e.to] = true;
    neighbours[e.to][e.from] = true;
  });
  if (data.article) data.article.sentences.forEach(function (s) { sentenceInfo[s.id] = s; });
  if (!data.article) document.body.classList.add("no-article");

  // ---- level of detail: labels keep one size on screen; the most important concepts get
  // theirs first, and a label is drawn only where it covers no other label and no node.
  var LABEL_PX = 12;         // node labels, CSS px, whatever the zoom
  var EDGE_LABEL_PX = 11;    // edge labels, CSS px
  var OVERVIEW_LABELS = 15;  // labels at the fitted view; more as the user zooms in
  var MEASURES = {
    degree: "degree (relations)",
    betweenness: "betweenness",
    pagerank: "PageRank"
  };
  var measure = "degree";
  var fitScale = 1;
  var focus = null;          // {nodes: {id: true}, edges: {id: true}} while a selection dims the rest
  var shownLabels = {}, shownEdgeLabels = {};
  var measureCtx = document.createElement("canvas").getContext("2d");
  var FONT_FACE = data.options.nodes.font.face;

  function visItem(item) {
    var copy = Object.assign({}, item.vis);
    copy.id = item.id;
    if (item.from !== undefined) {
      copy.from = item.from; copy.to = item.to; copy.label = "";
      if (item.asserted === false) copy.dashes = [6, 5]; // not asserted as fact: dashed
    }
    else { copy.label = ""; copy.size = item.sizes[measure]; }
    return copy;
  }

  var nodes = new vis.DataSet(data.nodes.map(visItem));
  var edges = new vis.DataSet(data.edges.map(visItem));
  var container = document.getElementById("network");
  var options = Object.assign({}, data.options);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var status = document.getElementById("status");

  function ranked() {
    return data.nodes.slice().sort(function (a, b) {
      return (b[measure] - a[measure]) || a.label.localeCompare(b.label);
    });
  }
  var order = ranked();

  function labelBox(n, x, y, size, scale) {
    // the label's box in CSS px, as vis-network draws it: centred below the shape
    var lines = n.vis.label.split("\n");
    measureCtx.font = LABEL_PX + "px " + FONT_FACE;
    var width = 0;
    lines.forEach(function (line) { width = Math.max(width, measureCtx.measureText(line).width); });
    var top = y + size * scale + 2;
    return { left: x - width / 2 - 3, right: x + width / 2 + 3, top: top - 2, bottom: top + lines.length * LABEL_PX * 1.2 + 3 };
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function layoutLabels() {
    var scale = network.getScale();
    var width = container.clientWidth, height = container.clientHeight;
    var positions = network.getPositions();
    var visible = data.nodes.filter(function (n) { return !nodes.get(n.id).hidden; });
    var boxes = {}, shapes = [];
    visible.forEach(function (n) {
      var p = network.canvasToDOM(positions[n.id]);
      var r = nodes.get(n.id).size * scale + 2;
      boxes[n.id] = { x: p.x, y: p.y, r: r - 2 };
      shapes.push({ id: n.id, box: { left: p.x - r, right: p.x + r, top: p.y - r, bottom: p.y + r } });
    });
    var cap = Math.max(OVERVIEW_LABELS, Math.round(OVERVIEW_LABELS * Math.pow(scale / fitScale, 2)));
    var candidates = order.filter(function (n) {
      var b = boxes[n.id];
      return b && b.x > -40 && b.x < width + 40 && b.y > -40 && b.y < height + 40 &&
        (!focus || focus.nodes[n.id]);
    });
    var placed = [], wanted = {};
    for (var i = 0; i < candidates.length && placed.length < cap; i++) {
      var n = candidates[i], b = boxes[n.id];
      var box = labelBox(n, b.x, b.y, b.r / scale, scale);
      if (box.left < 0 || box.right > width || box.bottom > height) continue;
      if (placed.some(function (other) { return overlaps(box, other); })) continue;
      if (shapes.some(function (s) { return s.id !== n.id && overlaps(box, s.box); })) continue;
      placed.push(box);
      wanted[n.id] = true;
    }
    var changes = [];
    var font = { size: LABEL_PX / scale };
    data.nodes.forEach(function (n) {
      if (wanted[n.id]) changes.push({ id: n.id, label: n.vis.label, font: font });
      else if (shownLabels[n.id]) changes.push({ id: n.id, label: "" });
    });
    shownLabels = wanted;
    // edge labels: those of the focus, or all once the view is close enough to read them
    var edgeFont = { size: EDGE_LABEL_PX / scale };
    var closeUp = scale >= Math.max(1, 2 * fitScale);
    var edgeChanges = [], wantedEdges = {};
    data.edges.forEach(function (e) {
      if (e.vis.label && (focus ? focus.edges[e.id] : closeUp)) {
        wantedEdges[e.id] = true;
        edgeChanges.push({ id: e.id, label: e.vis.label, font: edgeFont });
      } else if (shownEdgeLabels[e.id]) edgeChanges.push({ id: e.id, label: "" });
    });
    shownEdgeLabels = wantedEdges;
    if (changes.length) nodes.update(changes);
    if (edgeChanges.length) edges.update(edgeChanges);
  }

  var pending = false;
  function relabel() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; layoutLabels(); });
  }
  network.on("zoom", relabel);
  network.on("dragEnd", relabel);
  network.on("animationFinished", relabel);
  window.addEventListener("resize", function () { setTimeout(relabel, 50); });

  // Fit a set of concepts (all by default) in the view, leaving room for their labels.
  function fitView(ids, animate) {
    var positions = network.getPositions(ids && ids.length ? ids : undefined);
    var keys = Object.keys(positions);
    if (!keys.length) return;
    var box = { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity };
    keys.forEach(function (id) {
      var p = positions[id], r = nodes.get(id).size;
      box.left = Math.min(box.left, p.x - r); box.right = Math.max(box.right, p.x + r);
      box.top = Math.min(box.top, p.y - r); box.bottom = Math.max(box.bottom, p.y + r);
    });
    var mx = 70, mtop = 16, mbottom = 44;
    var w = Math.max(box.right - box.left, 1), h = Math.max(box.bottom - box.top, 1);
    var scale = Math.min((container.clientWidth - 2 * mx) / w, (container.clientHeight - mtop - mbottom) / h, 1.6);
    var centre = { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 + (mbottom - mtop) / 2 / scale };
    if (!ids) fitScale = scale;
    network.moveTo({ position: centre, scale: scale,
      animation: animate ? { duration: 350, easingFunction: "easeInOutQuad" } : false });
    if (!animate) layoutLabels();
  }

  // Once laid out, make room for the labels of the most important concepts at the fitted view:
  // a smaller concept under such a label moves aside (sideways or down, whichever is shorter).
  function declutter() {
    var scale = network.getScale(), pos = network.getPositions(), gap = 4, placed = [], fixed = {};
    var dom = function (id) { return network.canvasToDOM(pos[id]); };
    order.slice(0, OVERVIEW_LABELS).forEach(function (n) {
      var p = dom(n.id), box = labelBox(n, p.x, p.y, nodes.get(n.id).size, scale);
      if (placed.some(function (b) { return overlaps(box, b); })) return;
      var moves = [];
      for (var id in pos) {
        if (id === n.id) continue;
        var q = dom(id), r = nodes.get(id).size * scale + 2;
        if (!overlaps(box, { left: q.x - r, right: q.x + r, top: q.y - r, bottom: q.y + r })) continue;
        if (fixed[id]) return;  // a labelled concept stays put: this label waits for a closer view
        var side = q.x < p.x ? box.left - gap - (q.x + r) : box.right + gap - (q.x - r);
        var down = box.bottom + gap - (q.y - r);
        moves.push(Math.abs(side) < down ? { id: id, dx: side, dy: 0 } : { id: id, dx: 0, dy: down });
      }
      moves.forEach(function (m) {
        pos[m.id] = { x: pos[m.id].x + m.dx / scale, y: pos[m.id].y + m.dy / scale };
        network.moveNode(m.id, pos[m.id].x, pos[m.id].y);
      });
      placed.push(box);
      fixed[n.id] = true;
    });
  }

  network.on("stabilizationProgress", function (p) {
    status.textContent = "Laying out… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false }); // settled: the layout stops moving
    for (var round = 0; round < 3; round++) { fitView(null, false); declutter(); }
    fitView(null, false);
    status.textContent = plural(data.nodes.length, "concept") + ", " + plural(data.edges.length, "relation");
    requestAnimationFrame(function () { document.body.setAttribute("data-settled", "true"); });
  });

  // ---- sizes: by degree, betweenness or PageRank
  var sizeBy = document.getElementById("size-by");
  var sizeNote = document.getElementById("size-note");
  function setMeasure(name) {
    measure = name;
    sizeBy.value = name;
    sizeNote.textContent = "Node size: " + MEASURES[name] +
      (name === "betweenness" && data.betweenness === "shown" ? ", within the part shown (the graph is too large " +
        "for an exact figure)." : ", as in stats.");
    nodes.update(data.nodes.map(function (n) { return { id: n.id, size: n.sizes[name] }; }));
    order = ranked();
    relabel();
  }
  sizeBy.addEventListener("change", function () { setMeasure(sizeBy.value); });
  setMeasure("degree");

  // ---- legend: colour and shape per class, with counts; a checkbox hides the class
  var legend = document.getElementById("legend-items");
  // a pillar heads its kinds (rdfs:subClassOf), drawn in its shape; its box shows or hides them all
  function kindsOf(classId) {
    return data.classes.filter(function (k) { return k.kindOf === classId; });
  }
  data.classes.forEach(function (c) {
    var box = el("input", { type: "checkbox", "data-class": c.id });
    box.checked = true;
    box.addEventListener("change", function () {
      setClassVisible(c.id, box.checked);
      kindsOf(c.id).forEach(function (k) { setLegend(k.id, box.checked); });
    });
    var total = kindsOf(c.id).reduce(function (sum, k) { return sum + k.count; }, c.count);
    legend.append(el("li", { class: c.pillar ? "pillar" : c.kindOf ? "kind" : "", title: c.kindOf ? "a kind of " +
      classInfo[c.kindOf].label : total !== c.count ? c.count + " of its own, " + (total - c.count) + " in its kinds" : "" },
      el("label", {}, box, swatch(c), el("span", { class: "name" }, c.label), el("span", { class: "count" }, String(total)))));
  });

  function swatch(c) {
    var s = el("span", { class: "swatch " + (c ? c.shape : "") + (c && (c.pillar || c.kindOf) ? " pillar" : ""),
      title: c ? c.shape : "" });
    if (c) s.style.background = c.color;
    return s;
  }

  if (data.subset) {
    var note = document.getElementById("subset");
    note.textContent = "Showing " + data.subset.shown.toLocaleString("en") + " of " +
      data.subset.total.toLocaleString("en") + " concepts (" + data.subset.relations_shown.toLocaleString("en") +
      " of " + data.subset.relations_total.toLocaleString("en") + " relations): the " + data.subset.seeds +
      " concepts with the highest PageRank and their neighbours. Class counts are for the whole graph.";
    note.hidden = false;
  }
  document.getElementById("counts").textContent =
    plural(data.nodes.length, "concept") + ", " + plural(data.edges.length, "relation") +
    (data.article ? ", " + plural(data.article.sentences.length, "sentence") : "");

  function setClassVisible(classId, visible) {
    nodes.update(data.nodes.filter(function (n) { return n["class"] === classId; })
      .map(function (n) { return { id: n.id, hidden: !visible }; }));
    relabel();
  }

  // ---- focus: a selection dims every concept and relation outside it
  function faded(hex) {
    var n = parseInt(hex.slice(1), 16), mix = function (c) { return Math.round(c + (255 - c) * 0.82); };
    return "rgb(" + mix(n >> 16) + "," + mix((n >> 8) & 255) + "," + mix(n & 255) + ")";
  }

  function setFocus(nodeIds, edgeIds) {
    focus = nodeIds ? { nodes: {}, edges: {} } : null;
    if (focus) {
      nodeIds.forEach(function (id) { focus.nodes[id] = true; });
      (edgeIds || []).forEach(function (id) { focus.edges[id] = true; });
    }
    nodes.update(data.nodes.map(function (n) {
      var c = n.vis.color, dim = focus && !focus.nodes[n.id];
      return { id: n.id, color: dim ? { background: faded(c.background), border: "#ffffff" } : c };
    }));
    edges.update(data.edges.map(function (e) {
      var dim = focus && !focus.edges[e.id];
      return { id: e.id, color: dim ? { color: "#eef1f4", highlight: "#1f2933" } : data.options.edges.color };
    }));
    relabel();
  }

  function focusNode(id) {
    var ids = [id].concat(Object.keys(neighbours[id]));
    var edgeIds = data.edges.filter(function (e) { return e.from === id || e.to === id; }).map(function (e) { return e.id; });
    setFocus(ids, edgeIds);
  }

  // ---- search: every concept whose label or other label contains the words
  var labels = [];
  var seen = {};
  data.nodes.forEach(function (n) {
    [n.label].concat(n.altLabels).forEach(function (label) {
      if (!seen[label.toLowerCase()]) { seen[label.toLowerCase()] = true; labels.push(label); }
    });
  });
  labels.sort(function (a, b) { return a.localeCompare(b); });
  var datalist = document.getElementById("search-labels");
  labels.forEach(function (label) { datalist.append(el("option", { value: label })); });

  function matches(text) {
    var key = text.trim().toLowerCase();
    if (!key) return { exact: null, all: [] };
    var exact = null, all = [];
    data.nodes.forEach(function (n) {
      var names = [n.label].concat(n.altLabels).map(function (l) { return l.toLowerCase(); });
      if (names.indexOf(key) >= 0) exact = exact || n.id;
      if (names.some(function (l) { return l.indexOf(key) >= 0; })) all.push(n.id);
    });
    all.sort(function (a, b) { return nodeInfo[a].label.localeCompare(nodeInfo[b].label); });
    return { exact: exact, all: all };
  }

  var searchBox = document.getElementById("search");
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var found = matches(searchBox.value);
    if (found.exact || found.all.length === 1) { selectNode(found.exact || found.all[0]); return; }
    showPanel("details");
    clear(details);
    if (!found.all.length) {
      details.append(el("p", { class: "hint" }, "No concept matches “" + searchBox.value.trim() + "”."));
      return;
    }
    found.all.forEach(function (id) { if (nodes.get(id).hidden) setLegend(nodeInfo[id]["class"], true); });
    details.append(el("h2", {}, plural(found.all.length, "concept") + " match “" + searchBox.value.trim() + "”"));
    var list = el("ul", { class: "matches" });
    found.all.forEach(function (id) { list.append(el("li", {}, conceptButton(id), el("span", { class: "meta" }, " · " + classLabel(id)))); });
    details.append(list);
    network.unselectAll();
    setFocus(found.all, []);
    fitView(found.all, true);
  });

  // ---- the side panel
  var details = document.getElementById("details");
  var articlePanel = document.getElementById("article");
  var claimsPanel = document.getElementById("claims");
  var articleButton = document.getElementById("toggle-article");
  var hint = details.firstElementChild.cloneNode(true);

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

  function selectNode(id) {
    if (nodes.get(id) && nodes.get(id).hidden) setLegend(nodeInfo[id]["class"], true);
    network.selectNodes([id]);
    focusNode(id);
    network.focus(id, { scale: Math.max(network.getScale(), Math.min(1.2, 2.2 * fitScale)),
      animation: { duration: 350, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }

  function setLegend(classId, visible) {
    var box = legend.querySelector('input[data-class="' + CSS.escape(classId) + '"]');
    if (box) box.checked = visible;
    setClassVisible(classId, visible);
  }

  function showNode(id) {
    var n = nodeInfo[id];
    showPanel("details");
    clear(details);
    details.append(el("h3", {}, n.label), classLine(n["class"]));
    details.append(el("p", { class: "meta" }, n.id + " · degree " + n.degree + " · betweenness " +
      (data.betweenness === "shown" ? "in the part shown " : "") +
      n.betweenness.toFixed(3) + " · PageRank " + n.pagerank.toFixed(4)));
    if (n.altLabels.length) {
      details.append(el("h2", {}, "Also called"), el("p", {}, n.altLabels.join(" · ")));
    }
    var groups = {}, count = 0;
    data.edges.forEach(function (e) {
      if (e.from === id) { (groups["→ " + e.label] = groups["→ " + e.label] || []).push([e, e.to]); count++; }
      else if (e.to === id) { (groups["← " + e.label] = groups["← " + e.label] || []).push([e, e.from]); count++; }
    });
    var keys = Object.keys(groups).sort(function (a, b) {
      return (a[0] === b[0]) ? a.localeCompare(b) : (a[0] === "→" ? -1 : 1);
    });
    details.append(el("h2", {}, "Relations (" + count + ")"));
    if (!keys.length) details.append(el("p", { class: "hint" }, "None."));
    keys.forEach(function (key) {
      var list = el("ul", {});
      groups[key].forEach(function (pair) {
        var why = el("button", { type: "button", class: "link why", title: "Show the claim and its sentence" }, "why?");
        why.addEventListener("click", function () { selectEdge(pair[0].id); });
        list.append(el("li", { class: pair[0].asserted === false ? "hedged" : "" }, conceptButton(pair[1]), why));
      });
      details.append(el("p", { class: "claim" }, el("span", { class: "predicate" }, key)), list);
    });
  }

  function selectEdge(id) {
    var e = edgeInfo[id];
    network.selectEdges([id]);
    setFocus([e.from, e.to], [id]);
    showEdge(id);
  }

  // The words to mark in a sentence: the mentions the data records, else the concepts' labels.
  function markedSpans(sentence, edge) {
    var text = data.article.text, spans = [];
    (edge.mentions || []).forEach(function (m) {
      if (m.begin >= sentence.begin && m.end <= sentence.end && m.end > m.begin) spans.push({ begin: m.begin, end: m.end, role: m.role });
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

  // The sentence in its context (the text of its section around it), the sentence marked and
  // the words naming the claim's two ends (and its relation) in bold.
  function quote(sentence, edge) {
    var text = data.article.text;
    var section = null;  // the innermost section that holds the sentence (sections nest)
    data.article.sections.forEach(function (s) {
      if (s.begin <= sentence.begin && sentence.end <= s.end && (!section || s.end - s.begin < section.end - section.begin)) section = s;
    });
    var start = section ? section.begin + section.title.length : Math.max(0, sentence.begin - 200);
    var end = section ? section.end : Math.min(text.length, sentence.end + 200);
    var before = text.slice(start, sentence.begin).replace(/^\s+/, "");
    var after = text.slice(sentence.end, end).replace(/\s+$/, "");
    if (before.length > 240) before = "…" + before.slice(-240);
    if (after.length > 240) after = after.slice(0, 240) + "…";
    var mark = el("mark", {});
    var spans = markedSpans(sentence, edge).sort(function (a, b) { return a.begin - b.begin; });
    var pos = sentence.begin;
    spans.forEach(function (s) {
      if (s.begin < pos) return;
      if (s.begin > pos) mark.append(document.createTextNode(text.slice(pos, s.begin)));
      mark.append(el("strong", { class: "mention " + s.role, title: s.role === "label" ? "matches a label" : s.role }, text.slice(s.begin, s.end)));
      pos = s.end;
    });
    if (pos < sentence.end) mark.append(document.createTextNode(text.slice(pos, sentence.end)));
    return el("div", { class: "source", "data-sentence": sentence.id },
      el("div", { class: "section" }, (section ? section.title : "") + " · " + sentence.id + " [" + sentence.begin + ":" + sentence.end + "]"),
      el("div", {}, el("span", { class: "context" }, before ? before + " " : ""), mark, el("span", { class: "context" }, after ? " " + after : "")));
  }

  function showEdge(id) {
    var e = edgeInfo[id];
    showPanel("details");
    clear(details);
    details.append(el("h2", {}, "Claim"));
    details.append(el("p", { class: "claim" }, conceptButton(e.from), " ", el("span", { class: "predicate" }, e.label), " ", conceptButton(e.to)));
    if (e.modality) {
      details.append(el("p", { class: "modality" + (e.asserted === false ? " hedged" : "") },
        e.asserted === false ? "Not asserted as fact: " : "Asserted: ", el("strong", {}, e.modalityLabel || e.modality),
        el("span", { class: "meta" }, " · " + e.modality)));
    }
    details.append(el("p", { class: "meta" }, (e.statement ? e.statement + " · " : "") + e.predicate));
    if (!e.sentences.length || !data.article) {
      details.append(el("p", { class: "hint" }, "No sentence of a source text is recorded for this relation."));
      return;
    }
    details.append(el("h2", {}, e.sentences.length === 1 ? "Said in" : "Said in " + e.sentences.length + " sentences"));
    e.sentences.forEach(function (sid) {
      if (sentenceInfo[sid]) details.append(quote(sentenceInfo[sid], e));
    });
    var inArticle = el("button", { type: "button", class: "link" }, "Show in the article");
    inArticle.addEventListener("click", function () { showPanel("article"); highlight(e.sentences); });
    details.append(inArticle);
    highlight(e.sentences);
  }

  function clearSelection() {
    network.unselectAll();
    setFocus(null);
    highlight([]);
    clear(claimsPanel).hidden = true;
    clear(details).append(hint.cloneNode(true));
  }

  // ---- the article, with every sentence clickable and the selected edge's sentences marked
  var sentenceSpans = {};
  function renderArticle() {
    if (!data.article) return;
    var text = data.article.text;
    var marks = [];
    if (text.indexOf(data.title) === 0) marks.push({ begin: 0, end: data.title.length, kind: "heading" });
    data.article.sections.forEach(function (s) { marks.push({ begin: s.begin, end: s.begin + s.title.length, kind: "heading" }); });
    data.article.sentences.forEach(function (s) { marks.push({ begin: s.begin, end: s.end, kind: "sentence", id: s.id }); });
    marks.sort(function (a, b) { return a.begin - b.begin; });
    var pos = 0;
    marks.forEach(function (m) {
      if (m.begin < pos) return;
      if (m.begin > pos) articlePanel.append(document.createTextNode(text.slice(pos, m.begin)));
      if (m.kind === "heading") {
        articlePanel.append(el("span", { class: "heading" }, text.slice(m.begin, m.end)));
      } else {
        var span = el("span", { class: "sentence", "data-sentence": m.id, tabindex: "0", role: "button",
          title: "Click: the claims this sentence supports" }, text.slice(m.begin, m.end));
        span.addEventListener("click", function () { showSentence(m.id); });
        span.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); showSentence(m.id); } });
        sentenceSpans[m.id] = span;
        articlePanel.append(span);
      }
      pos = m.end;
    });
    if (pos < text.length) articlePanel.append(document.createTextNode(text.slice(pos)));
  }

  function highlight(ids) {
    Object.keys(sentenceSpans).forEach(function (k) { sentenceSpans[k].classList.remove("hl"); });
    ids.forEach(function (id) { if (sentenceSpans[id]) sentenceSpans[id].classList.add("hl"); });
    if (ids.length && sentenceSpans[ids[0]] && !articlePanel.hidden) sentenceSpans[ids[0]].scrollIntoView({ block: "center" });
  }

  // A sentence: its claims listed under the article, selected, and brought into view.
  function showSentence(sid) {
    var claims = data.edges.filter(function (e) { return e.sentences.indexOf(sid) >= 0; });
    var ids = claims.map(function (e) { return e.id; });
    var ends = {};
    claims.forEach(function (e) { ends[e.from] = true; ends[e.to] = true; });
    highlight([sid]);
    clear(claimsPanel).hidden = false;
    claimsPanel.append(el("h2", {}, plural(claims.length, "claim") + " from " + sid));
    var list = el("ul", {});
    claims.forEach(function (e) {
      var why = el("button", { type: "button", class: "link why", title: "Show the claim and its sentence" }, "details");
      why.addEventListener("click", function () { selectEdge(e.id); });
      list.append(el("li", { class: e.asserted === false ? "hedged" : "" }, conceptButton(e.from), " ",
        el("span", { class: "predicate" }, e.label), " ", conceptButton(e.to), why));
    });
    if (!claims.length) claimsPanel.append(el("p", { class: "hint" }, "No relation is drawn from this sentence."));
    claimsPanel.append(list);
    network.selectEdges(ids);
    setFocus(Object.keys(ends), ids);
    if (claims.length) fitView(Object.keys(ends), true);
    status.textContent = plural(claims.length, "claim") + " from " + sid;
  }

  function showPanel(which) {
    var article = which === "article";
    if (!data.article) article = false;
    articlePanel.hidden = !article;
    claimsPanel.hidden = !article || !claimsPanel.firstChild;
    details.hidden = article;
    articleButton.setAttribute("aria-pressed", article ? "true" : "false");
    document.body.classList.remove("panel-collapsed");
  }
  articleButton.addEventListener("click", function () {
    showPanel(articlePanel.hidden ? "article" : "details");
    var marked = articlePanel.querySelector(".sentence.hl");
    if (marked && !articlePanel.hidden) marked.scrollIntoView({ block: "center" });
  });

  // ---- collapsible panels: the legend starts folded on narrow screens
  function toggler(buttonId, bodyClass) {
    var button = document.getElementById(buttonId);
    function sync() { button.setAttribute("aria-pressed", document.body.classList.contains(bodyClass) ? "false" : "true"); }
    button.addEventListener("click", function () {
      document.body.classList.toggle(bodyClass);
      sync();
      setTimeout(relabel, 50);
    });
    sync();
    return sync;
  }
  if (window.innerWidth < 1400) document.body.classList.add("legend-collapsed");
  toggler("toggle-legend", "legend-collapsed");

  // ---- fit, zoom and keyboard
  function zoomBy(factor) {
    var scale = Math.min(Math.max(network.getScale() * factor, 0.05), 6);
    network.moveTo({ scale: scale, animation: { duration: 200, easingFunction: "easeInOutQuad" } });
  }
  function pan(dx, dy) {
    var p = network.getViewPosition(), s = network.getScale();
    network.moveTo({ position: { x: p.x + dx / s, y: p.y + dy / s } });
    relabel();
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoomBy(1.4); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomBy(1 / 1.4); });
  document.getElementById("fit").addEventListener("click", function () { fitView(null, true); });

  // ---- save image: the current view, redrawn at `scale` device pixels per CSS pixel, as PNG
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
    var scale = Number(document.getElementById("image-scale").value) || 2;
    var link = document.createElement("a");
    link.href = renderPNG(scale);
    link.download = (document.title || "graph").replace(/[^\w\-]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase() + ".png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  document.getElementById("save-image").addEventListener("click", saveImage);

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
      "a": function () { if (data.article) articleButton.click(); }, "l": function () { document.getElementById("toggle-legend").click(); }
    };
    if (keys[ev.key] && (ev.key.indexOf("Arrow") !== 0 || ev.target === document.body || ev.target === container || container.contains(ev.target))) {
      ev.preventDefault();
      keys[ev.key]();
    }
  });

  network.on("click", function (params) {
    if (params.nodes.length) { focusNode(params.nodes[0]); showNode(params.nodes[0]); }
    else if (params.edges.length) selectEdge(params.edges[0]);
    else clearSelection();
  });

  renderArticle();
  window.viewer = { network: network, nodes: nodes, edges: edges, data: data, selectNode: selectNode, selectEdge: selectEdge,
    showSentence: showSentence, fit: function () { fitView(null, false); }, setMeasure: setMeasure, renderPNG: renderPNG,
    labelled: function () { return Object.keys(shownLabels); }, fitScale: function () { return fitScale; } };
})();
