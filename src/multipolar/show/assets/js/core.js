/* multipolar's front end, shared by the offline report (report.js) and the served app (app.js).
 * Each module adds one job to the `multipolar` namespace: core (this file: DOM helpers, numbers,
 * colours), data (a view's actors, the report's events in memory), evidence (the panel and the
 * drawer), network (sigma.js), blocs (legend and plain words), timeline, matrix, table, rivalries
 * and theatres (the menu). Text from documents is only ever inserted with textContent or
 * createTextNode, never parsed as HTML; dates are shown as the data says, never formatted here. */
(function (mp) {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  mp.colors = {
    blocs: ["#4e79a7", "#f28e2b", "#9467bd", "#17becf", "#e0b400", "#8c564b", "#e377c2", "#7f7f7f",
      "#1f3f77", "#b85c00"],
    noBloc: "#b9bec8", faded: "#e4e7ec", ink: "#1d2330", zero: "#9aa1ad",
    quads: {
      verbal_cooperation: "#8fd19e", material_cooperation: "#2e9d4e",
      verbal_conflict: "#f4a29b", material_conflict: "#c7312a"
    }
  };
  mp.QUAD_LABELS = {
    verbal_cooperation: "verbal cooperation", material_cooperation: "material cooperation",
    verbal_conflict: "verbal conflict", material_conflict: "material conflict"
  };

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    Array.prototype.slice.call(arguments, 2).forEach(function (c) { append(node, c); });
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    return node;
  }
  function setAttrs(node, attrs) {
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined) return;
      if (k === "text") node.textContent = v;
      else if (k === "className") node.setAttribute("class", v);
      else if (k === "style") node.style.cssText = v;   // CSSOM: allowed where a CSP bars inline style
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    });
  }
  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(node, c); });
    else node.appendChild(typeof child === "string" || typeof child === "number"
      ? document.createTextNode(String(child)) : child);
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function assign(target) {
    for (var i = 1; i < arguments.length; i++) {
      var source = arguments[i];
      for (var k in source) if (Object.prototype.hasOwnProperty.call(source, k)) target[k] = source[k];
    }
    return target;
  }
  function cssEscape(s) {
    return window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/["\\]/g, "\\$&");
  }
  mp.dom = { $: $, el: el, svg: svg, append: append, clear: clear, assign: assign, cssEscape: cssEscape };

  var NUMBER = new Intl.NumberFormat("en-US");
  function fmt(n) { return NUMBER.format(Number(n)); }
  mp.fmt = fmt;
  mp.plural = function (n, word) { return fmt(n) + " " + word + (n === 1 ? "" : "s"); };
  mp.signed = function (w) { return (w > 0 ? "+" : w < 0 ? "\u2212" : "") + Math.abs(w).toFixed(1); };
  /* The largest f(item), at least `least` (a loop: spreading 100,000 values as arguments overflows). */
  mp.maxOf = function (items, f, least) {
    var most = least;
    for (var i = 0; i < items.length; i++) most = Math.max(most, f(items[i]));
    return most;
  };
  mp.blocColor = function (b) {
    return b === null || b === undefined ? mp.colors.noBloc : mp.colors.blocs[b % mp.colors.blocs.length];
  };
  mp.blocLabel = function (b) { return b === null || b === undefined ? "no bloc" : "bloc " + (b + 1); };
})(window.multipolar = window.multipolar || {});
