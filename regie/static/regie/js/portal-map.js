// The residents' public map of reports (Leaflet + markercluster, served by the app; no inline script: CSP).
// Reads its configuration from the JSON script named by data-config-id, loads the GeoJSON of the reports with
// the page's filters (the filter form itself is a plain GET form: submitting it reloads the page, list included),
// and clusters the points. Without tiles (blocked or not configured) the points show on a plain background.
// The pieces it shares with the registry's map (assets-map.js) are in map-common.js, loaded before it.
(function () {
  "use strict";

  const element = document.getElementById("portal-map");
  const maps = window.regieMaps;
  if (!element || !window.L || !maps) return;
  const config = JSON.parse(document.getElementById(element.dataset.configId).textContent);
  const strings = config.strings;
  const status = document.getElementById("portal-map-status");
  const tileNote = document.getElementById("portal-map-tiles");
  const dates = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "long" });

  const map = maps.baseMap(element, { maxZoom: 19 });
  const [south, west, north, east] = config.bounds;
  map.fitBounds([[south, west], [north, east]], { padding: [10, 10] });
  maps.addTiles(map, config, { element, tileNote, plainClass: "portal-map-plain" });
  if (config.area) maps.boundary(map, config.area, "portal-map-boundary");
  const points = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 60 });
  map.addLayer(points);
  load();

  async function load() {
    status.textContent = strings.loading;
    try {
      const response = await fetch(`${config.dataUrl}${window.location.search}`, {
        headers: { Accept: "application/geo+json, application/json" },
      });
      const body = await response.json();
      if (!response.ok) {
        status.textContent = body.message || strings.failed;
        return;
      }
      draw(body);
    } catch (error) {
      status.textContent = strings.failed;
    }
  }

  function draw(collection) {
    const markers = collection.features.map(marker);
    const total = markers.length;
    // no area of the organization: the view is the reports' own extent (France until they are loaded), set
    // before they are clustered so that they are clustered once, at that zoom
    if (config.fitToReports && total) {
      const extent = L.latLngBounds(markers.map((item) => item.getLatLng()));
      map.fitBounds(extent, { padding: [20, 20], maxZoom: 16, animate: false });
    }
    points.clearLayers();
    points.addLayers(markers);
    const shown = total === 1 ? strings.shownOne : maps.format(strings.shown, total);
    status.textContent = total === 0 ? strings.none : shown;
    element.dataset.total = String(total);
  }

  function marker(feature) {
    const p = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    const icon = L.divIcon({ className: `report-marker report-marker-${p.status}`, iconSize: [16, 16] });
    const item = L.marker([lat, lon], { icon, title: `${p.number} — ${p.service} (${p.status_label})`, keyboard: true });
    item.bindPopup(() => popup(p));
    return item;
  }

  function popup(p) {
    const box = document.createElement("div");
    box.className = "portal-map-popup";
    const title = document.createElement("p");
    const number = document.createElement("strong");
    number.textContent = p.number;
    title.append(number, ` ${p.service}`);
    const state = document.createElement("p");
    state.textContent = p.status_label;
    const day = document.createElement("p");
    day.textContent = `${strings.reported} ${dates.format(new Date(`${p.date}T12:00:00`))}`;
    box.append(title, state, day);
    return box;
  }

})();
