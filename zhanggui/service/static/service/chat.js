/* The website chat widget: shows the visitor's thread, sends their messages, and keeps up with the
   answers — over the buyer websocket when the live layer offers it (ZhangguiLive), and by polling
   the history endpoint while the socket is down. Messages are merged by id, so each shows once. */
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root) { return; }
  var log = document.getElementById("chat-log");
  var form = document.getElementById("chat-form");
  var text = document.getElementById("chat-text");
  var image = document.getElementById("chat-image");
  var errorBox = document.getElementById("chat-error");
  var statusBox = document.getElementById("chat-status");
  var url = root.dataset.messagesUrl;
  var pollMs = parseInt(root.dataset.pollMs, 10) || 3000;
  var seen = {};
  var lastId = 0;
  var socketUp = false;
  var timer = null;

  function time(iso) {
    var d = new Date(iso);
    if (isNaN(d)) { return ""; }
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function content(message, bubble) {
    var payload = message.payload || {};
    if (message.image_url) {
      var img = document.createElement("img");
      img.src = message.image_url;
      img.alt = root.dataset.tImage;
      bubble.appendChild(img);
    } else if (/^https?:\/\//i.test(String(payload.image_url || ""))) {
      var a = document.createElement("a");
      a.href = payload.image_url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      a.textContent = root.dataset.tImage;
      bubble.appendChild(a);
    } else if (message.kind === "order" && payload.number) {
      bubble.appendChild(document.createTextNode(root.dataset.tOrder + " " + payload.number));
    } else if (message.kind === "product" && payload.title) {
      bubble.appendChild(document.createTextNode(root.dataset.tProduct + " " + payload.title));
    } else if (message.kind === "call") {
      bubble.appendChild(document.createTextNode(root.dataset.tCall));
    }
    if (message.body) {
      if (bubble.firstChild) { bubble.appendChild(document.createElement("br")); }
      bubble.appendChild(document.createTextNode(message.body));
    }
  }

  function show(message) {
    if (!message || message.is_internal || seen[message.id]) { return; }
    seen[message.id] = true;
    if (message.id > lastId) { lastId = message.id; }
    var li = document.createElement("li");
    li.className = "msg msg-" + (message.sender_kind || "system");
    li.dataset.id = message.id;
    var bubble = document.createElement("div");
    bubble.className = "bubble";
    content(message, bubble);
    var when = document.createElement("span");
    when.className = "time";
    when.textContent = time(message.created_at);
    bubble.appendChild(when);
    li.appendChild(bubble);
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
  }

  function offline(isOffline) {
    // Said while the socket is down; the page keeps polling meanwhile, so nothing is missed.
    if (isOffline) {
      statusBox.textContent = root.dataset.tOffline;
      statusBox.hidden = false;
      statusBox.dataset.offline = "1";
    } else if (statusBox.dataset.offline) {
      statusBox.hidden = true;
      delete statusBox.dataset.offline;
    }
  }

  function queue(position) {
    if (position === null || position === undefined) {
      statusBox.hidden = true;
      return;
    }
    statusBox.textContent = root.dataset.tQueue.replace("{count}", String(position));
    statusBox.hidden = false;
  }

  function catchUp() {
    var query = lastId ? "?after=" + lastId : "";
    return fetch(url + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        (data.messages || []).forEach(show);
        queue(data.queue_position);
      })
      .catch(function () { /* the next round tries again */ });
  }

  function poll() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      (socketUp ? Promise.resolve() : catchUp()).then(poll);
    }, pollMs);
  }

  function fail(message) {
    errorBox.textContent = message || root.dataset.tFailed;
    errorBox.hidden = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!text.value.trim() && !(image.files && image.files.length)) { return; }
    var body = new FormData(form);
    body.append("client_id", "w" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8));
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    errorBox.hidden = true;
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": root.dataset.csrf, Accept: "application/json" }
    })
      .then(function (r) {
        return r.json().then(function (data) { return { ok: r.ok, data: data }; });
      })
      .then(function (answer) {
        if (!answer.ok) {
          var field = (answer.data.errors || [])[0];
          fail(field ? field.message : answer.data.message);
          return;
        }
        text.value = "";
        image.value = "";
        show(answer.data.message);
        catchUp();
      })
      .catch(function () { fail(); })
      .then(function () { button.disabled = false; });
  });

  text.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  image.addEventListener("change", function () {
    if (image.files && image.files.length) { form.requestSubmit(); }
  });

  if (root.dataset.socketUrl && window.ZhangguiLive) {
    // live.js: onMessage(message) once per message, onStatus("connecting" | "open" | "catching-up" |
    // "live" | "offline"). This page catches up itself (its history endpoint also brings pictures'
    // URLs and the queue position): once when the socket goes live, and for each picture.
    window.ZhangguiLive.connect({
      url: root.dataset.socketUrl,
      catchUpUrl: "",
      onMessage: function (message) {
        if (message && !message.has_image) { show(message); } else { catchUp(); }
      },
      onStatus: function (state) {
        var wasUp = socketUp;
        socketUp = state === "live";
        if (socketUp && !wasUp) { catchUp(); }
        offline(state === "offline");
      }
    });
  }
  catchUp().then(poll);
})();
