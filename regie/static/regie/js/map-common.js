// What the app's Leaflet maps share (the registry's map, assets-map.js, with the asset picker's; the residents'
// public map, portal-map.js): the base map, the background tiles with their "no tiles" note, the organization's
// boundary, a count in the page's language, HTML escaping. Loaded before them (no inline script: the CSP).
// `window.regieMaps`.
(function () {
  "use strict";

  const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  // A map with its zoom buttons, a metric scale and no Leaflet prefix in the attribution.
  function baseMap(element, options) {
    const map = L.map(element, { zoomControl: true, ...options });
    map.attributionControl.setPrefix(false);
    L.control.scale({ imperial: false }).addTo(map);
    return map;
  }

  // The background tiles of config.tileUrl; without any (not configured, or the first two failed: blocked), the
  // note says so (config.strings.tilesOff / noTiles) and `element` gets `plainClass`.
  function addTiles(map, config, { element, tileNote, plainClass }) {
    const showNote = (text) => {
      tileNote.textContent = text;
      tileNote.hidden = false;
      element.classList.add(plainClass);
    };
    if (!config.tileUrl) {
      showNote(config.strings.tilesOff);
      return;
    }
    const tiles = L.tileLayer(config.tileUrl, { maxZoom: 19, attribution: escapeHtml(config.attribution || "") });
    let loaded = 0;
    let failed = 0;
    tiles.on("tileload", () => {
      loaded += 1;
      tileNote.hidden = true;
    });
    tiles.on("tileerror", () => {
      failed += 1;
      if (!loaded && failed >= 2) showNote(config.strings.noTiles);
    });
    tiles.addTo(map);
  }

  // The organization's area (GeoJSON), dashed, not clickable.
  function boundary(map, area, className) {
    L.geoJSON(area, {
      interactive: false,
      style: { className, color: "#0b4f8a", weight: 3, dashArray: "6 4", fillOpacity: 0.04 },
    }).addTo(map);
  }

  // "%(count)s …" with the count written as the page's language writes numbers.
  function format(template, count) {
    return template.replace("%(count)s", numbers.format(count));
  }

  function escapeHtml(text) {
    const div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  window.regieMaps = { baseMap, addTiles, boundary, format, escapeHtml };
})();
