// Régie planning: FullCalendar on /planning/ (drag and drop for dispatchers), copy buttons on /planning/feeds/.
// Times travel as naive wall-clock ISO strings in the organization's zone (see regie/interventions/calendar/moments.py).
(function () {
  "use strict";

  function strings(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  }

  function announcer(node) {
    return function (text, kind) {
      if (!node) { return; }
      node.textContent = "";
      node.className = "calendar-status" + (kind ? " calendar-status-" + kind : "");
      // A new text node after clearing makes screen readers announce repeated messages too.
      window.setTimeout(function () { node.textContent = text; }, 30);
    };
  }

  function csrfToken(el) {
    if (el.dataset.csrfToken) { return el.dataset.csrfToken; }
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (e) { return ""; }
  }

  function readJson(response) {
    return response.json().catch(function () { return {}; }).then(function (body) {
      if (!response.ok) {
        var error = new Error(body.message || response.statusText);
        error.status = response.status;
        throw error;
      }
      return body;
    });
  }

  function setupCalendar(el) {
    var t = strings("planning-strings");
    var status = document.getElementById("planning-status");
    var announce = announcer(status);
    function clearStatus() { if (status) { status.textContent = ""; } }
    var canManage = el.dataset.canManage === "true";
    var filters = document.getElementById("planning-filters");
    var selects = filters ? filters.querySelectorAll("select") : [];

    function filterParams(params) {  // the team (a select) and the agent (the picker's chosen radio)
      if (filters) {
        new FormData(filters).forEach(function (value, name) {
          if (value && (name === "team" || name === "agent")) { params.set(name, value); }
        });
      }
      return params;
    }

    function rememberInUrl(view) {
      var params = filterParams(new URLSearchParams());
      params.set("view", view.type);
      params.set("date", view.calendar.formatIso(view.calendar.getDate(), true));
      window.history.replaceState(null, "", window.location.pathname + "?" + params.toString());
    }

    function describe(event) {
      var p = event.extendedProps;
      var lines = [event.title, t.status + ": " + p.stateLabel, t.priority + ": " + p.priority];
      if (p.team) { lines.push(t.team + ": " + p.team); }
      if (p.agents) { lines.push(t.agents + ": " + p.agents); }
      if (p.contractor) { lines.push(t.contractor + ": " + p.contractor); }
      if (p.location) { lines.push(t.place + ": " + p.location); }
      if (event.startEditable) { lines.push(t.movable); }
      return lines.join("\n");
    }

    // What FullCalendar's markup gets wrong for assistive technologies (axe), repaired after each render:
    // the toolbar buttons are named by their title, their icons (role="img" without a name) are decoration;
    // a month day cell is named by its day number alone, hiding the work orders it holds
    // (label-content-name-mismatch): its content names it instead; the time axis header is aria-hidden
    // yet holds the week number link, which keyboard users reach (aria-hidden-focus).
    function repairMarkup() {
      el.querySelectorAll(".fc-icon[role=img]").forEach(function (icon) { icon.setAttribute("aria-hidden", "true"); });
      el.querySelectorAll("td.fc-daygrid-day[aria-labelledby]").forEach(function (cell) {
        cell.removeAttribute("aria-labelledby");
      });
      el.querySelectorAll("[aria-hidden=true]").forEach(function (node) {
        if (node.querySelector("a, button, [tabindex]")) { node.removeAttribute("aria-hidden"); }
      });
    }

    function persist(info, confirmed) {
      var event = info.event;
      announce(t.saving);
      fetch(event.extendedProps.rescheduleUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken(el) },
        body: JSON.stringify({
          start: event.startStr, end: event.endStr, version: event.extendedProps.version, confirm: Boolean(confirmed)
        })
      }).then(function (response) {
        // A weekend, a public holiday, an absence or out of hours: the server asks, the dispatcher decides.
        if (response.status === 409 && !confirmed) {
          return response.clone().json().catch(function () { return {}; }).then(function (body) {
            if (body.code !== "needs_confirmation") { return readJson(response); }
            if (window.confirm(body.message + "\n\n" + t.confirm)) { persist(info, true); return null; }
            info.revert();
            announce(t.cancelled);
            return null;
          });
        }
        return readJson(response);
      }).then(function (body) {
        if (!body) { return; }
        event.setExtendedProp("version", body.event.extendedProps.version);
        announce(body.message || t.moved, "ok");
      }).catch(function (error) {
        info.revert();
        announce(t.failed + (error.message ? " " + error.message : ""), "error");
        if (error.status === 409) { calendar.refetchEvents(); }
      });
    }

    var calendar = new FullCalendar.Calendar(el, {
      locale: el.dataset.locale || "fr",
      timeZone: el.dataset.timeZone || "Europe/Paris",
      firstDay: 1,
      // A phone opens on the week's list (a time grid of seven days does not fit); a view in the address wins.
      initialView: !new URLSearchParams(window.location.search).has("view") && window.matchMedia("(max-width: 48rem)").matches
        ? "listWeek" : el.dataset.initialView || "timeGridWeek",
      initialDate: el.dataset.initialDate || undefined,
      headerToolbar: { left: "prev,next today", center: "title", right: "dayGridMonth,timeGridWeek,timeGridDay,listWeek" },
      height: "auto",
      allDaySlot: false,
      slotMinTime: "06:00:00",
      slotMaxTime: "21:00:00",
      scrollTime: "07:00:00",
      businessHours: { daysOfWeek: [1, 2, 3, 4, 5], startTime: "08:00", endTime: "17:30" },
      eventTimeFormat: { hour: "2-digit", minute: "2-digit", hour12: false },
      slotLabelFormat: { hour: "2-digit", minute: "2-digit", hour12: false },
      nowIndicator: true,
      weekNumbers: true,
      navLinks: true,
      dayMaxEvents: true,
      forceEventDuration: true,
      editable: canManage,
      eventDurationEditable: canManage,
      eventStartEditable: canManage,
      eventDisplay: "block",
      buttonText: { list: t.list },
      events: function (info, success, failure) {
        var params = filterParams(new URLSearchParams({ start: info.startStr, end: info.endStr }));
        // The month view counts the work orders of each day instead of stacking them (a town has hundreds).
        // (The range tells the month view: the callback is not told the view, which may still be the old one.)
        if (info.end - info.start > 14 * 86400000) { params.set("summary", "day"); }
        fetch(el.dataset.eventsUrl + "?" + params.toString(), { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(readJson)
          .then(function (body) {
            success(body.events);
            if (body.truncated) { announce(t.truncated, "error"); }
          })
          .catch(function (error) {
            failure(error);
            announce(t.loadFailed, "error");
          });
      },
      eventDidMount: function (info) {
        if (info.event.extendedProps.count !== undefined) { return; }
        info.el.setAttribute("title", describe(info.event));
      },
      datesSet: function (info) {
        rememberInUrl(info.view);
        repairMarkup();
        clearStatus();
      },
      eventsSet: function () { window.setTimeout(repairMarkup, 0); },
      eventDrop: persist,
      eventResize: persist
    });
    calendar.render();
    repairMarkup();

    function refilter() {
      calendar.refetchEvents();
      rememberInUrl(calendar.view);
    }
    selects.forEach(function (select) { select.addEventListener("change", refilter); });
    if (filters) {
      filters.addEventListener("picker-change", refilter);  // an agent chosen in the picker (regie/js/picker.js)
      filters.addEventListener("submit", function (event) { event.preventDefault(); calendar.refetchEvents(); });
    }
    el.calendar = calendar; // for tests and the browser console
  }

  function setupCopyButtons() {
    var t = strings("feed-strings");
    var announce = announcer(document.getElementById("feed-status"));
    document.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-copy]");
      if (!button) { return; }
      var input = document.getElementById(button.dataset.copy);
      input.focus();
      input.select();
      if (!navigator.clipboard) { announce(t.copyFailed); return; }
      navigator.clipboard.writeText(input.value).then(
        function () { announce(t.copied, "ok"); },
        function () { announce(t.copyFailed); }
      );
    });
  }

  var el = document.getElementById("planning-calendar");
  if (el && window.FullCalendar) { setupCalendar(el); }
  if (document.getElementById("feed-strings")) { setupCopyButtons(); }
})();
