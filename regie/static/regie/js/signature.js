// Signature capture (regie.attachments.signature.SignatureWidget): every <div data-signature> holds a canvas
// signed on with a finger, a stylus or the mouse (signature_pad), a "Clear" button and the hidden input the PNG
// data URL is written into after each stroke. The canvas is sized to its box at the screen's pixel ratio (at most
// 2: a bounded PNG) and keeps its strokes when the box changes size (a phone turned, a <details> opened).
(function () {
  "use strict";

  if (!window.SignaturePad) return;

  function setUp(element) {
    if (element.dataset.signatureReady) return;
    element.dataset.signatureReady = "1";
    const canvas = element.querySelector("canvas");
    const input = element.querySelector("[data-signature-input]");
    const clear = element.querySelector("[data-signature-clear]");
    const pad = new window.SignaturePad(canvas, { penColor: "#111", minWidth: 0.8, maxWidth: 2.6 });

    function write() {
      input.value = pad.isEmpty() ? "" : pad.toDataURL("image/png");
      element.classList.toggle("signature-signed", !pad.isEmpty());
    }

    function fit() {
      const width = canvas.offsetWidth;
      const height = canvas.offsetHeight;
      if (!width || !height) return;  // hidden (a closed <details>): sized when it shows
      const ratio = Math.min(window.devicePixelRatio || 1, 2);
      if (canvas.width === Math.round(width * ratio) && canvas.height === Math.round(height * ratio)) return;
      const strokes = pad.toData();
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.getContext("2d").scale(ratio, ratio);
      pad.clear();
      if (strokes.length) pad.fromData(strokes);
      write();
    }

    pad.addEventListener("endStroke", write);
    clear.addEventListener("click", function () {
      pad.clear();
      write();
    });
    if (window.ResizeObserver) new window.ResizeObserver(fit).observe(canvas);
    else window.addEventListener("resize", fit);
    fit();
    input.value = "";
  }

  function setUpAll(root) {
    (root || document).querySelectorAll("[data-signature]").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { setUpAll(); });
  else setUpAll();
  document.addEventListener("htmx:afterSettle", function (event) { setUpAll(event.target); });
})();
