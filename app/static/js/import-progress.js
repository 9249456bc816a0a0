/* Polls the import job and moves the progress bar; reloads the page when it ends. */
(function () {
  "use strict";
  var bar = document.getElementById("import-progress");
  if (!bar || !window.fetch) { return; }
  var count = document.getElementById("import-count");
  function poll() {
    fetch(bar.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        bar.value = job.processed;
        if (count) { count.textContent = job.processed + " / " + job.total; }
        if (job.state === "importing") { window.setTimeout(poll, 1500); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
