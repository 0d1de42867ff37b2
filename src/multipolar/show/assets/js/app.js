/* multipolar serve's page: the report's views drawn by the shared modules from the app's JSON
 * endpoints instead of an embedded payload. The window and the theatre choose the view; the
 * table, the evidence and the downloads ask the server; a poll of /api/status shows documents
 * as they are ingested (at once, unless the reader is in the middle of something: then a button
 * says what is new). Requests go to this server only (its Content-Security-Policy says so too). */
(function (mp) {
  "use strict";

  var dom = mp.dom, el = dom.el, $ = dom.$;
  var POLL_MS = 3000;
  var state = { since: "", until: "", theatre: "", count: "incidents", generation: null, counts: null, current: null,
    options: [] };

  function query(values) {
    var out = new URLSearchParams();
    Object.keys(values).forEach(function (k) {
      var v = values[k];
      if (v !== null && v !== undefined && v !== "") out.append(k, String(v));
    });
    return out.toString();
  }
  /* GET a JSON endpoint: `done(body)` on success; a 202 ("computing") is asked again after its
   * retry_after; an error shows its one-line message. */
  function getJSON(path, values, done) {
    fetch(path + "?" + query(values || {}), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { status: r.status, body: body }; }); })
      .then(function (a) {
        if (a.status === 202) {
          notice("computing this view\u2026");
          setTimeout(function () { getJSON(path, values, done); }, 1000 * (a.body.retry_after || 1));
        } else if (a.status >= 400) {
          notice(a.body.error || "error " + a.status, true);
        } else {
          done(a.body);
        }
      })
      .catch(function (err) { notice("the server did not answer (" + err.message + ")", true); });
  }
  function notice(text, bad) {
    var box = $("notice");
    box.textContent = text || "";
    box.hidden = !text;
    box.className = "notice" + (bad ? " bad" : "");
  }
  /* The window and theatre shown, and what the view counts ("" for the default: each act once). */
  function selection() {
    return { since: state.since, until: state.until, theatre: state.theatre,
      count: state.count === "incidents" ? "" : state.count };
  }

  /* A row of /api/events as the modules' event object; an act reported more than once says how
   * (`reported`: its reports are listed on demand, as {kind: "incident"} evidence). */
  function eventOf(r) {
    return {
      id: r.id, source: r.source, target: r.target, type: r.type, quad: r.quad, mode: r.mode,
      modality: r.modality, trigger: r.trigger, sentence: r.sentence, date: r.date, when: r.when,
      source_text: r.source_text, target_text: r.target_text, docRow: { title: r.doc_title || r.doc, date: r.doc_date },
      docWhen: r.doc_when, incident: r.incident || null,
      reported: r.incident_reports > 1 ? { reports: r.incident_reports, documents: r.incident_documents,
        outlets: r.incident_outlets, first: r.incident_first } : null
    };
  }

  /* The app's source: the same queries as the report's, answered by the server for the view's
   * window and theatre. An actor's or a pair's evidence lists each act once where the view counts
   * acts; evidence of a registered kind ({kind, id}: an incident's reports) asks /api/evidence. */
  function remoteSource(chosen, acts) {
    var names = {};
    function answer(done, plain) {
      return function (body) {
        body.rows.forEach(function (r) {
          if (r.source_name) names[r.source] = r.source_name;
          if (r.target_name) names[r.target] = r.target_name;
        });
        var rows = body.rows.map(eventOf);
        if (plain) rows.forEach(function (e) { e.reported = null; });   // each report as itself
        done({ rows: rows, total: body.total, all: body.all });
      };
    }
    function events(q, offset, limit, done, plain) {
      getJSON("api/events", dom.assign({}, chosen, { count: "", actor: q.actor, "with": q.partner, type: q.type,
        quad: q.quad, modality: q.modality, q: q.words, period: q.period ? q.period.key : "", acts: q.acts ? "true" : "",
        offset: offset, limit: limit }), answer(done, plain));
    }
    return {
      events: function (q, offset, limit, done) { events(q, offset, limit, done, true); },
      evidence: function (q, offset, limit, done) {
        if (q.kind) {
          var path = "api/evidence/" + encodeURIComponent(q.kind) + "/" + encodeURIComponent(q.id);
          getJSON(path, { offset: offset, limit: limit }, answer(done, true));
        } else {
          var asked = q.pair ? { actor: q.pair[0], partner: q.pair[1] } : { actor: q.actor };
          events(dom.assign(asked, { acts: acts }), offset, limit, done, !acts);
        }
      },
      options: function (done) { getJSON("api/options", chosen, done); },
      nameOf: function (id) { return names[id]; },
      activityOf: function () { return 0; }
    };
  }

  function render(view) {
    var ctx = mp.context(view, remoteSource(selection(), view.count === "incidents"));
    var where = state.theatre ? mp.theatreName(state.options, state.theatre) : null;
    return mp.drawView(ctx, view, where, function () {
      $("rivalries").appendChild(el("p", { className: "facts", text: "Finding rivalries\u2026" }));
      getJSON("api/rivalries", { since: state.since, until: state.until, count: selection().count }, function (section) {
        dom.clear($("rivalries"));
        mp.rivalries(ctx, section, chooseTheatre);
      });
    });
  }

  var restore = mp.pristinePage();
  /* Fetch the view of the window and theatre chosen and draw it in place of the one shown. */
  function load() {
    var asked = selection();
    document.body.removeAttribute("data-ready");
    getJSON("api/view", asked, function (view) {
      if (JSON.stringify(asked) === JSON.stringify(selection())) draw(view, asked);   // else: chosen again
    });
  }
  function draw(view, asked) {
    notice(view.stale ? "showing the view before the newest documents; updating…" : "");
    if (state.current) {
      state.current.kill();
      restore();
    }
    state.generation = view.current || view.generation;
    state.current = render(view);
    window.multipolarApp = dom.assign(state.current, { generation: view.generation, theatre: state.theatre,
      chooseTheatre: chooseTheatre, setWindow: setWindow, reload: reload });
    $("new-data").hidden = true;
    downloads();
    document.body.setAttribute("data-ready", "true");
    if (view.stale) setTimeout(function () { whenFresh(asked); }, 3000);
  }
  /* A view answered from an earlier snapshot: ask again quietly until the new one is computed. */
  function whenFresh(asked) {
    if (JSON.stringify(asked) !== JSON.stringify(selection())) return;
    getJSON("api/view", asked, function (view) {
      if (JSON.stringify(asked) !== JSON.stringify(selection())) return;
      if (view.stale) setTimeout(function () { whenFresh(asked); }, 3000);
      else if (!busy()) draw(view, asked);
      else offer("The view with the newest documents is ready");
    });
  }
  function offer(text) {
    var button = $("new-data");
    button.textContent = text + ": show it";
    button.hidden = false;
  }
  function theatres() {
    getJSON("api/theatres", { since: state.since, until: state.until, count: selection().count }, function (found) {
      state.options = found.options;
      var select = $("theatre");
      dom.clear(select);
      mp.theatreMenu(found.options, found.total, chooseTheatre, mp.countWord(found));
      select.value = state.theatre;
    });
  }
  function chooseTheatre(id) {
    state.theatre = id || "";
    $("theatre").value = state.theatre;
    load();
    return true;
  }
  function setWindow(since, until) {
    state.since = since || "";
    state.until = until || "";
    $("f-since").value = state.since;
    $("f-until").value = state.until;
    theatres();
    load();
  }
  function reload() { theatres(); load(); }

  /* The window, the live line and the downloads, in the header. */
  function controls() {
    var form = el("form", { id: "window", className: "window", autocomplete: "off" },
      el("label", {}, "From ", el("input", { id: "f-since", type: "date" })),
      el("label", {}, "to ", el("input", { id: "f-until", type: "date" })),
      el("button", { type: "reset", text: "All dates" }),
      el("label", { title: "each act once, however often it was reported; or every report" }, "Count ",
        el("select", { id: "f-count" }, el("option", { value: "incidents", text: "acts" }),
          el("option", { value: "reports", text: "reports" }))));
    form.addEventListener("change", function () {
      state.count = $("f-count").value;
      setWindow($("f-since").value, $("f-until").value);
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.addEventListener("reset", function () {   // all dates; what the view counts stays
      setTimeout(function () { $("f-count").value = state.count; setWindow("", ""); }, 0);
    });
    var live = el("div", { className: "live" },
      el("span", { id: "live", className: "live-line", text: "live" }),
      el("button", { type: "button", id: "new-data", className: "new-data", hidden: "", onclick: reload }),
      el("span", { className: "downloads" }, "Download ",
        el("a", { id: "dl-csv", text: "CSV" }), " ", el("a", { id: "dl-json", text: "JSON" }), " ",
        el("a", { id: "dl-network", text: "network" })),
      el("p", { id: "notice", className: "notice", hidden: "" }));
    var inner = document.querySelector(".top-inner");
    inner.insertBefore(form, $("theatre-pick"));
    inner.appendChild(live);
  }
  function downloads() {
    var q = query(selection());
    $("dl-csv").href = "api/events.csv?" + q;
    $("dl-json").href = "api/events.json?" + q;
    $("dl-network").href = "api/network.json?" + q;
  }

  /* Whether the reader is in the middle of something a redraw would take away. */
  function busy() {
    var active = document.activeElement;
    return !$("drawer").hidden || !$("panel-body").hidden ||
      (active && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName));
  }
  function poll() {
    getJSON("api/status", {}, function (s) {
      var c = s.counts, before = state.counts;
      state.counts = c;
      $("live").textContent = "live: " + mp.plural(c.documents, "document") + ", " + mp.plural(c.events, "event") +
        (s.refresh_error ? " (store busy: " + s.refresh_error + ")" : "");
      if (state.generation === null || s.generation <= state.generation) return;
      if (!busy()) {
        reload();
        return;
      }
      var more = before ? c.events - before.events : 0;
      offer("New documents" + (more > 0 ? " (+" + mp.fmt(more) + " events)" : ""));
    });
  }

  controls();
  theatres();
  load();
  poll();
  setInterval(poll, POLL_MS);
})(window.multipolar = window.multipolar || {});
