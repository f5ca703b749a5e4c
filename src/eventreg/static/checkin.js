// The check-in page's camera scanner. Progressive enhancement: without JavaScript or a camera the page's code
// field and name search work alone. Reads QR codes with the browser's BarcodeDetector where it knows QR, else
// with jsQR (loaded on first use, from this origin: the CSP allows scripts from 'self' only); each new code is
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
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var decode = null;
  var last = "";
  var lastAt = 0;
  var busy = false;
  var REPEAT_MS = 4000; // the same badge held up longer is not scanned again and again
  scanner.hidden = false;

  function loadJsQR() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) { resolve(window.jsQR); return; }
      var script = document.createElement("script");
      script.src = scanner.getAttribute("data-decoder");
      script.onload = function () { resolve(window.jsQR); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function decodeFrame(jsQR, source) {
    var width = source.videoWidth || source.naturalWidth;
    var height = source.videoHeight || source.naturalHeight;
    if (!width || !height) { return ""; }
    canvas.width = width;
    canvas.height = height;
    context.drawImage(source, 0, 0, width, height);
    var found = jsQR(context.getImageData(0, 0, width, height).data, width, height, { inversionAttempts: "dontInvert" });
    return found ? found.data : "";
  }

  async function makeDecoder() {
    if ("BarcodeDetector" in window) {
      try {
        var formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.indexOf("qr_code") >= 0) {
          var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          return async function (source) {
            var codes = await detector.detect(source);
            return codes.length ? codes[0].rawValue : "";
          };
        }
      } catch (ignored) { /* no QR support here: jsQR below */ }
    }
    var jsQR = await loadJsQR();
    return async function (source) { return decodeFrame(jsQR, source); };
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
