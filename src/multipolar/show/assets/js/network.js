/* The network view, drawn by sigma.js (WebGL) from a graphology graph at the positions the data
 * carries (computed once in Python), so opening a view runs no layout. One line per pair of
 * actors, net of both directions, with an arrow where only one side acted. Labels are placed here,
 * after each frame: the selection and the most active actors first, each below, above, right or
 * left of its node wherever it covers no label already placed, else left out. */
(function (mp) {
  "use strict";

  var dom = mp.dom, el = dom.el, $ = dom.$, assign = dom.assign;
  var SMALL_GRAPH = 60;          // up to this many actors every label that fits is drawn
  var TOP_LABELLED = 8;           // the busiest actors on screen always get a label
  var LABELS_AT_REST = 30;       // a bigger graph labels its most active actors, more as you zoom in
  // Drawing a tie costs fill: thousands of long lines are slow where WebGL runs on the CPU, and
  // a hairball says nothing anyway. So a big network shows its strongest ties (all of a selected
  // actor's ties), and hides them while the view moves.
  var TIES_AT_REST = 3000;
  var STILL_TIES = 1000;         // above this many ties drawn, they hide while panning and zooming
  var LABEL_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

  /* The network's directed edges as one tie per pair of actors, strongest first: net weight and
   * events of both directions, and `from`, the actor that acted when only one did (else null);
   * `of` lists each actor's ties. */
  function tiePairs(nodes, edges) {
    var index = {}, n = nodes.length, found = new Map(), list = [], of = {};
    nodes.forEach(function (node, i) { index[node.id] = i; });
    edges.forEach(function (e) {
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

  /* The view's state: its actors, ties, what is selected and which ties sigma holds. */
  function prepare(ctx) {
    var nodes = ctx.network.nodes.map(function (n, i) {
      return { id: n.id, name: n.name || n.id, bloc: n.bloc, broker: n.id in ctx.brokerRank, index: i,
        activity: n.activity || ctx.source.activityOf(n.id), x: Number(n.x) || 0, y: Number(n.y) || 0 };
    });
    var byId = {};
    nodes.forEach(function (n) { byId[n.id] = n; });
    var ties = tiePairs(nodes, ctx.network.edges || []);
    return {
      ctx: ctx, box: $("canvas-box"), container: $("network"), tooltip: $("tooltip"),
      nodes: nodes, byId: byId, ties: ties,
      byActivity: nodes.slice().sort(function (a, b) { return b.activity - a.activity || a.index - b.index; }),
      state: { selected: null, pair: null, focus: null, showLabels: true, placed: [] },
      shown: {}, extra: [],   // the ties in sigma's graph by key; those shown only for a selection
      maxWeight: mp.maxOf(ties.list, function (p) { return Math.abs(p.weight); }, 1e-9),
      restAlpha: ties.list.length > 2000 ? 0.35 : 0.6
    };
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

  /* Sigma's graph holds only the ties on show (a hidden edge still costs the GPU): the strongest
   * TIES_AT_REST always, a selected actor's others while it is selected. */
  function addTie(v, graph, p, atRest) {
    var oneWay = p.from !== null;
    v.shown[p.key] = p;   // before adding: sigma runs the edge reducer as the edge comes in
    graph.addEdgeWithKey(p.key, oneWay ? p.from : p.a, oneWay ? (p.from === p.a ? p.b : p.a) : p.b, {
      size: 0.6 + 4 * Math.abs(p.weight) / v.maxWeight, color: tieColor(p.weight, v.restAlpha),
      solid: tieColor(p.weight, 0.95), type: oneWay ? "arrow" : "line", atRest: atRest
    });
  }
  function showExtra(v, list) {
    v.extra.forEach(function (p) { v.sigmaGraph.dropEdge(p.key); delete v.shown[p.key]; });
    v.extra = list.filter(function (p) { return !v.shown[p.key]; });
    v.extra.forEach(function (p) { addTie(v, v.sigmaGraph, p, false); });
  }

  function createRenderer(v) {
    var g = new graphology.UndirectedGraph();
    var maxAct = mp.maxOf(v.nodes, function (n) { return n.activity; }, 1);
    var small = v.nodes.length <= SMALL_GRAPH;
    v.byActivity.forEach(function (n) {
      var color = mp.blocColor(n.bloc);
      g.addNode(n.id, { x: n.x, y: -n.y, label: n.name, color: color, borderColor: n.broker ? mp.colors.ink : color,
        size: (small ? 5 : 2.5) + (small ? 12 : 8) * Math.sqrt(n.activity / maxAct) });
    });
    v.ties.list.slice(0, TIES_AT_REST).forEach(function (p) { addTie(v, g, p, true); });
    var state = v.state;
    return new Sigma(g, v.container, {
      nodeProgramClasses: { circle: Sigma.rendering.createNodeBorderProgram({
        borders: [{ size: { value: 0.22 }, color: { attribute: "borderColor" } },
          { size: { fill: true }, color: { attribute: "color" } }] }) },
      defaultDrawNodeHover: drawHoverRing,
      labelDensity: 0,                     // sigma places no labels: drawLabels does
      labelFont: LABEL_FONT, labelWeight: "600", labelSize: 12,
      enableEdgeEvents: true, hideEdgesOnMove: Math.min(v.ties.list.length, TIES_AT_REST) > STILL_TIES,
      enableCameraRotation: false, zIndex: true, stagePadding: 40,
      minCameraRatio: 0.03, maxCameraRatio: 3,
      nodeReducer: function (id, data) {
        if (!state.focus) return data;
        if (state.focus[id]) return assign({}, data, { zIndex: 1 });
        return assign({}, data, { color: mp.colors.faded, borderColor: mp.colors.faded, zIndex: 0 });
      },
      edgeReducer: function (key, data) {
        if (!state.focus) return data;
        var p = v.shown[key];
        var on = state.pair ? key === state.pair : p.a === state.selected || p.b === state.selected;
        return on ? assign({}, data, { color: data.solid, zIndex: 1 }) : assign({}, data, { hidden: true });
      }
    });
  }

  // -- labels, drawn after each frame on sigma's label layer

  function overlays(v) {
    var origin = v.container.getBoundingClientRect();
    return Array.prototype.map.call(v.box.querySelectorAll(".canvas-tools, .key"), function (node) {
      var r = node.getBoundingClientRect();
      return { x0: r.left - origin.left, x1: r.right - origin.left, y0: r.top - origin.top, y1: r.bottom - origin.top };
    });
  }
  /* The selected actor (or tie's ends) first, then its neighbours, then everyone by activity. */
  function labelOrder(v) {
    if (!v.state.focus) return v.byActivity;
    var first = [], rest = [];
    v.byActivity.forEach(function (n) {
      if (v.state.focus[n.id] === 2) first.push(n);
      else if (v.state.focus[n.id]) rest.push(n);
    });
    return first.concat(rest);
  }
  /* The actors on screen that may get a label, in order; their discs join `taken`. */
  function labelCandidates(v, frame, limit) {
    var candidates = [];
    labelOrder(v).forEach(function (n) {
      var forced = v.state.focus && v.state.focus[n.id] === 2;
      if (!forced && candidates.length > 4 * limit + 40) return;
      var data = v.sigmaGraph.getNodeAttributes(n.id);
      var p = v.renderer.graphToViewport(data), r = v.renderer.scaleSize(data.size);
      if (p.x < -r || p.y < -r || p.x > frame.width + r || p.y > frame.height + r) return;
      candidates.push({ n: n, p: p, r: r, forced: forced });
      frame.taken.push({ id: n.id, x0: p.x - r, x1: p.x + r, y0: p.y - r, y1: p.y + r });
    });
    return candidates;
  }
  /* Where a label fits: below, above, right, left, then the corners; null when nowhere. */
  function labelSpot(v, frame, c, width, passes) {
    var placed = v.state.placed, h = frame.lineHeight, p = c.p, r = c.r;
    function free(b, overDiscs) {
      function apart(o) { return o.id === b.id || !(o.x0 < b.x1 && b.x0 < o.x1 && o.y0 < b.y1 && b.y0 < o.y1); }
      return b.x0 >= 2 && b.y0 >= 2 && b.x1 <= frame.width - 2 && b.y1 <= frame.height - 2 &&
        (overDiscs ? frame.panels : frame.taken).every(apart) && placed.every(apart);
    }
    var dx = r + 4 + width / 2, dy = r + 2 + h / 2;
    var spots = [[p.x, p.y + dy], [p.x, p.y - dy], [p.x + dx, p.y], [p.x - dx, p.y],
      [p.x + dx, p.y + dy], [p.x - dx, p.y + dy], [p.x + dx, p.y - dy], [p.x - dx, p.y - dy]];
    var spot = null;
    passes.forEach(function (overDiscs) {
      for (var i = 0; i < spots.length && !spot; i++) {
        var b = { id: c.n.id, text: c.n.name, x0: spots[i][0] - width / 2, x1: spots[i][0] + width / 2,
          y0: spots[i][1] - h / 2, y1: spots[i][1] + h / 2 };
        if (free(b, overDiscs)) {
          spot = spots[i];
          placed.push(b);
        }
      }
    });
    return spot;
  }
  function drawLabels(v) {
    v.state.placed = [];
    if (!v.state.showLabels) return;
    var canvas = v.renderer.getCanvases().labels, ctx = canvas.getContext("2d");
    var dpr = canvas.width / Math.max(1, canvas.clientWidth || canvas.width);
    var ratio = v.renderer.getCamera().getState().ratio;
    var limit = v.nodes.length <= SMALL_GRAPH ? Infinity : Math.round(LABELS_AT_REST / Math.min(1, ratio));
    ctx.save();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = "600 12px " + LABEL_FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    // the buttons and the key over the canvas: no label goes under them; a busiest actor's label
    // may cover other discs (`taken`), never these (`panels`)
    var taken = overlays(v);
    var frame = { width: canvas.width / dpr, height: canvas.height / dpr, lineHeight: 15, taken: taken,
      panels: taken.slice() };
    var drawn = 0;
    labelCandidates(v, frame, limit).forEach(function (c, rank) {
      if (!c.forced && drawn >= limit) return;
      // the busiest few are always named: if every spot covers a disc, one may cover a disc
      var passes = c.forced || rank < TOP_LABELLED ? [false, true] : [false];
      var spot = labelSpot(v, frame, c, ctx.measureText(c.n.name).width + 6, passes);
      if (!spot) return;
      drawn++;
      ctx.lineWidth = 3.5;
      ctx.strokeStyle = "rgba(255,255,255,0.92)";
      ctx.strokeText(c.n.name, spot[0], spot[1]);
      ctx.fillStyle = mp.colors.ink;
      ctx.fillText(c.n.name, spot[0], spot[1]);
    });
    ctx.restore();
  }

  // -- pointer: tooltip, select, drag

  function showTooltip(v, p, lines) {
    var tooltip = v.tooltip;
    dom.clear(tooltip);
    lines.forEach(function (line, i) { tooltip.appendChild(i ? el("div", { text: line }) : el("b", { text: line })); });
    tooltip.hidden = false;
    var rect = v.box.getBoundingClientRect();
    var tx = Math.min(p.x + 14, rect.width - tooltip.offsetWidth - 6);
    var ty = p.y + 14 + tooltip.offsetHeight > rect.height ? p.y - tooltip.offsetHeight - 10 : p.y + 14;
    tooltip.style.left = Math.max(4, tx) + "px";
    tooltip.style.top = Math.max(4, ty) + "px";
  }
  function bindHover(v) {
    var renderer = v.renderer, name = v.ctx.name, container = v.container;
    function leave() { v.tooltip.hidden = true; container.classList.remove("over"); }
    renderer.on("enterNode", function (ev) {
      var n = v.byId[ev.node];
      var facts = [mp.blocLabel(n.bloc), mp.plural(n.activity, "event")];
      if (n.broker) facts.push("broker #" + (v.ctx.brokerRank[n.id] + 1));
      showTooltip(v, ev.event, [n.name, facts.join(" \u00b7 "), "click for evidence"]);
      container.classList.add("over");
    });
    renderer.on("leaveNode", leave);
    renderer.on("enterEdge", function (ev) {
      var p = v.shown[ev.edge];
      showTooltip(v, ev.event, [name(p.a) + " \u2194 " + name(p.b),
        "net " + mp.signed(p.weight) + " over " + mp.plural(p.events, "event"), "click for evidence"]);
      container.classList.add("over");
    });
    renderer.on("leaveEdge", leave);
  }
  function bindClicksAndDrag(v) {
    var renderer = v.renderer, dragged = null, moved = false;
    renderer.on("clickNode", function (ev) { if (!moved) select(v, ev.node); });
    renderer.on("clickEdge", function (ev) { selectPair(v, ev.edge); });
    renderer.on("clickStage", function () { if (!moved) select(v, null); });
    renderer.on("downNode", function (ev) {
      dragged = ev.node;
      moved = false;
      if (!renderer.getCustomBBox()) renderer.setCustomBBox(renderer.getBBox());
    });
    renderer.on("moveBody", function (ev) {
      if (!dragged) return;
      var at = renderer.viewportToGraph(ev.event);
      v.sigmaGraph.mergeNodeAttributes(dragged, { x: at.x, y: at.y });
      moved = true;
      v.tooltip.hidden = true;
      ev.event.preventSigmaDefault();
      ev.event.original.preventDefault();
      ev.event.original.stopPropagation();
    });
    function drop() { dragged = null; setTimeout(function () { moved = false; }, 0); }
    renderer.on("upNode", drop);
    renderer.on("upStage", drop);
  }
  function bindTools(v) {
    var renderer = v.renderer;
    renderer.on("afterRender", function () { drawLabels(v); });
    $("fit").addEventListener("click", function () { renderer.getCamera().animatedReset({ duration: 250 }); });
    $("labels").addEventListener("click", function (ev) {
      v.state.showLabels = !v.state.showLabels;
      ev.target.setAttribute("aria-pressed", String(v.state.showLabels));
      renderer.refresh();
    });
    v.resized = typeof ResizeObserver === "undefined" ? null
      : new ResizeObserver(function () { renderer.scheduleRender(); });
    if (v.resized) v.resized.observe(v.box);
  }

  // -- selection

  function focusOn(v, ids, first) {
    v.state.focus = {};
    ids.forEach(function (id) { v.state.focus[id] = 1; });
    first.forEach(function (id) { v.state.focus[id] = 2; });
  }
  function select(v, id) {
    var state = v.state;
    state.selected = id && v.byId[id] ? id : null;
    state.pair = null;
    var around = state.selected ? v.ties.of[id] || [] : [];
    if (state.selected) focusOn(v, around.map(function (p) { return p.a === id ? p.b : p.a; }), [id]);
    else state.focus = null;
    showExtra(v, around);
    document.querySelectorAll(".chip.selected").forEach(function (c) { c.classList.remove("selected"); });
    if (id) {
      document.querySelectorAll('.chip[data-actor="' + dom.cssEscape(id) + '"]').forEach(function (c) {
        c.classList.add("selected");
      });
      mp.showActor(v.ctx, id);
    } else {
      v.ctx.evidence.reset();
    }
    v.renderer.refresh();
  }
  function selectPair(v, key) {
    var p = v.shown[key];
    v.state.selected = null;
    v.state.pair = key;
    focusOn(v, [], [p.a, p.b]);
    showExtra(v, [p]);
    mp.showPair(v.ctx, p.a, p.b);
    v.renderer.refresh();
  }

  /* Draws ctx's network in #network; returns what the rest of the page uses of it. */
  mp.networkView = function (ctx) {
    var v = prepare(ctx);
    var api = {
      nodes: v.nodes, byId: v.byId,
      selectedId: function () { return v.state.selected; },
      positionOf: function () { return null; },
      labels: function () { return v.state.placed.slice(); }
    };
    v.container.setAttribute("data-node-count", String(v.nodes.length));
    v.container.setAttribute("data-tie-count", String(v.ties.list.length));
    try {
      v.renderer = createRenderer(v);
    } catch (err) {
      if (window.console) console.warn("multipolar: the network could not be drawn:", err);
      v.container.appendChild(el("p", { className: "no-webgl", text: "This browser cannot draw the network " +
        "(it needs WebGL). Everything else on this page works: the legend below lists every actor." }));
      api.select = function (id) { if (id) mp.showActor(ctx, id); };
      api.selectPair = function () {};
      return api;
    }
    v.sigmaGraph = v.renderer.getGraph();
    bindHover(v);
    bindClicksAndDrag(v);
    bindTools(v);
    api.select = function (id) { select(v, id); };
    api.selectPair = function (key) { selectPair(v, key); };
    api.positionOf = function (id) {
      return v.sigmaGraph.hasNode(id) ? v.renderer.graphToViewport(v.sigmaGraph.getNodeAttributes(id)) : null;
    };
    api.renderer = v.renderer;
    api.stop = function () { if (v.resized) v.resized.disconnect(); v.renderer.kill(); };
    return api;
  };
})(window.multipolar = window.multipolar || {});
