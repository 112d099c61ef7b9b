// Régie: small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) { select.form.requestSubmit(); }
  });
  // The menu button of narrow screens (shown with JavaScript only: without it, the menu stays open). Its
  // aria-expanded is the state the stylesheet reads; Escape closes the menu and gives focus back to the button.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-menu-toggle]");
    if (toggle) { toggle.setAttribute("aria-expanded", String(toggle.getAttribute("aria-expanded") !== "true")); }
  });
  document.addEventListener("keydown", function (event) {
    var toggle = document.querySelector("[data-menu-toggle][aria-expanded=true]");
    if (event.key === "Escape" && toggle) {
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
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
