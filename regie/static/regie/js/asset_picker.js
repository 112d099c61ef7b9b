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

  function enhance(root) {
    if (!window.L || !window.regieAssetsMap) { return; }
    Array.prototype.forEach.call(root.querySelectorAll("[data-asset-map-toggle]"), function (button) {
      button.hidden = false;
    });
  }
  enhance(document);
  document.addEventListener("htmx:load", function (event) { enhance(event.detail.elt); });

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-asset-map-toggle]");
    if (!toggle) { return; }
    var open = toggle.getAttribute("aria-expanded") !== "true";
    showMap(toggle, open);
  });

  function panel(toggle) {
    return document.getElementById(toggle.getAttribute("aria-controls"));
  }

  function showMap(toggle, open) {
    var box = panel(toggle);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    box.hidden = !open;
    if (!open) { return; }
    if (box.regieMap) {
      box.regieMap.map.invalidateSize();
      return;
    }
    var picker = toggle.closest("[data-asset-picker]");
    var config = JSON.parse(document.getElementById(box.dataset.configId).textContent);
    var status = box.querySelector("[role=status]");
    box.regieMap = window.regieAssetsMap(box.querySelector(".asset-picker-map"), config, {
      status: status,
      tileNote: box.querySelector(".assets-map-note"),
      center: centre(picker),
      markerSize: 22,  // a finger's target on a phone
      popupAction: function (feature) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button-small";
        button.textContent = config.strings.choose;
        button.addEventListener("click", function () {
          choose(picker, toggle, config, feature.id, button, status);
        });
        return button;
      },
    });
  }

  // [lat, lon] the map opens on: the form's coordinates, else the chosen asset's; null: the organization's area
  function centre(picker) {
    var point = function (lat, lon) {
      lat = parseFloat(String(lat || "").replace(",", "."));
      lon = parseFloat(String(lon || "").replace(",", "."));
      return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? [lat, lon] : null;
    };
    var input = function (target) {
      var element = document.getElementById(picker.getAttribute("data-fill-" + target) || "");
      return element && element.value;
    };
    var chosen = picker.querySelector(".picker-chosen input:checked");
    return point(input("latitude"), input("longitude")) ||
      (chosen ? point(chosen.dataset.latitude, chosen.dataset.longitude) : null);
  }

  function choose(picker, toggle, config, pk, button, status) {
    var results = picker.querySelector(".picker-results-box");
    var params = new URLSearchParams({ field: config.field, pick: String(pk) });
    button.disabled = true;
    fetch(config.pickUrl + "?" + params.toString(), { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        results.innerHTML = html;
        var input = results.querySelector("input[type=radio][value='" + Number(pk) + "']");
        if (!input) { button.disabled = false; return; }  // the results' hint says why
        panel(toggle).regieMap.map.closePopup();
        showMap(toggle, false);
        input.setAttribute("data-picker-keep-focus", "");  // no search field (and phone keyboard) popping up
        input.checked = true;
        input.dispatchEvent(new Event("change", { bubbles: true }));
        if (!results.querySelector("li")) { results.innerHTML = ""; }  // its one result is the chip now
        input.focus();
      })
      .catch(function () {
        button.disabled = false;
        status.textContent = config.strings.chooseFailed;
      });
  }
})();
