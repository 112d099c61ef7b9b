// Régie: the asset picker (interventions/asset_picker.py) on top of the agent picker's script (picker.js).
// Choosing an asset fills the form's place and coordinates when they are empty (the place text stays for what
// is not registered, and what someone typed is never overwritten).
(function () {
  "use strict";
  if (window.regieAssetPicker) { return; }
  window.regieAssetPicker = true;

  function fill(picker, target, value) {
    var id = picker.getAttribute("data-fill-" + target);
    var input = id && document.getElementById(id);
    if (!input || input.value || value === undefined || value === null) { return; }
    input.value = value;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("picker-change", function (event) {
    var picker = event.target.closest && event.target.closest("[data-asset-picker]");
    if (!picker) { return; }
    var chosen = picker.querySelector(".picker-chosen input:checked");
    if (!chosen) { return; }
    fill(picker, "location", chosen.dataset.location);
    fill(picker, "latitude", chosen.dataset.latitude);
    fill(picker, "longitude", chosen.dataset.longitude);
  });
})();
