/* The team check-up (docs/workshops/checkup.md).

   The arithmetic first: the same rules as macros/kit/checkup.py, held
   together by tests/fixtures/checkup-cases.json (pytest runs it in Python
   and, through tests/support/checkup_cases.js, here in node). Scores are
   whole tenths (10 = 1.0, trouble .. 50 = 5.0, healthy), so both sides
   compute with integers and round halves up the same way.

   Then the page: statements to answer, the result, the team view and the
   way back to the composer. Answers and results stay in this browser
   (localStorage) and in the page address's fragment, which the browser
   never sends to a server. Codes and addresses are untrusted: every
   lookup by a key from outside goes through a Map, never kit[key]. */
(function (global) {
  "use strict";

  var LOW = 10, HIGH = 50, AGREE = 10, SPLIT = 20, MAX_CODE = 64;

  /* --- The arithmetic (shared with Python) ------------------------------ */

  function tenths(total, count) {
    return Math.floor((20 * total + count) / (2 * count));
  }

  /* Area id -> tenths, from statement id -> answer (1..5); a statement
     whose healthy answer is "disagree" is turned round (6 - answer). */
  function scoresOf(statements, areaIds, answers) {
    var sums = new Map();
    areaIds.forEach(function (area) { sums.set(area, [0, 0]); });
    statements.forEach(function (statement) {
      var answer = answers.get(statement.id);
      if (typeof answer !== "number" || answer % 1 !== 0 || answer < 1 || answer > 5) {
        throw new RangeError("answer to '" + statement.id + "' must be 1 to 5");
      }
      var slot = sums.get(statement.area);
      slot[0] += statement.healthy === "agree" ? answer : 6 - answer;
      slot[1] += 1;
    });
    var out = {};
    areaIds.forEach(function (area) { out[area] = tenths(sums.get(area)[0], sums.get(area)[1]); });
    return out;
  }

  /* Area id -> the team's figures, in tenths; view: agree, mixed or split. */
  function team(people, order) {
    var out = {};
    order.forEach(function (area) {
      var values = people.map(function (person) { return person[area]; });
      var sum = values.reduce(function (a, b) { return a + b; }, 0);
      var low = Math.min.apply(null, values), high = Math.max.apply(null, values), spread = high - low;
      out[area] = {
        sum: sum, count: values.length, values: values.slice().sort(function (a, b) { return a - b; }),
        mean: Math.floor((2 * sum + values.length) / (2 * values.length)),
        low: low, high: high, spread: spread,
        view: spread <= AGREE ? "agree" : spread >= SPLIT ? "split" : "mixed"
      };
    });
    return out;
  }

  /* Weakest first: lowest total, then the wider spread, then file order. */
  function rank(people, order) {
    var figures = team(people, order);
    return order.slice().sort(function (a, b) {
      return figures[a].sum - figures[b].sum || figures[b].spread - figures[a].spread || order.indexOf(a) - order.indexOf(b);
    });
  }

  /* letters: [[area id, letter], ...] in file order. */
  function encode(scores, letters) {
    return letters.map(function (pair) {
      var value = scores[pair[0]];
      return pair[1] + (value < 10 ? "0" : "") + value;
    }).join("-");
  }

  function refused(kind, message) { return { error: kind, message: message }; }

  /* {scores} or {error, message}: the rules of macros/kit/checkup.decode. */
  function decode(code, letters) {
    if (typeof code !== "string") return refused("format", "not a check-up code");
    if (code.length > MAX_CODE) return refused("length", "too long for a check-up code");
    var format = refused("format", "not a check-up code: use letters and two-digit numbers, like R25");
    if (!/^[A-Za-z0-9 \t\r\n-]*$/.test(code)) return format;
    var text = code.replace(/[ \t\r\n-]/g, "").toUpperCase();
    if (!text || !/^([A-Z][0-9]{2})*$/.test(text)) return format;
    if (text.length !== 3 * letters.length) {
      return refused("length", "a check-up code has " + letters.length + " parts like R25; this one has " + text.length / 3);
    }
    var byLetter = new Map(letters.map(function (pair) { return [pair[1], pair[0]]; }));
    var scores = {}, seen = new Set();
    for (var at = 0; at < text.length; at += 3) {
      var letter = text[at], digits = text.slice(at + 1, at + 3);
      if (!byLetter.has(letter)) return refused("area", "unknown area letter " + letter);
      var area = byLetter.get(letter);
      if (seen.has(area)) return refused("area", "area letter " + letter + " appears twice");
      var value = parseInt(digits, 10);
      if (value < LOW || value > HIGH) return refused("range", letter + digits + ": a score runs from 10 (1.0) to 50 (5.0)");
      seen.add(area);
      scores[area] = value;
    }
    return { scores: scores };
  }

  var core = { tenths: tenths, scoresOf: scoresOf, team: team, rank: rank, encode: encode, decode: decode,
               LOW: LOW, HIGH: HIGH, AGREE: AGREE, SPLIT: SPLIT };

  if (typeof module !== "undefined" && module.exports) {
    module.exports = core;
    return;
  }
  global.cgCheckupCore = core;
})(this);
