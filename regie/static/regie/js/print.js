// Régie: a "Print" button ([data-print], hidden without JavaScript: the browser's own print works anyway).
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
