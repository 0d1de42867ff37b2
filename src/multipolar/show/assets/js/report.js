/* The offline report: draws the JSON payload in #data with the shared modules (core.js and the
 * rest); every query is answered from the payload, so the page requests nothing. */
(function (mp) {
  "use strict";

  var FULL = JSON.parse(document.getElementById("data").textContent);
  var options = (FULL.theatres && FULL.theatres.options) || [];

  /* Draws everything in <main> for DATA: the whole payload, or one theatre's view of it (viewOf).
   * Returns what window.multipolarReport offers (and how to stop the network's renderer). */
  function render(DATA, choose) {
    var ctx = mp.context(DATA, mp.localSource(DATA));
    ctx.evidence = mp.evidencePanel(ctx);
    ctx.graph = mp.networkView(ctx);
    var menu = DATA.theatres || {};
    mp.header(DATA, DATA.theatre ? mp.theatreName(options, DATA.theatre) : menu.selected ? menu.selected.join(", ") : null);
    mp.legend(ctx);
    mp.summary(ctx);
    mp.timeline(ctx);
    mp.matrix(ctx);
    mp.rivalries(ctx, FULL.rivalries, choose);
    ctx.filterTable = mp.eventTable(ctx);
    var graph = ctx.graph;
    return {
      nodes: graph.nodes.map(function (n) { return n.id; }),
      selectNode: function (id) { graph.select(id); },
      selected: graph.selectedId,
      positionOf: graph.positionOf,
      labels: graph.labels,
      nameOf: ctx.name,
      renderer: graph.renderer || null,   // sigma's renderer, for benchmarks and debugging
      filterTable: ctx.filterTable,
      ready: true,
      kill: function () { if (graph.stop) graph.stop(); }
    };
  }

  var restore = mp.pristinePage();
  var current = null;
  function choose(id) {
    if (id && !options.some(function (o) { return o.id === id; })) return false;
    document.body.removeAttribute("data-ready");
    if (current) {
      current.kill();
      restore();
    }
    var chosen = id || "";
    mp.dom.$("theatre").value = chosen;
    current = render(mp.viewOf(FULL, chosen), choose);
    window.multipolarReport = mp.dom.assign(current, { theatre: chosen, chooseTheatre: choose });
    document.body.setAttribute("data-ready", "true");
    return true;
  }

  mp.theatreMenu(options, (FULL.summary || {}).events || 0, choose, mp.countWord(FULL));
  choose("");
})(window.multipolar = window.multipolar || {});
