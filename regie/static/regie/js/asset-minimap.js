// Small maps on asset pages: every <div class="asset-minimap" data-lat data-lon data-geometry='GeoJSON'> becomes a
// Leaflet map showing the point and the outline or line, zoomable but not draggable by a stray scroll. Tiles come
// from data-tile-url (and data-attribution) when given; without them, or when they fail, the plain background
// shows and data-no-tiles-note (if any) is written under the map.
(function () {
  "use strict";

  if (!window.L) return;

  function geometryOf(element) {
    if (!element.dataset.geometry) return null;
    try {
      return JSON.parse(element.dataset.geometry);
    } catch (error) {
      return null;
    }
  }

  function note(element, text) {
    if (!text || element.nextElementSibling?.classList.contains("asset-minimap-note")) return;
    const p = document.createElement("p");
    p.className = "help asset-minimap-note";
    p.textContent = text;
    element.after(p);
  }

  function tiles(element, map) {
    const url = element.dataset.tileUrl;
    if (!url) {
      note(element, element.dataset.noTilesNote);
      return;
    }
    const div = document.createElement("div");
    div.textContent = element.dataset.attribution || "";
    const layer = L.tileLayer(url, { maxZoom: 19, attribution: div.innerHTML });
    let loaded = 0;
    layer.on("tileload", () => (loaded += 1));
    layer.on("tileerror", () => {
      if (!loaded) note(element, element.dataset.noTilesNote);
    });
    layer.addTo(map);
  }

  function build(element) {
    const lat = parseFloat(element.dataset.lat);
    const lon = parseFloat(element.dataset.lon);
    const geometry = geometryOf(element);
    const hasPoint = Number.isFinite(lat) && Number.isFinite(lon);
    if (!hasPoint && !geometry) return;
    const map = L.map(element, {
      dragging: !L.Browser.mobile,
      scrollWheelZoom: false,
      doubleClickZoom: false,
      boxZoom: false,
      keyboard: false,
      zoomControl: true,
      maxZoom: 20,
    });
    map.attributionControl.setPrefix(false);
    L.control.scale({ imperial: false }).addTo(map);
    tiles(element, map);
    let bounds = null;
    if (geometry && geometry.type !== "Point") {
      const shape = L.geoJSON(geometry, {
        interactive: false,
        style: { className: "asset-outline kind-building", weight: /LineString/.test(geometry.type) ? 5 : 2, fillOpacity: 0.25 },
      }).addTo(map);
      bounds = shape.getBounds();
    }
    if (hasPoint) {
      const icon = L.divIcon({ className: "asset-marker kind-building", iconSize: [14, 14] });
      L.marker([lat, lon], { icon, interactive: false, keyboard: false }).addTo(map);
      bounds = bounds ? bounds.extend([lat, lon]) : L.latLngBounds([[lat, lon], [lat, lon]]);
    }
    map.fitBounds(bounds.pad(0.2), { maxZoom: 18 });
    element.dataset.ready = "true";
  }

  function start() {
    document.querySelectorAll(".asset-minimap:not([data-ready])").forEach(build);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("htmx:afterSettle", start);
})();
