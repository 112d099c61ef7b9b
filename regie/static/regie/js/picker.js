// Régie: the agent picker (people/widgets.py). Without this script the picker still works: its boxes are
// plain form fields. With it, a ticked result becomes a chip among the chosen agents (so a new search does
// not take it away), an unticked chip goes, and a single-agent picker keeps one chip.
(function () {
  "use strict";
  if (window.regiePicker) { return; }
  window.regiePicker = true;

  document.addEventListener("change", function (event) {
    var input = event.target;
    var picker = input.closest && input.closest("[data-agent-picker]");
    if (!picker || (input.type !== "checkbox" && input.type !== "radio") || !input.closest("li")) { return; }
    var chosen = picker.querySelector(".picker-chosen");
    var item = input.closest("li");
    if (item.parentElement === chosen) {
      if (!input.checked) { item.remove(); }
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
    if (search) { search.focus(); }
  });
})();
