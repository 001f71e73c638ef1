// The map page's script: the stance filter, the date slider, actor search and the
// evidence panel. Everything it shows comes from the two JSON documents embedded
// in the page: the graph (`export --format json`, same options) and the map data,
// whose effective stances for each day were computed by stancegraph itself, so the
// page never decides a stance on its own. Text is only ever set as text, never
// parsed as markup.
(function () {
  "use strict";

  var graph = JSON.parse(document.getElementById("sg-graph").textContent);
  var map = JSON.parse(document.getElementById("sg-map-data").textContent);

  function index(list, key) {
    var out = {};
    (list || []).forEach(function (item) { out[item[key]] = item; });
    return out;
  }
  var actors = index(graph.actors, "id");
  var statements = index(graph.statements, "id");
  var sources = index(graph.sources, "id");

  function targetKey(kind, target) { return kind + ":" + target; }
  function pairKey(actor, kind, target) { return actor + "|" + targetKey(kind, target); }

  var targets = {};
  map.targets.forEach(function (t) { targets[targetKey(t.kind, t.target)] = t; });
  var arrowsBySvg = {};
  map.arrows.forEach(function (a) { arrowsBySvg[a.id] = a; });
  var nodesBySvg = {};
  map.actors.forEach(function (a) { nodesBySvg[a.id] = { actor: a.actor }; });
  map.targets.forEach(function (t) { nodesBySvg[t.id] = { kind: t.kind, target: t.target }; });

  var slider = document.getElementById("sg-date");
  var dateLabel = document.getElementById("sg-date-label");
  var dateRange = document.getElementById("sg-date-range");
  var search = document.getElementById("sg-search");
  var found = document.getElementById("sg-found");
  var panel = document.getElementById("sg-panel");
  var tally = document.getElementById("sg-tally");
  var mapBox = document.getElementById("sg-map");
  var zoom = document.getElementById("sg-zoom");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[name=stance]"));

  var state = { step: map.steps.length - 1, shown: {}, query: "", selected: null };
  boxes.forEach(function (b) { state.shown[b.value] = b.checked; });

  function actorName(id) { return actors[id] ? actors[id].name : id; }
  function targetLabel(kind, target) {
    var t = targets[targetKey(kind, target)];
    return t ? t.label : target;
  }

  // Effective stances on the day shown, by actor and target.
  function effectiveNow() {
    var out = {};
    var step = map.steps[state.step];
    (step ? step.effective : []).forEach(function (e) {
      out[pairKey(e.actor, e.target_kind, e.target)] = e;
    });
    return out;
  }

  function fold(text) { return text.normalize("NFC").toLowerCase(); }
  function matches() {
    if (!state.query) { return null; }
    var q = fold(state.query);
    var out = {};
    graph.actors.forEach(function (a) {
      var names = [a.id, a.name].concat(a.aliases || []);
      if (names.some(function (n) { return fold(n).indexOf(q) >= 0; })) { out[a.id] = true; }
    });
    return out;
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function badge(stance) { return el("span", stance, "sg-badge " + stance); }
  function dayText(step) { return step && step.date ? step.date : "every statement (none dated)"; }

  // The map: which arrows show, which actors are quiet, matched or dimmed.
  function drawMap(now, hits) {
    map.arrows.forEach(function (a) {
      var g = document.getElementById(a.id);
      if (!g) { return; }
      var e = now[pairKey(a.actor, a.target_kind, a.target)];
      var on = Boolean(e && e.stance === a.stance && state.shown[a.stance]);
      g.classList.toggle("sg-off", !on);
      g.setAttribute("data-shown", on ? "true" : "false");
      g.setAttribute("tabindex", on ? "0" : "-1");
      g.classList.toggle("sg-dim", Boolean(hits && !hits[a.actor]));
    });
    var speaking = {};
    Object.keys(now).forEach(function (k) { speaking[now[k].actor] = true; });
    map.actors.forEach(function (a) {
      var g = document.getElementById(a.id);
      if (!g) { return; }
      g.classList.toggle("sg-quiet", !speaking[a.actor]);
      g.classList.toggle("sg-match", Boolean(hits && hits[a.actor]));
      g.classList.toggle("sg-dim", Boolean(hits && !hits[a.actor]));
    });
  }

  function drawTally(now) {
    tally.textContent = "";
    map.targets.filter(function (t) { return t.kind === "proposal"; }).forEach(function (t) {
      var counts = {};
      Object.keys(now).forEach(function (k) {
        var e = now[k];
        if (e.target_kind === t.kind && e.target === t.target) {
          counts[e.stance] = (counts[e.stance] || 0) + 1;
        }
      });
      var parts = ["support", "skeptical", "non-starter"].filter(function (s) { return counts[s]; })
        .map(function (s) { return counts[s] + " " + s; });
      var li = el("li");
      li.appendChild(el("b", t.label));
      li.appendChild(document.createTextNode(": " + (parts.length ? parts.join(" · ") : "no stances")));
      tally.appendChild(li);
    });
  }

  function sourceLink(src) {
    var title = src ? src.title : "";
    var url = src && src.url;
    // Only web addresses become links, whatever else a graph's url holds.
    if (url && /^https?:\/\//i.test(url)) {
      var a = el("a", title || url);
      a.href = url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      return a;
    }
    return el("span", title || (url || ""));
  }

  function row(dl, term, value) {
    if (value === undefined || value === null || value === "") { return; }
    dl.appendChild(el("dt", term));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    dl.appendChild(dd);
  }

  function statementView(s) {
    var box = el("div", null, "sg-statement");
    box.setAttribute("data-statement", s.id);
    var head = el("p");
    head.appendChild(badge(s.stance));
    if (s.on_behalf_of && s.on_behalf_of !== s.actor) {
      head.appendChild(document.createTextNode(" said by " + actorName(s.actor)));
    }
    box.appendChild(head);
    box.appendChild(s.quote ? el("blockquote", "\u201c" + s.quote + "\u201d", "sg-quote")
      : el("p", "No quote recorded.", "sg-hint"));
    var dl = el("dl");
    var src = s.source ? sources[s.source] : null;
    if (s.source) {
      var where = el("span");
      where.appendChild(sourceLink(src || { title: s.source }));
      var about = [src && src.publisher, src && src.published && "published " + src.published]
        .filter(Boolean).join(", ");
      if (about) { where.appendChild(document.createTextNode(" (" + about + ")")); }
      row(dl, "Source", where);
    }
    row(dl, "Date", s.date || "undated");
    if (s.reported_by) { row(dl, "Reported by", actors[s.reported_by] ? actorName(s.reported_by) : s.reported_by); }
    if (s.anonymous) { row(dl, "Speaker", "unnamed source"); }
    row(dl, "Confidence", typeof s.confidence === "number" ? s.confidence.toFixed(2) : s.confidence);
    row(dl, "Attribution", s.attribution);
    (s.conditions || []).forEach(function (c) { row(dl, "Condition", c); });
    row(dl, "Note", s.note);
    box.appendChild(dl);
    return box;
  }

  function stanceList(entries, label) {
    var ul = el("ul");
    entries.forEach(function (e) {
      var li = el("li");
      var b = el("button", label(e), "sg-link");
      b.type = "button";
      b.addEventListener("click", function () {
        select({ kind: "arrow", actor: e.actor, target_kind: e.target_kind, target: e.target });
      });
      li.appendChild(b);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(badge(e.stance));
      ul.appendChild(li);
    });
    return ul;
  }

  function drawPanel(now) {
    var sel = state.selected;
    if (!sel) { return; }
    var step = map.steps[state.step];
    panel.textContent = "";
    panel.appendChild(el("h2", "Evidence as of " + dayText(step)));
    if (sel.kind === "arrow") {
      panel.appendChild(el("h3", actorName(sel.actor) + " on " + targetLabel(sel.target_kind, sel.target)));
      var e = now[pairKey(sel.actor, sel.target_kind, sel.target)];
      if (!e) {
        panel.appendChild(el("p", "No stance on this day.", "sg-hint"));
      } else if (!e.statement) {
        var p = el("p");
        p.appendChild(badge(e.stance));
        p.appendChild(document.createTextNode(" as the proposal's proponent (no statement)"));
        panel.appendChild(p);
      } else if (statements[e.statement]) {
        panel.appendChild(statementView(statements[e.statement]));
      }
      var others = graph.statements.filter(function (s) {
        return (s.on_behalf_of || s.actor) === sel.actor && s.target === sel.target &&
          s.target_kind === sel.target_kind && (!e || s.id !== e.statement);
      });
      if (others.length) {
        panel.appendChild(el("h3", "Other statements on this"));
        var ul = el("ul");
        others.forEach(function (s) {
          var li = el("li", null, "sg-later");
          li.appendChild(badge(s.stance));
          li.appendChild(document.createTextNode(" " + (s.date || "undated") + (s.quote ? ": \u201c" + s.quote + "\u201d" : "")));
          ul.appendChild(li);
        });
        panel.appendChild(ul);
      }
    } else if (sel.kind === "actor") {
      var a = actors[sel.actor] || { name: sel.actor };
      panel.appendChild(el("h3", a.name));
      var dl = el("dl");
      row(dl, "Kind", a.kind);
      row(dl, "Titles", (a.titles || []).join("; "));
      row(dl, "Also written", (a.aliases || []).join("; "));
      row(dl, "Note", a.note);
      panel.appendChild(dl);
      var mine = Object.keys(now).map(function (k) { return now[k]; })
        .filter(function (x) { return x.actor === sel.actor; });
      panel.appendChild(mine.length ? stanceList(mine, function (x) { return targetLabel(x.target_kind, x.target); })
        : el("p", "No stance on this day.", "sg-hint"));
    } else {
      panel.appendChild(el("h3", targetLabel(sel.target_kind, sel.target)));
      var on = Object.keys(now).map(function (k) { return now[k]; })
        .filter(function (x) { return x.target === sel.target && x.target_kind === sel.target_kind; });
      panel.appendChild(on.length ? stanceList(on, function (x) { return actorName(x.actor); })
        : el("p", "No stance on this day.", "sg-hint"));
    }
  }

  function markSelected() {
    Array.prototype.forEach.call(mapBox.querySelectorAll(".sg-selected"), function (g) {
      g.classList.remove("sg-selected");
    });
    var sel = state.selected;
    if (!sel) { return; }
    var ids = [];
    if (sel.kind === "arrow") {
      map.arrows.forEach(function (a) {
        if (a.actor === sel.actor && a.target === sel.target && a.target_kind === sel.target_kind) { ids.push(a.id); }
      });
    } else {
      Object.keys(nodesBySvg).forEach(function (id) {
        var n = nodesBySvg[id];
        if (sel.kind === "actor" ? n.actor === sel.actor : n.target === sel.target && n.kind === sel.target_kind) { ids.push(id); }
      });
    }
    ids.forEach(function (id) {
      var g = document.getElementById(id);
      if (g) { g.classList.add("sg-selected"); }
    });
  }

  function draw() {
    var now = effectiveNow();
    var step = map.steps[state.step];
    dateLabel.textContent = dayText(step);
    slider.setAttribute("aria-valuetext", dayText(step));
    var hits = matches();
    drawMap(now, hits);
    drawTally(now);
    drawPanel(now);
    markSelected();
    var n = hits ? Object.keys(hits).length : 0;
    found.textContent = !hits ? "" : n === 0 ? "no actor matches" : n === 1 ? "1 actor matches" : n + " actors match";
  }

  function select(sel) {
    state.selected = sel;
    draw();
    if (window.matchMedia("(max-width: 600px)").matches) {
      panel.scrollIntoView({ block: "start" });
    }
  }

  function selectionOf(target) {
    var g = target.closest ? target.closest("g.edge, g.node") : null;
    while (g) {
      if (arrowsBySvg[g.id]) {
        var a = arrowsBySvg[g.id];
        return { kind: "arrow", actor: a.actor, target_kind: a.target_kind, target: a.target };
      }
      var n = nodesBySvg[g.id];
      if (n) {
        return n.actor ? { kind: "actor", actor: n.actor } : { kind: "target", target_kind: n.kind, target: n.target };
      }
      g = g.parentElement ? g.parentElement.closest("g.edge, g.node") : null;
    }
    return null;
  }

  // Thin lines are hard to hit, on a phone above all: a wide transparent copy of
  // each arrow's line takes the clicks.
  map.arrows.forEach(function (a) {
    var g = document.getElementById(a.id);
    if (!g) { return; }
    var line = g.querySelector("path");
    if (line) {
      var hit = line.cloneNode(false);
      hit.setAttribute("class", "sg-hit");
      line.parentNode.insertBefore(hit, line);
    }
    g.setAttribute("role", "button");
    g.setAttribute("aria-label", actorName(a.actor) + " on " + targetLabel(a.target_kind, a.target) + ": " + a.stance);
  });
  Object.keys(nodesBySvg).forEach(function (id) {
    var g = document.getElementById(id);
    if (!g) { return; }
    var n = nodesBySvg[id];
    g.setAttribute("role", "button");
    g.setAttribute("tabindex", "0");
    g.setAttribute("aria-label", n.actor ? actorName(n.actor) : targetLabel(n.kind, n.target));
  });

  mapBox.addEventListener("click", function (ev) {
    var sel = selectionOf(ev.target);
    if (sel) {
      ev.preventDefault();
      select(sel);
    }
  });
  mapBox.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" && ev.key !== " ") { return; }
    var sel = selectionOf(ev.target);
    if (sel) {
      ev.preventDefault();
      select(sel);
    }
  });
  boxes.forEach(function (b) {
    b.addEventListener("change", function () {
      state.shown[b.value] = b.checked;
      draw();
    });
  });
  slider.max = String(Math.max(map.steps.length - 1, 0));
  slider.value = String(state.step);
  slider.disabled = map.steps.length < 2;
  if (map.steps.length > 0) {
    dateRange.textContent = map.steps.length < 2 ? "one day only"
      : map.steps.length + " days, " + dayText(map.steps[0]) + " to " + dayText(map.steps[map.steps.length - 1]);
  }
  slider.addEventListener("input", function () {
    state.step = Number(slider.value);
    draw();
  });
  search.addEventListener("input", function () {
    state.query = search.value.trim();
    draw();
  });
  document.getElementById("sg-controls").addEventListener("submit", function (ev) { ev.preventDefault(); });
  zoom.addEventListener("click", function () {
    var actual = mapBox.classList.toggle("sg-actual");
    zoom.setAttribute("aria-pressed", actual ? "true" : "false");
    zoom.textContent = actual ? "Fit to width" : "Actual size";
  });

  draw();
  document.documentElement.setAttribute("data-ready", "true");
}());
