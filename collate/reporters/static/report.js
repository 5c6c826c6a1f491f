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

// Editorial decisions: per entry retype / ignore / merge with next / note; the page writes
// decisions.toml (the file's own decisions first, then the new ones) and offers it for download.
// Nothing is sent anywhere: the file is made in the browser (a Blob).
(function () {
  "use strict";
  var form = document.getElementById("decisions");
  if (!form) return;
  form.hidden = false;
  var items = Array.prototype.slice.call(document.querySelectorAll("li[data-readings]"));
  items.forEach(function (li) { li.querySelector(".dctl").hidden = false; });
  var byN = {};
  items.forEach(function (li) { byN[li.getAttribute("data-n")] = li; });
  var existing = document.getElementById("d-existing").value;
  var preview = document.getElementById("d-preview");
  var count = document.getElementById("d-count");
  var resp = document.getElementById("d-resp");

  // A TOML basic string: JSON's escapes (\" \\ \n \t \uXXXX) are TOML's too.
  function q(text) { return JSON.stringify(text); }
  function table(pairs) {
    return "{ " + Object.keys(pairs).map(function (k) { return q(k) + " = " + q(pairs[k]); }).join(", ") + " }";
  }

  function decisions() {
    var out = [];
    items.forEach(function (li) {
      var type = li.querySelector(".d-type").value;
      var ignore = li.querySelector(".d-ignore").checked;
      var merge = li.querySelector(".d-merge").checked;
      var note = li.querySelector(".d-note").value.trim();
      li.classList.toggle("decided-new", !!(type || ignore || merge || note));
      if (!(type || ignore || merge || note)) return;
      var lines = ["[[decision]]", "readings = " + table(JSON.parse(li.getAttribute("data-readings")))];
      var occ = li.getAttribute("data-occ");
      if (occ && occ !== "0") lines.push("occurrence = " + occ);
      if (merge) {
        var next = byN[String(Number(li.getAttribute("data-n")) + 1)];
        if (next) lines.push("merge = " + table(JSON.parse(next.getAttribute("data-readings"))));
      }
      if (type) {
        var parts = type.split("|");
        lines.push("retype = { category = " + q(parts[1]) + ", type = " + q(parts[0]) + " }");
      }
      if (ignore) lines.push("ignore = true");
      if (note) lines.push("note = " + q(note));
      if (resp.value.trim()) lines.push("resp = " + q(resp.value.trim()));
      out.push(lines.join("\n"));
    });
    return out;
  }

  function text() {
    var made = decisions();
    count.textContent = String(made.length);
    var head = existing.replace(/\s+$/, "");
    var body = made.join("\n\n");
    var all = head && body ? head + "\n\n" + body : head || body;
    preview.textContent = all;
    return all + "\n";
  }

  document.getElementById("apparatus").addEventListener("input", text);
  document.getElementById("apparatus").addEventListener("change", text);
  resp.addEventListener("input", text);
  document.getElementById("d-download").addEventListener("click", function () {
    var blob = new Blob([text()], { type: "application/toml" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "decisions.toml";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
  text();
})();
