/* The paper check-up's tally form (docs/workshops/checkup-paper.md).

   The facilitator types, per area, how many sheets gave each points total.
   That gives every person's score in every area exactly: tenths(points, k),
   the check-up's own rule (cgCheckupCore, checkup.js). The team view reads
   each area on its own (total, lowest, highest), so one person per sheet,
   rebuilt by sorting each area's scores, ranks exactly as the same answers
   typed; macros/kit/checkup_paper.py holds the same rule for the tests.

   Everything typed is checked (whole numbers, 0 to the cell's maximum, the
   same number of sheets in every row) and refused with a short message.
   The result goes into this browser's team view key
   ("common-ground:checkup-team:v1"), so the "we ran this" log can keep it. */
(function () {
  "use strict";

  var TEAM_KEY = "common-ground:checkup-team:v1";

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    return node;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function today() {
    var now = new Date();
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function Refused(message) { this.message = message; }

  /* The rows as typed: [{id, letter, title, k, counts: [[total, n], ...], sum}]. */
  function readRows(root) {
    return Array.prototype.map.call(root.querySelectorAll("tr[data-cg-area]"), function (row) {
      var k = parseInt(row.dataset.cgStatements, 10);
      var title = row.dataset.cgTitle;
      var counts = [], sum = 0;
      row.querySelectorAll("input[data-cg-points]").forEach(function (input) {
        var raw = input.value.trim(), max = parseInt(input.max, 10);
        if (raw === "" && !input.validity.badInput) return;
        var n = Number(raw);
        if (input.validity.badInput || !/^\d+$/.test(raw) || n > max) {
          throw new Refused(title + ", " + input.dataset.cgPoints + " points: type a whole number from 0 to " + max + ".");
        }
        if (n) counts.push([parseInt(input.dataset.cgPoints, 10), n]);
        sum += n;
      });
      return { id: row.dataset.cgArea, letter: row.dataset.cgLetter, title: title, k: k, counts: counts, sum: sum, row: row };
    });
  }

  /* One person per sheet, {area id: tenths}, from the rows. */
  function people(rows, core) {
    var sheets = rows.length ? rows[0].sum : 0;
    if (!sheets) throw new Refused("Type the tallies first: no row has a count yet.");
    rows.forEach(function (r) {
      if (r.sum !== sheets) {
        throw new Refused("Every row needs one mark per sheet: " + rows[0].title + " has " + sheets + ", " + r.title + " has " + r.sum + ".");
      }
    });
    var sorted = new Map();
    rows.forEach(function (r) {
      var values = [];
      r.counts.forEach(function (pair) {
        for (var i = 0; i < pair[1]; i += 1) values.push(core.tenths(pair[0], r.k));
      });
      sorted.set(r.id, values.sort(function (a, b) { return a - b; }));
    });
    var out = [];
    for (var i = 0; i < sheets; i += 1) {
      var person = {};
      rows.forEach(function (r) { person[r.id] = sorted.get(r.id)[i]; });
      out.push(person);
    }
    return out;
  }

  function Tally(root) {
    this.root = root;
    this.status = root.querySelector("[data-cg-tally-status]");
    this.result = root.querySelector("[data-cg-tally-result]");
  }

  Tally.prototype.say = function (message) {
    this.status.textContent = "";
    this.status.textContent = message;
  };

  Tally.prototype.sums = function () {
    this.root.querySelectorAll("tr[data-cg-area]").forEach(function (row) {
      var sum = 0;
      row.querySelectorAll("input[data-cg-points]").forEach(function (input) {
        var n = Number(input.value);
        if (/^\d+$/.test(input.value.trim())) sum += n;
      });
      row.querySelector("[data-cg-sum]").textContent = String(sum);
    });
  };

  Tally.prototype.show = function () {
    var core = window.cgCheckupCore;
    this.result.hidden = true;
    var rows, team;
    try {
      rows = readRows(this.root);
      team = people(rows, core);
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      this.say(e.message);
      return;
    }
    var order = rows.map(function (r) { return r.id; });
    var letters = rows.map(function (r) { return [r.id, r.letter]; });
    var titles = new Map(rows.map(function (r) { return [r.id, r.title]; }));
    var figures = core.team(team, order);
    var ranking = core.rank(team, order);
    var list = this.root.querySelector("[data-cg-tally-ranking]");
    list.textContent = "";
    ranking.forEach(function (id) {
      var f = figures[id];
      list.appendChild(el("li", { "data-cg-area": id, text: titles.get(id) + ": " + (f.mean / 10).toFixed(1) +
        " (from " + (f.low / 10).toFixed(1) + " to " + (f.high / 10).toFixed(1) + ", " +
        (f.view === "split" ? "split" : f.view === "agree" ? "agreed" : "mixed") + ")" }));
    });
    var codes = team.map(function (person) { return core.encode(person, letters); });
    this.root.querySelector("[data-cg-tally-codes]").textContent = codes.join(" ");
    var link = this.root.querySelector("[data-cg-tally-link]");
    if (link) link.href = link.getAttribute("href").split("#")[0] + "#codes=" + codes.join(",");
    this.result.hidden = false;
    this.say("Team view from " + team.length + (team.length === 1 ? " sheet." : " sheets."));
    var stored = { taken: today(), people: team.length, areas: {}, ranking: ranking };
    order.forEach(function (id) {
      stored.areas[id] = { mean: figures[id].mean / 10, low: figures[id].low / 10, high: figures[id].high / 10 };
    });
    try { localStorage.setItem(TEAM_KEY, JSON.stringify(stored)); } catch (e) { /* storage off: the page still shows it */ }
  };

  function setUp() {
    document.querySelectorAll("[data-cg-tally]").forEach(function (root) {
      if (root.dataset.cgReady || !window.cgCheckupCore) return;
      var tally = new Tally(root);
      root.addEventListener("input", function () { tally.sums(); });
      root.querySelector("[data-cg-tally-go]").addEventListener("click", function () { tally.show(); });
      root.querySelector("[data-cg-tally-ready]").hidden = false;
      tally.sums();
      root.dataset.cgReady = "1";
    });
  }

  window.cgTally = { setUp: setUp };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(setUp);
})();
