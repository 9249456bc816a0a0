/* Egekh scorecard: autosave on this phone, send as JSON, keep unsent answers queued.
 * Without this script the form posts as plain HTML; with it nothing is lost offline.
 * Every text shown comes translated from the page's data- attributes. */
(function () {
  "use strict";
  var form = document.getElementById("scorecard");
  if (!form || !window.fetch || !window.JSON || !window.localStorage) { return; }

  var QUEUE = "egekh.queue";
  var SENT = "egekh.sent";
  var DRAFT = "egekh.draft." + form.getAttribute("data-json-url");
  var RETRY_MS = 15000;
  var TIMEOUT_MS = 20000;
  var status = document.getElementById("status");
  var uuidInput = form.elements.namedItem("uuid");
  var sending = false;
  var shared = form.getAttribute("data-shared") === "yes";

  function load(key, fallback) {
    try { var v = JSON.parse(localStorage.getItem(key)); return v === null ? fallback : v; }
    catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage full or off */ }
  }
  function text(name) { return form.getAttribute("data-msg-" + name) || ""; }
  function say(message, kind) {
    status.textContent = message;
    status.className = "status" + (kind ? " " + kind : "");
  }

  function newUuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function answers() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.disabled) { return; }
      if (el.type === "radio") { if (el.checked) { data[el.name] = el.value; } }
      else if (el.type === "checkbox") { if (el.checked) { data[el.name] = true; } }
      else if (el.tagName !== "BUTTON") { data[el.name] = el.value; }
    });
    return data;
  }

  function fill(data) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data) || el.name === "csrf_token") { return; }
      if (el.type === "radio") { el.checked = el.value === data[el.name]; }
      else if (el.type === "checkbox") { el.checked = !!data[el.name]; }
      else if (el.tagName !== "BUTTON") { el.value = data[el.name]; }
    });
  }

  function wasSent(id) { return load(SENT, []).indexOf(id) >= 0; }
  function isQueued(id) {
    return load(QUEUE, []).some(function (item) { return item.body.uuid === id; });
  }
  function markSent(id) {
    var sent = load(SENT, []);
    sent.push(id);
    save(SENT, sent.slice(-50));
  }
  function unqueue(id) {
    save(QUEUE, load(QUEUE, []).filter(function (item) { return item.body.uuid !== id; }));
  }

  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll(".js-error"), function (p) {
      p.parentNode.removeChild(p);
    });
  }
  function showErrors(fields) {
    var first = null;
    Object.keys(fields || {}).forEach(function (name) {
      var box = document.getElementById("f-" + name);
      if (!box) { return; }
      var p = document.createElement("p");
      p.className = "error js-error";
      p.textContent = fields[name].join(" ");
      var head = box.querySelector("legend, label");
      box.insertBefore(p, head ? head.nextSibling : box.firstChild);
      first = first || box;
    });
    if (first && first.scrollIntoView) { first.scrollIntoView(); }
  }

  function startOver() {
    form.reset();
    uuidInput.value = newUuid();
    save(DRAFT, null);
    window.scrollTo(0, 0);
  }

  function succeeded(item, result) {
    unqueue(item.body.uuid);
    markSent(item.body.uuid);
    if (shared) {
      if (item.body.uuid === uuidInput.value) { startOver(); }
      say(text("sent") + " " + result.receipt, "sent");
    } else if (item.url === form.getAttribute("data-json-url")) {
      save(DRAFT, null);
      window.location.assign(result.thanks_url);
    }
  }

  function refused(item, error) {
    unqueue(item.body.uuid);
    if (item.body.uuid !== uuidInput.value) { return; }
    say(error.message || text("invalid"), "error");
    showErrors(error.fields);
  }

  function freshToken() {
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var m = /data-csrf="([^"]+)"/.exec(html);
        if (m) { form.setAttribute("data-csrf", m[1]); }
      });
  }

  function post(item) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller && setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    return fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": form.getAttribute("data-csrf") },
      body: JSON.stringify(item.body),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      clearTimeout(timer);
      return response.json().catch(function () { return {}; }).then(function (json) {
        return { status: response.status, json: json };
      });
    }, function (e) { clearTimeout(timer); throw e; });
  }

  /* Send one queued response. Resolves true when the server decided (stored or refused),
   * false when it should stay queued (offline, timeout, server error, rate limit). */
  function deliver(item, tokenRetried) {
    return post(item).then(function (r) {
      if (r.status === 200 || r.status === 201) { succeeded(item, r.json); return true; }
      var error = r.json.error || {};
      if (r.status === 400 && !error.code && !tokenRetried) {
        return freshToken().then(function () { return deliver(item, true); });
      }
      if (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429) {
        refused(item, error);
        return true;
      }
      return false;
    }, function () { return false; });
  }

  function flush() {
    if (sending) { return; }
    var queue = load(QUEUE, []);
    if (!queue.length) { return; }
    sending = true;
    var waiting = false;
    var chain = Promise.resolve();
    queue.forEach(function (item) {
      chain = chain.then(function () { return deliver(item, false); }).then(function (done) {
        waiting = waiting || !done;
      });
    });
    chain.then(function () {
      sending = false;
      if (waiting) {
        say(text("queued"), "queued");
        setTimeout(flush, RETRY_MS);
      }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors();
    var item = { url: form.getAttribute("data-json-url"), body: answers() };
    unqueue(item.body.uuid);
    var queue = load(QUEUE, []);
    queue.push(item);
    save(QUEUE, queue);
    say(text("sending"));
    flush();
  });

  function remember() { save(DRAFT, answers()); }
  form.addEventListener("change", remember);
  form.addEventListener("input", remember);
  window.addEventListener("online", flush);

  // A page opened from the phone's cache may carry the UUID of an answer already sent.
  var draft = load(DRAFT, null);
  var mine = load(QUEUE, []).filter(function (item) {
    return item.url === form.getAttribute("data-json-url");
  });
  if (mine.length && !shared) {
    fill(mine[mine.length - 1].body);
    say(text("queued"), "queued");
  } else if (draft && draft.uuid && !wasSent(draft.uuid) && !isQueued(draft.uuid)) {
    fill(draft);
    say(text("restored"));
  } else if (wasSent(uuidInput.value) || isQueued(uuidInput.value)) {
    uuidInput.value = newUuid();
  }
  flush();

  if (navigator.serviceWorker && form.getAttribute("data-sw-url")) {
    navigator.serviceWorker.register(form.getAttribute("data-sw-url"), { scope: "/j/" })
      .catch(function () { /* the page still works without it */ });
  }
}());
