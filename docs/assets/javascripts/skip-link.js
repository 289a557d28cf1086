/* The skip link ("Skip to content") takes the keyboard past the header and
   the navigation. Material's instant navigation would undo it: its router
   treats the first address a page reports, even one that only changes the
   fragment, as a new page, fetches the page again and swaps its content in.
   The swap drops the browser's focus starting point, so the next Tab lands
   in the tabs again (Turbo had the same bug, hotwired/turbo#42).

   The router hears of a jump twice: through the click, which it catches on
   the body, and through the popstate the browser fires while it jumps to
   the fragment, which it catches on the window. Both are kept from it here.
   This file runs before Material's bundle (templates/theme/main.html)
   because listeners on the window run in the order they were added, capture
   or not. The browser's own jump is left alone, so scrolling, :target and
   the focus starting point work as on any page, and the target then takes
   the focus, so a screen reader carries on from it too. The listeners are
   on the document and the window, which instant navigation keeps, so they
   serve every page of a visit. */
(function () {
  "use strict";

  var jumpingTo = null; // the fragment a skip link is jumping to, until that click is handled

  function targetOf(link) {
    try {
      return document.getElementById(decodeURIComponent(link.hash.slice(1)));
    } catch (error) {
      return null; // a fragment that is not valid percent-encoding names nothing
    }
  }

  function focus(target) {
    if (!target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
      target.addEventListener("blur", function () { target.removeAttribute("tabindex"); }, { once: true });
    }
    target.focus({ preventScroll: true });
  }

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a.md-skip") : null;
    var target = link && targetOf(link);
    if (!target) return;
    event.stopPropagation();
    jumpingTo = link.hash;
    // The browser jumps, and fires its popstate, as soon as this click has
    // been handled; the focus follows once the jump is done.
    // The focus moves only if nothing has taken it in between (a quick Tab).
    setTimeout(function () {
      jumpingTo = null;
      if (document.activeElement === link || document.activeElement === document.body) focus(target);
    }, 0);
  }, true);

  addEventListener("popstate", function (event) {
    if (jumpingTo !== null && location.hash === jumpingTo) event.stopImmediatePropagation();
  });
})();
