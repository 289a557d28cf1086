/* Search on demand: the search index (about 285 KB, a third of the composer's
   first load) and the search worker are fetched when someone shows they
   are about to search, not with every page.

   Material (9.8) starts both as its bundle runs: it creates the worker
   (workers/search.*.js) and asks for search/search_index.json with an
   XMLHttpRequest at once. This script runs before the bundle
   (templates/theme/main.html) and holds both back until the first sign of
   a search: the search box gets focus (a click, Tab, or the / and s keys),
   the pointer comes over it, the phone's search button is pressed, or the
   address asks for a search (?q=, from the 404 page's form or a shared
   search) or for highlights (?h=, from a search result). Nothing else
   changes: the same request, the same worker, a moment later.

   Opened from a file, Material reads the index from search_index.js when the
   search opens (the offline copy, macros/plugin/offline.py): nothing to do.
   tests/browser/test_browser_search.py checks that no page load asks for the
   index and that searching still finds pages. */
(function () {
  "use strict";

  if (location.protocol === "file:" || window.cgSearchOnDemand) return;

  var INDEX = /\/search\/search_index\.json(\?|$)/;
  var WORKER = /\/workers\/search\.[^/]*\.js(\?|$)/;

  var go = null;
  var wanted = new Promise(function (resolve) { go = resolve; });
  window.cgSearchOnDemand = { wanted: wanted };

  function start() {
    if (go) { go(); go = null; }
  }

  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) start();

  function onSearch(event) {
    var target = event.target;
    if (target && target.closest && target.closest(".md-search, label[for='__search']")) start();
  }
  document.addEventListener("focusin", onSearch, true);
  document.addEventListener("pointerover", onSearch, true);
  document.addEventListener("pointerdown", onSearch, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") start();
  }, true);

  /* The index: its request is sent once a search is wanted. */
  var held = new WeakSet();
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (INDEX.test(new URL(String(url), location.href).pathname)) held.add(this);
    else held.delete(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!go || !held.has(request)) return send.apply(request, args);
    wanted.then(function () { send.apply(request, args); });
  };

  /* The worker: a stand-in that Material can talk to at once; the real
     worker starts when a search is wanted and gets every message queued. */
  var RealWorker = window.Worker;
  if (!RealWorker) return;

  function laterWorker(url, options) {
    var standIn = new EventTarget(), queue = [], real = null;
    standIn.onmessage = null;
    standIn.onerror = null;
    function pass(event) {
      var copy = event.type === "message" ? new MessageEvent("message", { data: event.data }) : new Event(event.type);
      standIn.dispatchEvent(copy);
      var handler = standIn["on" + event.type];
      if (typeof handler === "function") handler.call(standIn, copy);
    }
    standIn.postMessage = function (message) {
      if (real) real.postMessage(message);
      else if (queue) queue.push(message);
    };
    standIn.terminate = function () {
      if (real) real.terminate();
      queue = null;
    };
    wanted.then(function () {
      if (!queue) return;  /* terminated before it was needed */
      real = new RealWorker(url, options);
      real.addEventListener("message", pass);
      real.addEventListener("error", pass);
      queue.forEach(function (message) { real.postMessage(message); });
      queue = null;
    });
    return standIn;
  }

  window.Worker = function Worker(url, options) {
    if (go && WORKER.test(new URL(String(url), location.href).pathname)) return laterWorker(url, options);
    return new RealWorker(url, options);
  };
  window.Worker.prototype = RealWorker.prototype;
})();
