// Régie: the dashboard's monthly trend (Chart.js, MIT, served by the app). The table under the chart holds the
// same figures with their links: without JavaScript, or for a screen reader, nothing is missing.
(function () {
  "use strict";
  var canvas = document.getElementById("trend-chart");
  var source = document.getElementById("trend-data");
  if (!canvas || !source || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var styles = getComputedStyle(document.documentElement);
  var accent = styles.getPropertyValue("--accent").trim() || "#1f5fa8";
  var muted = styles.getPropertyValue("--muted").trim() || "#555";
  canvas.parentNode.setAttribute("data-ready", "");
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.names.received, data: data.received, borderColor: accent, backgroundColor: accent, tension: 0.2 },
        { label: data.names.closed, data: data.closed, borderColor: muted, backgroundColor: muted, borderDash: [6, 4], tension: 0.2 }
      ]
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
