// Makes the grouped area list of the account forms searchable: typing filters the
// aimags and soums shown (an aimag's name shows all its soums); chosen areas are listed
// and stay chosen while hidden. Without this script the list is a plain grouped select.
(function () {
  "use strict";
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function setUp(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "area-filter";
    box.id = select.id + "-filter";
    box.setAttribute("aria-controls", select.id);
    box.placeholder = select.dataset.filterPlaceholder || "";
    var label = document.createElement("label");
    label.htmlFor = box.id;
    label.textContent = select.dataset.filterLabel || "";
    var chosen = document.createElement("p");
    chosen.className = "hint area-chosen";
    chosen.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(chosen, select.nextSibling);
    function showChosen() {
      var names = Array.prototype.filter.call(select.options, function (o) { return o.selected; })
        .map(function (o) { return o.textContent; });
      chosen.textContent = (select.dataset.chosenLabel || "") + " " + (names.length ? names.join(", ") : "—");
    }
    box.addEventListener("input", function () {
      var query = fold(box.value.trim());
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        var groupHit = !query || fold(group.label).indexOf(query) !== -1;
        var any = false;
        Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
          var hit = groupHit || fold(option.textContent).indexOf(query) !== -1;
          option.hidden = !hit;
          any = any || hit;
        });
        group.hidden = !any;
      });
    });
    select.addEventListener("change", showChosen);
    showChosen();
  }
  document.querySelectorAll("select[data-area-picker]").forEach(setUp);
})();
