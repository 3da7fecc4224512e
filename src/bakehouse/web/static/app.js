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

  // Focus the first field with an error, so keyboard and screen-reader users land on it.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("[aria-invalid='true']");
    if (invalid) {
      invalid.focus();
    }
  });
})();
