/* The header (title, counts, the theatre shown) and the theatre menu. Choosing a theatre stops the
 * network's renderer, puts back a pristine copy of <main> and the drawer, and draws the page
 * again for that theatre's view. */
(function (mp) {
  "use strict";

  var el = mp.dom.el, $ = mp.dom.$;

  /* A theatre's name from the menu's options ({id, name, events}). */
  mp.theatreName = function (options, id) {
    var found = (options || []).filter(function (o) { return o.id === id; })[0];
    return found ? found.name : id;
  };

  /* The title and the counts of `view` (its summary; `where` names the theatre shown, if any):
   * "N acts (M reports)" where the view counts each act once, else "N events". */
  mp.header = function (view, where) {
    var s = view.summary || {};
    var counted = mp.plural(s.events || 0, mp.countWord(view)) +
      (view.count === "incidents" && s.reports !== undefined ? " (" + mp.plural(s.reports, "report") + ")" : "");
    $("title").textContent = view.title || "multipolar report";
    $("corpus-summary").textContent = (where ? ["theatre: " + where] : []).concat([
      mp.plural(s.documents || 0, "document"), mp.plural(s.actors || 0, "actor"), counted,
      s.range || "no events dated to the month"
    ]).concat(s.events_shown < (s.reports || s.events) ? ["the table lists the " + mp.fmt(s.events_shown) + " most recent"] : [])
      .join(" \u00b7 ");
  };

  /* Fills the menu with "all (N events)" and each option (`word`: what they count, "event" or
   * "act"); `choose(id)` runs on a change. */
  mp.theatreMenu = function (options, total, choose, word) {
    var select = $("theatre");
    word = word || "event";
    select.appendChild(el("option", { value: "", text: "all (" + mp.plural(total, word) + ")" }));
    (options || []).forEach(function (o) {
      select.appendChild(el("option", { value: o.id, text: o.name + " (" + mp.plural(o.events, word) + ")" }));
    });
    $("theatre-pick").hidden = !(options || []).length;
    select.onchange = function () { choose(select.value); };   // one handler, however often refilled
  };

  /* Keeps a pristine copy of <main> and the drawer; the returned function puts a fresh one back. */
  mp.pristinePage = function () {
    var pristine = { main: document.querySelector("main").cloneNode(true), drawer: $("drawer").cloneNode(true) };
    return function restore() {
      document.querySelector("main").replaceWith(pristine.main.cloneNode(true));
      $("drawer").replaceWith(pristine.drawer.cloneNode(true));
    };
  };
})(window.multipolar = window.multipolar || {});
