"use strict";
(function () {
  var controls = Array.prototype.slice.call(document.querySelectorAll("details.control"));
  var benchmarks = Array.prototype.slice.call(document.querySelectorAll("section.benchmark"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[name=status]"));
  var sev = document.getElementById("f-severity");
  var ns = document.getElementById("f-namespace");
  var bench = document.getElementById("f-benchmark");
  var search = document.getElementById("f-search");
  var count = document.getElementById("f-count");

  // A control's findings are inert until it is opened: tens of thousands
  // of rows cost nothing at load. The tables are kept once each, in the
  // templates of #finding-sets, and shared by the controls of every
  // benchmark that report the same checks; opening a control copies its
  // table into its slot.
  function slotOf(d) { return d.querySelector(":scope > .body > .findings-slot"); }
  function materialize(d) {
    var slot = slotOf(d);
    if (slot) { slot.replaceWith(document.getElementById(d.getAttribute("data-findings")).content.cloneNode(true)); }
    filterRows(d);
  }
  function filterRows(d) {
    var want = ns.value;
    d.querySelectorAll("table.findings tbody tr").forEach(function (tr) {
      tr.hidden = want !== "" && tr.getAttribute("data-ns") !== want;
    });
  }
  controls.forEach(function (d) {
    d.addEventListener("toggle", function () { if (d.open) { materialize(d); } });
  });

  // The search text of a control: its summary and reason, computed once;
  // and its findings', read from the inert template once per table (not
  // per control that shares it).
  var texts = new Map();
  function textOf(d) {
    var s = texts.get(d);
    if (s === undefined) {
      s = (d.querySelector("summary").textContent + " " + (d.querySelector(".reason") || {textContent: ""}).textContent).toLowerCase();
      texts.set(d, s);
    }
    return s;
  }
  var setTexts = new Map();
  function findingsText(d) {
    var id = d.getAttribute("data-findings");
    if (!id) { return ""; }
    var s = setTexts.get(id);
    if (s === undefined) {
      s = document.getElementById(id).content.textContent.toLowerCase();
      setTexts.set(id, s);
    }
    return s;
  }
  function matches(d, q) { return textOf(d).indexOf(q) >= 0 || findingsText(d).indexOf(q) >= 0; }

  function apply() {
    var statuses = {};
    boxes.forEach(function (b) { statuses[b.value] = b.checked; });
    var q = search.value.trim().toLowerCase();
    var shown = 0;
    controls.forEach(function (d) {
      var ok = statuses[d.getAttribute("data-status")] &&
        (sev.value === "" || d.getAttribute("data-severity") === sev.value) &&
        (ns.value === "" || (" " + d.getAttribute("data-ns") + " ").indexOf(" " + ns.value + " ") >= 0) &&
        (q === "" || matches(d, q));
      d.hidden = !ok;
      if (ok) { shown++; }
      if (d.open) { filterRows(d); }
    });
    benchmarks.forEach(function (s) {
      s.hidden = bench.value !== "" && s.getAttribute("data-benchmark") !== bench.value;
    });
    count.textContent = shown + " of " + controls.length + " controls shown";
    describeFilters(shown);
  }

  // A printout shows what the screen shows; it says so, and which filters
  // were set, since the filters themselves are not printed.
  function describeFilters(shown) {
    var parts = [];
    var on = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    if (on.length !== boxes.length) { parts.push("status " + (on.length ? on.join(", ") : "none")); }
    if (sev.value) { parts.push("severity " + sev.value); }
    if (ns.value) { parts.push("namespace " + ns.value); }
    if (bench.value) { parts.push("benchmark " + bench.value); }
    if (search.value.trim()) { parts.push("search \u201c" + search.value.trim() + "\u201d"); }
    document.getElementById("f-print").textContent = parts.length === 0 ?
      "All " + controls.length + " controls are printed." :
      "Printed with filters: " + parts.join("; ") + ". " + shown + " of " + controls.length +
      " controls shown; the others are left out of this printout.";
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  [sev, ns, bench].forEach(function (s) { s.addEventListener("change", apply); });
  search.addEventListener("input", apply);

  // #<benchmark>/<control> or #<control>: open that control, whatever the
  // filters hide.
  function openHash() {
    var h = decodeURIComponent(location.hash.slice(1));
    if (!h) { return; }
    var d = document.getElementById(h) || controls.find(function (c) { return c.getAttribute("data-control") === h; });
    if (!d || !d.matches("details.control")) { return; }
    // Show the control whole: clear the filters that would hide it or its
    // findings.
    ns.value = ""; sev.value = ""; search.value = ""; bench.value = "";
    boxes.forEach(function (b) { if (b.value === d.getAttribute("data-status")) { b.checked = true; } });
    apply();
    d.open = true;
    materialize(d);
    d.scrollIntoView();
  }
  window.addEventListener("hashchange", openHash);
  window.addEventListener("beforeprint", function () {
    controls.forEach(function (d) { if (!d.hidden && slotOf(d)) { d.open = true; materialize(d); } });
  });
  apply();
  openHash();
})();
