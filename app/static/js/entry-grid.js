/* Keyboard grids for typing in paper tallies and forms (progressive enhancement).
   Enter or ArrowDown moves to the same column of the next row, ArrowUp to the row above;
   Tab keeps its usual meaning. Totals are recomputed as you type; the server checks
   everything again on save. */
(function () {
  "use strict";

  function cellsOf(row) {
    return Array.prototype.slice.call(row.querySelectorAll("input, select"));
  }

  function move(input, step) {
    var row = input.closest("tr");
    var column = cellsOf(row).indexOf(input);
    var target = row;
    do {
      target = step > 0 ? target.nextElementSibling : target.previousElementSibling;
    } while (target && !target.hasAttribute("data-row"));
    if (target) {
      var cells = cellsOf(target);
      var next = cells[Math.min(column, cells.length - 1)];
      if (next) { next.focus(); if (next.select) { next.select(); } }
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
    cell.firstChild.nodeValue = String(total);
  }

  function updateColumnTotals(table) {
    table.querySelectorAll("[data-col-total]").forEach(function (cell) {
      var column = cell.getAttribute("data-col-total");
      var count = 0, sum = 0;
      table.querySelectorAll('[data-score][data-col="' + column + '"]').forEach(function (input) {
        var n = number(input.value);
        if (n !== null) { count += 1; sum += n; }
      });
      cell.textContent = count ? count + " / " + (sum / count).toFixed(1) : "—";
    });
  }

  document.querySelectorAll("table[data-grid]").forEach(function (table) {
    table.addEventListener("keydown", function (event) {
      var input = event.target;
      if (!input.matches("input, select")) { return; }
      if (event.key === "Enter" || event.key === "ArrowDown") {
        if (input.tagName === "SELECT" && event.key === "ArrowDown") { return; }
        event.preventDefault();
        if (!move(input, 1) && event.key === "Enter") {
          var submit = table.closest("form").querySelector("button[type=submit]");
          if (submit) { submit.focus(); }
        }
      } else if (event.key === "ArrowUp" && input.tagName !== "SELECT") {
        event.preventDefault();
        move(input, -1);
      }
    });
    table.addEventListener("input", function (event) {
      var row = event.target.closest("tr");
      if (row) { updateRowTotal(row); }
      updateColumnTotals(table);
    });
    updateColumnTotals(table);
  });
})();
