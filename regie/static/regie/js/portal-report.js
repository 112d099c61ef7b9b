// The residents' report form, step 2 (regie/portal/public): the form works without this script (address text, or
// the asset of the QR label). With it: a Leaflet map where a tap places the point (hidden latitude/longitude), a
// "use my position" button (browser geolocation), the registered assets of the service as tappable points
// (report/assets.json: code, name, point only) — tapping one sets the asset — and, once the place is known, the
// open reports nearby ("is it this one?", report/nearby/) shown inline before the photos are chosen; the form's
// `seen` then says which place's list the resident saw, so the server does not ask again.
// Without tiles (blocked, or not configured) the map still takes taps, on a plain background, with a note.
(function () {
  "use strict";

  const form = document.getElementById("report-form");
  if (!form || !window.L) return;
  const config = JSON.parse(document.getElementById(form.dataset.configId).textContent);
  const strings = config.strings;
  const tools = form.querySelector(".portal-map-tools");
  const element = document.getElementById("report-map");
  const status = document.getElementById("report-map-status");
  const nearbyBox = document.getElementById("report-nearby");
  const field = (name) => form.elements.namedItem(name);
  tools.hidden = false;

  const map = L.map(element, { maxZoom: 20, tap: true });
  map.attributionControl.setPrefix(false);
  L.control.scale({ imperial: false }).addTo(map);
  const start = config.center || (field("latitude").value ? [parseFloat(field("latitude").value), parseFloat(field("longitude").value)] : null);
  if (start) map.setView(start, 18);
  else map.setView([46.6, 2.4], 6); // France, until the resident taps or gives their position
  addTiles();

  let marker = null;
  const assetLayer = L.layerGroup().addTo(map);
  if (start && !config.center) place(start[0], start[1], false);

  map.on("click", (event) => {
    chooseAsset(null);
    place(event.latlng.lat, event.latlng.lng, true);
    status.textContent = strings.placed;
  });

  document.getElementById("report-locate").addEventListener("click", () => {
    if (!navigator.geolocation) {
      status.textContent = strings.notLocated;
      return;
    }
    status.textContent = strings.locating;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        chooseAsset(null);
        place(position.coords.latitude, position.coords.longitude, true);
        map.setView([position.coords.latitude, position.coords.longitude], 18);
        status.textContent = strings.located;
      },
      () => (status.textContent = strings.notLocated),
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 },
    );
  });

  function addTiles() {
    const note = () => {
      status.textContent = strings.noTiles;
      element.classList.add("portal-map-plain");
    };
    if (!config.tileUrl) return note();
    const div = document.createElement("div");
    div.textContent = config.attribution || "";
    const tiles = L.tileLayer(config.tileUrl, { maxZoom: 19, attribution: div.innerHTML });
    let loaded = 0;
    let failed = 0;
    tiles.on("tileload", () => (loaded += 1));
    tiles.on("tileerror", () => {
      failed += 1;
      if (!loaded && failed === 2) note();
    });
    tiles.addTo(map);
  }

  function place(lat, lon, ask) {
    field("latitude").value = lat.toFixed(6);
    field("longitude").value = lon.toFixed(6);
    const icon = L.divIcon({ className: "portal-marker", iconSize: [20, 20] });
    if (marker) marker.setLatLng([lat, lon]);
    else marker = L.marker([lat, lon], { icon, keyboard: false, interactive: false }).addTo(map);
    element.dataset.placed = "true";
    if (ask) loadNearby();
  }

  function chooseAsset(asset) {
    field("asset").value = asset ? asset.public_id : "";
    assetLayer.eachLayer((layer) => {
      const chosen = asset && layer.options.publicId === asset.public_id;
      layer.getElement()?.classList.toggle("chosen", Boolean(chosen));
    });
    if (asset) {
      place(asset.lat, asset.long, true);
      status.textContent = strings.assetChosen.replace("%s", `${asset.name} (${asset.code})`);
    }
  }

  let pending = null;
  async function loadNearby() {
    if (pending) pending.abort();
    pending = new AbortController();
    const params = new URLSearchParams({ service: config.service, latitude: field("latitude").value, longitude: field("longitude").value });
    if (field("asset").value) params.set("asset", field("asset").value);
    try {
      const response = await fetch(`${config.nearbyUrl}?${params}`, { signal: pending.signal, headers: { Accept: "text/html" } });
      if (!response.ok) return;
      const html = await response.text();
      const fragment = new DOMParser().parseFromString(html, "text/html");
      const section = fragment.querySelector(".portal-nearby");
      nearbyBox.replaceChildren(...(section ? [document.importNode(section, true)] : []));
      // the resident has seen this place's list (or there is none): the server need not ask again
      const seen = section ? section.dataset.seen : "";
      field("seen").value = seen || `${config.service}|${(+field("latitude").value).toFixed(5)}|${(+field("longitude").value).toFixed(5)}|${field("asset").value}`;
    } catch (error) {
      if (error.name !== "AbortError") field("seen").value = "";
    }
  }

  if (config.assetsUrl) {
    let timer = null;
    const loadAssets = async () => {
      if (map.getZoom() < 15) {
        assetLayer.clearLayers();
        return;
      }
      const b = map.getBounds();
      const bbox = [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()].map((v) => v.toFixed(6)).join(",");
      const response = await fetch(`${config.assetsUrl}?${new URLSearchParams({ service: config.service, bbox })}`, {
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return;
      const body = await response.json();
      assetLayer.clearLayers();
      for (const asset of body.assets) {
        const icon = L.divIcon({ className: "portal-asset-marker", iconSize: [22, 22] });
        const point = L.marker([asset.lat, asset.long], { icon, title: `${asset.name} (${asset.code})`, publicId: asset.public_id, alt: asset.name });
        point.on("click", (event) => {
          L.DomEvent.stopPropagation(event);
          chooseAsset(asset);
        });
        assetLayer.addLayer(point);
        if (asset.public_id === field("asset").value) point.on("add", () => point.getElement()?.classList.add("chosen"));
      }
      element.dataset.assets = String(body.assets.length);
      if (body.assets.length) status.textContent = strings.assetsShown.replace("%s", String(body.assets.length));
    };
    map.on("moveend", () => {
      clearTimeout(timer);
      timer = setTimeout(loadAssets, 200);
    });
    loadAssets();
  }
})();
