/* A new hire's progress: guides read and first-week tasks ticked.
   Kept in this browser's localStorage under one key and nowhere else: no
   request is made, nothing leaves the machine. The boxes stay hidden
   without JavaScript (or without storage), so they never promise to keep
   something they cannot. */
(function () {
  "use strict";

  var KEY = "common-ground.progress.v1";

  function storage() {
    try {
      var probe = KEY + ".probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (err) {
      return null; /* private mode or storage switched off */
    }
  }

  function load(store) {
    try {
      var saved = JSON.parse(store.getItem(KEY) || "{}");
      return { read: saved.read || {}, ticks: saved.ticks || {} };
    } catch (err) {
      return { read: {}, ticks: {} };
    }
  }

  function save(store, progress) {
    store.setItem(KEY, JSON.stringify(progress));
  }

  /* Which part of the saved progress a box belongs to, and its name there. */
  function slot(box) {
    return box.hasAttribute("data-cg-read")
      ? ["read", box.getAttribute("data-cg-read")]
      : ["ticks", box.getAttribute("data-cg-tick")];
  }

  function count(root, selector) {
    var names = {};
    root.querySelectorAll(selector).forEach(function (box) {
      if (box.checked) names[slot(box)[1]] = true;
    });
    return Object.keys(names).length;
  }

  function distinct(root, attribute) {
    var names = {};
    root.querySelectorAll("[" + attribute + "]").forEach(function (box) {
      names[box.getAttribute(attribute)] = true;
    });
    return Object.keys(names).length;
  }

  function summarise(root) {
    root.querySelectorAll("[data-cg-summary]").forEach(function (summary) {
      var parts = [];
      var guides = distinct(root, "data-cg-read");
      var tasks = distinct(root, "data-cg-tick");
      if (guides) parts.push(count(root, "[data-cg-read]") + " of " + guides + " guides read");
      if (tasks) parts.push(count(root, "[data-cg-tick]") + " of " + tasks + " tasks ticked");
      summary.textContent = "Your progress: " + parts.join(", ") + ".";
    });
  }

  function show(root, progress) {
    root.querySelectorAll("[data-cg-read], [data-cg-tick]").forEach(function (box) {
      var where = slot(box);
      box.checked = !!progress[where[0]][where[1]];
    });
    summarise(root);
  }

  function setUp() {
    var store = storage();
    if (!store) return;
    var root = document;
    var boxes = root.querySelectorAll("[data-cg-read], [data-cg-tick]");
    if (!boxes.length) return;
    show(root, load(store));
    boxes.forEach(function (box) {
      if (box.dataset.cgReady) return;
      box.dataset.cgReady = "1";
      box.disabled = false;
      box.addEventListener("change", function () {
        var progress = load(store);
        var where = slot(box);
        if (box.checked) progress[where[0]][where[1]] = true;
        else delete progress[where[0]][where[1]];
        save(store, progress);
        show(root, progress); /* the same guide may have two boxes on a page */
      });
    });
    root.querySelectorAll("[data-cg-clear]").forEach(function (button) {
      if (button.dataset.cgReady) return;
      button.dataset.cgReady = "1";
      button.addEventListener("click", function () {
        store.removeItem(KEY);
        show(root, load(store));
      });
    });
    root.querySelectorAll(".cg-progress-toggle, [data-cg-progress]").forEach(function (el) {
      el.hidden = false;
    });
  }

  /* Material's instant navigation swaps pages without a reload. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
