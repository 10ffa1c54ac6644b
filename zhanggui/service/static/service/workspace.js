/*
 * The live workspace (客服工作台). The server renders every piece (rows, messages, panes); this
 * script only decides when to ask for one and where it goes:
 *  - live events (live.js's DOM events "zg:message", "zg:conversation", "zg:live-status"): a message
 *    of the open conversation fetches the messages after the last one shown and appends them (each
 *    once, by data-message-id); any event refreshes that conversation's row in the list and the
 *    tabs' counts (a row that left the tab goes, a new one comes to the top);
 *  - the composer: Ctrl+Enter sends, "/" opens the canned-reply picker, a [data-fill] item
 *    (canned reply, suggestion, knowledge) fills the composer;
 *  - the modal of the thread actions: a refused form shows again (422), "ws-done" closes it and
 *    refreshes the thread and the buyer's pane;
 *  - waiting times tick every second from data-since.
 */
(function () {
  "use strict";

  var root = document.getElementById("ws");
  if (!root) return;
  var cfg = root.dataset;

  function openId() {
    var thread = document.getElementById("ws-thread");
    return thread ? thread.dataset.conversationId : "";
  }

  function lastMessageId() {
    var last = 0;
    document.querySelectorAll("#ws-messages [data-message-id]").forEach(function (el) {
      last = Math.max(last, parseInt(el.dataset.messageId, 10) || 0);
    });
    return last;
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  function get(url) {
    return fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    });
  }

  function scrollThread() {
    var box = document.getElementById("ws-messages");
    if (box) box.scrollTop = box.scrollHeight;
  }

  // --- the thread ----------------------------------------------------------------------------------
  var loading = null;
  function loadNewMessages() {
    var id = openId();
    if (!id) return Promise.resolve();
    if (loading) return loading.then(loadNewMessages);
    var url = cfg.messagesUrl + "?c=" + id + "&after=" + lastMessageId();
    loading = get(url).then(function (html) {
      var box = document.getElementById("ws-messages");
      if (!box || openId() !== id) return;
      var nodes = fragment(html);
      nodes.querySelectorAll("[data-message-id]").forEach(function (el) {
        if (box.querySelector('[data-message-id="' + el.dataset.messageId + '"]')) el.remove();
      });
      nodes.querySelectorAll("[data-date]").forEach(function (el) {
        if (box.querySelector('[data-date="' + el.dataset.date + '"]')) el.remove();
      });
      box.appendChild(nodes);
      if (window.htmx) window.htmx.process(box);
      scrollThread();
    }).catch(function () {}).then(function () { loading = null; });
    return loading;
  }

  function refreshContext() {
    var id = openId();
    if (!id || !window.htmx) return;
    window.htmx.ajax("GET", cfg.contextUrl + "?c=" + id, { target: "#ws-context", swap: "innerHTML" });
  }

  function refreshConversation() {
    var id = openId();
    if (!id || !window.htmx) return;
    window.htmx.ajax("GET", cfg.conversationUrl + "?c=" + id, { target: "#ws-main", swap: "innerHTML" });
  }

  // --- the list ------------------------------------------------------------------------------------
  function currentTab() {
    var rows = document.getElementById("ws-rows");
    return (rows && rows.dataset.tab) || cfg.tab;
  }

  function refreshRow(conversationId, moveToTop) {
    var url = cfg.rowUrl + "?tab=" + encodeURIComponent(currentTab()) + "&c=" + conversationId;
    return get(url).then(function (html) {
      var nodes = fragment(html);
      nodes.querySelectorAll("[data-counts] [data-count]").forEach(function (count) {
        document.querySelectorAll('#ws-list [data-count="' + count.dataset.count + '"]').forEach(function (badge) {
          badge.textContent = count.textContent;
        });
      });
      var rows = document.getElementById("ws-rows");
      if (!rows) return;
      var existing = document.getElementById("ws-row-" + conversationId);
      var fresh = nodes.querySelector(".ws-row");
      if (!fresh) { if (existing) existing.remove(); return; }
      if (String(conversationId) === openId()) fresh.classList.add("active");
      var empty = rows.querySelector(".ws-rows-empty");
      if (empty) empty.remove();
      if (existing && !moveToTop) existing.replaceWith(fresh);
      else { if (existing) existing.remove(); rows.insertBefore(fresh, rows.firstChild); }
      if (window.htmx) window.htmx.process(fresh);
      tick();
    }).catch(function () {});
  }

  // --- live events ---------------------------------------------------------------------------------
  document.addEventListener("zg:message", function (event) {
    var message = event.detail && event.detail.message;
    if (!message) return;
    var id = String(message.conversation_id);
    // The suggestions fragment re-reads itself on zg:message (the suggestions area's own trigger).
    if (id === openId()) loadNewMessages();
    refreshRow(id, true);
  });

  document.addEventListener("zg:conversation", function (event) {
    var conversation = event.detail && event.detail.conversation;
    if (!conversation) return;
    refreshRow(String(conversation.id), false);
    // The open conversation was resolved, transferred or taken: its header and actions follow,
    // unless the agent is in the middle of writing (the next action refreshes it anyway).
    var thread = document.getElementById("ws-thread");
    var body = document.getElementById("ws-body");
    if (thread && String(conversation.id) === openId() && (!body || !body.value)) {
      var assignee = conversation.assignee_id === null ? "" : String(conversation.assignee_id);
      if (thread.dataset.status !== conversation.status || thread.dataset.assignee !== assignee) refreshConversation();
    }
  });

  document.addEventListener("zg:live-status", function (event) {
    var state = event.detail && event.detail.state;
    var dot = document.getElementById("ws-live");
    if (!dot) return;
    dot.dataset.state = state || "";
    dot.title = state === "offline" ? cfg.offlineText : "";
  });

  if (window.ZhangguiLive && cfg.socketUrl) {
    window.ZhangguiLive.connect({ url: cfg.socketUrl, catchUpUrl: cfg.catchUpUrl || null, lastId: 0 });
  }

  // --- htmx: answers of the composer and the actions -----------------------------------------------
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    // A refused form (422) is shown again with its errors, like any answer.
    if (event.detail.xhr && event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.body.addEventListener("ws-sent", function () {
    var body = document.getElementById("ws-body");
    if (body) body.value = "";
    var error = document.getElementById("ws-composer-error");
    if (error) error.textContent = "";
    closeCanned();
    loadNewMessages();
  });

  // A card (order, tracking, product) or a picture went out: the thread shows it; what the agent was writing stays.
  document.body.addEventListener("ws-card-sent", function () {
    // The same picture chosen again must be a change again.
    document.querySelectorAll("[data-image-upload]").forEach(function (input) { input.value = ""; });
    var error = document.getElementById("ws-composer-error");
    if (error) error.textContent = "";
    loadNewMessages();
  });

  document.body.addEventListener("ws-done", function () {
    window.setTimeout(function () {
      var close = document.getElementById("ws-modal-close");
      if (close) close.click();
    }, 900);
    loadNewMessages();
    refreshContext();
  });

  document.body.addEventListener("ws-changed", function (event) {
    var id = event.detail && event.detail.conversation;
    if (id) refreshRow(String(id), false);
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target) return;
    if (target.id === "ws-main") {
      scrollThread();
      var id = openId();
      document.querySelectorAll("#ws-rows .ws-row").forEach(function (row) {
        row.classList.toggle("active", row.dataset.conversationId === id);
      });
    }
    if (target.id === "ws-list") tick();
  });

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    // A fresh modal says it is loading rather than showing the last action's form.
    var target = event.detail.target;
    if (target && target.id === "ws-modal-body" && event.detail.requestConfig.verb === "get") {
      target.innerHTML = '<div class="modal-body text-secondary">…</div>';
    }
  });

  // --- the composer --------------------------------------------------------------------------------
  function canned() { return document.getElementById("ws-canned"); }

  function closeCanned() {
    var box = canned();
    if (box) { box.classList.add("d-none"); box.innerHTML = ""; }
  }

  var cannedTimer = null;
  function openCanned(query) {
    var box = canned();
    if (!box || !box.dataset.url || !window.htmx) return;
    box.classList.remove("d-none");
    window.clearTimeout(cannedTimer);
    cannedTimer = window.setTimeout(function () {
      window.htmx.ajax("GET", box.dataset.url + "&q=" + encodeURIComponent(query || ""), { target: box, swap: "innerHTML" });
    }, 120);
  }

  document.addEventListener("input", function (event) {
    if (event.target.id !== "ws-body") return;
    var value = event.target.value;
    // "/退" asks for the replies whose shortcut starts so; a bare "/" lists them all.
    if (value.charAt(0) === "/") {
      var typed = value.split(/\s/)[0];
      openCanned(typed.length > 1 ? typed : "");
    }
    else closeCanned();
  });

  document.addEventListener("keydown", function (event) {
    if (event.target.id !== "ws-body") return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      var form = document.getElementById("ws-composer");
      if (form) form.requestSubmit();
    } else if (event.key === "Escape") {
      closeCanned();
    }
  });

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-canned-open]");
    if (opener) {
      event.preventDefault();
      var box = canned();
      if (box && !box.classList.contains("d-none")) closeCanned(); else openCanned("");
      return;
    }
    var item = event.target.closest("[data-fill]");
    if (item && root.contains(item)) {
      event.preventDefault();
      var body = document.getElementById("ws-body");
      if (!body) return;
      body.value = item.dataset.fill;
      if (item.dataset.usedUrl) tellUsed(item.dataset.usedUrl);
      closeCanned();
      body.focus();
      body.setSelectionRange(body.value.length, body.value.length);
      filled(item).then(function (text) {
        if (text !== item.dataset.fill && body.value === item.dataset.fill) body.value = text;
      });
    }
  });

  // A suggested canned reply comes with its variables ({订单号} …) as written: the canned picker
  // gives the same reply filled for this conversation (found by its shortcut, else its title).
  function filled(item) {
    var box = canned();
    var text = item.dataset.fill;
    if (!item.dataset.canned || !/\{[^}]+\}/.test(text) || !box || !box.dataset.url) return Promise.resolve(text);
    var code = item.querySelector("code");
    var title = item.querySelector("strong");
    var query = code ? code.textContent.trim() : (title ? title.textContent.trim() : "");
    return get(box.dataset.url + "&q=" + encodeURIComponent(query)).then(function (html) {
      var found = fragment(html).querySelector('[data-canned="' + item.dataset.canned + '"]');
      return found ? found.dataset.fill : text;
    }).catch(function () { return text; });
  }

  // The canned-replies area orders its picker by use.
  function tellUsed(url) {
    var headers = {};
    try { headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}"); } catch (e) { headers = {}; }
    fetch(url, { method: "POST", credentials: "same-origin", headers: headers }).catch(function () {});
  }

  // --- waiting times -------------------------------------------------------------------------------
  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("#ws-list .ws-wait[data-since]").forEach(function (el) {
      var since = Date.parse(el.dataset.since);
      if (isNaN(since)) return;
      var seconds = Math.max(0, Math.floor((now - since) / 1000));
      var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
      el.textContent = h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
      el.classList.toggle("ws-wait-long", seconds >= 300);
    });
  }

  window.setInterval(tick, 1000);
  tick();
  scrollThread();
})();
