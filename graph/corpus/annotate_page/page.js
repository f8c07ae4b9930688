// The curation page of `python -m graph annotate`. Every string from the document or the corpus is
// set as text (textContent, option.text, title), never as HTML; the page talks to its own server
// only, with the run's token in a header. Offsets are Unicode code points, as the graph counts them.
(function () {
  "use strict";

  var TOKEN = new URLSearchParams(location.search).get("token") || "";
  var HEADER = "X-Annotate-Token";
  var PROPOSED = "proposed";
  var AIM = "https://example.org/ev-kg/ontology#AimOrPurpose";
  var DENIED = "https://example.org/ev-kg/ontology#Denied";
  var ASSERTED = "https://example.org/ev-kg/ontology#AssertedFact";

  var S = {
    state: null, voc: null, current: 1, item: null, sel: null, busy: false, form: null,
    conceptMode: null, results: [], active: 0, claimTarget: null, editConcept: null
  };
  var idx = {};

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function cps(text) { return Array.from(text); }  // code points
  function cpLength(text) { return Array.from(text).length; }

  // ---- talking to the server

  function call(method, path, body) {
    // referrerPolicy "origin": the page's own policy is no-referrer, under which a browser that follows
    // the Fetch standard sends "Origin: null" with a POST, and the server refuses a change without the
    // page's Origin; "origin" names the origin only (never the address, which holds the token)
    var options = { method: method, headers: {}, credentials: "omit", cache: "no-store", redirect: "error",
      referrerPolicy: "origin" };
    options.headers[HEADER] = TOKEN;
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (r) {
      return r.text().then(function (text) {
        if (!r.ok) { var e = new Error(text.trim() || ("HTTP " + r.status)); e.status = r.status; throw e; }
        return JSON.parse(text);
      });
    });
  }

  function change(op, fields) {
    if (S.busy) { say("Saving the last change: a moment.", true); return Promise.resolve(false); }
    var body = Object.assign({ op: op, version: S.state.version }, fields || {});
    S.busy = true;
    $("saved").textContent = "Saving…";
    return call("POST", "/api/change", body).then(function (answer) {
      S.busy = false;
      S.state = answer.state;
      index();
      say(answer.message, false);
      render();
      return true;
    }, function (e) {
      S.busy = false;
      say(e.message, true);
      if (e.status === 409) { return reload().then(function () { return false; }); }
      render();
      return false;
    });
  }

  function reload() {
    return call("GET", "/api/state").then(function (state) { S.state = state; index(); render(); },
      function (e) { say(e.message, true); });
  }

  function say(text, error) {
    var m = $("message");
    m.textContent = text || "";
    m.className = error ? "error" : "";
  }

  // ---- indexes of the state

  function index() {
    var st = S.state;
    idx.mentions = {}; idx.claims = {}; idx.bySentence = {}; idx.claimsBySentence = {};
    st.mentions.forEach(function (m) {
      idx.mentions[m.id] = m;
      (idx.bySentence[m.sentence] = idx.bySentence[m.sentence] || []).push(m);
    });
    st.claims.forEach(function (c) {
      idx.claims[c.id] = c;
      c.sentences.forEach(function (n) { (idx.claimsBySentence[n] = idx.claimsBySentence[n] || []).push(c); });
    });
    idx.sentences = {};
    st.sentences.forEach(function (s) { idx.sentences[s.n] = s; });
    if (S.item && !idx.mentions[S.item] && !idx.claims[S.item]) S.item = null;
    if (!idx.sentences[S.current]) S.current = 1;
  }

  function concept(iri) {
    return (S.state && S.state.concepts[iri]) || idx.known[iri] || { label: iri, cls: null, short: iri };
  }
  function shortOf(iri) {
    if (!iri) return "no class";
    return idx.names[iri] || (S.state.concepts[iri] && S.state.concepts[iri].short) ||
      (S.state.predicates[iri] && S.state.predicates[iri].short) || iri;
  }
  function labelOf(iri) {
    var p = idx.properties[iri] || idx.modalities[iri] || idx.classes[iri] || S.state.predicates[iri];
    return p ? p.label : shortOf(iri);
  }
  function items(n) {
    var ms = (idx.bySentence[n] || []).slice().sort(function (a, b) { return a.begin - b.begin || a.end - b.end; });
    return ms.map(function (m) { return m.id; }).concat((idx.claimsBySentence[n] || []).map(function (c) { return c.id; }));
  }
  function sentenceText(s, begin, end) { return cps(s.text).slice(begin - s.begin, end - s.begin).join(""); }

  // ---- drawing

  function render() {
    var st = S.state;
    $("title").textContent = st.title;
    $("files").textContent = st.document + " → " + st.out;
    var marked = st.sentences.filter(function (s) {
      return s.noClaim || (idx.claimsBySentence[s.n] || []).some(function (c) { return c.status !== PROPOSED; });
    }).length;
    var proposals = st.mentions.filter(function (m) { return m.status === PROPOSED; }).length +
      st.claims.filter(function (c) { return c.status === PROPOSED; }).length;
    var problems = Object.keys(st.problems).length;
    $("progress").textContent = marked + " of " + st.sentences.length + " sentences curated · " + proposals +
      " proposal" + (proposals === 1 ? "" : "s") + " left" + (problems ? " · " + problems + " with problems" : "");
    $("saved").textContent = st.saved ? "Saved at " + st.saved + " (" + st.changes + " change" +
      (st.changes === 1 ? "" : "s") + ")" : "Nothing changed yet";
    $("undo").disabled = !st.undo;
    renderDocument();
    renderPanel();
  }

  function renderDocument() {
    var doc = $("doc"), section = null, st = S.state;
    doc.replaceChildren();
    st.sentences.forEach(function (s) {
      if (s.section !== section) {
        section = s.section;
        var sec = st.sections.filter(function (x) { return x.n === s.section; })[0];
        if (sec) doc.appendChild(el("h2", null, sec.title));
      }
      doc.appendChild(renderSentence(s));
    });
    var current = $("s-" + S.current);
    if (current) current.scrollIntoView({ block: "nearest" });
  }

  function focusRoles() {
    var roles = {};
    if (!S.item) return roles;
    if (idx.mentions[S.item]) { roles[S.item] = "focus"; return roles; }
    var c = idx.claims[S.item];
    if (c) {
      if (c.mentions.subject) roles[c.mentions.subject] = "subj";
      if (c.mentions.object) roles[c.mentions.object] = "obj";
      if (c.mentions.relation) roles[c.mentions.relation] = "relw";
    }
    return roles;
  }

  function renderSentence(s) {
    var div = el("div", "sentence");
    div.id = "s-" + s.n;
    div.dataset.n = s.n;
    var ms = idx.bySentence[s.n] || [];
    if (s.n === S.current) div.classList.add("current");
    if (s.noClaim) div.classList.add("no-claim");
    if ((idx.claimsBySentence[s.n] || []).length) div.classList.add("has-claims");
    if (ms.some(function (m) { return m.status === PROPOSED; }) ||
        (idx.claimsBySentence[s.n] || []).some(function (c) { return c.status === PROPOSED; })) div.classList.add("has-proposals");
    var num = el("span", "num", s.short);
    num.title = s.noClaim ? "No claim: " + s.noClaim : "";
    div.appendChild(num);
    var p = el("p", "text");
    var cuts = [s.begin, s.end];
    ms.forEach(function (m) { cuts.push(m.begin, m.end); });
    var sel = S.sel && S.sel.n === s.n ? S.sel : null;
    if (sel) cuts.push(sel.begin, sel.end);
    cuts = cuts.filter(function (x, i, all) { return all.indexOf(x) === i; }).sort(function (a, b) { return a - b; });
    var chars = cps(s.text), roles = focusRoles();
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1];
      var seg = el("span", "seg", chars.slice(a - s.begin, b - s.begin).join(""));
      seg.dataset.b = a;
      seg.dataset.e = b;
      var over = ms.filter(function (m) { return m.begin <= a && b <= m.end; });
      var named = over.filter(function (m) { return m.concept; });
      if (named.length) seg.classList.add("m");
      if (named.length > 1) seg.classList.add("deep");
      if (over.some(function (m) { return !m.concept; })) seg.classList.add("rw");
      if (over.some(function (m) { return m.status === PROPOSED; })) seg.classList.add("proposed");
      over.forEach(function (m) { if (roles[m.id]) seg.classList.add(roles[m.id]); });
      if (sel && sel.begin <= a && b <= sel.end) seg.classList.add("sel");
      if (over.length) {
        seg.title = over.map(function (m) {
          return m.concept ? concept(m.concept).label + " (" + shortOf(concept(m.concept).cls) + ")" : "relation words";
        }).join(" · ");
      }
      p.appendChild(seg);
    }
    div.appendChild(p);
    return div;
  }

  function chip(text, cls) { return el("span", "chip " + (cls || ""), text); }

  function renderPanel() {
    var s = idx.sentences[S.current];
    $("sentence-title").textContent = "Sentence " + s.short;
    $("sentence-note").textContent = (s.noClaim ? "Holds no claim: " + s.noClaim : "") +
      (S.state.problems[s.id] ? " — " + S.state.problems[s.id].join("; ") : "");
    var ul = $("items");
    ul.replaceChildren();
    items(S.current).forEach(function (id) { ul.appendChild(renderItem(id)); });
    if (!ul.children.length) ul.appendChild(el("li", "hint", "No mention or claim yet. Select words (mouse, or → and Shift+→), then m."));
    var selText = $("selected-words");
    if (S.sel) {
      var ss = idx.sentences[S.sel.n];
      selText.textContent = "Selected in " + ss.short + ": “" + sentenceText(ss, S.sel.begin, S.sel.end) + "” [" +
        S.sel.begin + "–" + S.sel.end + "]";
    } else {
      selText.textContent = "Select words with the mouse, or with ← → (Shift+→ adds the next word).";
    }
    $("make-mention").disabled = $("make-relation").disabled = !S.sel;
    var current = ul.querySelector("li.current");
    if (current) current.scrollIntoView({ block: "nearest" });
  }

  function renderItem(id) {
    var li = el("li"), st = S.state, probs = st.problems[id] || [];
    li.dataset.id = id;
    if (id === S.item) li.classList.add("current");
    var m = idx.mentions[id], c = idx.claims[id], status, head = el("div");
    if (m) {
      status = m.status;
      head.appendChild(chip(m.concept ? "mention" : "relation words"));
      head.appendChild(chip(m.status, m.status));
      var line = el("div");
      line.appendChild(el("q", null, m.words));
      if (m.concept) {
        var k = concept(m.concept);
        line.appendChild(document.createTextNode(" → " + k.label + " · " + shortOf(k.cls) + (k.known ? " (corpus)" : "")));
        (st.problems[m.concept] || []).forEach(function (x) { probs = probs.concat([x]); });
      }
      li.appendChild(head);
      li.appendChild(line);
    } else {
      status = c.status;
      head.appendChild(chip("claim"));
      head.appendChild(chip(c.status, c.status));
      if (c.modality === DENIED) head.appendChild(chip("denied", "denied"));
      li.appendChild(head);
      li.appendChild(el("div", null, concept(c.subject).label + " — " + labelOf(c.predicate) + " → " + concept(c.object).label));
      var words = c.mentions.relation && idx.mentions[c.mentions.relation];
      li.appendChild(el("div", "hint", labelOf(c.modality) + (words ? " · words “" + words.words + "”" : "") +
        " · " + c.short));
    }
    if (status === PROPOSED) li.classList.add("proposed");
    if (probs.length) {
      var ul = el("ul", "problems");
      probs.forEach(function (x) { ul.appendChild(el("li", null, x)); });
      li.appendChild(ul);
    }
    var actions = el("div", "actions");
    if (status === PROPOSED) actions.appendChild(button("Accept (a)", function () { accept(id); }));
    actions.appendChild(button(status === PROPOSED ? "Reject (x)" : "Delete (x)", function () { remove(id); }));
    if (!m || m.concept) actions.appendChild(button("Edit (e)", function () { edit(id); }));
    if (m && m.concept && !concept(m.concept).known) actions.appendChild(button("Concept (E)", function () { editConcept(id); }));
    if (m && S.sel && S.sel.n === m.sentence) actions.appendChild(button("Use selected words (r)", function () { respan(id); }));
    li.appendChild(actions);
    li.addEventListener("click", function () { S.item = id; render(); });
    return li;
  }

  function button(text, action) {
    var b = el("button", null, text);
    b.type = "button";
    b.addEventListener("click", function (e) { e.stopPropagation(); action(); });
    return b;
  }

  // ---- selecting words: the mouse

  function offsetIn(s, p, node, offset) {
    var pos = p.compareDocumentPosition(node);
    if (node !== p && !p.contains(node)) {
      return (pos & Node.DOCUMENT_POSITION_PRECEDING) ? s.begin : s.end;
    }
    var r = document.createRange();
    r.setStart(p, 0);
    r.setEnd(node, offset);
    return s.begin + cpLength(r.toString());
  }

  function sentenceOf(node) {
    var e = node.nodeType === 1 ? node : node.parentElement;
    return e ? e.closest(".sentence") : null;
  }

  function fromMouse() {
    var sel = window.getSelection();
    if (!sel.rangeCount || sel.isCollapsed) return false;
    var r = sel.getRangeAt(0);
    var a = sentenceOf(r.startContainer), b = sentenceOf(r.endContainer);
    if (!a || !b) return false;
    if (a !== b) {
      say("A mention lies inside one sentence: select words of one sentence.", true);
      sel.removeAllRanges();
      return true;
    }
    var s = idx.sentences[+a.dataset.n], p = a.querySelector(".text");
    var begin = offsetIn(s, p, r.startContainer, r.startOffset), end = offsetIn(s, p, r.endContainer, r.endOffset);
    var chars = cps(s.text);
    while (begin < end && /\s/.test(chars[begin - s.begin])) begin++;
    while (end > begin && /\s/.test(chars[end - 1 - s.begin])) end--;
    sel.removeAllRanges();
    if (begin >= end) return false;
    S.current = s.n;
    S.sel = { n: s.n, begin: begin, end: end };
    render();
    return true;
  }

  $("doc").addEventListener("mouseup", function (e) {
    if (fromMouse()) return;
    var seg = e.target.closest && e.target.closest(".seg");
    var sentence = e.target.closest && e.target.closest(".sentence");
    if (!sentence) return;
    S.current = +sentence.dataset.n;
    if (seg) {
      var a = +seg.dataset.b, b = +seg.dataset.e;
      var over = (idx.bySentence[S.current] || []).filter(function (m) { return m.begin <= a && b <= m.end; })
        .sort(function (x, y) { return (x.end - x.begin) - (y.end - y.begin); });
      S.item = over.length ? over[0].id : S.item;
    }
    if (S.sel && S.sel.n !== S.current) S.sel = null;
    render();
  });

  // ---- selecting words: the keyboard

  function words(s) {
    if (s.words) return s.words;
    var found = [], re = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’\-]*/gu, m;
    while ((m = re.exec(s.text)) !== null) {
      var b = s.begin + cpLength(s.text.slice(0, m.index));
      found.push([b, b + cpLength(m[0])]);
    }
    s.words = found;
    return found;
  }

  function moveWord(step, extend) {
    var s = idx.sentences[S.current], ws = words(s);
    if (!ws.length) return;
    var sel = S.sel && S.sel.n === s.n ? S.sel : null;
    var w;
    if (!sel) {
      w = step > 0 ? ws[0] : ws[ws.length - 1];
      S.sel = { n: s.n, begin: w[0], end: w[1] };
    } else if (extend && step > 0) {
      w = ws.filter(function (x) { return x[0] >= sel.end; })[0];
      if (w) S.sel = { n: s.n, begin: sel.begin, end: w[1] };
    } else if (extend) {
      var inside = ws.filter(function (x) { return x[1] < sel.end && x[1] > sel.begin; });
      if (inside.length) S.sel = { n: s.n, begin: sel.begin, end: inside[inside.length - 1][1] };
    } else if (step > 0) {
      w = ws.filter(function (x) { return x[0] >= sel.end; })[0];
      if (w) S.sel = { n: s.n, begin: w[0], end: w[1] };
    } else {
      var before = ws.filter(function (x) { return x[1] <= sel.begin; });
      if (before.length) { w = before[before.length - 1]; S.sel = { n: s.n, begin: w[0], end: w[1] }; }
    }
    render();
  }

  function moveSentence(step) {
    var n = S.current + step;
    if (!idx.sentences[n]) return;
    S.current = n;
    S.item = null;
    S.sel = null;
    render();
  }

  function moveItem(step) {
    var list = items(S.current);
    if (!list.length) return;
    var i = list.indexOf(S.item);
    i = i < 0 ? (step > 0 ? 0 : list.length - 1) : (i + step + list.length) % list.length;
    S.item = list[i];
    render();
  }

  function moveProposal(step) {
    var all = [];
    S.state.sentences.forEach(function (s) {
      items(s.n).forEach(function (id) {
        var x = idx.mentions[id] || idx.claims[id];
        if (x.status === PROPOSED) all.push([s.n, id]);
      });
    });
    if (!all.length) { say("No proposal left.", false); return; }
    var at = all.findIndex(function (x) { return x[0] === S.current && x[1] === S.item; });
    if (at < 0) {
      at = step > 0 ? all.findIndex(function (x) { return x[0] >= S.current; }) : -1;
      if (step < 0) { for (var i = all.length - 1; i >= 0; i--) { if (all[i][0] <= S.current) { at = i; break; } } }
      if (at < 0) at = step > 0 ? 0 : all.length - 1;
    } else {
      at = (at + step + all.length) % all.length;
    }
    S.current = all[at][0];
    S.item = all[at][1];
    S.sel = null;
    render();
  }

  // ---- the changes

  function accept(id) { if (id) change("accept", { target: id }); }
  function remove(id) { if (id) change("remove", { target: id }); }
  function needItem() { if (!S.item) { say("Choose a mention or a claim first (] and [, or click it).", true); } return S.item; }

  function edit(id) {
    if (idx.mentions[id]) {
      if (!idx.mentions[id].concept) { say("Relation words name no concept: to change them, select the new words and press r.", true); return; }
      S.item = id;
      openConcept("edit", idx.mentions[id].words);
    } else if (idx.claims[id]) {
      S.item = id;
      openClaim(idx.claims[id]);
    }
  }

  function respan(id) {
    var m = idx.mentions[id];
    if (!m || !S.sel || S.sel.n !== m.sentence) { say("Select the new words in the mention's sentence first.", true); return; }
    var s = idx.sentences[S.sel.n];
    change("edit_mention", { target: id, begin: S.sel.begin, end: S.sel.end,
      words: sentenceText(s, S.sel.begin, S.sel.end) }).then(function (ok) { if (ok) S.sel = null; render(); });
  }

  function markRelation() {
    if (!S.sel) { say("Select words first.", true); return; }
    var s = idx.sentences[S.sel.n], sel = S.sel;
    change("mention", { begin: sel.begin, end: sel.end, words: sentenceText(s, sel.begin, sel.end) })
      .then(function (ok) { if (ok) { S.sel = null; S.item = S.state.mentions.filter(function (m) { return m.begin === sel.begin && m.end === sel.end; }).map(function (m) { return m.id; })[0] || null; render(); } });
  }

  // ---- forms

  var FORMS = ["concept-form", "new-concept-form", "concept-edit-form", "claim-form", "no-claim-form"];
  function openForm(id, focus) {
    FORMS.forEach(function (f) { $(f).hidden = f !== id; });
    S.form = id;
    if (focus) { $(focus).focus(); }
  }
  function closeForms() {
    FORMS.forEach(function (f) { $(f).hidden = true; });
    S.form = null;
    document.activeElement && document.activeElement.blur && document.activeElement.blur();
  }

  // the concept chooser: for a new mention (mode "mention") or another concept for a mention ("edit")

  function openConcept(mode, words) {
    S.conceptMode = mode;
    $("concept-heading").textContent = (mode === "edit" ? "Which concept do these words name instead: “" :
      "Which concept does “") + words + (mode === "edit" ? "”?" : "” name?");
    $("concept-search").value = mode === "edit" ? "" : words;
    openForm("concept-form", "concept-search");
    $("concept-search").select();
    search();
  }

  function search() {
    var q = $("concept-search").value.trim().toLowerCase(), found = [];
    var seen = {};
    function consider(iri, c, where) {
      if (seen[iri]) return;
      var labels = [c.label].concat(c.alt || []), best = 9;
      labels.forEach(function (l) {
        l = String(l).toLowerCase();
        var score = !q ? 5 : l === q ? 0 : l.indexOf(q) === 0 ? 1 : l.indexOf(q) >= 0 ? 2 : 9;
        best = Math.min(best, score);
      });
      if (best < 9) { seen[iri] = true; found.push({ iri: iri, label: c.label, cls: c.cls, where: where, score: best }); }
    }
    Object.keys(S.state.concepts).forEach(function (iri) { consider(iri, S.state.concepts[iri], "document"); });
    S.voc.known.forEach(function (k) { consider(k.iri, k, "corpus"); });
    found.sort(function (a, b) { return a.score - b.score || (a.where === "document" ? -1 : 0) + (b.where === "document" ? 1 : 0) || a.label.localeCompare(b.label); });
    found = found.slice(0, 12);
    if (S.conceptMode === "mention" || $("concept-search").value.trim()) {
      found.push({ iri: null, label: $("concept-search").value.trim(), where: "new" });
    }
    S.results = found;
    S.active = 0;
    drawResults();
  }

  function drawResults() {
    var ul = $("concept-results");
    ul.replaceChildren();
    S.results.forEach(function (r, i) {
      var li = el("li");
      li.id = "concept-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === S.active ? "true" : "false");
      if (r.iri) {
        li.appendChild(el("span", null, r.label));
        li.appendChild(el("span", "cls", shortOf(r.cls)));
        li.appendChild(el("span", "where", r.where));
      } else {
        li.appendChild(el("span", null, "+ New concept “" + r.label + "”…"));
      }
      li.addEventListener("mousedown", function (e) { e.preventDefault(); S.active = i; choose(); });
      ul.appendChild(li);
    });
    $("concept-search").setAttribute("aria-activedescendant", S.results.length ? "concept-option-" + S.active : "");
    var active = $("concept-option-" + S.active);
    if (active) active.scrollIntoView({ block: "nearest" });
  }

  function choose() {
    var r = S.results[S.active];
    if (!r) return;
    if (!r.iri) { openNewConcept(r.label); return; }
    submitConcept({ concept: r.iri });
  }

  function submitConcept(fields) {
    if (S.conceptMode === "edit") {
      change("edit_mention", Object.assign({ target: S.item }, fields)).then(function (ok) { if (ok) closeForms(); });
      return;
    }
    if (!S.sel) { say("Select words first.", true); return; }
    var s = idx.sentences[S.sel.n], sel = S.sel;
    change("mention", Object.assign({ begin: sel.begin, end: sel.end, words: sentenceText(s, sel.begin, sel.end) }, fields))
      .then(function (ok) {
        if (!ok) return;
        closeForms();
        S.sel = null;
        var made = S.state.mentions.filter(function (m) { return m.begin === sel.begin && m.end === sel.end; })[0];
        S.item = made ? made.id : null;
        render();
      });
  }

  $("concept-search").addEventListener("input", search);
  $("concept-search").addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { S.active = Math.min(S.active + 1, S.results.length - 1); drawResults(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { S.active = Math.max(S.active - 1, 0); drawResults(); e.preventDefault(); }
    else if (e.key === "Enter") { e.preventDefault(); choose(); }
  });
  $("concept-form").addEventListener("submit", function (e) { e.preventDefault(); choose(); });

  function classOptions(select, selected) {
    select.replaceChildren();
    S.voc.classes.forEach(function (c) {
      var o = document.createElement("option");
      o.value = c.iri;
      o.text = "\u00a0\u00a0\u00a0".repeat(c.depth) + c.label + " (" + c.short + ")";
      o.title = c.comment;
      if (c.iri === selected) o.selected = true;
      select.appendChild(o);
    });
  }

  function openNewConcept(label) {
    $("new-concept-label").value = label;
    classOptions($("new-concept-class"), null);
    $("new-concept-class").selectedIndex = -1;
    $("new-concept-comment").textContent = "Choose a class: type its first letters in the list.";
    openForm("new-concept-form", "new-concept-label");
  }
  $("new-concept-class").addEventListener("change", function () {
    var c = S.voc.classes[this.selectedIndex];
    $("new-concept-comment").textContent = c ? c.comment : "";
  });
  $("new-concept-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var label = $("new-concept-label").value.trim(), cls = $("new-concept-class").value;
    if (!label) { say("A new concept needs a label.", true); return; }
    if (!cls) { say("Choose the new concept's class.", true); $("new-concept-class").focus(); return; }
    submitConcept({ label: label, "class": cls });
  });

  function editConcept(id) {
    var m = idx.mentions[id];
    if (!m || !m.concept) { say("Choose a mention of a concept first.", true); return; }
    var k = concept(m.concept);
    if (k.known) { say("This is the corpus's concept: its label and class are the corpus's.", true); return; }
    S.item = id;
    S.editConcept = m.concept;
    $("concept-edit-name").textContent = k.short;
    $("concept-edit-label").value = k.label;
    classOptions($("concept-edit-class"), k.cls);
    openForm("concept-edit-form", "concept-edit-label");
  }
  $("concept-edit-form").addEventListener("submit", function (e) {
    e.preventDefault();
    change("concept", { target: S.editConcept, label: $("concept-edit-label").value.trim(), "class": $("concept-edit-class").value })
      .then(function (ok) { if (ok) closeForms(); });
  });

  // the claim form

  function admits(cls, allowed) {
    if (!allowed.length) return true;
    var c = idx.classes[cls];
    var chain = c ? c.ancestors : [cls];
    return chain.some(function (x) { return allowed.indexOf(x) >= 0; });
  }

  function mentionOption(m) {
    var o = document.createElement("option");
    o.value = m.id;
    o.text = "“" + m.words + "”" + (m.concept ? " — " + concept(m.concept).label + " (" + shortOf(concept(m.concept).cls) + ")" : "");
    return o;
  }

  function openClaim(existing) {
    var n = existing ? idx.mentions[existing.mentions.subject].sentence : S.current;
    var ms = (idx.bySentence[n] || []).slice().sort(function (a, b) { return a.begin - b.begin; });
    var named = ms.filter(function (m) { return m.concept; });
    if (existing) {
      [existing.mentions.subject, existing.mentions.object].forEach(function (id) {
        if (named.indexOf(idx.mentions[id]) < 0) named.push(idx.mentions[id]);
      });
    }
    if (named.length < 2) { say("A claim joins two mentions of the sentence: make them first (select words, then m).", true); return; }
    S.claimTarget = existing ? existing.id : null;
    $("claim-heading").textContent = (existing ? "Edit the claim in " : "A claim in ") + idx.sentences[n].short;
    ["claim-subject", "claim-object"].forEach(function (id) {
      var select = $(id);
      select.replaceChildren();
      named.forEach(function (m) { select.appendChild(mentionOption(m)); });
    });
    var rel = $("claim-relation");
    rel.replaceChildren();
    var none = document.createElement("option");
    none.value = "";
    none.text = "(none)";
    rel.appendChild(none);
    ms.filter(function (m) { return !m.concept; }).forEach(function (m) { rel.appendChild(mentionOption(m)); });
    if (existing) {
      $("claim-subject").value = existing.mentions.subject;
      $("claim-object").value = existing.mentions.object;
      rel.value = existing.mentions.relation || "";
    } else {
      var first = S.item && idx.mentions[S.item] && idx.mentions[S.item].concept && idx.mentions[S.item].sentence === n ? idx.mentions[S.item] : named[0];
      var second = named.filter(function (m) { return m !== first && m.begin >= first.end; })[0] || named.filter(function (m) { return m !== first; })[0];
      $("claim-subject").value = first.id;
      $("claim-object").value = second.id;
      var words = ms.filter(function (m) { return !m.concept && m.begin >= first.end && m.end <= second.begin; })[0];
      rel.value = words ? words.id : "";
    }
    predicates(existing ? existing.predicate : null, existing ? existing.modality : null);
    openForm("claim-form", "claim-predicate");
  }

  function predicates(keep, keepModality) {
    var subject = idx.mentions[$("claim-subject").value], object = idx.mentions[$("claim-object").value];
    var sc = subject && concept(subject.concept).cls, oc = object && concept(object.concept).cls;
    var select = $("claim-predicate"), before = keep || select.value;
    select.replaceChildren();
    var fitting = S.voc.properties.filter(function (p) { return admits(sc, p.domain) && admits(oc, p.range); });
    if (keep && !idx.properties[keep] && S.state.predicates[keep]) {
      fitting.unshift({ iri: keep, label: S.state.predicates[keep].label, short: S.state.predicates[keep].short, comment: "the document's own relation", aim: false });
    }
    fitting.forEach(function (p) {
      var o = document.createElement("option");
      o.value = p.iri;
      o.text = p.label + " (" + p.short + ")";
      o.title = p.comment;
      select.appendChild(o);
    });
    if (fitting.some(function (p) { return p.iri === before; })) select.value = before;
    $("claim-predicate-note").textContent = fitting.length ?
      fitting.length + " relations admit " + shortOf(sc) + " → " + shortOf(oc) + "." :
      "No relation of the vocabulary admits " + shortOf(sc) + " as subject and " + shortOf(oc) + " as object.";
    modalities(keepModality);
  }

  function modalities(keep) {
    var p = idx.properties[$("claim-predicate").value];
    var select = $("claim-modality"), before = keep || select.value || ASSERTED;
    select.replaceChildren();
    S.voc.modalities.forEach(function (m) {
      if (p && p.aim ? m.iri !== AIM : m.iri === AIM) return;  // an aim goes with ev:aimsAt and its kinds only
      var o = document.createElement("option");
      o.value = m.iri;
      o.text = m.label;
      o.title = m.definition;
      select.appendChild(o);
    });
    select.value = before;
    if (!select.value && select.options.length) select.value = p && p.aim ? AIM : ASSERTED;
  }

  $("claim-subject").addEventListener("change", function () { predicates(); });
  $("claim-object").addEventListener("change", function () { predicates(); });
  $("claim-predicate").addEventListener("change", function () { modalities(); });
  $("claim-form").addEventListener("submit", function (e) {
    e.preventDefault();
    if (!$("claim-predicate").value) { say("No relation chosen: none admits these two classes.", true); return; }
    var fields = { subject: $("claim-subject").value, object: $("claim-object").value,
      predicate: $("claim-predicate").value, modality: $("claim-modality").value };
    if ($("claim-relation").value) fields.relation = $("claim-relation").value;
    if (S.claimTarget) fields.target = S.claimTarget;
    change("claim", fields).then(function (ok) {
      if (!ok) return;
      closeForms();
      var made = S.state.claims.filter(function (c) { return c.mentions.subject === fields.subject && c.mentions.object === fields.object && c.predicate === fields.predicate; })[0];
      S.item = made ? made.id : null;
      render();
    });
  });

  // the no-claim form

  function openNoClaim() {
    var s = idx.sentences[S.current];
    $("no-claim-sentence").textContent = s.short;
    $("no-claim-reason").value = s.noClaim || "";
    openForm("no-claim-form", "no-claim-reason");
  }
  $("no-claim-form").addEventListener("submit", function (e) {
    e.preventDefault();
    change("no_claim", { sentence: S.current, reason: $("no-claim-reason").value.trim() || null })
      .then(function (ok) { if (ok) closeForms(); });
  });

  // Enter in a list (select) saves its form, as it does in a text field
  FORMS.forEach(function (id) {
    var form = $(id);
    form.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && e.target.tagName === "SELECT") { e.preventDefault(); form.requestSubmit(); }
    });
    Array.prototype.forEach.call(form.querySelectorAll(".cancel"), function (b) { b.addEventListener("click", closeForms); });
  });

  // ---- the keys

  document.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA");
    if (e.key === "Escape") {
      if (S.form) { closeForms(); } else { S.sel = null; render(); }
      e.preventDefault();
      return;
    }
    if (typing || e.altKey || !S.state) return;
    if ((e.ctrlKey || e.metaKey) && (e.key === "z" || e.key === "Z")) { e.preventDefault(); change("undo"); return; }
    if (e.ctrlKey || e.metaKey) return;
    var k = e.key, done = true;
    if (k === "ArrowDown" || k === "j") moveSentence(1);
    else if (k === "ArrowUp" || k === "k") moveSentence(-1);
    else if ((k === "ArrowRight" && e.shiftKey) || k === "L") moveWord(1, true);
    else if ((k === "ArrowLeft" && e.shiftKey) || k === "H") moveWord(-1, true);
    else if (k === "ArrowRight" || k === "l") moveWord(1, false);
    else if (k === "ArrowLeft" || k === "h") moveWord(-1, false);
    else if (k === "]") moveItem(1);
    else if (k === "[") moveItem(-1);
    else if (k === "p") moveProposal(1);
    else if (k === "P") moveProposal(-1);
    else if (k === "a") { if (needItem()) accept(S.item); }
    else if (k === "x" || k === "Delete") { if (needItem()) remove(S.item); }
    else if (k === "m") { if (S.sel) { openConcept("mention", sentenceText(idx.sentences[S.sel.n], S.sel.begin, S.sel.end)); } else { say("Select words first (mouse, or → and Shift+→).", true); } }
    else if (k === "w") markRelation();
    else if (k === "c") openClaim(null);
    else if (k === "e") { if (needItem()) edit(S.item); }
    else if (k === "E") { if (needItem()) editConcept(S.item); }
    else if (k === "r") { if (needItem()) respan(S.item); }
    else if (k === "n") openNoClaim();
    else if (k === "u") change("undo");
    else if (k === "?") toggleKeys();
    else done = false;
    if (done) e.preventDefault();
  });

  function toggleKeys() {
    var keys = $("keys");
    keys.hidden = !keys.hidden;
    $("keys-toggle").setAttribute("aria-expanded", keys.hidden ? "false" : "true");
    if (!keys.hidden) keys.scrollIntoView({ block: "nearest" });
  }
  $("keys-toggle").addEventListener("click", toggleKeys);
  $("undo").addEventListener("click", function () { change("undo"); });
  $("make-mention").addEventListener("click", function () {
    if (S.sel) openConcept("mention", sentenceText(idx.sentences[S.sel.n], S.sel.begin, S.sel.end));
  });
  $("make-relation").addEventListener("click", markRelation);
  $("make-claim").addEventListener("click", function () { openClaim(null); });
  $("mark-no-claim").addEventListener("click", openNoClaim);

  // ---- start

  Promise.all([call("GET", "/api/vocabulary"), call("GET", "/api/state")]).then(function (both) {
    S.voc = both[0];
    idx.known = {}; idx.names = {}; idx.classes = {}; idx.properties = {}; idx.modalities = {};
    S.voc.known.forEach(function (k) { k.known = true; idx.known[k.iri] = k; idx.names[k.iri] = k.short; });
    S.voc.classes.forEach(function (c) { idx.classes[c.iri] = c; idx.names[c.iri] = c.short; });
    S.voc.properties.forEach(function (p) { idx.properties[p.iri] = p; idx.names[p.iri] = p.short; });
    S.voc.modalities.forEach(function (m) { idx.modalities[m.iri] = m; idx.names[m.iri] = m.short; });
    var reasons = $("reasons");
    S.voc.reasons.forEach(function (r) { var o = document.createElement("option"); o.value = r; reasons.appendChild(o); });
    S.state = both[1];
    Object.keys(S.state.concepts).forEach(function (iri) { idx.names[iri] = S.state.concepts[iri].short; });
    index();
    render();
    document.body.dataset.ready = "true";
  }, function (e) {
    say(e.message, true);
    $("saved").textContent = "Not loaded";
    document.body.dataset.ready = "error";
  });
})();
