/* Exercise pages and the exercise library.
   Both features are switched on here and stay hidden without JavaScript:
   the page still reads, prints and lists every exercise without them. */
(function () {
  "use strict";

  /* "Print worksheet": mark the page so the print styles keep only the
     worksheet, print, then put the page back. */
  function setUpPrintButtons(root) {
    root.querySelectorAll("[data-cg-print-worksheet]").forEach(function (button) {
      if (button.dataset.cgReady) return;
      button.dataset.cgReady = "1";
      button.addEventListener("click", function () {
        document.documentElement.classList.add("cg-print-worksheet-only");
        window.print();
      });
      button.parentElement.hidden = false;
    });
  }

  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove("cg-print-worksheet-only");
  });

  /* Tag filter on the exercise library: one pressed button at a time. */
  function setUpTagFilter(root) {
    root.querySelectorAll(".cg-library").forEach(function (library) {
      var filter = library.querySelector(".cg-tag-filter");
      if (!filter || filter.dataset.cgReady) return;
      filter.dataset.cgReady = "1";
      var buttons = filter.querySelectorAll("[data-cg-tag]");
      var rows = library.querySelectorAll("tbody tr[data-cg-tags]");
      var status = filter.querySelector(".cg-tag-status");
      buttons.forEach(function (button) {
        button.addEventListener("click", function () {
          var tag = button.dataset.cgTag;
          var shown = 0;
          buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
          rows.forEach(function (row) {
            var match = !tag || row.dataset.cgTags.split("|").indexOf(tag) !== -1;
            row.hidden = !match;
            if (match) shown += 1;
          });
          status.textContent = tag
            ? shown + " of " + rows.length + " exercises tagged \u201c" + tag + "\u201d"
            : "All " + rows.length + " exercises";
        });
      });
      filter.hidden = false;
    });
  }

  function setUp() {
    setUpPrintButtons(document);
    setUpTagFilter(document);
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
