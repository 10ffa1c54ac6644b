/*
 * ZhangguiLive — the live layer's client for the agent workspace and the buyer's chat widget.
 * No dependencies; load with <script src="{% static 'service/live.js' %}"></script>.
 *
 *   var live = window.ZhangguiLive.connect({
 *     url: "/ws/service/",                        // agent workspace (session cookie), or
 *                                                 // "/ws/chat/<store code>/?token=<visitor token>"
 *     catchUpUrl: "/service/live/catch-up",       // or "/chat/<store code>/messages?token=<token>"
 *     onMessage: function (message, conversation) {},  // each message once (conversation: agent side)
 *     onConversation: function (conversation) {},      // a conversation's new row (agent side)
 *     onStatus: function (state) {},   // "connecting" | "open" | "catching-up" | "live" | "offline"
 *     lastId: 0,                       // the highest message id the page already shows (optional)
 *     seen: [ids],                     // ids the page already shows (optional)
 *   });
 *   live.close();  live.state();  live.lastId();  live.remember(message)  // e.g. after a POST
 *
 * The same happens as DOM CustomEvents on `document`: "zg:message" (detail {message, conversation}),
 * "zg:conversation" (detail {conversation}), "zg:live-status" (detail {state}).
 *
 * On every (re)connect it opens the socket, then asks catchUpUrl?after=<highest id>&seen_at=<time
 * of the last event> and merges the answer ({messages, conversations, last_id}, or a plain list of
 * messages) with the socket's events by message id: each message is handed on once, whichever
 * arrives first. The server returns a margin below `after` (ids commit out of order), dropped here.
 * Reconnects back off exponentially (1 s … 30 s) with jitter; a ping every 25 s that gets no
 * pong within 10 s closes the socket as dead and reconnects.
 */
(function (window, document) {
  "use strict";

  var PING_EVERY = 25000;
  var PONG_WITHIN = 10000;
  var BACKOFF_MIN = 1000;
  var BACKOFF_MAX = 30000;
  var SEEN_MAX = 5000;

  function emit(name, detail) {
    try {
      document.dispatchEvent(new CustomEvent(name, { detail: detail }));
    } catch (e) { /* old browsers: the callbacks still run */ }
  }

  function socketUrl(url) {
    if (/^wss?:\/\//.test(url)) return url;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    return scheme + window.location.host + url;
  }

  function withQuery(url, params) {
    var parts = [];
    for (var key in params) {
      if (params[key] !== null && params[key] !== undefined && params[key] !== "") {
        parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(params[key]));
      }
    }
    return url + (url.indexOf("?") === -1 ? "?" : "&") + parts.join("&");
  }

  function connect(options) {
    var socket = null;
    var state = "offline";
    var closed = false;
    var attempt = 0;
    var retryTimer = null;
    var pingTimer = null;
    var pongTimer = null;
    var lastId = options.lastId || 0;
    var lastEventAt = null;
    var seen = {};
    var seenOrder = [];
    var buffered = null; // socket events that arrive while catching up, replayed after it

    (options.seen || []).forEach(function (id) { remember({ id: id }); });

    function setState(next) {
      if (state === next) return;
      state = next;
      if (options.onStatus) options.onStatus(next);
      emit("zg:live-status", { state: next });
    }

    function remember(message) {
      if (seen[message.id]) return false;
      seen[message.id] = true;
      seenOrder.push(message.id);
      if (seenOrder.length > SEEN_MAX) delete seen[seenOrder.shift()];
      if (message.id > lastId) lastId = message.id;
      return true;
    }

    // mergeMessage: each id once (test_live.py's Merge is its Python twin).
    function mergeMessage(message, conversation) {
      if (!message || !remember(message)) return;
      if (options.onMessage) options.onMessage(message, conversation || null);
      emit("zg:message", { message: message, conversation: conversation || null });
    }

    function mergeConversation(conversation) {
      if (!conversation) return;
      if (options.onConversation) options.onConversation(conversation);
      emit("zg:conversation", { conversation: conversation });
    }

    function handle(event) {
      if (event.kind === "pong") {
        clearTimeout(pongTimer);
        return;
      }
      lastEventAt = new Date().toISOString();
      if (buffered) {
        buffered.push(event);
        return;
      }
      if (event.conversation) mergeConversation(event.conversation);
      if (event.kind === "message") mergeMessage(event.message, event.conversation);
    }

    function catchUp() {
      if (!options.catchUpUrl) {
        setState("live");
        return;
      }
      setState("catching-up");
      buffered = [];
      var url = withQuery(options.catchUpUrl, { after: lastId, seen_at: lastEventAt });
      var more = false; // more than one answer's worth was missed: ask again from the new lastId
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("catch-up " + response.status);
          return response.json();
        })
        .then(function (answer) {
          var messages = Array.isArray(answer) ? answer : answer.messages || [];
          var byId = {};
          (answer.conversations || []).forEach(function (c) {
            byId[c.id] = c;
            mergeConversation(c);
          });
          messages.sort(function (a, b) { return a.id - b.id; });
          messages.forEach(function (m) { mergeMessage(m, byId[m.conversation_id]); });
          if (answer.last_id && answer.last_id > lastId && !messages.length) lastId = answer.last_id;
          more = Boolean(answer.has_more);
        })
        .catch(function () { /* the socket's events still arrive; the next reconnect tries again */ })
        .then(function () {
          var pending = buffered || [];
          buffered = null;
          pending.forEach(handle);
          if (more) {
            catchUp();
            return;
          }
          if (socket && socket.readyState === 1) setState("live");
        });
    }

    function heartbeat() {
      clearInterval(pingTimer);
      pingTimer = setInterval(function () {
        if (!socket || socket.readyState !== 1) return;
        socket.send(JSON.stringify({ kind: "ping", t: Date.now() }));
        clearTimeout(pongTimer);
        pongTimer = setTimeout(function () {
          if (socket) socket.close(); // dead: onclose reconnects
        }, PONG_WITHIN);
      }, PING_EVERY);
    }

    function scheduleRetry() {
      if (closed) return;
      var base = Math.min(BACKOFF_MAX, BACKOFF_MIN * Math.pow(2, attempt));
      attempt += 1;
      var delay = base / 2 + Math.random() * base / 2; // jitter: consoles do not all return at once
      retryTimer = setTimeout(open, delay);
    }

    function open() {
      if (closed) return;
      setState("connecting");
      try {
        socket = new WebSocket(socketUrl(options.url));
      } catch (e) {
        setState("offline");
        scheduleRetry();
        return;
      }
      socket.onopen = function () {
        attempt = 0;
        setState("open");
        heartbeat();
        catchUp();
      };
      socket.onmessage = function (frame) {
        var event;
        try {
          event = JSON.parse(frame.data);
        } catch (e) {
          return;
        }
        handle(event);
      };
      socket.onclose = function () {
        clearInterval(pingTimer);
        clearTimeout(pongTimer);
        socket = null;
        buffered = null;
        setState("offline");
        scheduleRetry();
      };
    }

    // Waking from sleep or getting the network back: try now rather than at the next backoff.
    window.addEventListener("online", function () {
      if (!socket && !closed) {
        clearTimeout(retryTimer);
        attempt = 0;
        open();
      }
    });

    open();

    return {
      close: function () {
        closed = true;
        clearTimeout(retryTimer);
        clearInterval(pingTimer);
        clearTimeout(pongTimer);
        if (socket) socket.close();
        setState("offline");
      },
      state: function () { return state; },
      lastId: function () { return lastId; },
      remember: function (message) { return remember(message); },
    };
  }

  window.ZhangguiLive = { connect: connect };
})(window, document);
