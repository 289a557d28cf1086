/* Exercise pages and the exercise library.
   Both features are switched on here and stay hidden without JavaScript:
   the page still reads, prints and lists every exercise without them. */
(function () {
  "use strict";

  /* An exercise page prints its worksheet alone (worksheet.css). "Print
     the whole page" marks the page so its facilitator notes print too;
     "Print worksheet" marks it as the worksheet only. After printing the
     page is put back. */
  var PRINT_CLASSES = {
    cgPrintWorksheet: "cg-print-worksheet-only",
    cgPrintWholePage: "cg-print-whole-page"
  };

  function setUpPrintButtons(root) {
    root.querySelectorAll("[data-cg-print-worksheet], [data-cg-print-whole-page]").forEach(function (button) {
      if (button.dataset.cgReady) return;
      button.dataset.cgReady = "1";
      var mark = "cgPrintWholePage" in button.dataset ? PRINT_CLASSES.cgPrintWholePage : PRINT_CLASSES.cgPrintWorksheet;
      button.addEventListener("click", function () {
        document.documentElement.classList.add(mark);
        window.print();
      });
      button.parentElement.hidden = false;
    });
  }

  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove(PRINT_CLASSES.cgPrintWorksheet, PRINT_CLASSES.cgPrintWholePage);
  });

  /* Filters on the exercise library and the workshop index: time you
     have, people in the group, format, and one tag. An item shows when it
     matches all of them; a workshop fits the time when one of its
     versions does. The choice lives in the page address (?time=180&tag=x),
     so a link to it opens the same list. */
  var FILTER_KEYS = ["time", "people", "format", "tag"];

  function readFilters() {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    FILTER_KEYS.forEach(function (key) { state[key] = params.get(key) || ""; });
    return state;
  }

  function writeFilters(state) {
    var params = new URLSearchParams(window.location.search);
    FILTER_KEYS.forEach(function (key) {
      if (state[key]) params.set(key, state[key]); else params.delete(key);
    });
    var query = params.toString();
    history.replaceState(history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function fits(item, state) {
    var minutes = item.dataset.cgMinutes ? item.dataset.cgMinutes.split(" ").map(Number) : [];
    var people = (item.dataset.cgPeople || "").split("-").map(Number);
    var formats = (item.dataset.cgFormats || "").split("|");
    var tags = (item.dataset.cgTags || "").split("|");
    if (state.time && !minutes.some(function (m) { return m <= Number(state.time); })) return false;
    if (state.people && !(Number(state.people) >= people[0] && Number(state.people) <= people[1])) return false;
    if (state.format && formats.indexOf(state.format) === -1) return false;
    if (state.tag && tags.indexOf(state.tag) === -1) return false;
    return true;
  }

  /* A format's name as a sentence has it, and the unit of a head count,
     from the controls the page was built with (templates/partials/labels.yml):
     never a code, never a word typed here. */
  function formatName(filter, code) {
    var option = Array.prototype.filter.call(filter.querySelectorAll("[data-cg-filter=format] option"), function (o) {
      return o.value === code;
    })[0];
    return option ? option.dataset.cgInText : code;
  }

  function peopleUnit(filter) {
    return filter.querySelector("[data-cg-filter=people]").dataset.cgUnit;
  }

  function describe(state, shown, total, noun, filter) {
    var parts = [];
    if (state.time) parts.push("fitting " + state.time + " minutes");
    if (state.people) parts.push("for " + state.people + " " + peopleUnit(filter));
    if (state.format) parts.push(formatName(filter, state.format));
    if (state.tag) parts.push("tagged \u201c" + state.tag + "\u201d");
    return parts.length ? shown + " of " + total + " " + noun + " " + parts.join(", ")
                        : "All " + total + " " + noun;
  }

  function setUpFilters(root) {
    root.querySelectorAll(".cg-library").forEach(function (library) {
      var filter = library.querySelector(".cg-tag-filter");
      if (!filter || filter.dataset.cgReady) return;
      filter.dataset.cgReady = "1";
      var buttons = filter.querySelectorAll("[data-cg-tag]");
      var fields = filter.querySelectorAll("[data-cg-filter]");
      var items = library.querySelectorAll("[data-cg-tags]:not(button)");
      var status = filter.querySelector(".cg-tag-status");
      var state = readFilters();

      function apply(remember) {
        var shown = 0;
        buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.cgTag === state.tag)); });
        fields.forEach(function (field) { field.value = state[field.dataset.cgFilter]; });
        items.forEach(function (item) {
          var match = fits(item, state);
          item.hidden = !match;
          if (match) shown += 1;
          item.querySelectorAll("[data-cg-version]").forEach(function (link) {
            link.classList.toggle("cg-version-fits", !!state.time && Number(link.dataset.cgVersion) <= Number(state.time));
          });
        });
        status.textContent = describe(state, shown, items.length, status.dataset.cgNoun || "items", filter);
        if (remember) writeFilters(state);
      }

      buttons.forEach(function (button) {
        button.addEventListener("click", function () { state.tag = button.dataset.cgTag; apply(true); });
      });
      fields.forEach(function (field) {
        field.addEventListener(field.tagName === "INPUT" ? "input" : "change", function () {
          state[field.dataset.cgFilter] = field.value.trim();
          apply(true);
        });
      });
      apply(false);
      filter.hidden = false;
    });
  }

  /* The composer (docs/workshops/compose.md) loads its scripts and the
     build's data file on its own page only; other pages carry none of that
     weight. What only printing and run mode need (run.js, followup.js and
     the data file's texts, kit-text.js) composer.js loads when someone is
     about to print or run. */
  var COMPOSER_SCRIPTS = ["schedule.js", "kit-data.js", "composer.js"];

  /* The folder this script came from, which holds the kit's other scripts:
     an absolute address, so it stays right after instant navigation to a
     page at another depth, and on a copy opened from a file. */
  var SCRIPTS = new URL(".", document.currentScript.src);
  var requested = new Map();  // script name -> its promise: each loads once

  /* A script tag, not fetch(): a copy opened from a file cannot fetch files. */
  function loadScript(name) {
    if (!requested.has(name)) {
      requested.set(name, new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL(name, SCRIPTS).href;
        // Added together, they download in parallel; async = false runs them in the order asked.
        script.async = false;
        script.onload = resolve;
        script.onerror = function () {
          requested.delete(name);  // offline for now: the next try asks again
          script.remove();
          reject(new Error(name + " could not be loaded"));
        };
        document.head.appendChild(script);
      }));
    }
    return requested.get(name);
  }

  /* A stylesheet that only a later step needs (run mode's last step:
     followup.css), by a <link> in the <head>. Asked again each time:
     Material's instant navigation drops <head> links the next page lacks. */
  function loadStylesheet(name) {
    var href = new URL("../stylesheets/" + name, SCRIPTS).href;
    var there = Array.prototype.filter.call(document.querySelectorAll("link[rel=stylesheet]"), function (link) {
      return link.href === href;
    })[0];
    if (there) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.onload = resolve;
      link.onerror = function () {
        link.remove();
        reject(new Error(name + " could not be loaded"));
      };
      document.head.appendChild(link);
    });
  }

  function loadScripts(names) {
    return Promise.all(names.map(function (name) {
      return /\.css$/.test(name) ? loadStylesheet(name) : loadScript(name);
    }));
  }

  window.cgLoadScripts = loadScripts;

  function setUpComposer(root) {
    if (window.cgRun) window.cgRun.close();  // instant navigation left run mode's page
    var composer = root.querySelector("[data-cg-composer]");
    document.documentElement.classList.toggle("cg-has-composer", !!composer);
    if (!composer || composer.dataset.cgReady) return;
    if (window.cgComposer) { window.cgComposer.mount(composer); return; }
    loadScripts(COMPOSER_SCRIPTS).then(function () {
      window.cgComposer.mount(composer);
    }, function () {
      composer.querySelector("[data-cg-loading]").textContent =
        "The composer could not be loaded: check the network and reload the page.";
      // Out of the room kept for it (composer.css, .cg-composing): the message and the plain list show.
      composer.dataset.cgReady = "failed";
    });
  }

  /* The "we ran this" log (docs/workshops/log.md) is followup.js's, which
     run mode loads too. */
  function setUpLog(root) {
    if (!root.querySelector("[data-cg-log]")) return;
    loadScripts(["followup.js"]).then(function () { window.cgFollowup.setUp(); }, function () {});
  }

  /* The paper check-up's tally form (docs/workshops/checkup-paper.md) needs
     the check-up's arithmetic (checkup.js) and tally.js. */
  function setUpTally(root) {
    if (!root.querySelector("[data-cg-tally]")) return;
    loadScripts(["checkup.js", "tally.js"]).then(function () { window.cgTally.setUp(); }, function () {});
  }

  /* The team check-up (docs/workshops/checkup.md): checkup.js, on its page only. */
  function setUpCheckup(root) {
    if (!root.querySelector("[data-cg-checkup]")) return;
    loadScripts(["checkup.js"]).then(function () { window.cgCheckup.setUp(); }, function () {});
  }

  /* A new hire's progress boxes (progress.js) and guides' tables read as
     cards on a phone (tables.js): each on the pages that have what it works
     on. Both follow Material's page changes themselves once loaded. */
  function setUpHelpers(root) {
    var wanted = [];
    if (root.querySelector("[data-cg-read], [data-cg-tick]")) wanted.push("progress.js");
    if (root.querySelector(".md-typeset table:not([class])")) wanted.push("tables.js");
    if (wanted.length) loadScripts(wanted).catch(function () { /* the page reads without them */ });
  }

  function setUp() {
    setUpHelpers(document);
    setUpComposer(document);
    setUpCheckup(document);
    setUpLog(document);
    setUpTally(document);
    setUpPrintButtons(document);
    setUpFilters(document);
  }

  /* Runs fn for this page and for each page Material's instant navigation
     brings in without a reload (its document$). Material's script usually
     runs before the kit's; on a page that starts it after the first input
     (theme_script in templates/theme/main.html: the composer, the
     check-up) there is no document$ yet: fn runs for this page at once
     (this script comes after the page's content, which is parsed by then),
     and follows page changes from the moment Material's script has come
     (the event cg:theme). document$ then repeats the page fn has set up
     already, which is skipped. The kit's other scripts use this too. */
  function everyPage(fn) {
    if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
      window.document$.subscribe(fn);
      return;
    }
    fn();
    document.addEventListener("cg:theme", function () {
      var repeated = true;
      window.document$.subscribe(function () {
        if (repeated) { repeated = false; return; }
        fn();
      });
    }, { once: true });
  }

  window.cgEveryPage = everyPage;
  everyPage(setUp);
})();
