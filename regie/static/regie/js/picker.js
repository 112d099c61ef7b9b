// Régie: the agent picker (people/widgets.py). Without this script the picker still works: its boxes are
// plain form fields and its "Search" button posts the form back. With it, results come as one types (htmx),
// the "Search" button goes (the form's own button stays its only one, Enter included), a ticked result
// becomes a chip among the chosen agents (so a new search does not take it away), an unticked chip goes,
// and a single-agent picker keeps one chip. Each choice is announced by a "picker-change" event (bubbling):
// a filter form (the work-order list, the planning) filters again then.
(function () {
  "use strict";
  if (window.regiePicker) { return; }
  window.regiePicker = true;

  function enhance(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-agent-picker] button[name=picker]"), function (b) {
      b.remove();
    });
  }
  enhance(document);
  document.addEventListener("htmx:load", function (event) { enhance(event.detail.elt); });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key === "Enter" && input.matches && input.matches("[data-agent-picker] input[type=search]")) {
      event.preventDefault();  // Enter searches now; it does not submit the work order
      input.dispatchEvent(new Event("search"));
    }
  });

  function changed(picker) {
    picker.dispatchEvent(new CustomEvent("picker-change", { bubbles: true }));
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    var picker = input.closest && input.closest("[data-agent-picker]");
    if (!picker || (input.type !== "checkbox" && input.type !== "radio")) { return; }
    var chosen = picker.querySelector(".picker-chosen");
    if (input.hasAttribute("data-picker-none")) {  // "All agents": no chip
      Array.prototype.forEach.call(chosen.querySelectorAll("li"), function (li) { li.remove(); });
      changed(picker);
      return;
    }
    var item = input.closest("li");
    if (!item) { return; }
    if (item.parentElement === chosen) {
      if (!input.checked) { item.remove(); changed(picker); }
      return;
    }
    if (!input.checked) { return; }
    if (picker.dataset.multiple !== "1") {
      Array.prototype.forEach.call(chosen.querySelectorAll("li"), function (li) { li.remove(); });
    }
    item.querySelector("label").classList.add("picker-chip");
    chosen.appendChild(item);
    var search = picker.querySelector("input[type=search]");
    if (search && search.value) { search.value = ""; search.dispatchEvent(new Event("search")); }
    if (search && !input.hasAttribute("data-picker-keep-focus")) { search.focus(); }
    changed(picker);
  });
})();
