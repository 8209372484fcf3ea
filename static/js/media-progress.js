/* Media progress (issue 15): on a lesson page, every <video>/<audio> carrying
   data-kap-media="<stream block id>" reports the ranges the trainee actually
   played. The server merges them, clips them to the recording's duration and
   decides what counts; this script only reports. Throttled to one report per
   15 seconds of playback per element, plus one on pause, on ended and when the
   page is hidden or left (sendBeacon, so the last seconds are not lost). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var endpoint = script.getAttribute("data-endpoint");
  var csrf = script.getAttribute("data-csrf");
  var THROTTLE_MS = 15000;

  function track(el) {
    var blockId = el.getAttribute("data-kap-media");
    var pending = [];   // ranges played since the last report
    var start = null;   // where the current played stretch began
    var last = 0;       // last time seen while playing
    var lastSent = 0;

    function close() {
      // Played up to now (a pause or the end), unless it was a jump.
      var now = el.currentTime;
      if (start !== null && !el.seeking && now > last && now - last <= 2) { last = now; }
      if (start !== null && last > start) { pending.push([start, last]); }
      start = el.paused ? null : el.currentTime;
    }

    function body() {
      close();
      if (!pending.length) { return null; }
      var data = new FormData();
      data.append("block_id", blockId);
      data.append("duration", isFinite(el.duration) ? String(el.duration) : "0");
      data.append("ranges", JSON.stringify(pending));
      data.append("csrfmiddlewaretoken", csrf);
      pending = [];
      lastSent = Date.now();
      return data;
    }

    function send() {
      var data = body();
      if (data) {
        fetch(endpoint, {method: "POST", body: data, credentials: "same-origin",
                         headers: {"X-CSRFToken": csrf}, keepalive: true})
          .catch(function () { /* the next report carries on */ });
      }
    }

    function beacon() {
      var data = body();
      if (data && !(navigator.sendBeacon && navigator.sendBeacon(endpoint, data))) {
        fetch(endpoint, {method: "POST", body: data, credentials: "same-origin",
                         headers: {"X-CSRFToken": csrf}, keepalive: true});
      }
    }

    el.addEventListener("playing", function () {
      start = el.currentTime;
      last = start;
      if (!lastSent) { lastSent = Date.now(); }  // first report after a stretch
    });
    el.addEventListener("timeupdate", function () {
      if (el.paused || el.seeking) { return; }
      // A jump of more than two seconds is a seek, not playback.
      if (start === null || el.currentTime < last || el.currentTime - last > 2) {
        close();
        start = el.currentTime;
      }
      last = el.currentTime;
      if (Date.now() - lastSent > THROTTLE_MS) { send(); }
    });
    el.addEventListener("seeking", function () {
      if (start !== null && last > start) { pending.push([start, last]); }
      start = null;
    });
    el.addEventListener("pause", send);
    el.addEventListener("ended", send);
    window.addEventListener("pagehide", beacon);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { beacon(); }
    });
  }

  function init() {
    if (!endpoint) { return; }
    var els = document.querySelectorAll("video[data-kap-media], audio[data-kap-media]");
    for (var i = 0; i < els.length; i++) { track(els[i]); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
