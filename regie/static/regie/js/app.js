// Régie: small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) { select.form.requestSubmit(); }
  });
  // Keep keyboard focus sensible after an HTMX swap of a list.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "list-results" && event.detail.requestConfig &&
        event.detail.requestConfig.elt && event.detail.requestConfig.elt.tagName === "A") {
      var table = event.detail.target.querySelector("table");
      if (table) { table.setAttribute("tabindex", "-1"); table.focus(); }
    }
  });
})();
