// apparatus.html: filters by category and type, and cross-highlighting of one
// entry in every view. Inlined by collate/reporters/html.py; no network access.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  form.hidden = false;
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var marked = Array.prototype.slice.call(document.querySelectorAll("[data-n]"));
  var shown = document.getElementById("shown");

  function apply() {
    var cats = {}, types = {};
    boxes.forEach(function (b) {
      if (b.checked) (b.name === "category" ? cats : types)[b.value] = true;
    });
    var visible = {};
    // As the command line's --only: an entry shows when its category or any of its types is ticked.
    marked.forEach(function (el) {
      var on = !!cats[el.getAttribute("data-cat")] ||
        (el.getAttribute("data-types") || "").split(" ").some(function (t) { return !!types[t]; });
      el.classList.toggle("off", !on);
      if (on) visible[el.getAttribute("data-n")] = true;
    });
    if (shown) shown.textContent = String(Object.keys(visible).length);
  }

  // names: null for everything, else the labels to tick (category and type boxes are independent).
  function set(names) {
    boxes.forEach(function (b) {
      b.checked = names === null || names.indexOf(b.value) >= 0;
    });
    apply();
  }

  form.addEventListener("change", apply);
  form.addEventListener("click", function (ev) {
    var action = ev.target.getAttribute && ev.target.getAttribute("data-action");
    if (!action) return;
    ev.preventDefault();
    set(action === "all" ? null : [action]);
  });

  // "apparatus.html#only=substantive,case" opens the page with those filters set.
  var match = /(?:^#|&)only=([^&]*)/.exec(window.location.hash);
  if (match) set(decodeURIComponent(match[1]).split(","));
  else apply();

  marked.forEach(function (el) {
    var n = el.getAttribute("data-n");
    el.addEventListener("mouseenter", function () {
      document.querySelectorAll("[data-n='" + n + "']").forEach(function (o) { o.classList.add("hl"); });
    });
    el.addEventListener("mouseleave", function () {
      document.querySelectorAll("[data-n='" + n + "']").forEach(function (o) { o.classList.remove("hl"); });
    });
  });
})();
