/* Staff outbox: a <form data-keep-offline> whose save fails (no network, a server error)
 * is kept on this device and sent again when the network returns or a page is opened.
 * Without this script the form posts as plain HTML. Each kept form carries its client
 * UUID (a hidden field set when the page was shown; one is made here if missing), and
 * the server stores a form under one UUID once, so a repeat never doubles anything.
 * Every text shown comes translated from the [data-outbox-status] element's attributes. */
(function () {
  "use strict";
  if (window.egekhStaffOutbox || !window.fetch || !window.localStorage || !window.URLSearchParams) { return; }
  window.egekhStaffOutbox = true;

  var KEY = "egekh.staff.outbox";
  var NOTICES = "egekh.staff.notices";
  var REFUSED = "egekh.staff.refused";
  var RETRY_MS = 20000;
  var TIMEOUT_MS = 30000;
  var status = document.querySelector("[data-outbox-status]");
  var sending = false;
  var retryTimer = null;

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key || KEY)) || []; } catch (e) { return []; }
  }
  function store(items, key) {
    try { localStorage.setItem(key || KEY, JSON.stringify(items)); return true; } catch (e) { return false; }
  }
  function text(name) { return status ? status.getAttribute("data-msg-" + name) || "" : ""; }

  /* ``state`` (sending, kept, sent, refused or empty) is also set on the element, for
   * styling and for tests that wait for it. */
  function show(message, state) {
    if (!status) { return; }
    status.setAttribute("data-state", state || "");
    var waiting = load().length;
    var refused = load(REFUSED);
    var parts = [];
    if (waiting) { parts.push(text("waiting").replace("{n}", String(waiting))); }
    if (message) { parts.push(message); }
    if (refused.length && message !== text("refused")) { parts.push(text("refused")); }
    status.textContent = parts.join(" ");
    // Each refused save links to its page, where what was typed is filled in again.
    refused.forEach(function (item) {
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = new URL(item.url, window.location.href).pathname;
      status.appendChild(document.createTextNode(" "));
      status.appendChild(link);
    });
    status.hidden = parts.length === 0 && !refused.length;
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

  function fieldsOf(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") { fields.push([name, value]); }
    });
    return fields;
  }

  function uuidOf(form) {
    var input = form.querySelector("input[name=client_uuid]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "client_uuid";
      form.appendChild(input);
    }
    if (!input.value) { input.value = newUuid(); }
    return input.value;
  }

  /* The page's current CSRF token (every staff page has one, at least in the sign-out
   * form): a token kept with a form may have expired by the time it is sent. */
  function currentToken() {
    var input = document.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  /* The server's answer to a save is a redirect to a page carrying its message ("Saved
   * for …"); fetch has read that page, so its messages are carried to the page opened. */
  function go(response) {
    return response.text().then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var notices = Array.prototype.map.call(page.querySelectorAll("main .flash"), function (p) {
        return [p.className, p.textContent];
      });
      try { sessionStorage.setItem(NOTICES, JSON.stringify(notices)); } catch (e) { /* shown without */ }
    }, function () { return null; }).then(function () { window.location.assign(response.url); });
  }

  function showNotices() {
    var notices;
    try {
      notices = JSON.parse(sessionStorage.getItem(NOTICES) || "[]");
      sessionStorage.removeItem(NOTICES);
    } catch (e) { notices = []; }
    var main = document.querySelector("main");
    if (!main) { return; }
    notices.reverse().forEach(function (notice) {
      var p = document.createElement("p");
      p.className = notice[0];
      p.setAttribute("role", "status");
      p.textContent = notice[1];
      main.insertBefore(p, main.firstChild);
    });
  }

  function keep(item) {
    var items = load().filter(function (other) { return other.id !== item.id; });
    items.push(item);
    return store(items);
  }
  /* Forget one kept save once the server decided on it; a newer save of the same form
   * kept meanwhile stays. */
  function drop(sent) {
    store(load().filter(function (item) { return item.id !== sent.id || item.at !== sent.at; }));
  }

  function post(item) {
    var body = new URLSearchParams();
    var token = currentToken();
    item.fields.forEach(function (pair) {
      body.append(pair[0], pair[0] === "csrf_token" && token ? token : pair[1]);
    });
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller && setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    return fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token || "" },
      body: body,
      redirect: "follow",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      clearTimeout(timer);
      return response;
    }, function (error) { clearTimeout(timer); throw error; });
  }

  /* "stored" (the server saved it and answered with a page to go to), "kept" (try again
   * later: no network, a server error, signed out) or "refused" (the server showed the
   * form again with its problems: nothing was stored). */
  function outcome(response) {
    var path = new URL(response.url, window.location.href).pathname;
    if (response.status >= 500 || response.status === 408 || response.status === 429) { return "kept"; }
    if (path.indexOf("/auth/login") === 0) { return "kept"; }
    if (response.ok && response.redirected) { return "stored"; }
    return "refused";
  }

  function deliver(item) {
    return post(item).then(function (response) {
      var result = outcome(response);
      if (result === "refused") { store(load(REFUSED).concat([item]), REFUSED); }
      if (result !== "kept") { drop(item); }
      return { result: result, response: response };
    }, function () { return { result: "kept" }; });
  }

  function schedule() {
    if (!retryTimer) { retryTimer = setTimeout(function () { retryTimer = null; flush(); }, RETRY_MS); }
  }

  /* Send what is kept, oldest first; stop at the first that cannot go yet. The save of
   * a form shown on this page ends by showing the server's answer: the page it leads to
   * when stored, the form with its problems when refused (as a plain post would). */
  function flush() {
    if (sending) { return; }
    var items = load();
    if (!items.length) { show(""); return; }
    sending = true;
    show(text("sending"), "sending");
    var forms = {};
    document.querySelectorAll("form[data-keep-offline]").forEach(function (form) {
      var input = form.querySelector("input[name=client_uuid]");
      if (input && input.value) { forms[input.value] = form; }
    });
    var chain = Promise.resolve(true);
    var message = "";
    var state = "";
    var follow = null;
    var refusedHere = null;
    items.forEach(function (item) {
      chain = chain.then(function (goOn) {
        if (!goOn) { return false; }
        return deliver(item).then(function (done) {
          if (done.result === "kept") { message = text("kept"); state = "kept"; return false; }
          message = done.result === "stored" ? text("sent") : text("refused");
          state = done.result === "stored" ? "sent" : "refused";
          if (forms[item.id]) {
            if (done.result === "stored") {
              follow = done.response;
            } else {
              // The page shows this form: the server's answer shows its problems.
              store(load(REFUSED).filter(function (other) { return other.id !== item.id; }), REFUSED);
              refusedHere = forms[item.id];
            }
          }
          return true;
        });
      });
    });
    chain.then(function (allSent) {
      sending = false;
      if (!allSent) { show(message, state); schedule(); return; }
      if (refusedHere) {
        refusedHere.removeAttribute("data-keep-offline");
        HTMLFormElement.prototype.submit.call(refusedHere);
      } else if (follow) {
        go(follow);
      } else if (load().length) {
        flush();  // saved while this round was under way
      } else {
        show(message, state);
      }
    });
  }

  function submit(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-keep-offline]")) { return; }
    event.preventDefault();
    var button = event.submitter;
    var item = { id: uuidOf(form), at: Date.now() + Math.random(),
                 url: form.action || window.location.href, fields: fieldsOf(form) };
    if (button && button.name) { item.fields.push([button.name, button.value]); }
    // Kept before it is sent: nothing typed is lost if the page closes meanwhile, and a
    // newer save of the same form replaces an older one still waiting.
    store(load(REFUSED).filter(function (other) { return other.id !== item.id; }), REFUSED);
    if (!keep(item)) {
      form.removeAttribute("data-keep-offline");
      HTMLFormElement.prototype.submit.call(form);
      return;
    }
    flush();
  }

  /* A page showing a form that is still kept offers what was typed, not a blank page. */
  function refill() {
    var items = load(REFUSED).concat(load());
    document.querySelectorAll("form[data-keep-offline]").forEach(function (form) {
      var action = form.action || window.location.href;
      var mine = items.filter(function (item) {
        if (item.url !== action) { return false; }
        var sameGroup = true;
        item.fields.forEach(function (pair) {
          var field = form.elements.namedItem(pair[0]);
          if (pair[0] === "group" && field && field.type === "hidden" && field.value !== pair[1]) {
            sameGroup = false;
          }
        });
        return sameGroup;
      });
      if (!mine.length) { return; }
      var last = mine[mine.length - 1];
      last.fields.forEach(function (pair) {
        if (pair[0] === "csrf_token") { return; }
        var field = form.elements.namedItem(pair[0]);
        if (field && field.type !== "submit" && field.value !== undefined) { field.value = pair[1]; }
      });
    });
  }

  showNotices();
  document.addEventListener("submit", submit);
  window.addEventListener("online", flush);
  refill();
  show("");
  flush();
}());
