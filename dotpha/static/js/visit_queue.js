/* A visit logged without signal: saved on the phone (IndexedDB, with its photos) and sent when the signal
 * comes back, exactly once. Each opening of the visit form makes an idempotency key; the server records a
 * visit sent twice under the same key once (monitoring.services.visit_log). A visit is removed from the
 * phone only when the server has answered that it is recorded.
 *
 * Also registers the service worker (static/js/sw.js), which keeps the visit form for offline use.
 * Loaded on every page: the "Chờ gửi (N)" counter and the sending work wherever the cadre is. */
(function () {
  "use strict";

  var DB_NAME = "dotpha-visit-queue";
  var STORE = "visits";

  function meta(name) {
    var tag = document.querySelector('meta[name="' + name + '"]');
    return tag ? tag.content : "";
  }

  var USER = meta("dotpha-user");
  var worker = meta("dotpha-service-worker");

  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker, { scope: "/" }).catch(function () { /* no offline copy: the page still works online */ });
  }

  if (!USER || !("indexedDB" in window)) return;

  function uuid4() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "key" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function inStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
        tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function put(item) { return inStore("readwrite", function (s) { return s.put(item); }); }
  function remove(key) { return inStore("readwrite", function (s) { return s.delete(key); }); }
  function mine() {
    return inStore("readonly", function (s) { return s.getAll(); }).then(function (items) {
      return (items || []).filter(function (i) { return i.user === USER; })
        .sort(function (a, b) { return a.queuedAt - b.queuedAt; });
    });
  }

  var counter = document.getElementById("visit-queue");
  var note = document.getElementById("visit-queue-note");
  var texts = note ? note.dataset : {};

  function field(item, name) {
    var found = item.entries.find(function (e) { return e[0] === name; });
    return found ? found[1] : "";
  }

  function refresh() {
    return mine().then(function (items) {
      if (counter) {
        counter.textContent = counter.dataset.label + " (" + items.length + ")";
        counter.hidden = items.length === 0;
      }
      if (!note) return;
      var refused = items.filter(function (i) { return i.error; });
      note.replaceChildren();
      refused.forEach(function (item) {
        var line = document.createElement("div");
        line.className = "d-flex flex-wrap gap-2 align-items-center";
        line.dataset.refused = item.key;
        var message = document.createElement("span");
        message.textContent = texts.refused.replace("{day}", field(item, "visit_date")) + " " + item.error;
        var drop = document.createElement("button");
        drop.type = "button";
        drop.className = "btn btn-sm btn-outline-danger";
        drop.textContent = texts.drop;
        drop.addEventListener("click", function () { remove(item.key).then(refresh); });
        line.append(message, drop);
        note.append(line);
      });
      note.hidden = refused.length === 0;
      // styled only while it shows: a hidden box must not pass for the page's own error message
      note.className = note.hidden ? "" : "alert alert-danger";
    });
  }

  function say(text, kind) {
    var box = document.getElementById("visit-queue-status");
    if (!box) return;
    box.className = "alert alert-" + kind;
    box.textContent = text;
    box.hidden = false;
  }

  // The answer to one sending: sent (with the visit's page), refused (with the reasons), or try later
  // (no signal, signed out, server error).
  function send(item) {
    var body = new FormData();
    item.entries.forEach(function (e) {
      if (e[1] instanceof Blob) body.append(e[0], e[1], e[1].name); else body.append(e[0], e[1]);
    });
    return fetch(item.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": meta("csrf-token") }
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) return { later: true };
      return response.json().then(function (data) {
        if (response.ok) return remove(item.key).then(function () { return { sent: true, url: data.url }; });
        return { refused: true, errors: data.errors || [] };
      });
    }, function () { return { later: true }; });
  }

  var flushing = null;

  function flush() {
    if (flushing) return flushing;
    flushing = mine().then(function (items) {
      var sent = 0;
      var chain = Promise.resolve(false);
      items.filter(function (i) { return !i.error; }).forEach(function (item) {
        chain = chain.then(function (stop) {
          if (stop) return true;
          return send(item).then(function (outcome) {
            if (outcome.sent) { sent += 1; return false; }
            if (outcome.refused) { item.error = outcome.errors.join(" "); return put(item).then(function () { return false; }); }
            return true;
          });
        });
      });
      return chain.then(function () {
        if (sent) say(texts.sent.replace("{n}", sent), "success");
      });
    }).finally(function () { flushing = null; return refresh(); });
    return flushing;
  }

  var form = document.querySelector("form[data-visit-queue]");
  if (form) {
    var key = form.elements.idempotency_key;
    key.value = uuid4();
    var setToday = function () {
      // the phone's copy of the form may be days old: today is the day it is filled in
      if (!("fresh" in form.dataset) || !form.elements.visit_date) return;
      var now = new Date();
      form.elements.visit_date.value = [now.getDate(), now.getMonth() + 1].map(function (n) {
        return String(n).padStart(2, "0");
      }).join("/") + "/" + now.getFullYear();
    };
    setToday();
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.ready.then(function (registration) {
        if (registration.active) registration.active.postMessage({ type: "keep-page", path: location.pathname });
      });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var entries = Array.from(new FormData(form).entries()).filter(function (e) {
        return e[0] !== "csrfmiddlewaretoken" && !(e[1] instanceof Blob && !e[1].name && e[1].size === 0);
      });
      var item = { key: key.value, user: USER, url: form.getAttribute("action") || location.pathname,
        entries: entries, queuedAt: Date.now(), error: "" };
      var button = form.querySelector("[type=submit]");
      button.disabled = true;
      // kept on the phone before anything is sent: a page closed mid-way loses nothing
      put(item).then(function () { return send(item); }).then(function (outcome) {
        if (outcome.sent) { location.assign(outcome.url); return; }
        if (outcome.refused) {
          // the cadre is here to correct it: the form keeps what was typed, the phone forgets the copy
          say(outcome.errors.join(" "), "danger");
          return remove(item.key).then(function () { key.value = uuid4(); });
        }
        form.reset();
        setToday();
        key.value = uuid4();
        say(texts.saved, "warning");
      }).catch(function () {
        say(texts.failed, "danger");
      }).finally(function () {
        button.disabled = false;
        refresh();
      });
    });
  }

  var logout = document.querySelector("form[data-logout]");
  if (logout && "serviceWorker" in navigator) {
    logout.addEventListener("submit", function () {
      // the kept visit form is the signed-in person's page: not left on a shared phone
      if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ type: "forget-pages" });
    });
  }

  window.addEventListener("online", flush);
  refresh().then(function () { if (navigator.onLine) flush(); });
})();
