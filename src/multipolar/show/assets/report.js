/* multipolar report: draws the network (with the vendored graphology and sigma.js), the summary,
 * timeline, alignment matrix and event table from the JSON payload in #data. No network request.
 * Text from documents is only ever inserted with textContent / createTextNode, never parsed as
 * HTML. Dates are shown as the payload's "dates" table says, so the page never formats one. */
(function () {
  "use strict";

  var FULL = JSON.parse(document.getElementById("data").textContent);
  var SVG_NS = "http://www.w3.org/2000/svg";
  var BLOC_COLORS = ["#4e79a7", "#f28e2b", "#9467bd", "#17becf", "#e0b400", "#8c564b", "#e377c2", "#7f7f7f",
    "#1f3f77", "#b85c00"];
  var NO_BLOC = "#b9bec8", FADED = "#e4e7ec", INK = "#1d2330";
  var POS = "#2e9d4e", NEG = "#d6453d", ZERO = "#9aa1ad";
  var QUAD_COLORS = {
    verbal_cooperation: "#8fd19e", material_cooperation: "#2e9d4e",
    verbal_conflict: "#f4a29b", material_conflict: "#c7312a"
  };
  var QUAD_LABELS = {
    verbal_cooperation: "verbal cooperation", material_cooperation: "material cooperation",
    verbal_conflict: "verbal conflict", material_conflict: "material conflict"
  };
  var PAGE_SIZE = 50, PANEL_PAGE = 60, LEGEND_CHIPS = 40;
  var SMALL_GRAPH = 60;          // up to this many actors every label that fits is drawn
  var TOP_LABELLED = 8;           // the busiest actors on screen always get a label
  var LABELS_AT_REST = 30;       // a bigger graph labels its most active actors, more as you zoom in
  // Drawing a tie costs fill: thousands of long lines are slow where WebGL runs on the CPU, and
  // a hairball says nothing anyway. So a big network shows its strongest ties (all of a selected
  // actor's ties), and hides them while the view moves.
  var TIES_AT_REST = 3000;
  var STILL_TIES = 1000;         // above this many ties drawn, they hide while panning and zooming
  var LABEL_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

  // ---- small helpers -------------------------------------------------------------------------

  function $(id) { return document.getElementById(id); }
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
  function assign(target) {
    for (var i = 1; i < arguments.length; i++) {
      var source = arguments[i];
      for (var k in source) if (Object.prototype.hasOwnProperty.call(source, k)) target[k] = source[k];
    }
    return target;
  }
  var NUMBER = new Intl.NumberFormat("en-US");
  function fmt(n) { return NUMBER.format(Number(n)); }
  /* The largest f(item), at least `least` (a loop: spreading 100,000 values as arguments overflows). */
  function maxOf(items, f, least) {
    var most = least;
    for (var i = 0; i < items.length; i++) most = Math.max(most, f(items[i]));
    return most;
  }
  function signed(w) { return (w > 0 ? "+" : w < 0 ? "\u2212" : "") + Math.abs(w).toFixed(1); }
  /* The largest f(item), at least `least` (a loop: spreading 100,000 values as arguments overflows). */
  function maxOf(items, f, least) {
    var most = least;
    for (var i = 0; i < items.length; i++) most = Math.max(most, f(items[i]));
    return most;
  }
  function plural(n, word) { return fmt(n) + " " + word + (n === 1 ? "" : "s"); }
  function cssEscape(s) {
    return window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/["\\]/g, "\\$&");
  }

  // ---- data ----------------------------------------------------------------------------------

  // ---- the page for one view ------------------------------------------------------------------

  /* Draws everything in <main> for DATA: the whole payload, or one theatre's view of it (viewOf).
   * Returns what window.multipolarReport offers (and how to stop the network's renderer). */
  function render(DATA) {
    var actors = DATA.actors || {};
    var docs = DATA.documents || [];
    var DATES = DATA.dates || {};
    var table = DATA.events || { columns: [], rows: [], sentences: [] };
    var col = {};
    table.columns.forEach(function (c, i) { col[c] = i; });

    /* How a stored date is shown and where it counts ({text, month, year}), from the payload. */
    function dateInfo(value) { return value ? DATES[value] || null : null; }
    function dateText(value) { var info = dateInfo(value); return info ? info.text : "undated"; }

    /* Every event as an object with the fields the page reads (one fixed shape: fast at 200,000
     * events), plus: sentence text, document row, the date it is shown with (its own, else its
     * document's: `when`) and a sort key (`day`, ISO). Any other column: field(e, name). */
    var events = table.rows.map(function (r) {
      var docRow = docs[r[col.doc]] || { title: "", date: null };
      var shown = r[col.date] || docRow.date;
      return {
        id: r[col.id], source: r[col.source], target: r[col.target], type: r[col.type], quad: r[col.quad],
        mode: r[col.mode], modality: r[col.modality], trigger: r[col.trigger], date: r[col.date],
        source_text: r[col.source_text], target_text: r[col.target_text],
        sentence: table.sentences[r[col.sentence]], docRow: docRow,
        when: dateText(shown), day: shown ? String(shown).split("/")[0] : "", row: r,
        incident: col.incident === undefined ? null : r[col.incident]
      };
    });
    function field(e, name) { return e.row[col[name]]; }
    var eventsOf = {};
    events.forEach(function (e, i) {
      (eventsOf[e.source] = eventsOf[e.source] || []).push(i);
      if (e.target && e.target !== e.source) (eventsOf[e.target] = eventsOf[e.target] || []).push(i);
    });
    function byDay(a, b) {
      var da = events[a].day || "9999", db = events[b].day || "9999";
      return da < db ? -1 : da > db ? 1 : a - b;
    }
    var network = DATA.network || { nodes: [], edges: [], blocs: [], brokers: [] };
    var brokerRank = {};
    (network.brokers || []).forEach(function (id, i) { brokerRank[id] = i; });
    var nodeById = {};
    network.nodes.forEach(function (n) { nodeById[n.id] = n; });

    function name(id) {
      if (!id) return "\u2014";
      return actors[id] ? actors[id].name : nodeById[id] ? nodeById[id].name || id : id;
    }
    function blocOf(id) { return nodeById[id] ? nodeById[id].bloc : null; }
    function blocColor(b) { return b === null || b === undefined ? NO_BLOC : BLOC_COLORS[b % BLOC_COLORS.length]; }
    function blocLabel(b) { return b === null || b === undefined ? "no bloc" : "bloc " + (b + 1); }

    // ---- header --------------------------------------------------------------------------------

    function header() {
      var s = DATA.summary || {};
      $("title").textContent = DATA.title || "multipolar report";
      var menu = DATA.theatres || {};
      var where = DATA.theatre ? theatreName(DATA.theatre) : menu.selected ? menu.selected.join(", ") : null;
      $("corpus-summary").textContent = (where ? ["theatre: " + where] : []).concat([
        plural(s.documents || 0, "document"), plural(s.actors || 0, "actor"),
        DATA.count === "incidents" ? plural(s.events || 0, "act") + " (" + plural(s.reports || 0, "report") + ")"
          : plural(s.events || 0, "event"),
        s.range || "no events dated to the month"
      ]).concat(s.events_shown < (s.reports || s.events) ? ["the table lists the " + fmt(s.events_shown) + " most recent"] : [])
        .join(" \u00b7 ");
    }

    // ---- evidence: sentences behind an actor or a tie ------------------------------------------

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
          el("span", { className: "date", text: e.when })),
        el("div", { className: "who" }, name(e.source), " \u2192 ", e.target ? name(e.target) : "\u2014"),
        el("blockquote", {}, sentenceNode(e)),
        el("div", { className: "doc", text: e.docRow.title + (e.docRow.date ? " (" + dateText(e.docRow.date) + ")" : "") }));
    }

    /* An incident: one act and every report of it in the table, with how it was reported. */
    var INCIDENTS = DATA.incidents || {};
    var reportsOf = {};
    events.forEach(function (e, i) { if (e.incident) (reportsOf[e.incident] = reportsOf[e.incident] || []).push(i); });
    function incidentNode(e) {
      var info = INCIDENTS[e.incident], reports = (reportsOf[e.incident] || []).slice().sort(byDay);
      if (!info || reports.length < 2) return evidenceNode(e);
      var node = evidenceNode(events[reports[0]]);
      node.insertBefore(el("div", { className: "reported", text: "reported by " + plural(info.documents, "document") +
        " (" + (info.outlets ? plural(info.outlets, "outlet") : "outlets unknown") + ")" +
        (info.first ? ", first on " + info.first : "") }), node.children[1]);
      reports.slice(1).forEach(function (i) {
        node.appendChild(el("blockquote", {}, sentenceNode(events[i])));
        node.appendChild(el("div", { className: "doc", text: events[i].docRow.title +
          (events[i].docRow.date ? " (" + dateText(events[i].docRow.date) + ")" : "") }));
      });
      return node;
    }
    /* The indices with each incident once (its first report in the list stands for it). */
    function oncePerIncident(indices) {
      var seen = {};
      return indices.filter(function (i) {
        var key = events[i].incident;
        if (!key) return true;
        if (seen[key]) return false;
        return (seen[key] = true);
      });
    }

    /* Evidence opens where the reader is looking: in the panel beside the network when that panel
     * is on screen, otherwise in a drawer at the side of the window (a click on the alignment
     * matrix or the table, far below the network, must not fill a panel out of sight). */
    var evidence = (function () {
      var panel = $("panel"), panelBody = $("panel-body"), panelEmpty = $("panel-empty");
      var drawer = $("drawer"), drawerBody = $("drawer-body");
      function onScreen(node) {
        var r = node.getBoundingClientRect();
        var seen = Math.min(r.bottom, window.innerHeight) - Math.max(r.top, 0);
        return r.width > 0 && seen >= Math.min(r.height, window.innerHeight) * 0.5;
      }
      function close() { drawer.hidden = true; clear(drawerBody); }
      function show(heading, facts, indices, actions) {
        var body = panelBody, box = panel;
        if (onScreen(panel)) {
          close();
          panelEmpty.hidden = true;
          panelBody.hidden = false;
        } else {
          body = drawerBody;
          box = drawer;
          drawer.hidden = false;
        }
        fill(body, heading, facts, oncePerIncident(indices.slice().sort(byDay)), actions);
        box.scrollTop = 0;
      }
      function fill(body, heading, facts, indices, actions) {
        clear(body);
        append(body, [heading, el("p", { className: "facts", text: facts })]);
        if (actions) append(body, el("div", { className: "actions" }, actions));
        var list = el("div", { className: "evidence-list" });
        body.appendChild(list);
        var shown = 0;
        function more() {
          indices.slice(shown, shown + PANEL_PAGE).forEach(function (i) { list.appendChild(incidentNode(events[i])); });
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
      }
      function reset() {
        panelBody.hidden = true;
        panelEmpty.hidden = false;
      }
      $("drawer-close").addEventListener("click", close);
      document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") close(); });
      return { show: show, reset: reset, close: close };
    })();

    function showActor(id) {
      var a = actors[id] || {};
      var facts = [a.type, blocLabel(blocOf(id)), plural((eventsOf[id] || []).length, "event")];
      if (id in brokerRank) facts.push("broker #" + (brokerRank[id] + 1));
      evidence.show(
        el("h3", {}, el("span", { className: "swatch", style: "background:" + blocColor(blocOf(id)) }), name(id)),
        facts.filter(Boolean).join(" \u00b7 "),
        eventsOf[id] || [],
        [el("button", { type: "button", text: "List in table", onclick: function () { filterTable({ actor: id }); } })]);
    }

    /* The events between a and b (both directions), with the net weight each way. */
    function showPair(a, b) {
      var idx = (eventsOf[a] || []).filter(function (i) {
        var e = events[i];
        return (e.source === a && e.target === b) || (e.source === b && e.target === a);
      });
      var ab = 0, ba = 0;
      (network.edges || []).forEach(function (edge) {
        if (edge.source === a && edge.target === b) ab += Number(edge.weight) || 0;
        if (edge.source === b && edge.target === a) ba += Number(edge.weight) || 0;
      });
      evidence.show(el("h3", {}, name(a), " \u2194 ", name(b)),
        "net " + signed(ab + ba) + " (" + name(a) + " \u2192 " + name(b) + " " + signed(ab) + ", " +
          name(b) + " \u2192 " + name(a) + " " + signed(ba) + ") \u00b7 " + plural(idx.length, "event"), idx);
    }

    // ---- network -------------------------------------------------------------------------------

    /* The network is drawn by sigma.js (WebGL) from a graphology graph at the positions the
     * payload carries (computed once in Python), so opening the page runs no layout. One line per
     * pair of actors, net of both directions, with an arrow where only one side acted. Labels are
     * placed here, after each frame: the selection and the most active actors first, each below,
     * above, right or left of its node wherever it covers no label already placed, else left out. */
    var graph = (function () {
      var box = $("canvas-box"), container = $("network"), tooltip = $("tooltip");
      var nodes = network.nodes.map(function (n, i) {
        return { id: n.id, name: n.name || n.id, bloc: n.bloc, broker: n.id in brokerRank, index: i,
          activity: n.activity || (eventsOf[n.id] || []).length, x: Number(n.x) || 0, y: Number(n.y) || 0 };
      });
      var byId = {};
      nodes.forEach(function (n) { byId[n.id] = n; });
      var byActivity = nodes.slice().sort(function (a, b) { return b.activity - a.activity || a.index - b.index; });
      var ties = tiePairs(nodes);
      var state = { selected: null, pair: null, focus: null, showLabels: true, placed: [] };
      var api = {
        nodes: nodes, byId: byId, select: select, selectPair: selectPair,
        selectedId: function () { return state.selected; },
        positionOf: function () { return null; },
        labels: function () { return state.placed.slice(); }
      };
      container.setAttribute("data-node-count", String(nodes.length));
      container.setAttribute("data-tie-count", String(ties.list.length));

      var maxWeight = maxOf(ties.list, function (p) { return Math.abs(p.weight); }, 1e-9);
      var restAlpha = ties.list.length > 2000 ? 0.35 : 0.6;
      var shown = {}, extra = [];   // the ties in sigma's graph by key; those shown only for a selection
      var renderer;
      try {
        renderer = draw();
      } catch (err) {
        if (window.console) console.warn("multipolar: the network could not be drawn:", err);
        container.appendChild(el("p", { className: "no-webgl", text: "This browser cannot draw the network " +
          "(it needs WebGL). Everything else in the report works: the legend below lists every actor." }));
        api.select = function (id) { if (id) showActor(id); };
        api.selectPair = function () {};
        return api;
      }
      var sigmaGraph = renderer.getGraph();

      function draw() {
        var g = new graphology.UndirectedGraph();
        var maxAct = maxOf(nodes, function (n) { return n.activity; }, 1);
        var small = nodes.length <= SMALL_GRAPH;
        byActivity.forEach(function (n) {
          var color = blocColor(n.bloc);
          g.addNode(n.id, { x: n.x, y: -n.y, label: n.name, color: color, borderColor: n.broker ? INK : color,
            size: (small ? 5 : 2.5) + (small ? 12 : 8) * Math.sqrt(n.activity / maxAct) });
        });
        ties.list.slice(0, TIES_AT_REST).forEach(function (p) { addTie(g, p, true); });
        return new Sigma(g, container, {
          nodeProgramClasses: { circle: Sigma.rendering.createNodeBorderProgram({
            borders: [{ size: { value: 0.22 }, color: { attribute: "borderColor" } },
              { size: { fill: true }, color: { attribute: "color" } }] }) },
          defaultDrawNodeHover: drawHoverRing,
          labelDensity: 0,                     // sigma places no labels: drawLabels below does
          labelFont: LABEL_FONT, labelWeight: "600", labelSize: 12,
          enableEdgeEvents: true, hideEdgesOnMove: Math.min(ties.list.length, TIES_AT_REST) > STILL_TIES,
          enableCameraRotation: false, zIndex: true, stagePadding: 40,
          minCameraRatio: 0.03, maxCameraRatio: 3,
          nodeReducer: nodeReducer, edgeReducer: edgeReducer
        });
      }
      /* Sigma's graph holds only the ties on show (a hidden edge still costs the GPU): the strongest
       * TIES_AT_REST always, a selected actor's others while it is selected. */
      function addTie(g, p, atRest) {
        var oneWay = p.from !== null;
        shown[p.key] = p;   // before adding: sigma runs the edge reducer as the edge comes in
        g.addEdgeWithKey(p.key, oneWay ? p.from : p.a, oneWay ? (p.from === p.a ? p.b : p.a) : p.b, {
          size: 0.6 + 4 * Math.abs(p.weight) / maxWeight, color: tieColor(p.weight, restAlpha),
          solid: tieColor(p.weight, 0.95), type: oneWay ? "arrow" : "line", atRest: atRest
        });
      }
      function showExtra(list) {
        extra.forEach(function (p) { sigmaGraph.dropEdge(p.key); delete shown[p.key]; });
        extra = list.filter(function (p) { return !shown[p.key]; });
        extra.forEach(function (p) { addTie(sigmaGraph, p, false); });
      }
      function tieColor(weight, alpha) {
        var rgb = weight > 0 ? "46,157,78" : weight < 0 ? "214,69,61" : "154,161,173";
        return "rgba(" + rgb + "," + alpha + ")";
      }
      function drawHoverRing(context, data) {
        context.beginPath();
        context.arc(data.x, data.y, data.size + 3, 0, 2 * Math.PI);
        context.lineWidth = 2;
        context.strokeStyle = "#2f5d9e";
        context.stroke();
      }
      function nodeReducer(id, data) {
        if (!state.focus) return data;
        if (state.focus[id]) return assign({}, data, { zIndex: 1 });
        return assign({}, data, { color: FADED, borderColor: FADED, zIndex: 0 });
      }
      function edgeReducer(key, data) {
        if (!state.focus) return data;
        var p = shown[key];
        var on = state.pair ? key === state.pair : p.a === state.selected || p.b === state.selected;
        return on ? assign({}, data, { color: data.solid, zIndex: 1 }) : assign({}, data, { hidden: true });
      }

      // -- labels, drawn after each frame on sigma's label layer
      function drawLabels() {
        state.placed = [];
        if (!state.showLabels) return;
        var canvas = renderer.getCanvases().labels, ctx = canvas.getContext("2d");
        var dpr = canvas.width / Math.max(1, canvas.clientWidth || canvas.width);
        var width = canvas.width / dpr, height = canvas.height / dpr;
        var ratio = renderer.getCamera().getState().ratio;
        var limit = nodes.length <= SMALL_GRAPH ? Infinity : Math.round(LABELS_AT_REST / Math.min(1, ratio));
        ctx.save();
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        ctx.font = "600 12px " + LABEL_FONT;
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.lineJoin = "round";
        var h = 15, shown = 0;
        var taken = overlays();   // the buttons and the key over the canvas: no label goes under them
        function free(b, overDiscs) {
          function apart(o) { return o.id === b.id || !(o.x0 < b.x1 && b.x0 < o.x1 && o.y0 < b.y1 && b.y0 < o.y1); }
          return b.x0 >= 2 && b.y0 >= 2 && b.x1 <= width - 2 && b.y1 <= height - 2 &&
            (overDiscs ? panels : taken).every(apart) && state.placed.every(apart);
        }
        var panels = taken.slice();   // a busiest actor's label may cover other discs, never these
        // the candidates on screen, and their discs, which no other label may cover
        var candidates = [];
        labelOrder().forEach(function (n) {
          var forced = state.focus && state.focus[n.id] === 2;
          if (!forced && candidates.length > 4 * limit + 40) return;
          var data = sigmaGraph.getNodeAttributes(n.id);
          var p = renderer.graphToViewport(data), r = renderer.scaleSize(data.size);
          if (p.x < -r || p.y < -r || p.x > width + r || p.y > height + r) return;
          candidates.push({ n: n, p: p, r: r, forced: forced });
          taken.push({ id: n.id, x0: p.x - r, x1: p.x + r, y0: p.y - r, y1: p.y + r });
        });
        candidates.forEach(function (c, rank) {
          if (!c.forced && shown >= limit) return;
          var n = c.n, p = c.p, r = c.r, w = ctx.measureText(n.name).width + 6;
          var dx = r + 4 + w / 2, dy = r + 2 + h / 2;
          var spots = [[p.x, p.y + dy], [p.x, p.y - dy], [p.x + dx, p.y], [p.x - dx, p.y],
            [p.x + dx, p.y + dy], [p.x - dx, p.y + dy], [p.x + dx, p.y - dy], [p.x - dx, p.y - dy]];
          var spot = null;
          // the busiest few are always named: if every spot covers a disc, one may cover a disc
          var passes = c.forced || rank < TOP_LABELLED ? [false, true] : [false];
          passes.forEach(function (overDiscs) {
            for (var i = 0; i < spots.length && !spot; i++) {
              var b = { id: n.id, text: n.name, x0: spots[i][0] - w / 2, x1: spots[i][0] + w / 2, y0: spots[i][1] - h / 2, y1: spots[i][1] + h / 2 };
              if (free(b, overDiscs)) {
                spot = spots[i];
                state.placed.push(b);
              }
            }
          });
          if (!spot) return;
          shown++;
          ctx.lineWidth = 3.5;
          ctx.strokeStyle = "rgba(255,255,255,0.92)";
          ctx.strokeText(n.name, spot[0], spot[1]);
          ctx.fillStyle = INK;
          ctx.fillText(n.name, spot[0], spot[1]);
        });
        ctx.restore();
      }
      function overlays() {
        var origin = container.getBoundingClientRect();
        return Array.prototype.map.call(box.querySelectorAll(".canvas-tools, .key"), function (node) {
          var r = node.getBoundingClientRect();
          return { x0: r.left - origin.left, x1: r.right - origin.left, y0: r.top - origin.top, y1: r.bottom - origin.top };
        });
      }
      /* The selected actor (or tie's ends) first, then its neighbours, then everyone by activity. */
      function labelOrder() {
        if (!state.focus) return byActivity;
        var first = [], rest = [];
        byActivity.forEach(function (n) {
          if (state.focus[n.id] === 2) first.push(n);
          else if (state.focus[n.id]) rest.push(n);
        });
        return first.concat(rest);
      }

      // -- pointer: tooltip, select, drag
      function showTooltip(p, lines) {
        clear(tooltip);
        lines.forEach(function (line, i) { tooltip.appendChild(i ? el("div", { text: line }) : el("b", { text: line })); });
        tooltip.hidden = false;
        var rect = box.getBoundingClientRect();
        var tx = Math.min(p.x + 14, rect.width - tooltip.offsetWidth - 6);
        var ty = p.y + 14 + tooltip.offsetHeight > rect.height ? p.y - tooltip.offsetHeight - 10 : p.y + 14;
        tooltip.style.left = Math.max(4, tx) + "px";
        tooltip.style.top = Math.max(4, ty) + "px";
      }
      var dragged = null, moved = false;
      renderer.on("enterNode", function (ev) {
        var n = byId[ev.node];
        var facts = [blocLabel(n.bloc), plural(n.activity, "event")];
        if (n.broker) facts.push("broker #" + (brokerRank[n.id] + 1));
        showTooltip(ev.event, [n.name, facts.join(" \u00b7 "), "click for evidence"]);
        container.classList.add("over");
      });
      renderer.on("leaveNode", function () { tooltip.hidden = true; container.classList.remove("over"); });
      renderer.on("enterEdge", function (ev) {
        var p = shown[ev.edge];
        showTooltip(ev.event, [name(p.a) + " \u2194 " + name(p.b),
          "net " + signed(p.weight) + " over " + plural(p.events, "event"), "click for evidence"]);
        container.classList.add("over");
      });
      renderer.on("leaveEdge", function () { tooltip.hidden = true; container.classList.remove("over"); });
      renderer.on("clickNode", function (ev) { if (!moved) select(ev.node); });
      renderer.on("clickEdge", function (ev) { selectPair(ev.edge); });
      renderer.on("clickStage", function () { if (!moved) select(null); });
      renderer.on("downNode", function (ev) {
        dragged = ev.node;
        moved = false;
        if (!renderer.getCustomBBox()) renderer.setCustomBBox(renderer.getBBox());
      });
      renderer.on("moveBody", function (ev) {
        if (!dragged) return;
        var at = renderer.viewportToGraph(ev.event);
        sigmaGraph.mergeNodeAttributes(dragged, { x: at.x, y: at.y });
        moved = true;
        tooltip.hidden = true;
        ev.event.preventSigmaDefault();
        ev.event.original.preventDefault();
        ev.event.original.stopPropagation();
      });
      function drop() { dragged = null; setTimeout(function () { moved = false; }, 0); }
      renderer.on("upNode", drop);
      renderer.on("upStage", drop);
      renderer.on("afterRender", drawLabels);
      $("fit").addEventListener("click", function () { renderer.getCamera().animatedReset({ duration: 250 }); });
      $("labels").addEventListener("click", function (ev) {
        state.showLabels = !state.showLabels;
        ev.target.setAttribute("aria-pressed", String(state.showLabels));
        renderer.refresh();
      });
      var resized = typeof ResizeObserver === "undefined" ? null
        : new ResizeObserver(function () { renderer.scheduleRender(); });
      if (resized) resized.observe(box);

      function focusOn(ids, first) {
        state.focus = {};
        ids.forEach(function (id) { state.focus[id] = 1; });
        first.forEach(function (id) { state.focus[id] = 2; });
      }
      function select(id) {
        state.selected = id && byId[id] ? id : null;
        state.pair = null;
        var around = state.selected ? ties.of[id] || [] : [];
        if (state.selected) focusOn(around.map(function (p) { return p.a === id ? p.b : p.a; }), [id]);
        else state.focus = null;
        showExtra(around);
        document.querySelectorAll(".chip.selected").forEach(function (c) { c.classList.remove("selected"); });
        if (id) {
          document.querySelectorAll('.chip[data-actor="' + cssEscape(id) + '"]').forEach(function (c) {
            c.classList.add("selected");
          });
          showActor(id);
        } else {
          evidence.reset();
        }
        renderer.refresh();
      }
      function selectPair(key) {
        var p = shown[key];
        state.selected = null;
        state.pair = key;
        focusOn([], [p.a, p.b]);
        showExtra([p]);
        showPair(p.a, p.b);
        renderer.refresh();
      }

      api.positionOf = function (id) {
        return sigmaGraph.hasNode(id) ? renderer.graphToViewport(sigmaGraph.getNodeAttributes(id)) : null;
      };
      api.renderer = renderer;
      api.stop = function () { if (resized) resized.disconnect(); renderer.kill(); };
      return api;
    })();

    /* The network's directed edges as one tie per pair of actors, strongest first: net weight and
     * events of both directions, and `from`, the actor that acted when only one did (else null);
     * `of` lists each actor's ties. */
    function tiePairs(nodes) {
      var index = {}, n = nodes.length, found = new Map(), list = [], of = {};
      nodes.forEach(function (node, i) { index[node.id] = i; });
      (network.edges || []).forEach(function (e) {
        var i = index[e.source], j = index[e.target];
        if (i === undefined || j === undefined || i === j) return;
        var low = Math.min(i, j), p = found.get(low * n + Math.max(i, j));
        if (!p) {
          var a = nodes[low].id, b = nodes[Math.max(i, j)].id;
          p = { key: a + "\u0000" + b, a: a, b: b, weight: 0, events: 0, from: e.source };
          found.set(low * n + Math.max(i, j), p);
          list.push(p);
          (of[a] = of[a] || []).push(p);
          (of[b] = of[b] || []).push(p);
        } else if (p.from !== e.source) {
          p.from = null;
        }
        p.weight += Number(e.weight) || 0;
        p.events += Array.isArray(e.events) ? e.events.length : Number(e.events) || 0;
      });
      list.sort(function (x, y) { return Math.abs(y.weight) - Math.abs(x.weight) || (x.key < y.key ? -1 : 1); });
      return { list: list, of: of };
    }

    // ---- legend: every actor by bloc, clickable (and a DOM list of the nodes) -------------------

    function legend() {
      var box = $("legend");
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
      var box = $("summary");
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
    /* An actor named in the text or the table: selected in the network, its evidence shown where
     * the reader is (the drawer, unless the network's panel is on screen). */
    function focusActor(id) {
      if (graph.byId[id]) graph.select(id);
      else showActor(id);
    }

    // ---- timeline ------------------------------------------------------------------------------

    function timeline() {
      var box = $("timeline");
      var t = DATA.timeline || { bucket: "month", periods: [], labels: [], counts: [], quads: [] };
      $("timeline-heading").textContent = "Events per " + t.bucket;
      if (!t.periods.length) {
        box.appendChild(el("p", { className: "empty", text: "No dated events." }));
        return;
      }
      var periods = t.periods, counts = t.counts;
      var W = 640, H = 260, left = 36, right = 8, top = 10, bottom = 28;
      var totals = counts.map(function (c) { return c.reduce(function (a, b) { return a + b; }, 0); });
      var max = maxOf(totals, Number, 1);
      var step = niceStep(max);
      var top_ = Math.ceil(max / step) * step;
      var bw = (W - left - right) / periods.length;
      var root = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Events per " + t.bucket });
      for (var v = 0; v <= top_; v += step) {
        var y = top + (H - top - bottom) * (1 - v / top_);
        root.appendChild(svg("line", { x1: left, x2: W - right, y1: y, y2: y, stroke: "#e6e8ed" }));
        var tl = svg("text", { x: left - 5, y: y + 4, "text-anchor": "end" });
        tl.textContent = fmt(v);
        root.appendChild(tl);
      }
      periods.forEach(function (period, i) {
        var x = left + i * bw, y0 = H - bottom;
        var g = svg("g", { className: "bar", "data-period": period });
        counts[i].forEach(function (c, q) {
          if (!c) return;
          var h = (H - top - bottom) * (c / top_);
          g.appendChild(svg("rect", { x: x + Math.min(1, bw * 0.1), y: y0 - h, width: Math.max(1, bw - Math.min(2, bw * 0.2)),
            height: h, fill: QUAD_COLORS[t.quads[q]] || ZERO }));
          y0 -= h;
        });
        var tip = svg("title");
        tip.textContent = t.labels[i] + ": " + plural(totals[i], "event") + "\n" + t.quads.map(function (q, k) {
          return (QUAD_LABELS[q] || q) + " " + counts[i][k];
        }).join("\n");
        g.appendChild(tip);
        g.appendChild(svg("rect", { x: x, y: top, width: bw, height: H - top - bottom, fill: "transparent" }));
        g.addEventListener("click", function () {
          filterTable({ period: { bucket: t.bucket, key: period, label: t.labels[i] } });
        });
        root.appendChild(g);
      });
      // axis labels: each period when there are few; else every January (months) or every few years
      var each = periods.length <= (t.bucket === "month" ? 18 : 24);
      var every = Math.ceil(periods.length / 12);
      // the first month is labelled with its year unless the first January comes too soon after it
      var firstJanuary = periods.findIndex(function (p) { return p.slice(5) === "01"; });
      var labelFirst = firstJanuary < 0 || firstJanuary * bw >= 36;
      periods.forEach(function (period, i) {
        var january = period.slice(5) === "01";
        var show = each || (t.bucket === "month" ? january || (i === 0 && labelFirst) : i % every === 0);
        if (!show) return;
        var text = svg("text", { x: left + i * bw + (each ? bw / 2 : 0), y: H - bottom + 15,
          "text-anchor": each ? "middle" : "start" });
        // a month's label shortened to fit a narrow bar ("Dec 2019" -> "Dec 19"); a year's as it is
        text.textContent = t.bucket === "month" ? (each ? t.labels[i].replace(/ \d\d(\d\d)$/, " $1") : period.slice(0, 4))
          : t.labels[i];
        root.appendChild(text);
      });
      box.appendChild(root);
      var keys = el("div", { className: "chart-legend" });
      t.quads.forEach(function (q) {
        keys.appendChild(el("span", {}, el("i", { style: "background:" + QUAD_COLORS[q] }), QUAD_LABELS[q] || q));
      });
      if (t.coarse) {
        keys.appendChild(el("span", { text: plural(t.coarse, "event") + " dated only to " +
          (t.bucket === "month" ? "the year or coarser" : "several years") + " not shown" }));
      }
      if (t.undated) keys.appendChild(el("span", { text: plural(t.undated, "undated event") + " not shown" }));
      box.appendChild(keys);
    }
    function niceStep(max) {
      var raw = max / 4, mag = Math.pow(10, Math.floor(Math.log10(raw || 1)));
      var norm = raw / mag;
      return Math.max(1, (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag);
    }

    // ---- alignment heatmap ---------------------------------------------------------------------

    function heatmap() {
      var box = $("heatmap");
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
      function labelText(attrs, id) {
        var text = svg("text", attrs), full = name(id);
        text.textContent = full.length > 22 ? full.slice(0, 21) + "\u2026" : full;
        var tip = svg("title");
        tip.textContent = full;
        text.appendChild(tip);
        return text;
      }
      h.actors.forEach(function (id, i) {
        var fill = blocColor(blocOf(id));
        root.appendChild(labelText({ x: label - 6, y: label + i * cell + cell / 2 + 4, "text-anchor": "end" }, id));
        root.appendChild(svg("rect", { x: label - 4, y: label + i * cell + 1, width: 3, height: cell - 2, fill: fill }));
        var cx = label + i * cell + cell / 2 + 4;
        root.appendChild(labelText({ x: 0, y: 0, transform: "translate(" + cx + "," + (label - 6) + ") rotate(-55)" }, id));
        root.appendChild(svg("rect", { x: label + i * cell + 1, y: label - 4, width: cell - 2, height: 3, fill: fill }));
      });
      h.values.forEach(function (row, i) {
        row.forEach(function (v, j) {
          var a = h.actors[i], b = h.actors[j];
          var rect = svg("rect", { className: i === j ? "" : "cell", x: label + j * cell, y: label + i * cell,
            width: cell - 1, height: cell - 1, rx: 2, fill: i === j ? "#eceef2" : diverging(v, maxAbs),
            "data-pair": i === j ? null : a + " " + b });
          if (i !== j) {
            var tip = svg("title");
            tip.textContent = name(a) + " \u2194 " + name(b) + ": " +
              (v === null ? "no tie" : "net " + signed(v) + " over " + plural((h.events[i] || [])[j] || 0, "event"));
            rect.appendChild(tip);
            if (v !== null) rect.addEventListener("click", function () { graph.select(null); showPair(a, b); });
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

    /* The table's drop-down filters. Each keeps the events whose `field` equals the chosen value
     * (or passes `test`); `pool` narrows the scan to an index when one exists. A filter on another
     * event field is one more entry here. */
    var vocabulary = DATA.vocabulary || {};
    var FILTERS = [
      { key: "actor", label: "Actor", values: function () {
          return Object.keys(actors).sort(function (a, b) { return name(a).localeCompare(name(b)); });
        },
        labelOf: function (id) { return name(id) + " (" + fmt(actors[id].activity || 0) + ")"; },
        pool: function (id) { return eventsOf[id] || []; },
        test: function (e, id) { return e.source === id || e.target === id; } },
      { key: "type", label: "Type", field: "type" },
      { key: "quad", label: "Kind", field: "quad", values: function () { return vocabulary.quads || distinct("quad"); },
        labelOf: function (q) { return QUAD_LABELS[q] || q; } },
      { key: "modality", label: "Modality", field: "modality",
        values: function () { return vocabulary.modalities || distinct("modality"); } }
    ];
    var search = $("f-text");
    var period = null;   // {bucket, key, label}: the timeline bar clicked, or null
    var page = 0, matches = [];
    var haystack = null;   // lower-cased search text per event, built on first search

    function distinct(name) {
      var seen = {};
      events.forEach(function (e) { var v = field(e, name); if (v) seen[v] = true; });
      return Object.keys(seen).sort();
    }
    function setupTable() {
      var form = $("filters"), first = form.firstChild;
      FILTERS.forEach(function (f) {
        var select = el("select", { id: "f-" + f.key }, el("option", { value: "", text: "all" }));
        (f.values ? f.values() : distinct(f.field)).forEach(function (v) {
          select.appendChild(el("option", { value: v, text: f.labelOf ? f.labelOf(v) : v }));
        });
        f.select = select;
        form.insertBefore(el("label", {}, f.label + " ", select), first);
      });
      var timer = null;
      form.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { page = 0; applyFilters(); }, 120);
      });
      form.addEventListener("submit", function (ev) { ev.preventDefault(); });
      form.addEventListener("reset", function () {
        period = null;
        setTimeout(function () { page = 0; applyFilters(); }, 0);
      });
      $("prev").addEventListener("click", function () { page--; renderPage(); });
      $("next").addEventListener("click", function () { page++; renderPage(); });
      applyFilters();
    }
    function applyFilters() {
      var active = FILTERS.filter(function (f) { return f.select.value; });
      var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      if (words.length && !haystack) {
        haystack = events.map(function (e) {
          return [e.sentence, e.day, e.when, name(e.source), e.target ? name(e.target) : "", e.type, e.docRow.title,
            e.source_text, e.target_text].join(" ").toLowerCase();
        });
      }
      var pooled = active.filter(function (f) { return f.pool; })[0];
      var pool = pooled ? pooled.pool(pooled.select.value) : null;
      matches = [];
      var n = pool ? pool.length : events.length;
      for (var k = 0; k < n; k++) {
        var i = pool ? pool[k] : k, e = events[i];
        if (!active.every(function (f) { return f.test ? f.test(e, f.select.value) : field(e, f.field) === f.select.value; })) {
          continue;
        }
        if (period && !inPeriod(e)) continue;
        if (words.length && !words.every(function (w) { return haystack[i].indexOf(w) >= 0; })) continue;
        matches.push(i);
      }
      matches.sort(byDay);
      showPeriod();
      renderPage();
    }
    /* Whether an event's own date counts in the chosen timeline period (as the timeline counted it). */
    function inPeriod(e) {
      var info = dateInfo(e.date);
      return !!info && info[period.bucket] === period.key;
    }
    function showPeriod() {
      var box = $("period");
      clear(box);
      box.hidden = !period;
      if (!period) return;
      append(box, ["Events dated " + period.label + " ", el("button", { type: "button", className: "chip",
        text: "\u00d7 any date", onclick: function () { period = null; page = 0; applyFilters(); } })]);
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
          el("td", { className: "nowrap", text: e.when }),
          el("td", {}, e.source ? actorLink(e.source) : "\u2014"),
          el("td", { className: "nowrap" }, quadBadge(e)),
          el("td", {}, e.target ? actorLink(e.target) : "\u2014"),
          el("td", {}, modalityBadge(e)),
          el("td", { className: "sentence" }, sentenceNode(e)),
          el("td", { className: "docname", text: e.docRow.title })));
      });
      var from = matches.length ? page * PAGE_SIZE + 1 : 0;
      $("event-count").textContent = matches.length === events.length
        ? "Showing " + fmt(from) + "\u2013" + fmt(page * PAGE_SIZE + slice.length) + " of " + plural(events.length, "event")
        : fmt(matches.length) + " of " + plural(events.length, "event") + " match" +
          (matches.length ? "; showing " + fmt(from) + "\u2013" + fmt(page * PAGE_SIZE + slice.length) : "");
      $("page").textContent = "Page " + fmt(page + 1) + " of " + fmt(pages);
      $("prev").disabled = page === 0;
      $("next").disabled = page >= pages - 1;
    }
    /* Show the table for an actor ({actor}), words ({text}) or a timeline period ({period}). */
    function filterTable(f) {
      $("filters").reset();
      FILTERS.forEach(function (filter) { filter.select.value = f[filter.key] || ""; });
      search.value = f.text || "";
      period = f.period || null;
      page = 0;
      applyFilters();
      $("events-section").scrollIntoView({ behavior: "smooth", block: "start" });
    }

    // ---- rivalries -----------------------------------------------------------------------------

    /* Pairs opposed in one theatre and cooperating in another (the whole payload's, whatever the
     * theatre shown), each reading with its strongest sentences; a theatre's name shows that view. */
    function rivalries() {
      var box = $("rivalries"), found = (FULL.rivalries || {}).rivalries || [];
      if (FULL.rivalries && FULL.rivalries.omitted) {
        box.appendChild(el("p", { className: "facts", text: "Not computed for a window of " +
          plural(FULL.rivalries.omitted, "event") + "; run multipolar rivalries on the store." }));
        return;
      }
      if (!found.length) {
        box.appendChild(el("p", { className: "facts", text: "No pair is opposed in one theatre and cooperating " +
          "in another or bilaterally." }));
        return;
      }
      found.forEach(function (r) {
        var names = r.names || r.pair.map(name);
        var readings = r.readings.map(function (reading) {
          var id = reading.theatre === null ? "bilateral" : reading.theatre;
          var where = reading.theatre === null ? "bilaterally" : "in ";
          var link = reading.theatre === null ? null : el("button", { type: "button", className: "linkish",
            "data-theatre": id, text: reading.name, onclick: function () { choose(id); scrollTo(0, 0); } });
          return el("li", { className: "reading " + (reading.sign < 0 ? "opposed" : "cooperating") },
            el("div", { className: "reading-head" },
              el("span", { className: "badge " + (reading.sign < 0 ? "q-material_conflict" : "q-material_cooperation"),
                text: reading.sign < 0 ? "opposed" : "cooperating" }),
              " " + where, link, " (" + (reading.kind === "proxy" ? "by proxy" : "direct ties") + ", weight " +
                Number(reading.weight).toFixed(2) + ", " + plural(reading.events, "event") + ")"),
            el("ul", { className: "rivalry-evidence" }, (reading.evidence || []).map(function (e) {
              return el("li", {}, el("span", { className: "date", text: e.date || "undated" }), " ",
                el("b", { text: name(e.source) + " " + e.type + " " + (e.target ? name(e.target) : "\u2014") }), ": ",
                el("q", { text: e.sentence }));
            })));
        });
        box.appendChild(el("article", { className: "rivalry", "data-pair": r.pair.join("|") },
          el("h3", { text: names.join(" \u2013 ") + " \u00b7 weight " + Number(r.weight).toFixed(2) }),
          el("ul", { className: "readings" }, readings)));
      });
    }

    // ---- start ---------------------------------------------------------------------------------

    header();
    legend();
    summary();
    timeline();
    heatmap();
    rivalries();
    setupTable();

    return {
      nodes: graph.nodes.map(function (n) { return n.id; }),
      selectNode: function (id) { graph.select(id); },
      selected: graph.selectedId,
      positionOf: graph.positionOf,
      labels: graph.labels,
      nameOf: name,
      renderer: graph.renderer || null,   // sigma's renderer, for benchmarks and debugging
      filterTable: filterTable,
      ready: true,
      kill: function () { if (graph.stop) graph.stop(); }
    };
  }

  // ---- theatres ------------------------------------------------------------------------------

  /* The payload as one theatre shows it: that theatre's network, plain words, matrix, timeline and
   * counts (computed in Python), and the events and actors of its members only ("" is all). */
  function viewOf(id) {
    var view = id && FULL.theatres && FULL.theatres.views[id];
    if (!view) return FULL;
    var columns = FULL.events.columns, at = columns.indexOf("theatre"), basis = columns.indexOf("theatre_basis");
    var members = {};
    view.members.forEach(function (m) { members[m === null ? "" : m] = true; });
    var rows = FULL.events.rows.filter(function (r) {
      return r[at] ? members[r[at]] === true : members[""] === true && !!r[basis];
    });
    var activity = {};
    rows.forEach(function (r) {
      var source = r[columns.indexOf("source")], target = r[columns.indexOf("target")];
      if (source) activity[source] = (activity[source] || 0) + 1;
      if (target && target !== source) activity[target] = (activity[target] || 0) + 1;
    });
    var shown = {};
    Object.keys(activity).forEach(function (a) {
      shown[a] = assign({}, FULL.actors[a] || { name: a }, { activity: activity[a] });
    });
    return assign({}, FULL, {
      network: view.network, text: view.text, heatmap: view.heatmap, timeline: view.timeline,
      summary: view.summary, actors: shown, events: assign({}, FULL.events, { rows: rows }), theatre: id
    });
  }

  function theatreName(id) {
    var found = ((FULL.theatres && FULL.theatres.options) || []).filter(function (o) { return o.id === id; })[0];
    return found ? found.name : id;
  }

  /* The theatre menu in the header; choosing redraws <main> from a pristine copy for that view. */
  var pristine = { main: document.querySelector("main").cloneNode(true), drawer: $("drawer").cloneNode(true) };
  var current = null, chosen = "";
  function choose(id) {
    var options = (FULL.theatres && FULL.theatres.options) || [];
    if (id && !options.some(function (o) { return o.id === id; })) return false;
    document.body.removeAttribute("data-ready");
    if (current) {
      current.kill();
      document.querySelector("main").replaceWith(pristine.main.cloneNode(true));
      $("drawer").replaceWith(pristine.drawer.cloneNode(true));
    }
    chosen = id || "";
    $("theatre").value = chosen;
    current = render(viewOf(chosen));
    window.multipolarReport = assign(current, { theatre: chosen, chooseTheatre: choose });
    document.body.setAttribute("data-ready", "true");
    return true;
  }
  function theatreMenu() {
    var options = (FULL.theatres && FULL.theatres.options) || [];
    var select = $("theatre");
    var total = (FULL.summary || {}).events || 0;
    select.appendChild(el("option", { value: "", text: "all (" + plural(total, "event") + ")" }));
    options.forEach(function (o) {
      select.appendChild(el("option", { value: o.id, text: o.name + " (" + plural(o.events, "event") + ")" }));
    });
    $("theatre-pick").hidden = !options.length;
    select.addEventListener("change", function () { choose(select.value); });
  }

  theatreMenu();
  choose("");
})();
