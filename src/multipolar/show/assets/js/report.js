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
    var menu = DATA.theatres || {};
    var where = DATA.theatre ? mp.theatreName(options, DATA.theatre) : menu.selected ? menu.selected.join(", ") : null;
    var shown = mp.drawView(ctx, DATA, where, function () { mp.rivalries(ctx, FULL.rivalries, choose); });
    shown.renderer = ctx.graph.renderer || null;   // sigma's renderer, for benchmarks and debugging
    shown.ready = true;
    return shown;
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
