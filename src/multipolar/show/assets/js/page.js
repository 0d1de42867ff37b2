/* The page's sections for one view, drawn in the order they stand: what both entries (report.js,
 * offline, and app.js, served) draw once they have a view and a source to ask for its events. */
(function (mp) {
  "use strict";

  /* Draws the evidence drawer, the network, the header (`where`: the theatre shown, if any), the
   * legend, summary, timeline, matrix, rivalries (`rivalries(ctx)` draws them, at once or when
   * they arrive) and the event table for `ctx` (mp.context). Returns what
   * window.multipolarReport offers, and `kill` to stop the network's renderer. */
  mp.drawView = function (ctx, view, where, rivalries) {
    ctx.evidence = mp.evidencePanel(ctx);
    ctx.graph = mp.networkView(ctx);
    mp.header(view, where);
    mp.legend(ctx);
    mp.summary(ctx);
    mp.timeline(ctx);
    mp.matrix(ctx);
    rivalries(ctx);
    ctx.filterTable = mp.eventTable(ctx);
    var graph = ctx.graph;
    return {
      nodes: graph.nodes.map(function (n) { return n.id; }),
      selectNode: function (id) { graph.select(id); },
      selected: graph.selectedId,
      positionOf: graph.positionOf,
      labels: graph.labels,
      nameOf: ctx.name,
      filterTable: ctx.filterTable,
      kill: function () { if (graph.stop) graph.stop(); }
    };
  };
})(window.multipolar = window.multipolar || {});
