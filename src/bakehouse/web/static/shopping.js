/* Shopping-list ticks (docs/product.md §6.17), plain JavaScript.
 *
 * A tick is sent to the server at once (POST /api/shopping-list/ticks), so everyone in the
 * household sees it. When the phone has no signal, the tick is kept in this browser's
 * localStorage and sent when the page is back online: once, because each queued tick
 * carries its own Idempotency-Key (a retry after a lost answer is replayed, not repeated)
 * and the queue holds one entry per line (the latest state). The "Record what I bought"
 * form shows the ticked lines.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-shopping-scope]");
  if (!root) {
    return;
  }
  var scope = root.getAttribute("data-shopping-scope");
  var QUEUE = "bakehouse.shopping.queue";
  var status = root.querySelector("[data-shopping-status]");
  var meta = document.querySelector("meta[name='csrf-token']");
  var csrf = meta ? meta.getAttribute("content") : "";
  var sending = false;

  root.querySelectorAll("[data-no-js]").forEach(function (el) {
    el.hidden = true;
  });

  function load() {
    try {
      var items = JSON.parse(window.localStorage.getItem(QUEUE) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (err) {
      return [];
    }
  }

  function save(items) {
    window.localStorage.setItem(QUEUE, JSON.stringify(items));
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) {
      return "tick-" + window.crypto.randomUUID();
    }
    return "tick-" + Date.now() + "-" + Math.random().toString(16).slice(2);
  }

  function sameLine(a, b) {
    return a.scope === b.scope && a.ingredient_id === b.ingredient_id;
  }

  function enqueue(item) {
    var items = load().filter(function (other) {
      return !sameLine(other, item);
    });
    items.push(item);
    save(items);
  }

  function forget(item) {
    save(
      load().filter(function (other) {
        return other.key !== item.key;
      })
    );
  }

  function waiting() {
    return load().filter(function (item) {
      return item.scope === scope;
    }).length;
  }

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function showState() {
    var count = waiting();
    if (count && !navigator.onLine) {
      say("Offline: " + count + " tick" + (count === 1 ? "" : "s") + " kept on this phone, sent when back online.");
    } else if (count) {
      say("Sending " + count + " tick" + (count === 1 ? "" : "s") + "…");
    } else {
      say("Ticks saved: everyone in the household sees them.");
    }
  }

  function send(item) {
    return fetch("/api/shopping-list/ticks", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRF-Token": csrf,
        "Idempotency-Key": item.key
      },
      body: JSON.stringify({
        scope: item.scope,
        ingredient_id: item.ingredient_id,
        ticked: item.ticked,
        shortfall: item.shortfall
      })
    });
  }

  // Send the queue one tick at a time; stop at the first network failure (still offline).
  function flush() {
    if (sending || !navigator.onLine) {
      showState();
      return;
    }
    var items = load();
    if (!items.length) {
      showState();
      return;
    }
    sending = true;
    var item = items[0];
    send(item)
      .then(function (response) {
        sending = false;
        if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 409 && response.status !== 429)) {
          // Sent, or refused for good (the line is gone, the list is past): not resent.
          forget(item);
          if (!response.ok) {
            say("A tick was refused (" + response.status + "): reload the list.");
          }
          flush();
        } else {
          showState();
          window.setTimeout(flush, 3000);
        }
      })
      .catch(function () {
        sending = false;
        showState();
      });
  }

  function showBought(id, ticked) {
    var row = document.querySelector("[data-bought-row='" + id + "']");
    if (row) {
      row.hidden = !ticked;
      var input = row.querySelector("input[name='bought']");
      if (input) {
        input.disabled = !ticked;
      }
    }
    var empty = document.querySelector("[data-bought-empty]");
    if (empty) {
      empty.hidden = !!root.querySelector("input[data-tick]:checked");
    }
  }

  root.querySelectorAll("input[data-tick]").forEach(function (box) {
    box.addEventListener("change", function () {
      var id = parseInt(box.getAttribute("data-tick"), 10);
      var line = box.closest("[data-line]");
      if (line) {
        line.classList.toggle("is-ticked", box.checked);
      }
      showBought(id, box.checked);
      enqueue({
        key: newKey(),
        scope: scope,
        ingredient_id: id,
        ticked: box.checked,
        shortfall: box.getAttribute("data-shortfall")
      });
      flush();
    });
  });

  // Ticks made offline on an earlier visit show as ticked until they are sent.
  load().forEach(function (item) {
    if (item.scope !== scope) {
      return;
    }
    var box = root.querySelector("input[data-tick='" + item.ingredient_id + "']");
    if (box) {
      box.checked = item.ticked;
      showBought(item.ingredient_id, item.ticked);
    }
  });

  window.addEventListener("online", flush);
  window.addEventListener("offline", showState);
  if (load().length) {
    flush();
  }
})();
