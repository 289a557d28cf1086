/* The 404 page: when the missing address looks like one of our pages under
   an old or misspelt name, offer that page. templates/theme/404.html lists
   the pages and the renamed ones (mkdocs.yml redirect_maps). Only the 404
   page loads this script, always with a full page load. */
(function () {
  "use strict";

  /* The address as typed, with its %-escapes read where they can be: a
     broken one ("%E0%A4%A", a lone "%") stays as it is, never an error. */
  function decoded(text) {
    try {
      return decodeURIComponent(text);
    } catch (err) {
      return text.replace(/%[0-9a-f]{2}/gi, function (escape) {
        var code = parseInt(escape.slice(1), 16);
        return code < 0x80 ? String.fromCharCode(code) : escape;
      });
    }
  }

  /* "playbook/rewards.md" or "/playbook/rewards/" -> "rewards" */
  function slug(path) {
    var parts = path.toLowerCase().replace(/(index)?\.(md|html?)$/, "").split("/");
    var last = parts.filter(Boolean).pop() || "";
    return decoded(last).replace(/[\s_]+/g, "-");
  }

  function pageUrl(docsPath) {
    return docsPath.replace(/(^|\/)index\.md$/, "$1").replace(/\.md$/, "/");
  }

  /* Dice coefficient over letter pairs: 1 for the same word, near 0 for unrelated ones. */
  function likeness(a, b) {
    function pairs(s) {
      var out = [];
      for (var i = 0; i < s.length - 1; i++) out.push(s.slice(i, i + 2));
      return out;
    }
    var left = pairs(a), right = pairs(b), total = left.length + right.length, shared = 0;
    left.forEach(function (p) {
      var at = right.indexOf(p);
      if (at !== -1) { shared += 1; right.splice(at, 1); }
    });
    return total ? (2 * shared) / total : 0;
  }

  /* Index in known.pages of the page the address most likely meant, or -1. */
  function bestGuess(known, wanted) {
    var renamed = known.renamed || {};
    for (var old in renamed) {
      if (Object.prototype.hasOwnProperty.call(renamed, old) && slug(old) === wanted) {
        return known.pages.indexOf(pageUrl(renamed[old]));
      }
    }
    var best = -1, score = 0.5;  /* below this, a guess is more noise than help */
    known.pages.forEach(function (url, i) {
      var s = url ? likeness(wanted, slug(url)) : 0;
      if (s > score) { best = i; score = s; }
    });
    return best;
  }

  function show() {
    var data = document.getElementById("cg-known-pages");
    var hint = document.querySelector(".cg-404-moved");
    if (!data || !hint) return;
    var known = JSON.parse(data.textContent);
    var wanted = slug(window.location.pathname);
    var guess = wanted ? bestGuess(known, wanted) : -1;
    if (guess === -1) return;
    var link = hint.querySelector("a");
    link.textContent = known.titles[guess];
    link.href = known.home + known.pages[guess];
    hint.hidden = false;
  }

  show();
})();
