// The village clerk's visit page (/surveys/<id>/visit/): nothing typed is lost to bad signal.
// Each saved visit is first written to localStorage under its own key (the visit's client key),
// then sent; it leaves storage only once the server has answered for it. The server stores a
// key once and answers the same for the same key, so sending again after a lost answer is safe.
// Sent again on the browser's "online" event, on "Send now", on opening the page, every 30 s.
// No inline script (CSP): everything hangs on data-* attributes of the page.
(function () {
  "use strict";

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().replace(/-/g, "");
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function attach() {
    var root = document.querySelector("[data-survey]");
    if (!root) return;
    var form = root.querySelector("[data-visit-form]");
    var prefix = root.dataset.store;
    var refusedPrefix = prefix.replace("homeward.surveys.", "homeward.surveys-refused.");
    var url = root.dataset.recordUrl;
    var counter = root.querySelector("[data-pending]");
    var log = root.querySelector("[data-log]");
    var sending = false;

    function pendingKeys() {
      var keys = [];
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        if (k && k.indexOf(prefix) === 0) keys.push(k);
      }
      return keys.sort();
    }

    function show() {
      counter.textContent = root.dataset.pendingText.replace("{n}", pendingKeys().length);
    }

    function note(text) {
      var li = document.createElement("li");
      li.textContent = text;
      log.insertBefore(li, log.firstChild);
      while (log.children.length > 5) log.removeChild(log.lastChild);
    }

    function csrf() {
      var field = form && form.querySelector("input[name=csrfmiddlewaretoken]");
      return field ? field.value : "";
    }

    function sendOne(storeKey) {
      var entry = JSON.parse(localStorage.getItem(storeKey) || "null");
      if (!entry) return Promise.resolve(true);
      var body = new URLSearchParams();
      entry.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
      return fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf(), "Accept": "application/json" },
      }).then(function (response) {
        if (response.status === 403 || response.status >= 500 || response.redirected) {
          note(root.dataset.signinText);
          return false;  // kept: the session or the server, not the visit
        }
        return response.json().then(function (answer) {
          if (!answer.ok) {
            // Refused (a wrong date, a person of another village): kept aside, never resent.
            localStorage.setItem(storeKey.replace(prefix, refusedPrefix), JSON.stringify(entry));
          }
          localStorage.removeItem(storeKey);
          note(answer.ok ? root.dataset.sentText.replace("{name}", answer.name) : entry.label + "：" + answer.error);
          return true;
        });
      });
    }

    function flush() {
      if (sending) return;
      var keys = pendingKeys();
      if (!keys.length) return;
      sending = true;
      var chain = Promise.resolve(true);
      keys.forEach(function (k) {
        chain = chain.then(function (goOn) { return goOn ? sendOne(k) : false; });
      });
      chain.catch(function () { note(root.dataset.offlineText); })
        .then(function () { sending = false; show(); });
    }

    if (form) {
      var worker = form.querySelector("input[name=worker]");
      var key = form.querySelector("input[name=client_key]");
      var chosen = form.querySelector("[data-chosen]");
      var label = chosen.textContent;
      key.value = newKey();
      root.querySelectorAll("[data-person]").forEach(function (link) {
        link.addEventListener("click", function (event) {
          event.preventDefault();
          worker.value = link.dataset.person;
          label = link.dataset.label;
          chosen.textContent = label;
          key.value = newKey();
          form.scrollIntoView({ behavior: "smooth" });
        });
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!worker.value) { note(root.dataset.chooseText); return; }
        var fields = [];
        new FormData(form).forEach(function (value, name) {
          if (name !== "csrfmiddlewaretoken") fields.push([name, String(value)]);
        });
        localStorage.setItem(prefix + key.value, JSON.stringify({ fields: fields, label: label, at: Date.now() }));
        form.reset();  // the next visit starts blank, as another visit with a key of its own
        key.value = newKey();
        worker.value = "";
        chosen.textContent = "—";
        show();
        flush();
      });
    }

    var search = root.querySelector("[data-search]");
    if (search) {
      search.addEventListener("input", function () {
        var text = search.value.trim();
        root.querySelectorAll("[data-people] li[data-name]").forEach(function (li) {
          li.hidden = text !== "" && li.dataset.name.indexOf(text) === -1;
        });
      });
    }

    root.querySelector("[data-pending-box]").hidden = false;  // a queue only with the script
    root.querySelector("[data-retry]").addEventListener("click", flush);
    window.addEventListener("online", flush);
    window.setInterval(function () { if (navigator.onLine) flush(); }, 30000);
    show();
    flush();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attach);
  else attach();
})();
