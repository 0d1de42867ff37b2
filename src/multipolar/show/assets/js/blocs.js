/* Blocs and brokers: the legend under the network (every actor by bloc, clickable, brokers ringed)
 * and the plain-words summary (blocs, frustration, brokers, strongest ties, side changes), whose
 * actor names are links. */
(function (mp) {
  "use strict";

  var dom = mp.dom, el = dom.el, $ = dom.$;
  var LEGEND_CHIPS = 40;

  /* An actor named in the text or the table: selected in the network, its evidence shown where the
   * reader is (the drawer, unless the network's panel is on screen). */
  mp.focusActor = function (ctx, id) {
    if (ctx.graph.byId[id]) ctx.graph.select(id);
    else mp.showActor(ctx, id);
  };
  mp.actorLink = function (ctx, id) {
    return el("button", { type: "button", className: "actor-link", "data-actor": id, text: ctx.name(id),
      onclick: function () { mp.focusActor(ctx, id); } });
  };

  function legendRow(ctx, group) {
    var graph = ctx.graph, brokerRank = ctx.brokerRank;
    var ids = group.ids.filter(function (id) { return graph.byId[id]; }).sort(function (a, b) {
      return graph.byId[b].activity - graph.byId[a].activity;
    });
    if (!ids.length) return null;
    var row = el("div", { className: "legend-row" },
      el("span", { className: "label" }, el("span", { className: "swatch", style: "background:" + mp.blocColor(group.bloc) }),
        " ", group.bloc === null ? "No bloc" : "Bloc " + (group.bloc + 1)));
    var chips = ids.map(function (id) {
      return el("button", {
        type: "button", className: "chip" + (id in brokerRank ? " broker" : ""), "data-actor": id,
        title: (id in brokerRank ? "broker #" + (brokerRank[id] + 1) + " \u00b7 " : "") +
          mp.plural(graph.byId[id].activity, "event"),
        text: ctx.name(id), onclick: function () { graph.select(id); }
      });
    });
    // a big bloc shows its most active members; the rest stay in the DOM, hidden until asked for
    chips.forEach(function (chip, i) { chip.hidden = i >= LEGEND_CHIPS; row.appendChild(chip); });
    if (chips.length > LEGEND_CHIPS) {
      row.appendChild(el("button", { type: "button", className: "chip more-chips",
        text: "+ " + mp.fmt(chips.length - LEGEND_CHIPS) + " more",
        onclick: function (ev) { chips.forEach(function (c) { c.hidden = false; }); ev.target.remove(); } }));
    }
    return row;
  }

  /* Every actor by bloc, clickable (and a DOM list of the network's nodes). */
  mp.legend = function (ctx) {
    var box = $("legend");
    var groups = (ctx.network.blocs || []).map(function (ids, b) { return { bloc: b, ids: ids }; });
    var loose = ctx.graph.nodes.filter(function (n) { return n.bloc === null || n.bloc === undefined; })
      .map(function (n) { return n.id; });
    if (loose.length) groups.push({ bloc: null, ids: loose });
    groups.forEach(function (g) { dom.append(box, legendRow(ctx, g)); });
  };

  /* The plain words: paragraphs of text and actor links, as multipolar.show.describe wrote them. */
  mp.summary = function (ctx) {
    var box = $("summary");
    (ctx.view.text || []).forEach(function (paragraph) {
      var p = el("p");
      paragraph.forEach(function (seg) {
        if (typeof seg === "string") p.appendChild(document.createTextNode(seg));
        else if (seg && seg.actor) p.appendChild(mp.actorLink(ctx, seg.actor));
      });
      box.appendChild(p);
    });
  };
})(window.multipolar = window.multipolar || {});
