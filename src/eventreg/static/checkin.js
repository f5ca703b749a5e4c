// The check-in page's camera scanner. Progressive enhancement: without JavaScript or a camera the page's code
// field and name search work alone. Reads QR codes with the browser's BarcodeDetector where it knows QR, else
// with barcode-detector's ponyfill of the same API (ZXing-C++ as WebAssembly, by zxing-wasm), both loaded on first
// use from this origin (the CSP allows scripts from 'self' only, and this page WebAssembly too); each new code is
// posted exactly as the page's code form would post it, asking for JSON, whose `html` is the very result box
// the page shows without JavaScript, and whose `present` is the page's "N people checked in" line, counted anew.
// The result box's undo is posted the same way, so the camera keeps running. Several phones may scan at once: the
// server makes one check-in per person.
(function () {
  "use strict";
  var scanner = document.getElementById("scanner");
  var form = document.getElementById("code-form");
  var result = document.getElementById("result");
  var present = document.getElementById("present");
  if (!scanner || !form || !result || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  var video = scanner.querySelector("video");
  var start = document.getElementById("scan-start");
  var status = document.getElementById("scan-status");
  var decode = null;
  var last = "";
  var lastAt = 0;
  var busy = false;
  var REPEAT_MS = 4000; // the same badge held up longer is not scanned again and again
  scanner.hidden = false;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  // barcode-detector's ponyfill (window.BarcodeDetectionAPI) with its WebAssembly from this origin, not from the CDN
  // it names by default. Fetched here, asking for application/wasm: API Gateway hands a binary answer over as such
  // only to a request that accepts its type (the module's own fetch accepts anything).
  async function loadPonyfill() {
    var answers = await Promise.all([
      fetch(scanner.getAttribute("data-wasm"), { credentials: "same-origin", headers: { Accept: "application/wasm" } }),
      window.BarcodeDetectionAPI || loadScript(scanner.getAttribute("data-decoder"))
    ]);
    if (!answers[0].ok) { throw new Error("no QR decoder"); }
    var api = window.BarcodeDetectionAPI;
    api.prepareZXingModule({ overrides: { wasmBinary: await answers[0].arrayBuffer() } });
    return api;
  }

  async function detectorFrom(Detector) {
    var formats = await Detector.getSupportedFormats();
    return formats.indexOf("qr_code") >= 0 ? new Detector({ formats: ["qr_code"] }) : null;
  }

  async function makeDecoder() {
    var detector = null;
    if ("BarcodeDetector" in window) {
      try {
        detector = await detectorFrom(window.BarcodeDetector);
      } catch (ignored) { /* no QR support here: the ponyfill below */ }
    }
    if (!detector) {
      detector = await detectorFrom((await loadPonyfill()).BarcodeDetector);
    }
    if (!detector) { throw new Error("no QR decoder"); }
    return async function (source) {
      if (!(source.videoWidth || source.naturalWidth)) { return ""; }
      var codes = await detector.detect(source);
      return codes.length ? codes[0].rawValue : "";
    };
  }

  // Posts `posted` (the code form, or the result box's undo form) asking for JSON; false when the answer is not
  // the desk's JSON, so that the caller posts the form itself and the page says what went wrong (an expired session).
  async function post(posted, body) {
    var answer = await fetch(posted.action, {
      method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" }
    });
    var type = answer.headers.get("Content-Type") || "";
    if (!answer.ok || type.indexOf("application/json") !== 0) { return false; }
    var data = await answer.json();
    result.innerHTML = data.html;
    if (present && data.present) { present.textContent = data.present; }
    if (navigator.vibrate) { navigator.vibrate(data.refused ? [90, 60, 90] : 60); }
    return true;
  }

  async function send(code) {
    var body = new URLSearchParams(new FormData(form));
    body.set("code", code);
    if (!(await post(form, body))) {
      form.elements.code.value = code;
      form.submit();
    }
  }

  result.addEventListener("submit", async function (event) {
    var undo = event.target;
    event.preventDefault();
    if (!(await post(undo, new URLSearchParams(new FormData(undo))))) { undo.submit(); }
  });

  async function tick() {
    if (!busy && video.readyState >= 2) {
      busy = true;
      try {
        var code = await decode(video);
        var now = Date.now();
        if (code && (code !== last || now - lastAt > REPEAT_MS)) {
          last = code;
          lastAt = now;
          await send(code);
        }
      } catch (ignored) { /* a frame that could not be read: the next one */ }
      busy = false;
    }
    window.setTimeout(tick, 150);
  }

  start.addEventListener("click", async function () {
    start.disabled = true;
    try {
      decode = await makeDecoder();
      video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      video.hidden = false;
      await video.play();
      status.textContent = scanner.getAttribute("data-ready");
      tick();
    } catch (error) {
      status.textContent = scanner.getAttribute("data-unavailable");
      start.disabled = false;
    }
  });
}());
