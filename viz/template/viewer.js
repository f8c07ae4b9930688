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

  document.getElementById("title").textContent = data.title;

  var nodeInfo = {}, edgeInfo = {}, classInfo = {}, sentenceInfo = {}, sectionOf = {};
  data.classes.forEach(function (c) { classInfo[c.id] = c; });
  data.nodes.forEach(function (n) { nodeInfo[n.id] = n; });
  data.edges.forEach(function (e) { edgeInfo[e.id] = e; });
  if (data.article) data.article.sentences.forEach(function (s) { sentenceInfo[s.id] = s; });

  function visItem(item) {
    var copy = Object.assign({}, item.vis);
    copy.id = item.id;
    if (item.from !== undefined) { copy.from = item.from; copy.to = item.to; }
    return copy;
  }

  var nodes = new vis.DataSet(data.nodes.map(visItem));
  var edges = new vis.DataSet(data.edges.map(visItem));
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var status = document.getElementById("status");

  network.on("stabilizationProgress", function (p) {
    status.textContent = "Laying out the graph… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false }); // settled: the layout stops moving
    network.fit();
    status.textContent = data.nodes.length + " concepts, " + data.edges.length + " relations";
    document.body.setAttribute("data-settled", "true");
  });

  // ---- legend: colour and shape per class, with counts; a checkbox hides the class
  var legend = document.getElementById("legend-items");
  data.classes.forEach(function (c) {
    var box = el("input", { type: "checkbox", "data-class": c.id });
    box.checked = true;
    box.addEventListener("change", function () { setClassVisible(c.id, box.checked); });
    var swatch = el("span", { class: "swatch " + c.shape, title: c.shape });
    swatch.style.background = c.color;
    legend.append(el("li", { class: c.pillar ? "pillar" : "" },
      el("label", {}, box, swatch, el("span", { class: "name" }, c.label), el("span", { class: "count" }, String(c.count)))));
  });
  if (data.subset) {
    var note = document.getElementById("subset");
    note.textContent = "Showing " + data.subset.shown.toLocaleString("en") + " of " +
      data.subset.total.toLocaleString("en") + " concepts (" + data.subset.relations_shown.toLocaleString("en") +
      " of " + data.subset.relations_total.toLocaleString("en") + " relations): the " + data.subset.seeds +
      " concepts with the highest PageRank and their neighbours. Class counts are for the whole graph.";
    note.hidden = false;
  }
  document.getElementById("counts").textContent =
    data.nodes.length + " concepts, " + data.edges.length + " relations" +
    (data.article ? ", " + data.article.sentences.length + " sentences" : "");

  function setClassVisible(classId, visible) {
    nodes.update(data.nodes.filter(function (n) { return n["class"] === classId; })
      .map(function (n) { return { id: n.id, hidden: !visible }; }));
  }

  // ---- search: any label or alternative label
  var byLabel = {};
  var labels = [];
  data.nodes.forEach(function (n) {
    [n.label].concat(n.altLabels).forEach(function (label) {
      var key = label.toLowerCase();
      if (!(key in byLabel)) { byLabel[key] = n.id; labels.push(label); }
    });
  });
  labels.sort(function (a, b) { return a.localeCompare(b); });
  var datalist = document.getElementById("search-labels");
  labels.forEach(function (label) { datalist.append(el("option", { value: label })); });

  function find(text) {
    var key = text.trim().toLowerCase();
    if (!key) return null;
    if (key in byLabel) return byLabel[key];
    var hit = labels.find(function (l) { return l.toLowerCase().indexOf(key) === 0; }) ||
              labels.find(function (l) { return l.toLowerCase().indexOf(key) >= 0; });
    return hit ? byLabel[hit.toLowerCase()] : null;
  }

  var searchBox = document.getElementById("search");
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var id = find(searchBox.value);
    if (id) selectNode(id);
    else status.textContent = "No concept matches “" + searchBox.value + "”";
  });

  // ---- the side panel
  var details = document.getElementById("details");
  var articlePanel = document.getElementById("article");
  var articleButton = document.getElementById("toggle-article");

  function conceptButton(id) {
    var button = el("button", { type: "button", class: "link" }, nodeInfo[id].label);
    button.addEventListener("click", function () { selectNode(id); });
    return button;
  }

  function classLine(classId) {
    var c = classInfo[classId];
    var swatch = el("span", { class: "swatch " + (c ? c.shape : "") });
    if (c) swatch.style.background = c.color;
    return el("p", { class: "class" }, swatch, c ? c.label : classId, el("span", { class: "meta" }, " · " + classId));
  }

  function selectNode(id) {
    if (nodes.get(id) && nodes.get(id).hidden) setLegend(nodeInfo[id]["class"], true);
    network.selectNodes([id]);
    network.focus(id, { scale: 1.1, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
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
    details.append(el("p", { class: "meta" }, n.id + " · degree " + n.degree + " · PageRank " + n.pagerank.toFixed(4)));
    if (n.altLabels.length) {
      details.append(el("h2", {}, "Also called"), el("p", {}, n.altLabels.join(" · ")));
    }
    var groups = {};
    data.edges.forEach(function (e) {
      if (e.from === id) (groups["→ " + e.label] = groups["→ " + e.label] || []).push([e, e.to]);
      if (e.to === id) (groups["← " + e.label] = groups["← " + e.label] || []).push([e, e.from]);
    });
    var keys = Object.keys(groups).sort(function (a, b) {
      return (a[0] === b[0]) ? a.localeCompare(b) : (a[0] === "→" ? -1 : 1);
    });
    details.append(el("h2", {}, "Relations (" + (keys.length ? data.edges.filter(function (e) { return e.from === id || e.to === id; }).length : 0) + ")"));
    if (!keys.length) details.append(el("p", { class: "hint" }, "None."));
    keys.forEach(function (key) {
      var list = el("ul", {});
      groups[key].forEach(function (pair) {
        var why = el("button", { type: "button", class: "link why", title: "Show the sentence" }, "why?");
        why.addEventListener("click", function () { selectEdge(pair[0].id); });
        list.append(el("li", {}, conceptButton(pair[1]), why));
      });
      details.append(el("p", { class: "claim" }, el("span", { class: "predicate" }, key)), list);
    });
  }

  function selectEdge(id) {
    network.selectEdges([id]);
    showEdge(id);
  }

  // The sentence in its context (the text of its section around it), the sentence marked and
  // the words naming the claim's two ends in bold.
  function quote(sentence, edge) {
    var text = data.article.text;
    var section = data.article.sections.find(function (s) { return s.begin <= sentence.begin && sentence.end <= s.end; });
    var start = section ? section.begin + section.title.length : Math.max(0, sentence.begin - 200);
    var end = section ? section.end : Math.min(text.length, sentence.end + 200);
    var before = text.slice(start, sentence.begin).replace(/^\s+/, "");
    var after = text.slice(sentence.end, end).replace(/\s+$/, "");
    if (before.length > 240) before = "…" + before.slice(-240);
    if (after.length > 240) after = after.slice(0, 240) + "…";
    var mark = el("mark", {});
    var body = text.slice(sentence.begin, sentence.end);
    var words = [];
    [edge.from, edge.to].forEach(function (id) {
      var n = nodeInfo[id];
      [n.label].concat(n.altLabels).forEach(function (w) { if (w.length > 2) words.push(w.toLowerCase()); });
    });
    words.sort(function (a, b) { return b.length - a.length; });
    var lower = body.toLowerCase();
    var i = 0;
    while (i < body.length) {
      var hit = null;
      for (var k = 0; k < words.length; k++) {
        if (lower.startsWith(words[k], i) && (i === 0 || !/\w/.test(body[i - 1])) && !/\w/.test(body[i + words[k].length] || "")) { hit = words[k]; break; }
      }
      if (hit) { mark.append(el("strong", {}, body.slice(i, i + hit.length))); i += hit.length; }
      else {
        var j = i + 1;
        while (j < body.length && /\w/.test(body[j - 1]) && /\w/.test(body[j])) j++;
        mark.append(document.createTextNode(body.slice(i, j)));
        i = j;
      }
    }
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

  // ---- the article, with every sentence clickable and the selected edge's sentences marked
  var sentenceSpans = {};
  function renderArticle() {
    if (!data.article) { articlePanel.append(el("p", { class: "hint" }, "This graph has no source text.")); return; }
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
        var span = el("span", { class: "sentence", "data-sentence": m.id, title: "Click: the claims this sentence supports" }, text.slice(m.begin, m.end));
        span.addEventListener("click", function () { showSentence(m.id); });
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

  function showSentence(sid) {
    var ids = data.edges.filter(function (e) { return e.sentences.indexOf(sid) >= 0; }).map(function (e) { return e.id; });
    network.selectEdges(ids);
    highlight([sid]);
    status.textContent = ids.length + " claim" + (ids.length === 1 ? "" : "s") + " from " + sid;
  }

  function showPanel(which) {
    var article = which === "article";
    articlePanel.hidden = !article;
    details.hidden = article;
    articleButton.setAttribute("aria-pressed", article ? "true" : "false");
  }
  articleButton.addEventListener("click", function () {
    showPanel(articlePanel.hidden ? "article" : "details");
    var marked = articlePanel.querySelector(".sentence.hl");
    if (marked && !articlePanel.hidden) marked.scrollIntoView({ block: "center" });
  });

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  renderArticle();
  window.viewer = { network: network, nodes: nodes, edges: edges, data: data, selectNode: selectNode, selectEdge: selectEdge };
})();
