/* Refreshes the projector view from its JSON endpoint every 5 seconds (aggregates only),
   each side (community, providers) in its own section. */
(function () {
  "use strict";
  var root = document.getElementById("projector");
  if (!root || !window.fetch) { return; }
  var url = root.getAttribute("data-url");

  function setText(element, value) { if (element) { element.textContent = String(value); } }

  function applySide(side) {
    var part = root.querySelector('[data-side="' + side.side + '"]');
    if (!part) { return; }
    ["people", "responses", "answers"].forEach(function (key) {
      setText(part.querySelector('[data-live="' + key + '"]'), side.counts[key]);
    });
    side.groups.forEach(function (group) {
      var row = part.querySelector('[data-group="' + group.id + '"]');
      if (!row) { return; }
      ["female", "male", "other", "undisclosed", "total"].forEach(function (key) {
        setText(row.querySelector('[data-key="' + key + '"]'), group[key]);
      });
    });
    side.indicators.forEach(function (indicator) {
      var section = part.querySelector('[data-indicator="' + indicator.id + '"]');
      if (!section) { return; }
      Object.keys(indicator.counts).forEach(function (point) {
        var bar = section.querySelector('progress[data-point="' + point + '"]');
        if (bar) { bar.max = indicator.total || 1; bar.value = indicator.counts[point]; }
        setText(section.querySelector('[data-count="' + point + '"]'), indicator.counts[point]);
      });
    });
  }

  function apply(data) {
    (data.sides || []).forEach(applySide);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { apply(data); } })
      .catch(function () { /* keep the last figures; try again later */ })
      .then(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 5000);
})();
