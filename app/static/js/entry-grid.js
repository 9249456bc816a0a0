/* Keyboard grids for typing in paper tallies and forms (progressive enhancement).
   Each form or indicator is a card ([data-row]); Enter or ArrowDown moves to the same box
   of the next card, ArrowUp to the card above; Tab keeps its usual meaning. Totals and
   the scale's word for a typed value are shown as you type; the server checks
   everything again on save. */
(function () {
  "use strict";

  function cellsOf(row) {
    return Array.prototype.slice.call(row.querySelectorAll("input:not([type=hidden]), select"));
  }

  function move(input, step) {
    var row = input.closest("[data-row]");
    var column = cellsOf(row).indexOf(input);
    var target = row;
    do {
      target = step > 0 ? target.nextElementSibling : target.previousElementSibling;
    } while (target && !target.hasAttribute("data-row"));
    if (target) {
      var cells = cellsOf(target);
      var next = cells[Math.min(column, cells.length - 1)];
      if (next) {
        next.focus();
        if (next.select) { next.select(); }
        if (next.scrollIntoView) { next.scrollIntoView({ block: "nearest" }); }
      }
      return true;
    }
    return false;
  }

  function number(text) {
    var value = (text || "").trim().replace(",", ".");
    return /^[0-9]+(\.[0-9]+)?$/.test(value) ? parseFloat(value) : null;
  }

  function updateRowTotal(row) {
    var cell = row.querySelector("[data-total]");
    if (!cell) { return; }
    var total = 0;
    row.querySelectorAll("[data-count]").forEach(function (input) {
      var n = number(input.value);
      if (n !== null) { total += n; }
    });
    cell.textContent = String(total);
  }

  function updateColumnTotals(grid) {
    var form = grid.closest("form") || document;
    form.querySelectorAll("[data-col-total]").forEach(function (cell) {
      var column = cell.getAttribute("data-col-total");
      var count = 0, sum = 0;
      grid.querySelectorAll('[data-score][data-col="' + column + '"]').forEach(function (input) {
        var n = number(input.value);
        if (n !== null) { count += 1; sum += n; }
      });
      cell.textContent = count ? count + " / " + (sum / count).toFixed(1) : "—";
    });
  }

  function showWord(grid, input) {
    var words;
    try { words = JSON.parse(grid.getAttribute("data-words") || "{}"); } catch (e) { words = {}; }
    var holder = input.parentNode.querySelector("[data-word]");
    if (holder) { holder.textContent = words[(input.value || "").trim().replace(",", ".")] || ""; }
  }

  document.querySelectorAll("[data-grid]").forEach(function (grid) {
    grid.addEventListener("keydown", function (event) {
      var input = event.target;
      if (!input.matches("input, select")) { return; }
      if (event.key === "Enter" || event.key === "ArrowDown") {
        if (input.tagName === "SELECT" && event.key === "ArrowDown") { return; }
        event.preventDefault();
        if (!move(input, 1) && event.key === "Enter") {
          var submit = grid.closest("form").querySelector("button[type=submit]");
          if (submit) { submit.focus(); }
        }
      } else if (event.key === "ArrowUp" && input.tagName !== "SELECT") {
        event.preventDefault();
        move(input, -1);
      }
    });
    grid.addEventListener("input", function (event) {
      var row = event.target.closest("[data-row]");
      if (row) { updateRowTotal(row); }
      if (event.target.hasAttribute("data-score")) { showWord(grid, event.target); }
      updateColumnTotals(grid);
    });
    updateColumnTotals(grid);
  });
})();
