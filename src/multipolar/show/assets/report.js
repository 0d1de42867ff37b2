/* multipolar report: draws the network, summary, timeline, alignment matrix and event table
 * from the JSON payload in #data. No libraries, no network. Text from documents is only ever
 * inserted with textContent / createTextNode, never parsed as HTML. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("data").textContent);
  var SVG_NS = "http://www.w3.org/2000/svg";
  var BLOC_COLORS = ["#4e79a7", "#f28e2b", "#9467bd", "#17becf", "#e0b400", "#8c564b", "#e377c2", "#7f7f7f",
    "#1f3f77", "#b85c00"];
  var NO_BLOC = "#b9bec8";
  var POS = "#2e9d4e", NEG = "#d6453d", ZERO = "#9aa1ad";
  var QUAD_COLORS = {
    verbal_cooperation: "#8fd19e", material_cooperation: "#2e9d4e",
    verbal_conflict: "#f4a29b", material_conflict: "#c7312a"
  };
  var QUAD_LABELS = {
    verbal_cooperation: "verbal cooperation", material_cooperation: "material cooperation",
    verbal_conflict: "verbal conflict", material_conflict: "material conflict"
  };
  var PAGE_SIZE = 50, PANEL_PAGE = 60, MAX_ITERATIONS = 300, GRAVITY = 0.03, LEGEND_CHIPS = 40;

  // ---- small helpers -------------------------------------------------------------------------

  function el(tag, attrs) {
    var node = document.createElement(tag);
    var children = Array.prototype.slice.call(arguments, 2);
    setAttrs(node, attrs);
    children.forEach(function (c) { append(node, c); });
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    return node;
  }
  function setAttrs(node, attrs) {
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined) return;
      if (k === "text") node.textContent = v;
      else if (k === "className") node.setAttribute("class", v);
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    });
  }
  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(node, c); });
    else node.appendChild(typeof child === "string" || typeof child === "number"
      ? document.createTextNode(String(child)) : child);
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function fmt(n) { return Number(n).toLocaleString("en-US"); }
  function signed(w) { return (w > 0 ? "+" : w < 0 ? "\u2212" : "") + Math.abs(w).toFixed(1); }
  function plural(n, word) { return fmt(n) + " " + word + (n === 1 ? "" : "s"); }

  // ---- data ----------------------------------------------------------------------------------

  var actors = DATA.actors || {};
  var docs = DATA.documents || [];
  var table = DATA.events || { columns: [], rows: [], sentences: [] };
  var col = {};
  table.columns.forEach(function (c, i) { col[c] = i; });
  var events = table.rows.map(function (r) {
    var e = {};
    table.columns.forEach(function (c, i) { e[c] = r[i]; });
    e.sentence = table.sentences[r[col.sentence]];
    e.docRow = docs[r[col.doc]] || { title: "", date: null };
    e.day = e.date ? String(e.date).split("/")[0] : (e.docRow.date || "");
    return e;
  });
  var eventById = {};
  var eventsOf = {};
  events.forEach(function (e, i) {
    eventById[e.id] = i;
    (eventsOf[e.source] = eventsOf[e.source] || []).push(i);
    if (e.target && e.target !== e.source) (eventsOf[e.target] = eventsOf[e.target] || []).push(i);
  });
  var network = DATA.network || { nodes: [], edges: [], blocs: [], brokers: [] };
  var brokerRank = {};
  (network.brokers || []).forEach(function (id, i) { brokerRank[id] = i; });
  var blocOf = {};
  network.nodes.forEach(function (n) { blocOf[n.id] = n.bloc; });

  function name(id) { return id && actors[id] ? actors[id].name : (nodeName(id) || id || "\u2014"); }
  function nodeName(id) {
    for (var i = 0; i < network.nodes.length; i++) if (network.nodes[i].id === id) return network.nodes[i].name;
    return null;
  }
  function blocColor(b) { return b === null || b === undefined ? NO_BLOC : BLOC_COLORS[b % BLOC_COLORS.length]; }
  function blocLabel(b) { return b === null || b === undefined ? "no bloc" : "bloc " + (b + 1); }

  // ---- header --------------------------------------------------------------------------------

  function header() {
    var s = DATA.summary || {};
    document.getElementById("title").textContent = DATA.title || "multipolar report";
    var range = s.from ? (s.from === s.until ? s.from : s.from + " to " + s.until) : "no dated events";
    document.getElementById("corpus-summary").textContent = [
      plural(s.documents || 0, "document"), plural(s.actors || 0, "actor"), plural(s.events || 0, "event"), range
    ].concat(s.events_shown < s.events ? ["the table lists the " + s.events_shown + " most recent"] : [])
      .join(" \u00b7 ");
  }

  // ---- evidence (shared by the panel and the table) ------------------------------------------

  /* The sentence with its trigger highlighted; the trigger is found case-insensitively. */
  function sentenceNode(e) {
    var text = e.sentence || "";
    var trig = (e.trigger || "").trim();
    var at = trig ? text.toLowerCase().indexOf(trig.toLowerCase()) : -1;
    if (at < 0) return [text];
    return [text.slice(0, at), el("mark", { text: text.slice(at, at + trig.length) }), text.slice(at + trig.length)];
  }
  function quadBadge(e) {
    return el("span", { className: "badge q-" + e.quad, title: QUAD_LABELS[e.quad] || e.quad, text: e.type });
  }
  function modalityBadge(e) {
    return el("span", { className: "badge m-" + e.modality, text: e.modality });
  }
  function evidenceNode(e) {
    return el("article", { className: "evidence", "data-event": e.id },
      el("div", { className: "meta" }, quadBadge(e), modalityBadge(e),
        e.mode ? el("span", { className: "badge type", text: e.mode }) : null,
        el("span", { className: "date", text: e.date || e.docRow.date || "undated" })),
      el("div", { className: "who" }, name(e.source), " \u2192 ", e.target ? name(e.target) : "\u2014"),
      el("blockquote", {}, sentenceNode(e)),
      el("div", { className: "doc", text: e.docRow.title + (e.docRow.date ? " (" + e.docRow.date + ")" : "") }));
  }

  // ---- side panel ----------------------------------------------------------------------------

  var panelBody = document.getElementById("panel-body");
  var panelEmpty = document.getElementById("panel-empty");

  function showPanel(heading, facts, indices, actions) {
    clear(panelBody);
    panelEmpty.hidden = true;
    panelBody.hidden = false;
    indices = indices.slice().sort(function (a, b) {
      return (events[a].day || "9999") < (events[b].day || "9999") ? -1 : 1;
    });
    append(panelBody, [heading, el("p", { className: "facts", text: facts })]);
    if (actions) append(panelBody, el("div", { className: "actions" }, actions));
    var list = el("div", { className: "evidence-list" });
    panelBody.appendChild(list);
    var shown = 0;
    function more() {
      indices.slice(shown, shown + PANEL_PAGE).forEach(function (i) { list.appendChild(evidenceNode(events[i])); });
      shown = Math.min(indices.length, shown + PANEL_PAGE);
      if (shown < indices.length) {
        list.appendChild(el("button", {
          type: "button", className: "more", text: "Show " + fmt(Math.min(PANEL_PAGE, indices.length - shown)) +
            " more of " + fmt(indices.length - shown),
          onclick: function (ev) { ev.target.remove(); more(); }
        }));
      }
    }
    more();
    if (!indices.length) list.appendChild(el("p", { className: "facts", text: "No evidence sentences." }));
    document.getElementById("panel").scrollTop = 0;
  }

  function showActor(id) {
    var a = actors[id] || {};
    var node = graph.byId[id];
    var bloc = node ? node.bloc : null;
    var facts = [a.type, blocLabel(bloc), plural((eventsOf[id] || []).length, "event")];
    if (id in brokerRank) facts.push("broker #" + (brokerRank[id] + 1));
    showPanel(
      el("h3", {}, el("span", { className: "swatch", style: "background:" + blocColor(bloc) }), name(id)),
      facts.filter(Boolean).join(" \u00b7 "),
      eventsOf[id] || [],
      [el("button", { type: "button", text: "List in table", onclick: function () { filterTable({ actor: id }); } })]);
  }

  function showPair(a, b, directed) {
    var idx = (eventsOf[a] || []).filter(function (i) {
      var e = events[i];
      return directed ? e.source === a && e.target === b
        : (e.source === a && e.target === b) || (e.source === b && e.target === a);
    });
    var weight = 0;
    graph.edges.forEach(function (edge) {
      var s = edge.source.id, t = edge.target.id;
      if ((s === a && t === b) || (!directed && s === b && t === a)) weight += edge.weight;
    });
    showPanel(el("h3", {}, name(a), directed ? " \u2192 " : " \u2194 ", name(b)),
      "net tie weight " + signed(weight) + " \u00b7 " + plural(idx.length, "event"), idx);
  }

  // ---- network -------------------------------------------------------------------------------

  var graph = (function () {
    var canvas = document.getElementById("network");
    var box = document.getElementById("canvas-box");
    var tooltip = document.getElementById("tooltip");
    var ctx = canvas.getContext("2d");
    var nodes = network.nodes.map(function (n, i) {
      var act = n.activity || (eventsOf[n.id] || []).length;
      return { id: n.id, name: n.name || n.id, bloc: n.bloc, broker: n.id in brokerRank, activity: act, index: i,
        x: 0, y: 0, r: 0 };
    });
    var byId = {};
    nodes.forEach(function (n) { byId[n.id] = n; });
    var maxAct = Math.max.apply(null, [1].concat(nodes.map(function (n) { return n.activity; })));
    var big = nodes.length > 60;
    nodes.forEach(function (n) { n.r = (big ? 4 : 7) + (big ? 9 : 16) * Math.sqrt(n.activity / maxAct); });
    var edges = (network.edges || []).filter(function (e) {
      return byId[e.source] && byId[e.target] && e.source !== e.target;
    }).map(function (e) {
      return { source: byId[e.source], target: byId[e.target], weight: Number(e.weight) || 0,
        polarity: e.polarity, events: e.events };
    });
    var pairSeen = {};
    edges.forEach(function (e) { pairSeen[e.source.id + "\u0000" + e.target.id] = true; });
    edges.forEach(function (e) { e.curved = !!pairSeen[e.target.id + "\u0000" + e.source.id]; });
    var maxW = Math.max.apply(null, [1].concat(edges.map(function (e) { return Math.abs(e.weight); })));
    var restAlpha = edges.length > 1500 ? 0.22 : 0.65;   // thousands of ties: let the nodes show through
    var neighbours = {};
    edges.forEach(function (e) {
      (neighbours[e.source.id] = neighbours[e.source.id] || {})[e.target.id] = true;
      (neighbours[e.target.id] = neighbours[e.target.id] || {})[e.source.id] = true;
    });

    var view = { scale: 1, x: 0, y: 0 };
    var width = 0, height = 0, dpr = 1;
    var showLabels = true, selected = null, selectedEdge = null, hover = null;

    /* A deterministic spring layout, one connected component at a time (actors with no chain of
     * ties between them have no meaningful distance), then the components packed in rows, largest
     * first. Within a component blocs start on a circle, every pair repels (k^2/d), cooperative
     * ties attract (d^2/k, more for heavier ties), a hostile tie is a spring about 2.2 k long, and a
     * weak pull to each bloc's centre keeps camps together. Iterations are capped so 300 actors
     * lay out in well under a second. */
    var K = 60;
    function layout() {
      var rand = mulberry32(7);
      components().forEach(function (part) { layoutPart(part, rand); });
      pack(components());
    }
    function components() {
      var seen = {}, parts = [];
      nodes.forEach(function (start) {
        if (seen[start.id]) return;
        var part = [], stack = [start];
        seen[start.id] = true;
        while (stack.length) {
          var n = stack.pop();
          part.push(n);
          Object.keys(neighbours[n.id] || {}).forEach(function (id) {
            if (!seen[id]) { seen[id] = true; stack.push(byId[id]); }
          });
        }
        parts.push(part);
      });
      return parts.sort(function (a, b) { return b.length - a.length || a[0].index - b[0].index; });
    }
    function layoutPart(part, rand) {
      var n = part.length, k = K;
      var inPart = {};
      part.forEach(function (node) { inPart[node.id] = true; });
      var ties = edges.filter(function (e) { return inPart[e.source.id]; });
      var blocIds = {};
      part.forEach(function (node) { if (node.bloc !== null && node.bloc !== undefined) blocIds[node.bloc] = true; });
      var order = Object.keys(blocIds).map(Number).sort(function (a, b) { return a - b; });
      var ring = k * Math.sqrt(n) * 0.8;
      part.forEach(function (node) {
        var slot = order.indexOf(node.bloc);
        var angle = slot < 0 ? rand() * 2 * Math.PI : (2 * Math.PI * slot) / Math.max(1, order.length);
        var off = order.length > 1 && slot >= 0 ? ring * 0.6 : 0;
        node.x = Math.cos(angle) * off + (rand() - 0.5) * ring;
        node.y = Math.sin(angle) * off + (rand() - 0.5) * ring;
      });
      if (n === 1) { part[0].x = 0; part[0].y = 0; return; }
      var iterations = Math.min(MAX_ITERATIONS, Math.max(120, Math.round(60000 / n)));
      var temp = ring * 0.25;
      for (var it = 0; it < iterations; it++) {
        var i, j, a, b, dx, dy, d2, d, f;
        for (i = 0; i < n; i++) { part[i].dx = 0; part[i].dy = 0; }
        for (i = 0; i < n; i++) {
          a = part[i];
          for (j = i + 1; j < n; j++) {
            b = part[j];
            dx = a.x - b.x; dy = a.y - b.y;
            d2 = dx * dx + dy * dy + 0.01;
            f = (k * k) / d2;
            a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
          }
        }
        ties.forEach(function (e) {
          var s = e.source, t = e.target;
          var ddx = s.x - t.x, ddy = s.y - t.y;
          var dist = Math.sqrt(ddx * ddx + ddy * ddy) + 0.01;
          var strength = 0.5 + Math.abs(e.weight) / maxW;
          // force per unit of distance: cooperation pulls; conflict holds its ends ~2.2 k apart
          var force = e.weight > 0 ? (dist / k) * strength * 0.4
            : e.weight < 0 ? ((dist - 2.2 * k) / dist) * 0.3 * strength : 0;
          s.dx -= ddx * force; s.dy -= ddy * force; t.dx += ddx * force; t.dy += ddy * force;
        });
        var centres = blocCentres(part);
        for (i = 0; i < n; i++) {
          a = part[i];
          var c = centres[a.bloc];
          if (c) { a.dx += (c.x - a.x) * 0.15; a.dy += (c.y - a.y) * 0.15; }
          a.dx -= a.x * GRAVITY; a.dy -= a.y * GRAVITY;
          d = Math.sqrt(a.dx * a.dx + a.dy * a.dy) + 1e-9;
          var step = Math.min(d, temp);
          a.x += (a.dx / d) * step; a.y += (a.dy / d) * step;
        }
        temp = Math.max(1, temp * 0.97);
      }
      separate(part);
    }
    /* A few passes that push apart any two nodes whose discs overlap. */
    function separate(part) {
      for (var pass = 0; pass < 30; pass++) {
        var moved = false;
        for (var i = 0; i < part.length; i++) {
          for (var j = i + 1; j < part.length; j++) {
            var a = part[i], b = part[j];
            var dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) || 0.01;
            var gap = a.r + b.r + 6 - d;
            if (gap > 0) {
              a.x -= (dx / d) * gap / 2; a.y -= (dy / d) * gap / 2;
              b.x += (dx / d) * gap / 2; b.y += (dy / d) * gap / 2;
              moved = true;
            }
          }
        }
        if (!moved) break;
      }
    }
    /* Shelf packing: components left to right in rows about as wide as the whole is tall. */
    function pack(parts) {
      var boxes = parts.map(function (part) {
        var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
        part.forEach(function (n) {
          x0 = Math.min(x0, n.x - n.r); y0 = Math.min(y0, n.y - n.r);
          x1 = Math.max(x1, n.x + n.r); y1 = Math.max(y1, n.y + n.r + 18);   // room for the label
          var half = Math.min(28, n.name.length) * 3.6;
          x0 = Math.min(x0, n.x - half); x1 = Math.max(x1, n.x + half);
        });
        return { part: part, x0: x0, y0: y0, w: x1 - x0 + K * 1.2, h: y1 - y0 + K * 0.8 };
      });
      var area = boxes.reduce(function (s, b) { return s + b.w * b.h; }, 0);
      var rowWidth = Math.max(boxes.length ? boxes[0].w : 0, Math.sqrt(area) * 1.6);
      var x = 0, y = 0, rowH = 0;
      boxes.forEach(function (b) {
        if (x > 0 && x + b.w > rowWidth) { x = 0; y += rowH; rowH = 0; }
        b.part.forEach(function (n) { n.x += x - b.x0; n.y += y - b.y0; });
        x += b.w; rowH = Math.max(rowH, b.h);
      });
    }
    function blocCentres(part) {
      var sums = {};
      part.forEach(function (n) {
        if (n.bloc === null || n.bloc === undefined) return;
        var s = sums[n.bloc] = sums[n.bloc] || { x: 0, y: 0, n: 0 };
        s.x += n.x; s.y += n.y; s.n += 1;
      });
      Object.keys(sums).forEach(function (b) { sums[b].x /= sums[b].n; sums[b].y /= sums[b].n; });
      return sums;
    }
    function mulberry32(seed) {
      return function () {
        seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
        var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }

    function resize() {
      var rect = box.getBoundingClientRect();
      dpr = window.devicePixelRatio || 1;
      width = Math.max(1, rect.width); height = Math.max(1, rect.height);
      canvas.width = Math.round(width * dpr); canvas.height = Math.round(height * dpr);
      draw();
    }
    function fit() {
      if (!nodes.length) return;
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      nodes.forEach(function (n) {
        x0 = Math.min(x0, n.x - n.r); y0 = Math.min(y0, n.y - n.r);
        x1 = Math.max(x1, n.x + n.r); y1 = Math.max(y1, n.y + n.r);
      });
      // margins in screen pixels: labels are drawn at a fixed size under the nodes
      var padX = showLabels ? 95 : 30, padTop = 30, padBottom = showLabels ? 45 : 30;
      view.scale = Math.min((width - 2 * padX) / Math.max(1, x1 - x0),
        (height - padTop - padBottom) / Math.max(1, y1 - y0), 2.5);
      view.x = width / 2 - ((x0 + x1) / 2) * view.scale;
      view.y = padTop + (height - padTop - padBottom) / 2 - ((y0 + y1) / 2) * view.scale;
      draw();
    }
    function toScreen(n) { return { x: n.x * view.scale + view.x, y: n.y * view.scale + view.y }; }
    function toWorld(x, y) { return { x: (x - view.x) / view.scale, y: (y - view.y) / view.scale }; }

    function edgeColor(e) { return e.weight > 0 ? POS : e.weight < 0 ? NEG : ZERO; }
    function edgeWidth(e) { return 0.8 + 4.5 * Math.abs(e.weight) / maxW; }
    /* The control point of an edge: straight edges use the midpoint; the two directions of a
     * reciprocal tie bend to opposite sides so both stay visible. */
    function control(e) {
      var s = e.source, t = e.target;
      var mx = (s.x + t.x) / 2, my = (s.y + t.y) / 2;
      if (!e.curved) return { x: mx, y: my };
      var dx = t.x - s.x, dy = t.y - s.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
      var bend = Math.min(40, len * 0.18);
      return { x: mx - (dy / len) * bend, y: my + (dx / len) * bend };
    }
    function active(n) {
      if (!selected) return true;
      return n === selected || !!(neighbours[selected.id] || {})[n.id];
    }
    function edgeActive(e) {
      if (selectedEdge) return e === selectedEdge;
      return !selected || e.source === selected || e.target === selected;
    }

    function draw() {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      ctx.setTransform(dpr * view.scale, 0, 0, dpr * view.scale, dpr * view.x, dpr * view.y);
      var s = view.scale;
      edges.forEach(function (e) {
        var on = edgeActive(e);
        ctx.globalAlpha = on ? (selected || selectedEdge ? 0.95 : restAlpha) : 0.06;
        var c = control(e), t = e.target;
        var w = edgeWidth(e) / Math.sqrt(s);
        ctx.strokeStyle = edgeColor(e);
        ctx.lineWidth = w;
        // stop the line at the target's rim, where the arrowhead sits
        var ax = t.x - c.x, ay = t.y - c.y, al = Math.sqrt(ax * ax + ay * ay) || 1;
        var tipX = t.x - (ax / al) * (t.r + 1), tipY = t.y - (ay / al) * (t.r + 1);
        var head = Math.max(6, w * 2.6);
        ctx.beginPath();
        ctx.moveTo(e.source.x, e.source.y);
        ctx.quadraticCurveTo(c.x, c.y, tipX - (ax / al) * head * 0.6, tipY - (ay / al) * head * 0.6);
        ctx.stroke();
        ctx.fillStyle = ctx.strokeStyle;
        ctx.beginPath();
        ctx.moveTo(tipX, tipY);
        ctx.lineTo(tipX - (ax / al) * head - (ay / al) * head * 0.5, tipY - (ay / al) * head + (ax / al) * head * 0.5);
        ctx.lineTo(tipX - (ax / al) * head + (ay / al) * head * 0.5, tipY - (ay / al) * head - (ax / al) * head * 0.5);
        ctx.closePath();
        ctx.fill();
      });
      ctx.globalAlpha = 1;
      nodes.forEach(function (n) {
        ctx.globalAlpha = active(n) ? 1 : 0.2;
        ctx.beginPath();
        ctx.arc(n.x, n.y, n.r, 0, 2 * Math.PI);
        ctx.fillStyle = blocColor(n.bloc);
        ctx.fill();
        ctx.lineWidth = (n.broker ? 3 : 1.2) / Math.sqrt(s);
        ctx.strokeStyle = n.broker ? "#1d2330" : "#ffffff";
        ctx.stroke();
        if (n === selected || n === hover) {
          ctx.beginPath();
          ctx.arc(n.x, n.y, n.r + 4 / s, 0, 2 * Math.PI);
          ctx.lineWidth = 2 / s;
          ctx.strokeStyle = "#2f5d9e";
          ctx.stroke();
        }
      });
      if (showLabels) drawLabels();
      ctx.globalAlpha = 1;
    }
    /* Labels, drawn at a fixed screen size in order of importance (the selection and its
     * neighbours, the hovered actor, then by activity): each goes below, above, right or left of
     * its node, wherever it does not cover a label already drawn, and is left out otherwise (the
     * tooltip still names the actor). Big graphs label only their most active actors until zoomed. */
    function drawLabels() {
      var limit = nodes.length <= 60 ? Infinity : Math.round(25 * Math.max(1, view.scale));
      var forced = {}, near = {};
      if (selected) {
        forced[selected.id] = true;
        Object.keys(neighbours[selected.id] || {}).forEach(function (id) { near[id] = true; });
      }
      if (hover) forced[hover.id] = true;
      function rank(n) { return forced[n.id] ? 2 : near[n.id] ? 1 : 0; }
      var order = nodes.slice().sort(function (a, b) {
        return rank(b) - rank(a) || b.activity - a.activity || a.index - b.index;
      });
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.font = "600 12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      var placed = [], h = 14, shown = 0;
      order.forEach(function (n) {
        if (!rank(n) && shown >= limit) return;
        var p = toScreen(n), r = n.r * view.scale;
        var text = n.name.length > 28 ? n.name.slice(0, 26) + "\u2026" : n.name;
        var w = ctx.measureText(text).width + 4;
        var spots = [[p.x, p.y + r + 2 + h / 2], [p.x, p.y - r - 2 - h / 2],
          [p.x + r + 3 + w / 2, p.y], [p.x - r - 3 - w / 2, p.y]];
        var spot = null;
        for (var i = 0; i < spots.length && !spot; i++) {
          var box = { x0: spots[i][0] - w / 2, x1: spots[i][0] + w / 2, y0: spots[i][1] - h / 2, y1: spots[i][1] + h / 2 };
          if (!placed.some(function (b) { return b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1; })) {
            spot = spots[i];
            placed.push(box);
          }
        }
        if (!spot) {
          if (!forced[n.id]) return;
          spot = spots[0];
        }
        shown++;
        ctx.globalAlpha = active(n) ? 1 : 0.25;
        ctx.lineWidth = 3.5;
        ctx.strokeStyle = "rgba(255,255,255,0.92)";
        ctx.strokeText(text, spot[0], spot[1]);
        ctx.fillStyle = "#1d2330";
        ctx.fillText(text, spot[0], spot[1]);
      });
    }

    function nodeAt(x, y) {
      var p = toWorld(x, y), best = null, bestD = Infinity;
      nodes.forEach(function (n) {
        var dx = n.x - p.x, dy = n.y - p.y, d = Math.sqrt(dx * dx + dy * dy);
        if (d <= n.r + 3 / view.scale && d < bestD) { best = n; bestD = d; }
      });
      return best;
    }
    function edgeAt(x, y) {
      var p = toWorld(x, y), best = null, bestD = 6 / view.scale;
      edges.forEach(function (e) {
        var c = control(e);
        // distance to the quadratic curve, sampled
        for (var i = 0; i <= 16; i++) {
          var t = i / 16, u = 1 - t;
          var qx = u * u * e.source.x + 2 * u * t * c.x + t * t * e.target.x;
          var qy = u * u * e.source.y + 2 * u * t * c.y + t * t * e.target.y;
          var d = Math.sqrt((qx - p.x) * (qx - p.x) + (qy - p.y) * (qy - p.y));
          if (d < bestD) { bestD = d; best = e; }
        }
      });
      return best;
    }
    function local(ev) {
      var rect = canvas.getBoundingClientRect();
      return { x: ev.clientX - rect.left, y: ev.clientY - rect.top };
    }
    function showTooltip(p, lines) {
      clear(tooltip);
      lines.forEach(function (line, i) { tooltip.appendChild(i ? el("div", { text: line }) : el("b", { text: line })); });
      tooltip.hidden = false;
      var tx = Math.min(p.x + 14, width - tooltip.offsetWidth - 6);
      var ty = p.y + 14 + tooltip.offsetHeight > height ? p.y - tooltip.offsetHeight - 10 : p.y + 14;
      tooltip.style.left = Math.max(4, tx) + "px";
      tooltip.style.top = Math.max(4, ty) + "px";
    }

    var drag = null;
    canvas.addEventListener("pointerdown", function (ev) {
      var p = local(ev), n = nodeAt(p.x, p.y);
      drag = { node: n, start: p, last: p, moved: false };
      canvas.setPointerCapture(ev.pointerId);
      canvas.classList.add("dragging");
    });
    canvas.addEventListener("pointermove", function (ev) {
      var p = local(ev);
      if (drag) {
        if (Math.abs(p.x - drag.start.x) + Math.abs(p.y - drag.start.y) > 3) drag.moved = true;
        if (drag.node) {
          var w = toWorld(p.x, p.y);
          drag.node.x = w.x; drag.node.y = w.y;
        } else {
          view.x += p.x - drag.last.x; view.y += p.y - drag.last.y;
        }
        drag.last = p;
        tooltip.hidden = true;
        draw();
        return;
      }
      var n = nodeAt(p.x, p.y), e = n ? null : edgeAt(p.x, p.y);
      canvas.classList.toggle("over", !!(n || e));
      if (n !== hover) { hover = n; draw(); }
      if (n) {
        var facts = [blocLabel(n.bloc), plural(n.activity, "event")];
        if (n.broker) facts.push("broker #" + (brokerRank[n.id] + 1));
        showTooltip(p, [n.name, facts.join(" \u00b7 "), "click for evidence"]);
      } else if (e) {
        var count = Array.isArray(e.events) ? e.events.length : e.events;
        showTooltip(p, [e.source.name + " \u2192 " + e.target.name,
          "net " + signed(e.weight) + " over " + plural(count || 0, "event"), "click for evidence"]);
      } else {
        tooltip.hidden = true;
      }
    });
    canvas.addEventListener("pointerup", function (ev) {
      var p = local(ev);
      canvas.classList.remove("dragging");
      var d = drag;
      drag = null;
      if (!d || d.moved) return;
      var n = nodeAt(p.x, p.y);
      if (n) { select(n.id); return; }
      var e = edgeAt(p.x, p.y);
      if (e) { selectEdge(e); return; }
      select(null);
    });
    canvas.addEventListener("pointerleave", function () {
      tooltip.hidden = true;
      if (hover) { hover = null; draw(); }
    });
    canvas.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var p = local(ev), factor = Math.exp(-ev.deltaY * 0.0015);
      var next = Math.min(8, Math.max(0.1, view.scale * factor));
      view.x = p.x - (p.x - view.x) * (next / view.scale);
      view.y = p.y - (p.y - view.y) * (next / view.scale);
      view.scale = next;
      draw();
    }, { passive: false });
    canvas.addEventListener("dblclick", fit);
    document.getElementById("fit").addEventListener("click", fit);
    document.getElementById("labels").addEventListener("click", function (ev) {
      showLabels = !showLabels;
      ev.target.setAttribute("aria-pressed", String(showLabels));
      draw();
    });

    function select(id) {
      selected = id ? byId[id] || null : null;
      selectedEdge = null;
      document.querySelectorAll(".chip.selected").forEach(function (c) { c.classList.remove("selected"); });
      if (id) {
        document.querySelectorAll('.chip[data-actor="' + cssEscape(id) + '"]').forEach(function (c) {
          c.classList.add("selected");
        });
        showActor(id);
      } else {
        panelBody.hidden = true;
        panelEmpty.hidden = false;
      }
      draw();
    }
    function selectEdge(e) {
      selected = null;
      selectedEdge = e;
      showPair(e.source.id, e.target.id, true);
      draw();
    }

    layout();
    if (typeof ResizeObserver !== "undefined") {
      var first = true;
      new ResizeObserver(function () { resize(); if (first) { first = false; fit(); } }).observe(box);
    }
    resize();
    fit();
    canvas.setAttribute("data-node-count", String(nodes.length));
    canvas.setAttribute("data-edge-count", String(edges.length));

    return {
      nodes: nodes, edges: edges, byId: byId, select: select,
      positionOf: function (id) {
        var n = byId[id];
        return n ? toScreen(n) : null;
      },
      selectedId: function () { return selected ? selected.id : null; }
    };
  })();

  function cssEscape(s) {
    return window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/["\\]/g, "\\$&");
  }

  // ---- legend: every actor by bloc, clickable (and a DOM list of the nodes) -------------------

  function legend() {
    var box = document.getElementById("legend");
    var groups = (network.blocs || []).map(function (ids, b) { return { bloc: b, ids: ids }; });
    var loose = graph.nodes.filter(function (n) { return n.bloc === null || n.bloc === undefined; })
      .map(function (n) { return n.id; });
    if (loose.length) groups.push({ bloc: null, ids: loose });
    groups.forEach(function (g) {
      var ids = g.ids.filter(function (id) { return graph.byId[id]; }).sort(function (a, b) {
        return graph.byId[b].activity - graph.byId[a].activity;
      });
      if (!ids.length) return;
      var row = el("div", { className: "legend-row" },
        el("span", { className: "label" }, el("span", { className: "swatch", style: "background:" + blocColor(g.bloc) }),
          " ", g.bloc === null ? "No bloc" : "Bloc " + (g.bloc + 1)));
      var chips = ids.map(function (id) {
        return el("button", {
          type: "button", className: "chip" + (id in brokerRank ? " broker" : ""), "data-actor": id,
          title: (id in brokerRank ? "broker #" + (brokerRank[id] + 1) + " \u00b7 " : "") +
            plural(graph.byId[id].activity, "event"),
          text: name(id), onclick: function () { graph.select(id); }
        });
      });
      // a big bloc shows its most active members; the rest stay in the DOM, hidden until asked for
      chips.forEach(function (chip, i) { chip.hidden = i >= LEGEND_CHIPS; row.appendChild(chip); });
      if (chips.length > LEGEND_CHIPS) {
        row.appendChild(el("button", { type: "button", className: "chip more-chips",
          text: "+ " + fmt(chips.length - LEGEND_CHIPS) + " more",
          onclick: function (ev) { chips.forEach(function (c) { c.hidden = false; }); ev.target.remove(); } }));
      }
      box.appendChild(row);
    });
  }

  // ---- plain-words summary -------------------------------------------------------------------

  function summary() {
    var box = document.getElementById("summary");
    (DATA.text || []).forEach(function (paragraph) {
      var p = el("p");
      paragraph.forEach(function (seg) {
        if (typeof seg === "string") p.appendChild(document.createTextNode(seg));
        else if (seg && seg.actor) p.appendChild(actorLink(seg.actor));
      });
      box.appendChild(p);
    });
  }
  function actorLink(id) {
    return el("button", { type: "button", className: "actor-link", "data-actor": id, text: name(id),
      onclick: function () { focusActor(id); } });
  }
  function focusActor(id) {
    if (graph.byId[id]) {
      graph.select(id);
      document.getElementById("network-section").scrollIntoView({ behavior: "smooth", block: "start" });
    } else {
      filterTable({ actor: id });
    }
  }

  // ---- timeline ------------------------------------------------------------------------------

  function timeline() {
    var box = document.getElementById("timeline");
    var t = DATA.timeline || { months: [], counts: [], quads: [] };
    if (!t.months.length) {
      box.appendChild(el("p", { className: "empty", text: "No dated events." }));
      return;
    }
    // more than ten years of months: count per year instead, so bars stay visible
    var labels = t.months, counts = t.counts;
    if (labels.length > 120) {
      var years = {}, order = [];
      labels.forEach(function (m, i) {
        var y = m.slice(0, 4);
        if (!years[y]) { years[y] = t.quads.map(function () { return 0; }); order.push(y); }
        counts[i].forEach(function (c, q) { years[y][q] += c; });
      });
      labels = order;
      counts = order.map(function (y) { return years[y]; });
    }
    var W = 640, H = 260, left = 36, right = 8, top = 10, bottom = 28;
    var totals = counts.map(function (c) { return c.reduce(function (a, b) { return a + b; }, 0); });
    var max = Math.max.apply(null, [1].concat(totals));
    var step = niceStep(max);
    var top_ = Math.ceil(max / step) * step;
    var bw = (W - left - right) / labels.length;
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Events per month" });
    for (var v = 0; v <= top_; v += step) {
      var y = top + (H - top - bottom) * (1 - v / top_);
      root.appendChild(svg("line", { x1: left, x2: W - right, y1: y, y2: y, stroke: "#e6e8ed" }));
      var tl = svg("text", { x: left - 5, y: y + 4, "text-anchor": "end" });
      tl.textContent = fmt(v);
      root.appendChild(tl);
    }
    labels.forEach(function (label, i) {
      var x = left + i * bw, y0 = H - bottom;
      var g = svg("g", { className: "bar", "data-period": label });
      counts[i].forEach(function (c, q) {
        if (!c) return;
        var h = (H - top - bottom) * (c / top_);
        g.appendChild(svg("rect", { x: x + Math.min(1, bw * 0.1), y: y0 - h, width: Math.max(1, bw - Math.min(2, bw * 0.2)),
          height: h, fill: QUAD_COLORS[t.quads[q]] || ZERO }));
        y0 -= h;
      });
      var tip = svg("title");
      tip.textContent = label + ": " + plural(totals[i], "event") + "\n" + t.quads.map(function (q, k) {
        return (QUAD_LABELS[q] || q) + " " + counts[i][k];
      }).join("\n");
      g.appendChild(tip);
      g.appendChild(svg("rect", { x: x, y: top, width: bw, height: H - top - bottom, fill: "transparent" }));
      g.addEventListener("click", function () { filterTable({ text: label }); });
      root.appendChild(g);
    });
    // axis labels: every year, or every few months for short spans
    var every = labels[0].length === 4 ? Math.ceil(labels.length / 12) : labels.length <= 18 ? 1 : 0;
    labels.forEach(function (label, i) {
      var show = every ? i % every === 0 : label.slice(5) === "01" || i === 0;
      if (!show) return;
      var text = svg("text", { x: left + i * bw + (every === 1 ? bw / 2 : 0), y: H - bottom + 15,
        "text-anchor": every === 1 ? "middle" : "start" });
      text.textContent = every === 1 && label.length > 4 ? shortMonth(label) : label.slice(0, 4);
      root.appendChild(text);
    });
    box.appendChild(root);
    var keys = el("div", { className: "chart-legend" });
    t.quads.forEach(function (q) {
      keys.appendChild(el("span", {}, el("i", { style: "background:" + QUAD_COLORS[q] }), QUAD_LABELS[q] || q));
    });
    if (t.undated) keys.appendChild(el("span", { text: plural(t.undated, "undated event") + " not shown" }));
    box.appendChild(keys);
  }
  function niceStep(max) {
    var raw = max / 4, mag = Math.pow(10, Math.floor(Math.log10(raw || 1)));
    var norm = raw / mag;
    return Math.max(1, (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag);
  }
  function shortMonth(m) {
    var names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return names[Number(m.slice(5, 7)) - 1] + " " + m.slice(2, 4);
  }

  // ---- alignment heatmap ---------------------------------------------------------------------

  function heatmap() {
    var box = document.getElementById("heatmap");
    var h = DATA.heatmap || { actors: [], values: [] };
    var n = h.actors.length;
    if (!n) {
      box.appendChild(el("p", { className: "empty", text: "No ties between actors yet." }));
      return;
    }
    var maxAbs = 0;
    h.values.forEach(function (row) { row.forEach(function (v) { if (v !== null) maxAbs = Math.max(maxAbs, Math.abs(v)); }); });
    maxAbs = maxAbs || 1;
    var label = 150, cell = Math.max(10, Math.min(30, Math.floor(480 / n)));
    var W = label + n * cell + 70, H = label + n * cell + 4;   // column labels lean out to the right
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Alignment matrix",
      style: "max-width:" + Math.max(W, 420) + "px" });
    function short(s) { return s.length > 22 ? s.slice(0, 21) + "\u2026" : s; }
    h.actors.forEach(function (id, i) {
      var fill = blocColor(blocOf[id]);
      var rl = svg("text", { x: label - 6, y: label + i * cell + cell / 2 + 4, "text-anchor": "end" });
      rl.textContent = short(name(id));
      root.appendChild(rl);
      root.appendChild(svg("rect", { x: label - 4, y: label + i * cell + 1, width: 3, height: cell - 2, fill: fill }));
      var cx = label + i * cell + cell / 2 + 4;
      var cl = svg("text", { x: 0, y: 0, transform: "translate(" + cx + "," + (label - 6) + ") rotate(-55)" });
      cl.textContent = short(name(id));
      root.appendChild(cl);
      root.appendChild(svg("rect", { x: label + i * cell + 1, y: label - 4, width: cell - 2, height: 3, fill: fill }));
    });
    h.values.forEach(function (row, i) {
      row.forEach(function (v, j) {
        var a = h.actors[i], b = h.actors[j];
        var rect = svg("rect", { className: i === j ? "" : "cell", x: label + j * cell, y: label + i * cell,
          width: cell - 1, height: cell - 1, rx: 2, fill: i === j ? "#eceef2" : diverging(v, maxAbs) });
        if (i !== j) {
          var tip = svg("title");
          tip.textContent = name(a) + " \u2194 " + name(b) + ": " +
            (v === null ? "no tie" : "net " + signed(v) + " over " + plural((h.events[i] || [])[j] || 0, "event"));
          rect.appendChild(tip);
          if (v !== null) rect.addEventListener("click", function () { graph.select(null); showPair(a, b, false); });
        }
        root.appendChild(rect);
      });
    });
    box.appendChild(root);
    box.appendChild(el("div", { className: "chart-legend" },
      el("span", {}, el("i", { style: "background:" + diverging(-maxAbs, maxAbs) }), "conflict " + signed(-maxAbs)),
      el("span", {}, el("i", { style: "background:" + diverging(0.0001, maxAbs) }), "mixed or slight"),
      el("span", {}, el("i", { style: "background:" + diverging(maxAbs, maxAbs) }), "cooperation " + signed(maxAbs)),
      el("span", {}, el("i", { style: "background:#f7f8fa;border:1px solid #dfe2e8" }), "no tie")));
  }
  /* White through green (cooperation) or red (conflict); intensity follows sqrt(|v| / max) so
   * that small but real ties stay visible next to the heaviest one. */
  function diverging(v, maxAbs) {
    if (v === null || v === undefined) return "#f7f8fa";
    var t = Math.sqrt(Math.min(1, Math.abs(v) / maxAbs));
    var to = v >= 0 ? [46, 157, 78] : [214, 69, 61];
    var from = [246, 246, 244];
    return "rgb(" + from.map(function (c, i) { return Math.round(c + (to[i] - c) * (0.15 + 0.85 * t)); }).join(",") + ")";
  }

  // ---- event table ---------------------------------------------------------------------------

  var filters = {
    actor: document.getElementById("f-actor"), type: document.getElementById("f-type"),
    quad: document.getElementById("f-quad"), modality: document.getElementById("f-modality"),
    text: document.getElementById("f-text")
  };
  var page = 0, matches = [];
  var haystack = null;   // lower-cased search text per event, built on first search

  function options(select, values, labelOf) {
    select.appendChild(el("option", { value: "", text: "all" }));
    values.forEach(function (v) { select.appendChild(el("option", { value: v, text: labelOf ? labelOf(v) : v })); });
  }
  function distinct(key) {
    var seen = {};
    events.forEach(function (e) { if (e[key]) seen[e[key]] = true; });
    return Object.keys(seen).sort();
  }
  function setupTable() {
    var ids = Object.keys(actors).sort(function (a, b) { return name(a).localeCompare(name(b)); });
    options(filters.actor, ids, function (id) { return name(id) + " (" + fmt(actors[id].activity || 0) + ")"; });
    options(filters.type, distinct("type"));
    var quads = (DATA.vocabulary && DATA.vocabulary.quads) || distinct("quad");
    options(filters.quad, quads, function (q) { return QUAD_LABELS[q] || q; });
    options(filters.modality, (DATA.vocabulary && DATA.vocabulary.modalities) || distinct("modality"));
    var timer = null;
    document.getElementById("filters").addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { page = 0; applyFilters(); }, 120);
    });
    document.getElementById("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
    document.getElementById("filters").addEventListener("reset", function () {
      setTimeout(function () { page = 0; applyFilters(); }, 0);
    });
    document.getElementById("prev").addEventListener("click", function () { page--; renderPage(); });
    document.getElementById("next").addEventListener("click", function () { page++; renderPage(); });
    applyFilters();
  }
  function applyFilters() {
    var actor = filters.actor.value, type = filters.type.value, quad = filters.quad.value;
    var modality = filters.modality.value, words = filters.text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length && !haystack) {
      haystack = events.map(function (e) {
        return [e.sentence, e.day, name(e.source), e.target ? name(e.target) : "", e.type, e.docRow.title,
          e.source_text, e.target_text].join(" ").toLowerCase();
      });
    }
    var pool = actor ? (eventsOf[actor] || []) : null;
    matches = [];
    var n = pool ? pool.length : events.length;
    for (var k = 0; k < n; k++) {
      var i = pool ? pool[k] : k, e = events[i];
      if (type && e.type !== type) continue;
      if (quad && e.quad !== quad) continue;
      if (modality && e.modality !== modality) continue;
      if (words.length && !words.every(function (w) { return haystack[i].indexOf(w) >= 0; })) continue;
      matches.push(i);
    }
    matches.sort(function (a, b) {
      var da = events[a].day || "9999", db = events[b].day || "9999";
      return da < db ? -1 : da > db ? 1 : a - b;
    });
    renderPage();
  }
  function renderPage() {
    var pages = Math.max(1, Math.ceil(matches.length / PAGE_SIZE));
    page = Math.max(0, Math.min(page, pages - 1));
    var body = document.querySelector("#events tbody");
    clear(body);
    var slice = matches.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    slice.forEach(function (i) {
      var e = events[i];
      body.appendChild(el("tr", { "data-event": e.id },
        el("td", { className: "nowrap", text: e.day || "undated" }),
        el("td", {}, actorCell(e.source)),
        el("td", { className: "nowrap" }, quadBadge(e)),
        el("td", {}, e.target ? actorCell(e.target) : "\u2014"),
        el("td", {}, modalityBadge(e)),
        el("td", { className: "sentence" }, sentenceNode(e)),
        el("td", { className: "docname", text: e.docRow.title })));
    });
    var from = matches.length ? page * PAGE_SIZE + 1 : 0;
    document.getElementById("event-count").textContent = matches.length === events.length
      ? "Showing " + fmt(from) + "\u2013" + fmt(page * PAGE_SIZE + slice.length) + " of " + plural(events.length, "event")
      : fmt(matches.length) + " of " + plural(events.length, "event") + " match" +
        (matches.length ? "; showing " + fmt(from) + "\u2013" + fmt(page * PAGE_SIZE + slice.length) : "");
    document.getElementById("page").textContent = "Page " + fmt(page + 1) + " of " + fmt(pages);
    document.getElementById("prev").disabled = page === 0;
    document.getElementById("next").disabled = page >= pages - 1;
  }
  function actorCell(id) { return graph.byId[id] ? actorLink(id) : name(id); }
  function filterTable(f) {
    document.getElementById("filters").reset();
    if (f.actor) filters.actor.value = f.actor;
    if (f.text) filters.text.value = f.text;
    page = 0;
    applyFilters();
    document.getElementById("events-section").scrollIntoView({ behavior: "smooth", block: "start" });
  }

  // ---- start ---------------------------------------------------------------------------------

  header();
  legend();
  summary();
  timeline();
  heatmap();
  setupTable();

  window.multipolarReport = {
    nodes: graph.nodes.map(function (n) { return n.id; }),
    selectNode: function (id) { graph.select(id); },
    selected: graph.selectedId,
    positionOf: graph.positionOf,
    filterTable: filterTable,
    ready: true
  };
  document.body.setAttribute("data-ready", "true");
})();
