// The registry's map (Leaflet + markercluster, served by the app). Reads its configuration from the JSON script
// named by data-config-id; asks map/data.json for each viewport with the filter form's values; draws the
// organization's boundary, points (clustered in the browser), the server's grid clusters when the viewport holds
// too many points, and outlines and lines once zoomed in. Without tiles (blocked or not configured) everything but
// the background still shows, on a plain background, with a note saying so.
// `window.regieAssetsMap(element, config, options)` draws the same map elsewhere: the asset picker's map
// (regie/js/asset_picker.js) gives its own status and note elements, a centre, and the action of its popups.
// The pieces it shares with the residents' map (portal-map.js) are in map-common.js, loaded before it.
(function () {
  "use strict";

  const KIND_COLOURS = {
    tree: "kind-tree", green_space: "kind-tree", playground: "kind-tree", play_item: "kind-tree",
    street_light: "kind-light", lighting_cabinet: "kind-light",
    road_section: "kind-road", road_feature: "kind-road", signage: "kind-road", car_park: "kind-road",
    site: "kind-building", building: "kind-building", level: "kind-building", space: "kind-building",
  };

  // options: form (the filters), status and tileNote (elements), center ([lat, lon], opened at zoom 17 then),
  // markerSize (px), popupAction(feature) → the element under a popup's title (default: the asset page's link)
  const maps = window.regieMaps;

  function assetsMap(element, config, options) {
    const strings = config.strings;
    const form = options.form;
    const status = options.status;
    const tileNote = options.tileNote;
    const markerSize = options.markerSize || 14;
    const { format, escapeHtml } = maps;
    const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

    const map = maps.baseMap(element, { maxZoom: 20, worldCopyJump: false });
    maps.addTiles(map, config, { element, tileNote, plainClass: "assets-map-plain" });
    if (config.area) maps.boundary(map, config.area, "assets-map-boundary");
    if (options.center) {
      map.setView(options.center, 17);
    } else {
      const [south, west, north, east] = config.bounds;
      map.fitBounds([[south, west], [north, east]], { padding: [10, 10] });
    }

    const points = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 60 });
    const cells = L.layerGroup();
    const outlines = L.geoJSON(null, { style: outlineStyle, onEachFeature: (f, layer) => layer.bindPopup(() => popup(f)) });
    map.addLayer(outlines).addLayer(points).addLayer(cells);

    let pending = null;
    let timer = null;
    let autoPanning = false;
    // While a popup is open the markers are not redrawn (that would close it under the reader's finger): a move
    // or an answer that came meanwhile is loaded again when it closes.
    let popupOpen = false;
    let stale = false;
    // A move (a pan, a zoom, a popup's auto-pan) is under way from movestart to moveend: a popup opened meanwhile
    // is still moving with the map, and its link is not where it will rest.
    let moving = false;
    map.on("movestart", () => {
      moving = true;
      settled();
    });
    map.on("autopanstart", () => (autoPanning = true));
    map.on("popupopen", () => {
      popupOpen = true;
      settled();
    });
    map.on("popupclose", () => {
      popupOpen = false;
      settled();
      if (stale) {
        stale = false;
        schedule();
      }
    });
    map.on("moveend", () => {
      moving = false;
      settled();
      // a popup pans the map to fit: reloading then would redraw the markers and close it (however slow the pan)
      if (autoPanning) {
        autoPanning = false;
        return;
      }
      if (popupOpen) {
        stale = true;
        return;
      }
      schedule();
    });

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(load, 150);
      settled();
    }

    // data-idle: nothing moves and nothing is to be drawn (no move, no load waiting or under way); data-zoom: the zoom
    // the map rests at; data-popup="open": a popup is open and the map has come to rest around it. What the browser
    // tests wait for before a click.
    function settled() {
      element.toggleAttribute("data-idle", !moving && !timer && !pending);
      if (!moving) element.dataset.zoom = String(map.getZoom());
      if (popupOpen && !moving) element.dataset.popup = "open";
      else delete element.dataset.popup;
    }
    if (form) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        filtersChanged();
      });
      form.addEventListener("change", filtersChanged);
    }
    load();

    function filterParams() {
      const params = new URLSearchParams();
      if (form) {
        for (const [name, value] of new FormData(form)) if (String(value).trim()) params.append(name, value);
      }
      return params;
    }

    function filtersChanged() {
      const params = filterParams();
      const query = params.toString();
      history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
      map.closePopup(); // the filters change what is drawn: the open popup may no longer apply
      load();
    }

    function viewportParams() {
      const b = map.getBounds();
      const clamp = (v, limit) => Math.max(-limit, Math.min(limit, v)).toFixed(6);
      const params = filterParams();
      params.set("bbox", [clamp(b.getSouth(), 90), clamp(b.getWest(), 180), clamp(b.getNorth(), 90), clamp(b.getEast(), 180)].join(","));
      params.set("zoom", String(Math.round(map.getZoom())));
      return params;
    }

    async function load() {
      clearTimeout(timer);
      timer = null;
      if (pending) pending.abort();
      const controller = new AbortController();
      pending = controller;
      settled();
      const shown = status.textContent;
      status.textContent = strings.loading;
      try {
        const response = await fetch(`${config.dataUrl}?${viewportParams()}`, {
          headers: { Accept: "application/json" },
          signal: controller.signal,
        });
        const body = await response.json();
        if (!response.ok) {
          status.textContent = body.message || strings.failed;
          return;
        }
        if (popupOpen) {
          stale = true; // drawn when the popup closes
          status.textContent = shown;
          return;
        }
        draw(body);
      } catch (error) {
        if (error.name !== "AbortError") status.textContent = strings.failed;
      } finally {
        if (pending === controller) pending = null;
        settled();
      }
    }

    function draw(collection) {
      const markers = [];
      const clusters = [];
      const shapes = [];
      for (const feature of collection.features) {
        const role = feature.properties.role;
        if (role === "point") markers.push(pointMarker(feature));
        else if (role === "cluster") clusters.push(cellMarker(feature));
        else if (role === "outline") shapes.push(feature);
      }
      points.clearLayers();
      points.addLayers(markers);
      cells.clearLayers();
      clusters.forEach((marker) => cells.addLayer(marker));
      outlines.clearLayers();
      if (shapes.length) outlines.addData(shapes);
      let text = collection.total === 1 ? strings.shownOne : format(strings.shown, collection.total);
      if (collection.outlines_truncated) text += ` ${strings.outlinesTruncated}`;
      status.textContent = text;
      element.dataset.state = collection.clustered ? "clustered" : "points";
      element.dataset.total = String(collection.total);
    }

    function latLng(feature) {
      const [lon, lat] = feature.geometry.coordinates;
      return [lat, lon];
    }

    function pointMarker(feature) {
      const p = feature.properties;
      const icon = L.divIcon({
        className: `asset-marker ${KIND_COLOURS[p.kind] || "kind-other"}`,
        iconSize: [markerSize, markerSize],
      });
      const marker = L.marker(latLng(feature), { icon, title: `${p.code} — ${p.name}`, keyboard: true });
      marker.bindPopup(() => popup(feature));
      return marker;
    }

    function cellMarker(feature) {
      const count = feature.properties.count;
      const size = count < 100 ? "small" : count < 1000 ? "medium" : "large";
      const icon = L.divIcon({
        html: `<div><span>${escapeHtml(numbers.format(count))}</span></div>`,
        className: `marker-cluster marker-cluster-${size} assets-map-cell`,
        iconSize: [44, 44],
      });
      const marker = L.marker(latLng(feature), { icon, title: format(strings.assets, count), keyboard: true });
      marker.on("click", () => map.setView(marker.getLatLng(), Math.min(map.getZoom() + 2, map.getMaxZoom())));
      return marker;
    }

    function popup(feature) {
      const p = feature.properties;
      const box = document.createElement("div");
      box.className = "assets-map-popup";
      const title = document.createElement("p");
      const code = document.createElement("strong");
      code.textContent = p.code;
      title.append(code, ` ${p.name}`);
      const type = document.createElement("p");
      type.className = "help";
      type.textContent = p.type;
      box.append(title, type, options.popupAction ? options.popupAction(feature) : pageLink(feature));
      return box;
    }

    function pageLink(feature) {
      const link = document.createElement("a");
      link.href = config.assetUrl.replace("{pk}", encodeURIComponent(feature.id));
      link.textContent = strings.open;
      return link;
    }

    function outlineStyle(feature) {
      const kind = KIND_COLOURS[feature.properties.kind] || "kind-other";
      const line = /LineString/.test(feature.geometry.type);
      return { className: `asset-outline ${kind}`, weight: line ? 5 : 2, fillOpacity: 0.25 };
    }

    return { map, load };
  }

  window.regieAssetsMap = assetsMap;
  const element = document.getElementById("assets-map");
  if (!element || !window.L || !maps) return;
  assetsMap(element, JSON.parse(document.getElementById(element.dataset.configId).textContent), {
    form: document.getElementById("map-filters"),
    status: document.getElementById("assets-map-status"),
    tileNote: document.getElementById("assets-map-tiles"),
  });
})();

