/* Timeline: events per month (or year) stacked by quad, as an SVG; a bar lists its events. */
(function (mp) {
  "use strict";

  var dom = mp.dom, el = dom.el, svg = dom.svg, $ = dom.$;
  var W = 640, H = 260, LEFT = 36, RIGHT = 8, TOP = 10, BOTTOM = 28;

  function niceStep(max) {
    var raw = max / 4, mag = Math.pow(10, Math.floor(Math.log10(raw || 1)));
    var norm = raw / mag;
    return Math.max(1, (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag);
  }
  function gridLines(root, top_, step) {
    for (var v = 0; v <= top_; v += step) {
      var y = TOP + (H - TOP - BOTTOM) * (1 - v / top_);
      root.appendChild(svg("line", { x1: LEFT, x2: W - RIGHT, y1: y, y2: y, stroke: "#e6e8ed" }));
      var tl = svg("text", { x: LEFT - 5, y: y + 4, "text-anchor": "end" });
      tl.textContent = mp.fmt(v);
      root.appendChild(tl);
    }
  }
  function bar(ctx, t, i, chart) {
    var period = t.periods[i], x = LEFT + i * chart.bw, y0 = H - BOTTOM;
    var g = svg("g", { className: "bar", "data-period": period });
    t.counts[i].forEach(function (c, q) {
      if (!c) return;
      var h = (H - TOP - BOTTOM) * (c / chart.top);
      g.appendChild(svg("rect", { x: x + Math.min(1, chart.bw * 0.1), y: y0 - h,
        width: Math.max(1, chart.bw - Math.min(2, chart.bw * 0.2)), height: h, fill: mp.colors.quads[t.quads[q]] || mp.colors.zero }));
      y0 -= h;
    });
    var tip = svg("title");
    tip.textContent = t.labels[i] + ": " + mp.plural(chart.totals[i], "event") + "\n" + t.quads.map(function (q, k) {
      return (mp.QUAD_LABELS[q] || q) + " " + t.counts[i][k];
    }).join("\n");
    g.appendChild(tip);
    g.appendChild(svg("rect", { x: x, y: TOP, width: chart.bw, height: H - TOP - BOTTOM, fill: "transparent" }));
    g.addEventListener("click", function () {
      ctx.filterTable({ period: { bucket: t.bucket, key: period, label: t.labels[i] } });
    });
    return g;
  }
  /* Axis labels: each period when there are few; else every January (months) or every few years. */
  function axisLabels(root, t, bw) {
    var periods = t.periods;
    var each = periods.length <= (t.bucket === "month" ? 18 : 24);
    var every = Math.ceil(periods.length / 12);
    // the first month is labelled with its year unless the first January comes too soon after it
    var firstJanuary = periods.findIndex(function (p) { return p.slice(5) === "01"; });
    var labelFirst = firstJanuary < 0 || firstJanuary * bw >= 36;
    periods.forEach(function (period, i) {
      var january = period.slice(5) === "01";
      var show = each || (t.bucket === "month" ? january || (i === 0 && labelFirst) : i % every === 0);
      if (!show) return;
      var text = svg("text", { x: LEFT + i * bw + (each ? bw / 2 : 0), y: H - BOTTOM + 15,
        "text-anchor": each ? "middle" : "start" });
      // a month's label shortened to fit a narrow bar ("Dec 2019" -> "Dec 19"); a year's as it is
      text.textContent = t.bucket === "month" ? (each ? t.labels[i].replace(/ \d\d(\d\d)$/, " $1") : period.slice(0, 4))
        : t.labels[i];
      root.appendChild(text);
    });
  }
  function keys(t) {
    var box = el("div", { className: "chart-legend" });
    t.quads.forEach(function (q) {
      box.appendChild(el("span", {}, el("i", { style: "background:" + mp.colors.quads[q] }), mp.QUAD_LABELS[q] || q));
    });
    if (t.coarse) {
      box.appendChild(el("span", { text: mp.plural(t.coarse, "event") + " dated only to " +
        (t.bucket === "month" ? "the year or coarser" : "several years") + " not shown" }));
    }
    if (t.undated) box.appendChild(el("span", { text: mp.plural(t.undated, "undated event") + " not shown" }));
    return box;
  }

  mp.timeline = function (ctx) {
    var box = $("timeline");
    var t = ctx.view.timeline || { bucket: "month", periods: [], labels: [], counts: [], quads: [] };
    $("timeline-heading").textContent = "Events per " + t.bucket;
    if (!t.periods.length) {
      box.appendChild(el("p", { className: "empty", text: "No dated events." }));
      return;
    }
    var totals = t.counts.map(function (c) { return c.reduce(function (a, b) { return a + b; }, 0); });
    var max = mp.maxOf(totals, Number, 1), step = niceStep(max);
    var chart = { totals: totals, top: Math.ceil(max / step) * step, bw: (W - LEFT - RIGHT) / t.periods.length };
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Events per " + t.bucket });
    gridLines(root, chart.top, step);
    t.periods.forEach(function (_, i) { root.appendChild(bar(ctx, t, i, chart)); });
    axisLabels(root, t, chart.bw);
    box.appendChild(root);
    box.appendChild(keys(t));
  };
})(window.multipolar = window.multipolar || {});
