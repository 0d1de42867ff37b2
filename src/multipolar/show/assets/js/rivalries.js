/* Rivalries: pairs opposed in one theatre and cooperating in another (the whole corpus's, whatever
 * the theatre shown), each reading with its strongest sentences; a theatre's name shows that view. */
(function (mp) {
  "use strict";

  var el = mp.dom.el, $ = mp.dom.$;

  function reading(ctx, r, choose) {
    var id = r.theatre === null ? "bilateral" : r.theatre;
    var where = r.theatre === null ? "bilaterally" : "in ";
    var link = r.theatre === null ? null : el("button", { type: "button", className: "linkish",
      "data-theatre": id, text: r.name, onclick: function () { choose(id); scrollTo(0, 0); } });
    var opposed = r.sign < 0;
    return el("li", { className: "reading " + (opposed ? "opposed" : "cooperating") },
      el("div", { className: "reading-head" },
        el("span", { className: "badge " + (opposed ? "q-material_conflict" : "q-material_cooperation"),
          text: opposed ? "opposed" : "cooperating" }),
        " " + where, link, " (" + (r.kind === "proxy" ? "by proxy" : "direct ties") + ", weight " +
          Number(r.weight).toFixed(2) + ", " + mp.plural(r.events, "event") + ")"),
      el("ul", { className: "rivalry-evidence" }, (r.evidence || []).map(function (e) {
        return el("li", {}, el("span", { className: "date", text: e.date || "undated" }), " ",
          el("b", { text: ctx.name(e.source) + " " + e.type + " " + (e.target ? ctx.name(e.target) : "\u2014") }), ": ",
          el("q", { text: e.sentence }));
      })));
  }

  /* Fills #rivalries from `section` (multipolar.show.report_theatres.rivalry_section's shape);
   * `choose(id)` shows a theatre. */
  mp.rivalries = function (ctx, section, choose) {
    var box = $("rivalries"), found = (section || {}).rivalries || [];
    if (section && section.omitted) {
      box.appendChild(el("p", { className: "facts", text: "Not computed for a window of " +
        mp.plural(section.omitted, "event") + "; run multipolar rivalries on the store." }));
      return;
    }
    if (!found.length) {
      box.appendChild(el("p", { className: "facts", text: "No pair is opposed in one theatre and cooperating " +
        "in another or bilaterally." }));
      return;
    }
    found.forEach(function (r) {
      var names = r.names || r.pair.map(ctx.name);
      box.appendChild(el("article", { className: "rivalry", "data-pair": r.pair.join("|") },
        el("h3", { text: names.join(" \u2013 ") + " \u00b7 weight " + Number(r.weight).toFixed(2) }),
        el("ul", { className: "readings" }, r.readings.map(function (x) { return reading(ctx, x, choose); }))));
    });
  };
})(window.multipolar = window.multipolar || {});
