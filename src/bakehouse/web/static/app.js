// Bakehouse: the little JavaScript the pages need. Everything works without it;
// it only adds confirmations and small conveniences.
(function () {
  "use strict";

  // <form data-confirm="Really reverse this bake?"> asks before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Every POST form carries the CSRF token: templates add it with csrf_input(); this adds
  // it from <meta name="csrf-token"> to any form that lacks it (capture phase, so it runs
  // before the form is sent whatever other handlers do).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var meta = document.querySelector("meta[name='csrf-token']");
    if (!meta || !meta.content || (form.getAttribute("method") || "").toLowerCase() !== "post") {
      return;
    }
    if (!form.querySelector("input[name='csrf_token']")) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "csrf_token";
      input.value = meta.content;
      form.appendChild(input);
    }
  }, true);

  // <button data-print> prints the page.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-print]");
    if (target) {
      event.preventDefault();
      window.print();
    }
  });

  // Row editors (<form data-row-editor>): "Add more rows" and the ↑/↓ buttons work in the
  // page instead of asking the server to draw it again; rows are numbered in their new
  // order so the form sends them as shown (docs/product.md §6.18). Without this script the
  // same buttons post to the server, which draws the editor again without saving.
  var ROW_NAME = /^(e-)?line-\d+-/;

  function renumber(tbody) {
    Array.prototype.forEach.call(tbody.rows, function (row, i) {
      row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value && ROW_NAME.test(value)) {
            el.setAttribute(attr, value.replace(/line-\d+-/, "line-" + i + "-"));
          }
        });
        if (el.name === "move") {
          el.value = el.value.replace(/-\d+$/, "-" + i);
        }
      });
    });
  }

  function blankCopy(row) {
    var copy = row.cloneNode(true);
    copy.classList.remove("row-error");
    copy.classList.add("spare-row");
    copy.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
    copy.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
    });
    copy.querySelectorAll("input").forEach(function (el) {
      if (el.type === "checkbox") { el.closest("label").remove(); } else { el.value = ""; }
    });
    copy.querySelectorAll("select").forEach(function (el) { el.selectedIndex = 0; });
    copy.querySelectorAll("td[data-label='Cost']").forEach(function (el) { el.textContent = ""; });
    return copy;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-row-editor] button[name='move'], [data-row-editor] button[data-add-row]");
    if (!button) {
      return;
    }
    var form = button.closest("form");
    var tbody = form.querySelector("tbody");
    event.preventDefault();
    if (button.hasAttribute("data-add-row")) {
      var last = tbody.rows[tbody.rows.length - 1];
      var copy = blankCopy(last);
      tbody.appendChild(copy);
      renumber(tbody);
      var first = copy.querySelector("select, input");
      if (first) { first.focus(); }
      return;
    }
    var row = button.closest("tr");
    var up = button.value.indexOf("up-") === 0;
    var other = up ? row.previousElementSibling : row.nextElementSibling;
    if (other) {
      tbody.insertBefore(up ? row : other, up ? other : row);
      renumber(tbody);
      button.focus();
    }
  });

  // The clone form: choosing another event to copy takes that event's own defaults
  // (name and date a year on, never a name that exists), unless the baker typed their own.
  document.addEventListener("change", function (event) {
    var select = event.target;
    var form = select.closest ? select.closest("form[data-clone-defaults]") : null;
    if (!form || select.name !== "source_id") {
      return;
    }
    var defaults = JSON.parse(form.getAttribute("data-clone-defaults") || "{}");
    var chosen = defaults[select.value];
    if (!chosen) {
      return;
    }
    ["name", "event_date"].forEach(function (name) {
      var input = form.querySelector("[name='" + name + "']");
      var untouched = input && input.dataset.auto !== "0" && (input.value === input.defaultValue || input.dataset.auto === "1");
      if (untouched) {
        input.value = chosen[name];
        input.dataset.auto = "1";
      }
    });
  });

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target.closest && target.closest("form[data-clone-defaults]")) {
      target.dataset.auto = "0";
    }
  });

  // Focus the first field with an error, so keyboard and screen-reader users land on it.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("[aria-invalid='true']");
    if (invalid) {
      invalid.focus();
    }
  });
})();
