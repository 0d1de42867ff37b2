/* Data: what a view knows of its actors (names, blocs, broker ranks), and the offline report's
 * events in memory with the queries the evidence panel and the table ask of them. The served app
 * answers the same queries from its JSON endpoints (app.js); the views never know which. */
(function (mp) {
  "use strict";

  var assign = mp.dom.assign;
  var EMPTY_NETWORK = { nodes: [], edges: [], blocs: [], brokers: [] };

  /* A function from actor id to name: the view's actors, then its network's nodes, then `other`. */
  mp.namer = function (view, other) {
    var actors = view.actors || {}, nodeById = {};
    ((view.network || EMPTY_NETWORK).nodes || []).forEach(function (n) { nodeById[n.id] = n; });
    return function (id) {
      if (!id) return "\u2014";
      if (actors[id]) return actors[id].name;
      if (nodeById[id]) return nodeById[id].name || id;
      return (other && other(id)) || id;
    };
  };

  /* What a view counts: each act once ("act", when its events are linked into incidents) or every
   * report ("event"). */
  mp.countWord = function (view) { return view.count === "incidents" ? "act" : "event"; };

  /* One view's context, shared by every module that draws it: the view (network, text, heatmap,
   * timeline, summary, actors), names, blocs and brokers, and the `source` of its events. */
  mp.context = function (view, source) {
    var network = view.network || EMPTY_NETWORK;
    var brokerRank = {}, nodeById = {};
    (network.brokers || []).forEach(function (id, i) { brokerRank[id] = i; });
    network.nodes.forEach(function (n) { nodeById[n.id] = n; });
    return {
      view: view, network: network, actors: view.actors || {}, source: source, brokerRank: brokerRank,
      name: mp.namer(view, source.nameOf),
      blocOf: function (id) { return nodeById[id] ? nodeById[id].bloc : null; }
    };
  };

  /* The report's incidents (acts reported more than once: DATA.incidents, the table's `incident`
   * column): `once(indices)` keeps each act's first report of a sorted list; `row(i)` is the event
   * shown for an act, its first report with how it was reported (`reported`) and its other
   * reports (`reports`); `reportsOf(id)`, the indices of an incident's reports. */
  function localIncidents(DATA, events, byDay) {
    var INCIDENTS = DATA.incidents || {}, reportsOf = {};
    events.forEach(function (e, i) { if (e.incident) (reportsOf[e.incident] = reportsOf[e.incident] || []).push(i); });
    function once(indices) {
      var seen = {};
      return indices.filter(function (i) {
        var key = events[i].incident;
        if (!key) return true;
        if (seen[key]) return false;
        return (seen[key] = true);
      });
    }
    function row(i) {
      var e = events[i], info = e.incident && INCIDENTS[e.incident];
      var reports = info ? (reportsOf[e.incident] || []).slice().sort(byDay) : [];
      if (reports.length < 2) return e;
      return assign({}, events[reports[0]], {
        reported: { reports: reports.length, documents: info.documents, outlets: info.outlets, first: info.first },
        reports: reports.slice(1).map(function (k) { return events[k]; })
      });
    }
    return { once: once, row: row, reportsOf: function (id) { return (reportsOf[id] || []).slice(); } };
  }

  /* The report's events as objects with the fields the page reads (one fixed shape: fast at 200,000
   * events), plus: sentence text, document row, the date it is shown with (its own, else its
   * document's: `when`), its document's date as shown (`docWhen`) and a sort key (`day`, ISO). */
  function eventObjects(DATA) {
    var docs = DATA.documents || [], DATES = DATA.dates || {};
    var table = DATA.events || { columns: [], rows: [], sentences: [] };
    var col = {};
    table.columns.forEach(function (c, i) { col[c] = i; });
    function dateInfo(value) { return value ? DATES[value] || null : null; }
    function dateText(value) { var info = dateInfo(value); return info ? info.text : "undated"; }
    var events = table.rows.map(function (r) {
      var docRow = docs[r[col.doc]] || { title: "", date: null };
      var shown = r[col.date] || docRow.date;
      return {
        id: r[col.id], source: r[col.source], target: r[col.target], type: r[col.type], quad: r[col.quad],
        mode: r[col.mode], modality: r[col.modality], trigger: r[col.trigger], date: r[col.date],
        source_text: r[col.source_text], target_text: r[col.target_text],
        sentence: table.sentences[r[col.sentence]], docRow: docRow,
        docWhen: docRow.date ? dateText(docRow.date) : "",
        when: dateText(shown), day: shown ? String(shown).split("/")[0] : "", row: r,
        incident: col.incident === undefined ? null : r[col.incident]
      };
    });
    return { events: events, field: function (e, name) { return e.row[col[name]]; }, dateInfo: dateInfo };
  }

  /* The offline report's source: every query answered from the payload, synchronously. */
  mp.localSource = function (DATA) {
    var made = eventObjects(DATA), events = made.events, field = made.field;
    var name = mp.namer(DATA), vocabulary = DATA.vocabulary || {};
    var eventsOf = {};
    events.forEach(function (e, i) {
      (eventsOf[e.source] = eventsOf[e.source] || []).push(i);
      if (e.target && e.target !== e.source) (eventsOf[e.target] = eventsOf[e.target] || []).push(i);
    });
    function byDay(a, b) {
      var da = events[a].day || "9999", db = events[b].day || "9999";
      return da < db ? -1 : da > db ? 1 : a - b;
    }
    function page(indices, offset, limit) {
      return indices.slice(offset, offset + limit).map(function (i) { return events[i]; });
    }
    var acts = localIncidents(DATA, events, byDay);
    var evidenceCache = { key: null, found: [] };
    /* An actor's or a pair's evidence lists each act once (acts.row); an incident's ({kind:
     * "incident", id}) lists its every report. */
    function evidence(query, offset, limit, done) {
      var key = JSON.stringify(query);
      if (evidenceCache.key !== key) {
        var found = query.kind === "incident" ? acts.reportsOf(query.id)
          : query.pair ? pairEvents(query.pair[0], query.pair[1]) : (eventsOf[query.actor] || []).slice();
        found.sort(byDay);
        evidenceCache = { key: key, found: query.kind ? found : acts.once(found) };
      }
      var rows = evidenceCache.found.slice(offset, offset + limit);
      done({ rows: query.kind ? rows.map(function (i) { return events[i]; }) : rows.map(acts.row),
        total: evidenceCache.found.length });
    }
    function pairEvents(a, b) {
      return (eventsOf[a] || []).filter(function (i) {
        var e = events[i];
        return (e.source === a && e.target === b) || (e.source === b && e.target === a);
      });
    }
    var matching = mp.localMatcher(events, field, eventsOf, name, made.dateInfo);
    var tableCache = { key: null, found: [] };
    function query(q, offset, limit, done) {
      var key = JSON.stringify(q);
      if (tableCache.key !== key) tableCache = { key: key, found: matching(q).sort(byDay) };
      done({ rows: page(tableCache.found, offset, limit), total: tableCache.found.length, all: events.length });
    }
    function distinct(column) {
      var seen = {};
      events.forEach(function (e) { var v = field(e, column); if (v) seen[v] = true; });
      return Object.keys(seen).sort();
    }
    function options() {
      var actors = DATA.actors || {};
      function plain(v) { return { value: v, label: v }; }
      return {
        actor: Object.keys(actors).sort(function (a, b) { return name(a).localeCompare(name(b)); })
          .map(function (id) { return { value: id, label: name(id) + " (" + mp.fmt(actors[id].activity || 0) + ")" }; }),
        type: distinct("type").map(plain),
        quad: (vocabulary.quads || distinct("quad")).map(function (q) { return { value: q, label: mp.QUAD_LABELS[q] || q }; }),
        modality: (vocabulary.modalities || distinct("modality")).map(plain)
      };
    }
    return {
      evidence: evidence, events: query, options: function (done) { done(options()); },
      nameOf: function () { return null; },
      activityOf: function (id) { return (eventsOf[id] || []).length; }
    };
  };

  /* The table's filter over events in memory: drop-downs (actor as source or target; type, quad,
   * modality equal), a timeline period (the event's own date counts in it as the timeline counted
   * it) and words (each found in the sentence, dates, actor names, type or document title). */
  mp.localMatcher = function (events, field, eventsOf, name, dateInfo) {
    var haystack = null;   // lower-cased search text per event, built on the first search
    function words(q) { return (q.words || "").trim().toLowerCase().split(/\s+/).filter(Boolean); }
    return function (q) {
      var wanted = words(q), found = [];
      if (wanted.length && !haystack) {
        haystack = events.map(function (e) {
          return [e.sentence, e.day, e.when, name(e.source), e.target ? name(e.target) : "", e.type, e.docRow.title,
            e.source_text, e.target_text].join(" ").toLowerCase();
        });
      }
      var equal = ["type", "quad", "modality"].filter(function (k) { return q[k]; });
      var pool = q.actor ? eventsOf[q.actor] || [] : null;
      var n = pool ? pool.length : events.length;
      for (var k = 0; k < n; k++) {
        var i = pool ? pool[k] : k, e = events[i];
        if (q.actor && e.source !== q.actor && e.target !== q.actor) continue;
        if (!equal.every(function (f) { return field(e, f) === q[f]; })) continue;
        if (q.period) {
          var info = dateInfo(e.date);
          if (!info || info[q.period.bucket] !== q.period.key) continue;
        }
        if (wanted.length && !wanted.every(function (w) { return haystack[i].indexOf(w) >= 0; })) continue;
        found.push(i);
      }
      return found;
    };
  };

  /* The payload as one theatre shows it: that theatre's network, plain words, matrix, timeline and
   * counts (computed in Python), and the events and actors of its members only ("" is all). */
  mp.viewOf = function (FULL, id) {
    var view = id && FULL.theatres && FULL.theatres.views[id];
    if (!view) return FULL;
    var columns = FULL.events.columns, at = columns.indexOf("theatre"), basis = columns.indexOf("theatre_basis");
    var source = columns.indexOf("source"), target = columns.indexOf("target");
    var members = {};
    view.members.forEach(function (m) { members[m === null ? "" : m] = true; });
    var rows = FULL.events.rows.filter(function (r) {
      return r[at] ? members[r[at]] === true : members[""] === true && !!r[basis];
    });
    var activity = {};
    rows.forEach(function (r) {
      if (r[source]) activity[r[source]] = (activity[r[source]] || 0) + 1;
      if (r[target] && r[target] !== r[source]) activity[r[target]] = (activity[r[target]] || 0) + 1;
    });
    var shown = {};
    Object.keys(activity).forEach(function (a) {
      shown[a] = assign({}, FULL.actors[a] || { name: a }, { activity: activity[a] });
    });
    return assign({}, FULL, {
      network: view.network, text: view.text, heatmap: view.heatmap, timeline: view.timeline,
      summary: view.summary, actors: shown, events: assign({}, FULL.events, { rows: rows }), theatre: id
    });
  };
})(window.multipolar = window.multipolar || {});
