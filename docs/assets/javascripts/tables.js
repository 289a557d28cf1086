/* Tables in guides and about pages read as cards on a phone, like the agenda
   and the exercise library do (extra.css, Phones). Those two carry their
   column names in data-label from their templates; a Markdown table gets them
   here, from its header row. Without this script such a table stays a table
   that scrolls inside its own box. Worksheets keep the layout they print with. */
(function () {
  "use strict";

  function labelTables(root) {
    root.querySelectorAll(".md-typeset table:not([class])").forEach(function (table) {
      if (table.closest(".cg-worksheet, .cg-agenda") || table.hasAttribute("data-cg-stacked")) return;
      var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!names.length) return;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (names[i]) cell.setAttribute("data-label", names[i]);
        });
      });
      table.setAttribute("data-cg-stacked", "");
    });
  }

  /* Material's instant navigation swaps pages without a reload
     (exercises.js's cgEveryPage follows Material's script when it comes late). */
  if (window.cgEveryPage) {
    window.cgEveryPage(function () { labelTables(document); });
  } else if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(function () { labelTables(document); });
  } else {
    labelTables(document);
  }
})();
