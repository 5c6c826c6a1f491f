// Sorting the corpus table: numbers as numbers (empty cells last), text by locale.
// The address can ask for an order (index.html#sort=-substantive), so a sorted view can be linked.
// No network, no eval: the page reads the same without this script.
document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = table.tHead.rows[0].cells;
  function sortBy(th, col, asc) {
    Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    var numeric = th.classList.contains("n");
    rows.sort(function (a, b) {
      var x = a.cells[col].dataset.v, y = b.cells[col].dataset.v;
      if (numeric) {
        if (x === "") return y === "" ? 0 : 1;
        if (y === "") return -1;
        return asc ? x - y : y - x;
      }
      return asc ? x.localeCompare(y) : y.localeCompare(x);
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(heads, function (th, col) {
    th.addEventListener("click", function () {
      sortBy(th, col, th.getAttribute("aria-sort") !== "ascending");
    });
  });
  var wanted = /(?:^#|&)sort=(-?)([^&]+)/.exec(location.hash);
  if (wanted) {
    Array.prototype.forEach.call(heads, function (th, col) {
      if (th.textContent === decodeURIComponent(wanted[2])) sortBy(th, col, wanted[1] !== "-");
    });
  }
});
