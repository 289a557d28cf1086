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

  /* The kept copy of progress that could not be read (see load). */
  var SET_ASIDE = KEY + ".unreadable";

  /* A set of names with no prototype behind it, so a guide or task named
     "constructor" or "__proto__" is found only when it was ticked. */
  function names(saved) {
    var out = Object.create(null);
    if (saved === undefined) return out;
    if (!saved || typeof saved !== "object" || Array.isArray(saved)) return null;
    var keys = Object.keys(saved);
    for (var i = 0; i < keys.length; i++) {
      if (saved[keys[i]] !== true) return null;
      out[keys[i]] = true;
    }
    return out;
  }

  /* Saved progress, checked. Anything that is not what save() writes (bad
     JSON, {"read": "x"}, a list) is set aside under SET_ASIDE, untouched,
     and progress starts afresh; saving would fail on it otherwise. */
  function load(store) {
    var text = store.getItem(KEY), saved = null;
    if (text === null) return { read: names(), ticks: names() };
    try {
      saved = JSON.parse(text);
    } catch (err) {
      saved = null;
    }
    var ok = saved && typeof saved === "object" && !Array.isArray(saved);
    var progress = ok ? { read: names(saved.read), ticks: names(saved.ticks) } : {};
    if (progress.read && progress.ticks) return progress;
    store.setItem(SET_ASIDE, text);
    store.removeItem(KEY);
    load.setAside = true;
    return { read: names(), ticks: names() };
  }

  /* Say once, on the page where it happened, that unreadable progress was set aside. */
  function tellSetAside(root) {
    if (!load.setAside) return;
    load.setAside = false;
    var first = root.querySelector("[data-cg-progress], .cg-progress-toggle");
    if (!first) return;
    var note = document.createElement("p");
    note.className = "cg-progress-note admonition warning";
    note.setAttribute("role", "status");
    note.textContent = "The progress saved in this browser could not be read, so it was set aside " +
      "(kept under \u201c" + SET_ASIDE + "\u201d) and your ticks are saved afresh from now on.";
    first.parentNode.insertBefore(note, first);
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
    tellSetAside(root);
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
  if (window.cgEveryPage) {
    window.cgEveryPage(setUp);  // exercises.js: follows Material's script when it comes late
  } else if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
