/* Alignment matrix: the most active tied actors, grouped by bloc; each cell the pair's net tie
 * weight, both directions summed (green cooperation, red conflict); a cell lists its evidence. */
(function (mp) {
  "use strict";

  var dom = mp.dom, el = dom.el, svg = dom.svg, $ = dom.$;

  /* White through green (cooperation) or red (conflict); intensity follows sqrt(|v| / max) so
   * that small but real ties stay visible next to the heaviest one. */
  function diverging(v, maxAbs) {
    if (v === null || v === undefined) return "#f7f8fa";
    var t = Math.sqrt(Math.min(1, Math.abs(v) / maxAbs));
    var to = v >= 0 ? [46, 157, 78] : [214, 69, 61];
    var from = [246, 246, 244];
    return "rgb(" + from.map(function (c, i) { return Math.round(c + (to[i] - c) * (0.15 + 0.85 * t)); }).join(",") + ")";
  }
  function labelText(ctx, attrs, id) {
    var text = svg("text", attrs), full = ctx.name(id);
    text.textContent = full.length > 22 ? full.slice(0, 21) + "\u2026" : full;
    var tip = svg("title");
    tip.textContent = full;
    text.appendChild(tip);
    return text;
  }
  function headers(ctx, root, h, label, cell) {
    h.actors.forEach(function (id, i) {
      var fill = mp.blocColor(ctx.blocOf(id));
      root.appendChild(labelText(ctx, { x: label - 6, y: label + i * cell + cell / 2 + 4, "text-anchor": "end" }, id));
      root.appendChild(svg("rect", { x: label - 4, y: label + i * cell + 1, width: 3, height: cell - 2, fill: fill }));
      var cx = label + i * cell + cell / 2 + 4;
      root.appendChild(labelText(ctx, { x: 0, y: 0, transform: "translate(" + cx + "," + (label - 6) + ") rotate(-55)" }, id));
      root.appendChild(svg("rect", { x: label + i * cell + 1, y: label - 4, width: cell - 2, height: 3, fill: fill }));
    });
  }
  function cells(ctx, root, h, label, cell, maxAbs) {
    h.values.forEach(function (row, i) {
      row.forEach(function (v, j) {
        var a = h.actors[i], b = h.actors[j];
        var rect = svg("rect", { className: i === j ? "" : "cell", x: label + j * cell, y: label + i * cell,
          width: cell - 1, height: cell - 1, rx: 2, fill: i === j ? "#eceef2" : diverging(v, maxAbs),
          "data-pair": i === j ? null : a + " " + b });
        if (i !== j) {
          var tip = svg("title");
          tip.textContent = ctx.name(a) + " \u2194 " + ctx.name(b) + ": " +
            (v === null ? "no tie" : "net " + mp.signed(v) + " over " + mp.plural((h.events[i] || [])[j] || 0, "event"));
          rect.appendChild(tip);
          if (v !== null) rect.addEventListener("click", function () { ctx.graph.select(null); mp.showPair(ctx, a, b); });
        }
        root.appendChild(rect);
      });
    });
  }
  function key(maxAbs) {
    return el("div", { className: "chart-legend" },
      el("span", {}, el("i", { style: "background:" + diverging(-maxAbs, maxAbs) }), "conflict " + mp.signed(-maxAbs)),
      el("span", {}, el("i", { style: "background:" + diverging(0.0001, maxAbs) }), "mixed or slight"),
      el("span", {}, el("i", { style: "background:" + diverging(maxAbs, maxAbs) }), "cooperation " + mp.signed(maxAbs)),
      el("span", {}, el("i", { style: "background:#f7f8fa;border:1px solid #dfe2e8" }), "no tie"));
  }

  mp.matrix = function (ctx) {
    var box = $("heatmap");
    var h = ctx.view.heatmap || { actors: [], values: [] };
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
    headers(ctx, root, h, label, cell);
    cells(ctx, root, h, label, cell, maxAbs);
    box.appendChild(root);
    box.appendChild(key(maxAbs));
  };
})(window.multipolar = window.multipolar || {});
