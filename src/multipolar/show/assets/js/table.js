/* The event table: drop-down filters (actor, type, quad, modality), words, a timeline period, and
 * pages of PAGE_SIZE rows. The view's source answers each query (in memory in the report, from
 * the store in the app), so the table never holds more than one page. A filter on another event
 * field is one more entry in FILTERS and one more key the sources understand. */
(function (mp) {
  "use strict";

  var dom = mp.dom, el = dom.el, $ = dom.$;
  var PAGE_SIZE = 50;
  var FILTERS = [
    { key: "actor", label: "Actor" },
    { key: "type", label: "Type" },
    { key: "quad", label: "Kind" },
    { key: "modality", label: "Modality" }
  ];

  function row(ctx, e) {
    var parts = mp.evidenceParts;
    return el("tr", { "data-event": e.id },
      el("td", { className: "nowrap", text: e.when }),
      el("td", {}, e.source ? mp.actorLink(ctx, e.source) : "\u2014"),
      el("td", { className: "nowrap" }, parts.quadBadge(e)),
      el("td", {}, e.target ? mp.actorLink(ctx, e.target) : "\u2014"),
      el("td", {}, parts.modalityBadge(e)),
      el("td", { className: "sentence" }, parts.sentence(e)),
      el("td", { className: "docname", text: e.docRow.title }));
  }
  function countText(found, page, shown) {
    var from = found.total ? page * PAGE_SIZE + 1 : 0, to = page * PAGE_SIZE + shown;
    return found.total === found.all
      ? "Showing " + mp.fmt(from) + "\u2013" + mp.fmt(to) + " of " + mp.plural(found.all, "event")
      : mp.fmt(found.total) + " of " + mp.plural(found.all, "event") + " match" +
        (found.total ? "; showing " + mp.fmt(from) + "\u2013" + mp.fmt(to) : "");
  }

  /* Sets up the table of ctx's view; returns filterTable({actor, type, quad, modality, text, period}). */
  mp.eventTable = function (ctx) {
    var t = { search: $("f-text"), period: null, page: 0, asked: 0, selects: {} };
    function query() {
      var q = {};
      FILTERS.forEach(function (f) { if (t.selects[f.key].value) q[f.key] = t.selects[f.key].value; });
      if (t.search.value.trim()) q.words = t.search.value.trim();
      if (t.period) q.period = t.period;
      return q;
    }
    function load() {
      var mine = ++t.asked;
      ctx.source.events(query(), t.page * PAGE_SIZE, PAGE_SIZE, function (found) {
        if (mine === t.asked) renderPage(found);
      });
    }
    function renderPage(found) {
      var pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
      var body = document.querySelector("#events tbody");
      dom.clear(body);
      found.rows.forEach(function (e) { body.appendChild(row(ctx, e)); });
      $("event-count").textContent = countText(found, t.page, found.rows.length);
      $("page").textContent = "Page " + mp.fmt(t.page + 1) + " of " + mp.fmt(pages);
      $("prev").disabled = t.page === 0;
      $("next").disabled = t.page >= pages - 1;
    }
    function applyFilters() {
      t.page = 0;
      showPeriod();
      load();
    }
    function showPeriod() {
      var box = $("period");
      dom.clear(box);
      box.hidden = !t.period;
      if (!t.period) return;
      dom.append(box, ["Events dated " + t.period.label + " ", el("button", { type: "button", className: "chip",
        text: "\u00d7 any date", onclick: function () { t.period = null; applyFilters(); } })]);
    }
    setup(ctx, t, applyFilters, load);
    /* Show the table for an actor ({actor}), words ({text}) or a timeline period ({period}). */
    return function filterTable(f) {
      $("filters").reset();
      FILTERS.forEach(function (filter) { t.selects[filter.key].value = f[filter.key] || ""; });
      t.search.value = f.text || "";
      t.period = f.period || null;
      applyFilters();
      $("events-section").scrollIntoView({ behavior: "smooth", block: "start" });
    };
  };

  function setup(ctx, t, applyFilters, load) {
    var form = $("filters"), first = form.firstChild;
    FILTERS.forEach(function (f) {
      var select = el("select", { id: "f-" + f.key }, el("option", { value: "", text: "all" }));
      t.selects[f.key] = select;
      form.insertBefore(el("label", {}, f.label + " ", select), first);
    });
    ctx.source.options(function (options) {
      FILTERS.forEach(function (f) {
        (options[f.key] || []).forEach(function (o) {
          t.selects[f.key].appendChild(el("option", { value: o.value, text: o.label }));
        });
      });
    });
    var timer = null;
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(applyFilters, 120);
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.addEventListener("reset", function () {
      t.period = null;
      setTimeout(applyFilters, 0);
    });
    $("prev").addEventListener("click", function () { t.page--; load(); });
    $("next").addEventListener("click", function () { t.page++; load(); });
    applyFilters();
  }
})(window.multipolar = window.multipolar || {});
