// Régie planning by team (/planning/resources/): expand a team to its agents; drag a work order onto another row
// (reassign) or another column (reschedule). The server renders the board; after a move it sends it again.
(function () {
  "use strict";

  var EXPANDED = "regie.resources.expanded";
  var t = JSON.parse((document.getElementById("resource-strings") || {}).textContent || "{}");
  var status = document.getElementById("resource-status");
  var dragged = null;

  function announce(text, kind) {
    if (!status) { return; }
    status.textContent = "";
    status.className = "calendar-status" + (kind ? " calendar-status-" + kind : "");
    window.setTimeout(function () { status.textContent = text; }, 30);
  }

  function expanded() {
    try { return JSON.parse(window.sessionStorage.getItem(EXPANDED) || "[]"); } catch (e) { return []; }
  }

  function setExpanded(group, open) {
    var button = document.querySelector(".resource-toggle[data-group='" + group + "']");
    var body = document.getElementById(group);
    if (!button || !body) { return; }
    button.setAttribute("aria-expanded", open ? "true" : "false");
    body.classList.toggle("resource-group-open", open);
    body.querySelectorAll("tr.resource-row-agent").forEach(function (row) { row.hidden = !open; });
  }

  function restore() { expanded().forEach(function (group) { setExpanded(group, true); }); }

  function board() { return document.getElementById("resource-board"); }

  function refresh() {
    return fetch(window.location.href, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#resource-board");
        if (fresh) { board().replaceWith(fresh); restore(); }
      });
  }

  function move(payload, confirmed) {
    var body = Object.assign({}, payload.data, { confirm: confirmed });
    announce(t.saving);
    return fetch(payload.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": board().dataset.csrfToken },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.status === 409 && answer.code === "needs_confirmation" && !confirmed) {
          if (window.confirm(answer.message + "\n\n" + t.confirm)) { return move(payload, true); }
          announce(t.cancelled);
          return null;
        }
        if (!response.ok) { throw new Error(answer.message || response.statusText); }
        return refresh().then(function () { announce(answer.message, "ok"); });
      });
    }).catch(function (error) {
      announce(t.failed + " " + error.message, "error");
      return refresh();
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".resource-toggle");
    if (!button) { return; }
    var group = button.dataset.group;
    var open = button.getAttribute("aria-expanded") !== "true";
    setExpanded(group, open);
    var groups = expanded().filter(function (g) { return g !== group; });
    if (open) { groups.push(group); }
    window.sessionStorage.setItem(EXPANDED, JSON.stringify(groups));
  });

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("a.resource-event[data-move-url]");
    if (!card) { return; }
    dragged = {
      card: card,
      url: card.dataset.moveUrl,
      version: card.dataset.version,
      slot: card.closest("td").dataset.slot,
      row: card.closest("tr").dataset.row
    };
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.id);
    card.classList.add("resource-event-dragging");
  });

  document.addEventListener("dragend", function () {
    if (dragged) { dragged.card.classList.remove("resource-event-dragging"); }
    document.querySelectorAll(".slot-drop").forEach(function (cell) { cell.classList.remove("slot-drop"); });
  });

  document.addEventListener("dragover", function (event) {
    var cell = dragged && event.target.closest && event.target.closest("td.slot-cell");
    if (!cell) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    document.querySelectorAll(".slot-drop").forEach(function (other) { if (other !== cell) { other.classList.remove("slot-drop"); } });
    cell.classList.add("slot-drop");
  });

  document.addEventListener("drop", function (event) {
    var cell = dragged && event.target.closest && event.target.closest("td.slot-cell");
    if (!cell) { return; }
    event.preventDefault();
    var from = dragged;
    dragged = null;
    var toRow = cell.closest("tr").dataset.row;
    if (cell.dataset.slot === from.slot && toRow === from.row) { return; }
    move({
      url: from.url,
      data: { version: from.version, from_slot: from.slot, to_slot: cell.dataset.slot, from_row: from.row, to_row: toRow }
    }, false);
  });

  restore();
})();
