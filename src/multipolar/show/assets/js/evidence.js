/* Evidence: the sentences behind an actor or a tie, each with its trigger highlighted, PLOVER type,
 * modality, date and document. They open where the reader is looking: in the panel beside the
 * network when that panel is on screen, otherwise in a drawer at the side of the window (a click on
 * the alignment matrix or the table, far below the network, must not fill a panel out of sight). */
(function (mp) {
  "use strict";

  var dom = mp.dom, el = dom.el, $ = dom.$;
  var PANEL_PAGE = 60;

  /* The sentence with its trigger highlighted; the trigger is found case-insensitively. */
  function sentenceNode(e) {
    var text = e.sentence || "";
    var trig = (e.trigger || "").trim();
    var at = trig ? text.toLowerCase().indexOf(trig.toLowerCase()) : -1;
    if (at < 0) return [text];
    return [text.slice(0, at), el("mark", { text: text.slice(at, at + trig.length) }), text.slice(at + trig.length)];
  }
  function quadBadge(e) {
    return el("span", { className: "badge q-" + e.quad, title: mp.QUAD_LABELS[e.quad] || e.quad, text: e.type });
  }
  function modalityBadge(e) {
    return el("span", { className: "badge m-" + e.modality, text: e.modality });
  }
  function docNode(e) {
    return el("div", { className: "doc", text: e.docRow.title + (e.docWhen ? " (" + e.docWhen + ")" : "") });
  }
  /* One event; an act reported more than once (`reported`: how; `reports`: its other reports, when
   * the source has them at hand) shows once, with how it was reported and every report's sentence,
   * or a button that lists its reports ({kind: "incident"}) where the source has to ask for them. */
  function evidenceNode(ctx, e) {
    var how = e.reported;
    var node = el("article", { className: "evidence", "data-event": e.id, "data-incident": how ? e.incident : null },
      el("div", { className: "meta" }, quadBadge(e), modalityBadge(e),
        e.mode ? el("span", { className: "badge type", text: e.mode }) : null,
        el("span", { className: "date", text: e.when })),
      how ? el("div", { className: "reported", text: reportedText(how) }) : null,
      el("div", { className: "who" }, ctx.name(e.source), " \u2192 ", e.target ? ctx.name(e.target) : "\u2014"),
      el("blockquote", {}, sentenceNode(e)),
      docNode(e));
    (e.reports || []).forEach(function (r) { dom.append(node, [el("blockquote", {}, sentenceNode(r)), docNode(r)]); });
    if (how && !e.reports) {
      node.appendChild(el("button", { type: "button", className: "linkish reports",
        text: "List its " + mp.plural(how.reports, "report"), onclick: function () { mp.showIncident(ctx, e); } }));
    }
    return node;
  }
  function reportedText(how) {
    return "reported by " + mp.plural(how.documents, "document") +
      " (" + (how.outlets ? mp.plural(how.outlets, "outlet") : "outlets unknown") + ")" +
      (how.first ? ", first on " + how.first : "");
  }
  mp.evidenceParts = { sentence: sentenceNode, quadBadge: quadBadge, modalityBadge: modalityBadge };

  function onScreen(node) {
    var r = node.getBoundingClientRect();
    var seen = Math.min(r.bottom, window.innerHeight) - Math.max(r.top, 0);
    return r.width > 0 && seen >= Math.min(r.height, window.innerHeight) * 0.5;
  }

  /* The panel and the drawer of one view. show() lists what `query` ({actor} or {pair: [a, b]})
   * asks of the view's source, PANEL_PAGE sentences at a time; `facts(total)` says what it is. */
  mp.evidencePanel = function (ctx) {
    var panel = $("panel"), panelBody = $("panel-body"), panelEmpty = $("panel-empty");
    var drawer = $("drawer"), drawerBody = $("drawer-body");
    var asked = 0;   // the latest show(): an answer to an earlier one is dropped
    function close() { drawer.hidden = true; dom.clear(drawerBody); }
    function show(heading, facts, query, actions) {
      var body = panelBody, box = panel, mine = ++asked;
      if (onScreen(panel)) {
        close();
        panelEmpty.hidden = true;
        panelBody.hidden = false;
      } else {
        body = drawerBody;
        box = drawer;
        drawer.hidden = false;
      }
      ctx.source.evidence(query, 0, PANEL_PAGE, function (found) {
        if (mine !== asked) return;
        dom.clear(body);
        dom.append(body, [heading, el("p", { className: "facts", text: facts(found.total) })]);
        if (actions) dom.append(body, el("div", { className: "actions" }, actions));
        var list = el("div", { className: "evidence-list" });
        body.appendChild(list);
        fill(list, query, found, 0);
        box.scrollTop = 0;
      });
    }
    function fill(list, query, found, shown) {
      found.rows.forEach(function (e) { list.appendChild(evidenceNode(ctx, e)); });
      shown += found.rows.length;
      if (shown < found.total) {
        list.appendChild(el("button", {
          type: "button", className: "more", text: "Show " + mp.fmt(Math.min(PANEL_PAGE, found.total - shown)) +
            " more of " + mp.fmt(found.total - shown),
          onclick: function (ev) {
            ev.target.remove();
            ctx.source.evidence(query, shown, PANEL_PAGE, function (next) { fill(list, query, next, shown); });
          }
        }));
      }
      if (!found.total) list.appendChild(el("p", { className: "facts", text: "No evidence sentences." }));
    }
    function reset() {
      panelBody.hidden = true;
      panelEmpty.hidden = false;
    }
    $("drawer-close").addEventListener("click", close);
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") close(); });
    return { show: show, reset: reset, close: close };
  };

  /* Every report of the act that `e` stands for ({kind: "incident", id}), in the panel. */
  mp.showIncident = function (ctx, e) {
    ctx.evidence.show(
      el("h3", {}, ctx.name(e.source), " \u2192 ", e.target ? ctx.name(e.target) : "\u2014", ": " + e.type),
      function (total) { return reportedText(e.reported) + " \u00b7 " + mp.plural(total, "report"); },
      { kind: "incident", id: e.incident });
  };

  /* An actor's evidence, with "List in table". */
  mp.showActor = function (ctx, id) {
    var a = ctx.actors[id] || {};
    var bloc = ctx.blocOf(id);
    ctx.evidence.show(
      el("h3", {}, el("span", { className: "swatch", style: "background:" + mp.blocColor(bloc) }), ctx.name(id)),
      function (total) {
        var facts = [a.type, mp.blocLabel(bloc), mp.plural(total, mp.countWord(ctx.view))];
        if (id in ctx.brokerRank) facts.push("broker #" + (ctx.brokerRank[id] + 1));
        return facts.filter(Boolean).join(" \u00b7 ");
      },
      { actor: id },
      [el("button", { type: "button", text: "List in table", onclick: function () { ctx.filterTable({ actor: id }); } })]);
  };

  /* The events between a and b (both directions), with the net weight each way. */
  mp.showPair = function (ctx, a, b) {
    var ab = 0, ba = 0, name = ctx.name;
    (ctx.network.edges || []).forEach(function (edge) {
      if (edge.source === a && edge.target === b) ab += Number(edge.weight) || 0;
      if (edge.source === b && edge.target === a) ba += Number(edge.weight) || 0;
    });
    ctx.evidence.show(el("h3", {}, name(a), " \u2194 ", name(b)), function (total) {
      return "net " + mp.signed(ab + ba) + " (" + name(a) + " \u2192 " + name(b) + " " + mp.signed(ab) + ", " +
        name(b) + " \u2192 " + name(a) + " " + mp.signed(ba) + ") \u00b7 " + mp.plural(total, mp.countWord(ctx.view));
    }, { pair: [a, b] });
  };
})(window.multipolar = window.multipolar || {});
