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

  /* {scores} or {error, message}: the rules of decode in macros/kit/checkup.py. */
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

  /* --- The page ----------------------------------------------------------- */

  var STORE = "common-ground:checkup:v1", TEAM_STORE = "common-ground:checkup-team:v1";
  var MAX_ADDRESS = 4000, MAX_CODES = 60, MAX_STORED = 50;
  var VIEW_WORDS = { agree: "agree", mixed: "mixed views", split: "split" };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (attrs[key] !== null && attrs[key] !== undefined && attrs[key] !== false) node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function point(value) { return (value / 10).toFixed(1); }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  /* A link to a directory page works from a web server; opened from a file,
     the browser shows a folder listing, so the file itself is named. */
  function pageLink(href) {
    if (window.location.protocol !== "file:") return href;
    var parts = href.split(/([?#].*)/);
    return parts[0].replace(/\/$/, "/index.html") + (parts[1] || "");
  }

  function Checkup(root) {
    this.root = root;
    this.data = JSON.parse(root.dataset.cgCheckup);
    this.words = this.data.labels;  // formats, kinds and units, from templates/partials/labels.yml
    this.order = this.data.areas.map(function (a) { return a.id; });
    this.letters = this.data.areas.map(function (a) { return [a.id, a.letter]; });
    this.areas = new Map(this.data.areas.map(function (a) { return [a.id, a]; }));
    this.form = root.querySelector("[data-cg-checkup-form]");
    this.message = root.querySelector("[data-cg-checkup-message]");
    this.result = root.querySelector("[data-cg-checkup-result]");
    this.resultBody = root.querySelector("[data-cg-checkup-result-body]");
    this.teamInput = root.querySelector("[data-cg-team-input]");
    this.teamCodes = root.querySelector("[data-cg-team-codes]");
    this.teamBody = root.querySelector("[data-cg-team-body]");
    this.teamMessage = root.querySelector("[data-cg-team-message]");
    this.progress = root.querySelector("[data-cg-checkup-progress]");
    this.slot = 180;
  }

  /* A short message at the top of the page, or (box) beside the team view. */
  Checkup.prototype.say = function (title, lines, box) {
    box = box || this.message;
    box.textContent = "";
    if (!title) { box.hidden = true; return; }
    box.appendChild(el("p", { text: title }));
    if (lines && lines.length) {
      box.appendChild(el("ul", {}, lines.map(function (line) { return el("li", { text: line }); })));
    }
    box.hidden = false;
  };

  /* --- Answers and the stored results ---------------------------------- */

  Checkup.prototype.answers = function () {
    var answers = new Map(), missing = [];
    this.data.statements.forEach(function (statement, index) {
      var item = this.form.querySelector('[data-cg-statement="' + statement.id + '"]');
      var chosen = item.querySelector("input:checked");
      item.classList.toggle("cg-unanswered", !chosen);
      if (chosen) answers.set(statement.id, Number(chosen.value));
      else missing.push(index + 1);
    }, this);
    return { answers: answers, missing: missing };
  };

  Checkup.prototype.updateProgress = function () {
    var done = this.form.querySelectorAll("input:checked").length;
    this.progress.textContent = done + " of " + this.data.statements.length + " answered";
  };

  /* Stored values are untrusted too: another tab, an old version or a
     person may have written them. What cannot be read is set aside. */
  Checkup.prototype.history = function () {
    var raw, list, kept = [], dropped = 0, self = this;
    try { raw = localStorage.getItem(STORE); } catch (e) { return { list: [], dropped: 0 }; }
    if (!raw) return { list: [], dropped: 0 };
    try { list = JSON.parse(raw); } catch (e) { return { list: [], dropped: 1 }; }
    if (!Array.isArray(list)) return { list: [], dropped: 1 };
    list.slice(-MAX_STORED).forEach(function (entry) {
      var scores = self.storedScores(entry);
      if (scores) kept.push({ taken: entry.taken, scores: scores });
      else dropped += 1;
    });
    return { list: kept, dropped: dropped };
  };

  Checkup.prototype.storedScores = function (entry) {
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) return null;
    if (typeof entry.taken !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(entry.taken)) return null;
    var scores = entry.scores;
    if (!scores || typeof scores !== "object" || Array.isArray(scores)) return null;
    var keys = Object.keys(scores), out = {};
    if (keys.length !== this.order.length) return null;
    for (var i = 0; i < keys.length; i += 1) {
      if (!this.areas.has(keys[i])) return null;
      var value = Math.round(Number(scores[keys[i]]) * 10);
      if (typeof scores[keys[i]] !== "number" || !isFinite(value) || value < LOW || value > HIGH) return null;
      out[keys[i]] = value;
    }
    return out;
  };

  Checkup.prototype.store = function (scores) {
    var list = this.history().list.concat([{ taken: today(), scores: scores }]).slice(-MAX_STORED);
    var order = this.order;
    var plain = list.map(function (entry) {
      var floats = {};
      order.forEach(function (area) { floats[area] = entry.scores[area] / 10; });
      return { taken: entry.taken, scores: floats };
    });
    try { localStorage.setItem(STORE, JSON.stringify(plain)); } catch (e) { /* private mode: the code still holds it */ }
    return list;
  };

  /* --- The address --------------------------------------------------------- */

  /* '#r=CODE' (one result) or '#team=CODE,CODE,...' ('#codes=' too). Anything else in the
     fragment is refused with a message, never shown as it is. */
  Checkup.prototype.readAddress = function () {
    var hash = window.location.hash.slice(1);
    if (!hash) return null;
    if (hash.length > MAX_ADDRESS) return { error: "This address is too long to be a check-up result." };
    var text;
    try { text = decodeURIComponent(hash.replace(/\+/g, " ")); }
    catch (e) { return { error: "This address could not be read: its encoding is broken. Ask for the code again." }; }
    var match = /^(r|team|codes)=([\s\S]*)$/.exec(text);  // codes=: the paper tally page's link
    if (!match) {
      if (document.getElementById(hash)) return null;  // a heading's own anchor
      return { error: "This address holds no check-up result this page can read." };
    }
    var codes = match[2].split(/[,;\n]/).map(function (c) { return c.trim(); }).filter(Boolean);
    if (!codes.length) return { error: "This address holds no check-up code." };
    if (codes.length > MAX_CODES) return { error: "This address holds more than " + MAX_CODES + " codes." };
    return { kind: match[1] === "r" ? "r" : "team", codes: codes };
  };

  Checkup.prototype.address = function (kind, codes) {
    var base = window.location.href.split("#")[0];
    return base + "#" + kind + "=" + codes.map(function (c) { return c.replace(/-/g, ""); }).join(",");
  };

  /* --- From a result to a plan ------------------------------------------ */

  /* The composer's address: the top areas' exercises, each once, in rank
     order, with an opening and a closing discussion and breaks, fitted to
     the slot: an exercise joins only if it fits with its own cuts taken,
     then cuts are taken, biggest saving first, until the whole fits. */
  Checkup.prototype.plan = function (ranking, slot) {
    var top = ranking.slice(0, slot >= 300 ? 5 : 3), self = this;
    var breaks = slot >= 300 ? [15, 45, 15] : slot >= 150 ? [15] : [];
    var opening = 10, closing = 15;
    var budget = slot - opening - closing - breaks.reduce(function (a, b) { return a + b; }, 0);
    var chosen = [], seen = new Set(), least = 0;
    top.forEach(function (area) {
      self.areas.get(area).exercises.forEach(function (ex) {
        if (seen.has(ex.id)) return;
        seen.add(ex.id);
        var floor = ex.minutes - ex.cuts.reduce(function (sum, c) { return sum + c.saves; }, 0);
        if (least + floor <= budget) {
          least += floor;
          chosen.push({ ex: ex, minutes: ex.minutes, cuts: [] });
        }
      });
    });
    var total = chosen.reduce(function (sum, c) { return sum + c.minutes; }, 0);
    var cuts = [];
    chosen.forEach(function (c) { c.ex.cuts.forEach(function (cut, i) { cuts.push({ item: c, cut: cut, at: i }); }); });
    cuts.sort(function (a, b) { return b.cut.saves - a.cut.saves || chosen.indexOf(a.item) - chosen.indexOf(b.item) || a.at - b.at; });
    cuts.forEach(function (entry) {
      if (total <= budget) return;
      entry.item.cuts.push(entry.cut.id);
      entry.item.minutes -= entry.cut.saves;
      total -= entry.cut.saves;
    });
    closing += Math.max(0, Math.min(15, budget - total));
    var items = ["discussion:" + opening + ":What the check-up showed"];
    var placed = 0, used = 0, spent = breaks.length ? (total / (breaks.length + 1)) : Infinity;
    chosen.forEach(function (c, index) {
      items.push("exercise:" + c.ex.id + ":" + c.minutes + (c.cuts.length ? ":" + c.cuts.join(",") : ""));
      used += c.minutes;
      while (placed < breaks.length && used >= spent * (placed + 1) && index < chosen.length - 1) {
        items.push("break:" + breaks[placed] + ":" + (breaks[placed] >= 45 ? "Lunch" : self.words.kinds["break"].label));
        placed += 1;
      }
    });
    while (placed < breaks.length) { items.splice(items.length, 0, "break:" + breaks[placed] + ":" + this.words.kinds["break"].label); placed += 1; }
    items.push("discussion:" + closing + ":Commitments: what we will do, who, by when");
    var params = new URLSearchParams();
    params.set("title", "After our check-up: " + top.map(function (a) { return self.areas.get(a).title; }).join(", "));
    params.set("target", String(slot));
    items.forEach(function (item) { params.append("item", item); });
    return { href: pageLink(this.data.composer) + "?" + params.toString(), exercises: chosen.length,
             minutes: total + opening + closing + breaks.reduce(function (a, b) { return a + b; }, 0) };
  };

  /* The ready-made workshop that covers most of the top areas, in the
     length that best fits the slot. */
  Checkup.prototype.readyMade = function (ranking, slot) {
    var top = ranking.slice(0, 3), self = this, best = null;
    this.data.workshops.forEach(function (w) {
      var areas = top.filter(function (area) {
        return self.areas.get(area).exercises.some(function (ex) { return w.exercises.indexOf(ex.id) !== -1; });
      });
      var matching = w.exercises.filter(function (id) {
        return top.some(function (area) { return self.areas.get(area).exercises.some(function (ex) { return ex.id === id; }); });
      }).length;
      var fitting = w.lengths.filter(function (l) { return l.minutes <= slot; });
      var length = fitting.length ? fitting.sort(function (a, b) { return b.minutes - a.minutes; })[0]
                                  : w.lengths.slice().sort(function (a, b) { return a.minutes - b.minutes; })[0];
      var score = [areas.length, matching, fitting.length ? 1 : 0];
      if (areas.length && (!best || score[0] > best.score[0] || (score[0] === best.score[0] && (score[1] > best.score[1] ||
          (score[1] === best.score[1] && score[2] > best.score[2]))))) {
        best = { workshop: w, length: length, areas: areas, score: score };
      }
    });
    return best;
  };

  Checkup.prototype.areaCard = function (area, figures, rankIndex) {
    var a = this.areas.get(area), units = this.words.units;
    var guides = [];
    a.guides.forEach(function (g, i) {
      if (i) guides.push(i === a.guides.length - 1 ? " and " : ", ");
      guides.push(el("a", { href: pageLink(g.href), text: g.title }));
    });
    var exercises = [];
    a.exercises.forEach(function (ex, i) {
      if (i) exercises.push(", ");
      exercises.push(el("a", { href: pageLink(ex.href), text: ex.title }));
      exercises.push(" (" + ex.minutes + "\u00a0" + units.minutes + ")");
    });
    return el("li", { "data-cg-area": area }, [
      el("h3", { id: "weak-" + area }, [a.title + " ", el("span", { "class": "cg-checkup-score", text: point(figures.mean) + " of 5" })]),
      figures.count > 1 ? el("p", { text: figures.count + "\u00a0" + units.people + ", from " + point(figures.low) + " to " + point(figures.high) + ": " + VIEW_WORDS[figures.view] + "." }) : null,
      el("p", {}, [el("strong", { text: "Read: " })].concat(guides)),
      el("p", {}, [el("strong", { text: "Exercises: " })].concat(exercises)),
      el("p", {}, [el("strong", { text: "First step: " }), a.first_step, el("em", { text: " (the kit's suggestion)" })])
    ]);
  };

  Checkup.prototype.planControls = function (ranking) {
    var self = this;
    var select = el("select", { id: "cg-checkup-slot", "data-cg-checkup-slot": "" }, this.data.slots.map(function (s) {
      return el("option", { value: String(s[0]), selected: s[0] === self.slot ? "selected" : null, text: s[1] });
    }));
    var open = el("a", { "class": "md-button md-button--primary", "data-cg-open-composer": "" });
    var ready = el("p", { "data-cg-ready-made": "" });
    function update() {
      self.slot = Number(select.value);
      var plan = self.plan(ranking, self.slot);
      open.href = plan.href;
      open.textContent = "Open in the composer, fitted to " + select.options[select.selectedIndex].text;
      ready.textContent = "";
      var best = self.readyMade(ranking, self.slot);
      if (best) {
        ready.appendChild(document.createTextNode("Or take the ready-made workshop that covers the most of it: "));
        ready.appendChild(el("a", { href: pageLink(best.workshop.href) + (best.length.id ? "#length-" + best.length.id : ""),
                                   text: best.workshop.title + (best.length.id ? " (" + best.length.title + ")" : "") + ", " + best.length.label }));
        ready.appendChild(document.createTextNode(", which covers " + best.areas.length + " of the " + Math.min(3, ranking.length) + " weakest areas."));
      }
    }
    select.addEventListener("change", update);
    update();
    return el("div", { "class": "cg-checkup-plan-block" }, [
      el("h3", { id: "plan", text: "Turn it into a session" }),
      el("p", { text: "The composer opens with the exercises for the weakest areas (three, or five for a day), an opening and a closing discussion and breaks, fitted to the time you have. Change anything there." }),
      el("div", { "class": "cg-checkup-plan" }, [el("p", {}, [el("label", { "for": "cg-checkup-slot", text: "Time you have" }), select]), el("p", {}, [open])]),
      ready
    ]);
  };

  Checkup.prototype.rankedList = function (people) {
    var ranking = rank(people, this.order), figures = team(people, this.order), self = this;
    var list = el("ol", { "class": "cg-checkup-ranked", "data-cg-ranking": ranking.join(" ") },
      ranking.slice(0, 3).map(function (area, i) { return self.areaCard(area, figures[area], i); }));
    var rest = el("p", { "class": "cg-checkup-rest", text: "Then: " + ranking.slice(3).map(function (area) {
      return self.areas.get(area).title + " " + point(figures[area].mean);
    }).join(", ") + " (scores out of 5; 5 is healthy)." });
    return { ranking: ranking, figures: figures, nodes: [el("h3", { id: "weakest", text: "Weakest areas first" }), list, rest] };
  };

  /* --- One person's result ------------------------------------------------ */

  Checkup.prototype.showResult = function (scores, before, fromAddress) {
    var code = encode(scores, this.letters), body = this.resultBody;
    body.textContent = "";
    var ranked = this.rankedList([scores]);
    if (fromAddress) body.appendChild(el("p", { text: "A result opened from an address. Take the check-up below to add your own." }));
    ranked.nodes.forEach(function (n) { body.appendChild(n); });
    if (before) body.appendChild(this.changeChart(before, scores));
    var address = this.address("r", [code]);
    var copy = el("button", { type: "button", "class": "md-button", text: "Copy code" });
    copy.addEventListener("click", function () {
      if (navigator.clipboard) navigator.clipboard.writeText(code).then(function () { copy.textContent = "Copied"; }, function () {});
    });
    body.appendChild(el("h3", { id: "your-code", text: "Your code for the team view" }));
    body.appendChild(el("p", {}, ["Send this to your facilitator. It holds your eight area scores and nothing else: ",
      el("code", { "class": "cg-checkup-code", "data-cg-code": "", text: code }), " ", copy]));
    body.appendChild(el("p", { "class": "cg-checkup-address" }, ["Or as an address: ", el("a", { href: address, "data-cg-address": "", text: address })]));
    body.appendChild(this.planControls(ranked.ranking));
    this.result.hidden = false;
  };

  /* Before and after, per area, as bars with the figures in words. */
  Checkup.prototype.changeChart = function (before, after) {
    var rows = this.order.map(function (area) {
      var a = this.areas.get(area), diff = after[area] - before[area];
      var words = point(before[area]) + " → " + point(after[area]) + " (" + (diff > 0 ? "+" : diff < 0 ? "−" : "±") + point(Math.abs(diff)) + ")";
      return el("tr", { "data-cg-change": area }, [
        el("th", { scope: "row", text: a.title }),
        el("td", {}, [
          el("span", { "class": "cg-bar cg-bar--before", style: "width:" + (before[area] * 2) + "%", "aria-hidden": "true" }),
          el("span", { "class": "cg-bar cg-bar--after", style: "width:" + (after[area] * 2) + "%", "aria-hidden": "true" })]),
        el("td", { "class": "cg-checkup-score", text: words })
      ]);
    }, this);
    return el("div", { "class": "cg-checkup-change" }, [
      el("h3", { id: "change", text: "Change since " + before.taken }),
      el("table", { "class": "cg-change" }, [
        el("caption", { "class": "cg-visually-hidden", text: "Each area before (grey) and now (blue), out of 5" }),
        el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: "Area" }), el("th", { scope: "col", text: "Before (grey) and now (blue)" }), el("th", { scope: "col", text: "Score" })])]),
        el("tbody", {}, rows)])
    ]);
  };

  Checkup.prototype.submit = function () {
    var read = this.answers();
    if (read.missing.length) {
      this.say(read.missing.length === 1 ? "One statement has no answer yet." : read.missing.length + " statements have no answer yet.",
               ["Answer statement" + (read.missing.length > 1 ? "s " : " ") + read.missing.join(", ") + ", then see the result."]);
      var first = this.form.querySelector(".cg-unanswered input");
      if (first) first.focus();
      return;
    }
    this.say(null);
    var scores = scoresOf(this.data.statements, this.order, read.answers);
    var list = this.store(scores);
    var before = list.length > 1 ? Object.assign({ taken: list[list.length - 2].taken }, list[list.length - 2].scores) : null;
    history.replaceState(history.state, "", this.address("r", [encode(scores, this.letters)]));
    this.showResult(scores, before, false);
    this.result.querySelector("h2").focus();
  };

  /* --- The team view ------------------------------------------------------ */

  Checkup.prototype.readCodes = function (codes) {
    var people = [], problems = [], letters = this.letters;
    codes.forEach(function (code, index) {
      var read = decode(code, letters);
      if (read.error) problems.push("Code " + (index + 1) + ": " + read.message + ".");
      else people.push(read.scores);
    });
    return { people: people, problems: problems };
  };

  Checkup.prototype.showTeam = function (codes) {
    var read = this.readCodes(codes), body = this.teamBody, self = this;
    body.textContent = "";
    if (read.problems.length) {
      this.say(read.problems.length === 1 ? "One code was left out:" : read.problems.length + " codes were left out:", read.problems, this.teamMessage);
    } else {
      this.say(null, null, this.teamMessage);
    }
    if (!read.people.length) return;
    var ranked = this.rankedList(read.people);
    var rows = ranked.ranking.map(function (area) {
      var f = ranked.figures[area];
      var strip = el("div", { "class": "cg-strip", role: "img",
        "aria-label": "Scores " + f.values.map(point).join(", ") + "; mean " + point(f.mean) }, [
        el("span", { "class": "cg-strip-range", style: "left:" + ((f.low - 10) * 2.5) + "%;width:" + (f.spread * 2.5) + "%" })]
        .concat(f.values.map(function (v) { return el("span", { "class": "cg-strip-dot", style: "left:" + ((v - 10) * 2.5) + "%" }); }))
        .concat([el("span", { "class": "cg-strip-mean", style: "left:" + ((f.mean - 10) * 2.5) + "%" })]));
      return el("tr", { "data-cg-team-area": area, "data-cg-view": f.view }, [
        el("th", { scope: "row", text: self.areas.get(area).title }),
        el("td", { "class": "cg-checkup-score", text: point(f.mean) }),
        el("td", {}, [strip]),
        el("td", { "class": "cg-checkup-score cg-col-range", text: point(f.low) + "–" + point(f.high) }),
        el("td", { "class": f.view === "split" ? "cg-view-split" : null, text: VIEW_WORDS[f.view] })
      ]);
    });
    body.appendChild(el("p", { "data-cg-team-count": String(read.people.length),
      text: read.people.length + "\u00a0" + (read.people.length === 1 ? "person" : this.words.units.people) + ". Weakest area first; each dot is one person, the red line the mean (1 = trouble, 5 = healthy)." }));
    body.appendChild(el("div", { "class": "md-typeset__scrollwrap" }, [el("div", { "class": "md-typeset__table" }, [
      el("table", { "class": "cg-spread" }, [
        el("caption", { "class": "cg-visually-hidden", text: "The team's scores per area" }),
        el("thead", {}, [el("tr", {}, ["Area", "Mean", "Spread", "Range", "The team"].map(function (h) {
          return el("th", { scope: "col", "class": h === "Range" ? "cg-col-range" : null, text: h });
        }))]),
        el("tbody", {}, rows)])])]));
    ranked.nodes.forEach(function (n) { body.appendChild(n); });
    var codesNow = read.people.map(function (p) { return encode(p, self.letters); });
    var address = this.address("team", codesNow);
    body.appendChild(el("p", { "class": "cg-checkup-address" }, ["This team view as an address: ", el("a", { href: address, "data-cg-team-address": "", text: address })]));
    body.appendChild(this.planControls(ranked.ranking));
    var saved = { taken: today(), people: read.people.length, areas: {}, ranking: ranked.ranking };
    this.order.forEach(function (area) {
      var f = ranked.figures[area];
      saved.areas[area] = { mean: f.mean / 10, low: f.low / 10, high: f.high / 10 };
    });
    try { localStorage.setItem(TEAM_STORE, JSON.stringify(saved)); } catch (e) { /* private mode */ }
  };

  /* --- Start --------------------------------------------------------------- */

  Checkup.prototype.mount = function () {
    var self = this, root = this.root;
    root.dataset.cgReady = "1";
    root.querySelector("[data-cg-checkup-nojs]").hidden = true;
    this.teamInput.hidden = false;
    this.form.addEventListener("submit", function (event) { event.preventDefault(); self.submit(); });
    this.form.addEventListener("change", function (event) {
      var item = event.target.closest("[data-cg-statement]");
      if (item) item.classList.remove("cg-unanswered");
      self.updateProgress();
    });
    this.form.addEventListener("reset", function () {
      setTimeout(function () { self.updateProgress(); }, 0);
    });
    root.querySelector("[data-cg-team-show]").addEventListener("click", function () {
      var codes = self.teamCodes.value.split(/[\n,;]/).map(function (c) { return c.trim(); }).filter(Boolean);
      if (!codes.length) { self.say("Paste at least one code first.", null, self.teamMessage); self.teamCodes.focus(); return; }
      if (codes.length > MAX_CODES) { self.say("That is more than " + MAX_CODES + " codes; paste fewer.", null, self.teamMessage); return; }
      history.replaceState(history.state, "", self.address("team", codes));
      self.showTeam(codes);
      /* Where the answer is: a screen reader hears it, and the button does
         not stay in its focus colours. */
      var first = self.teamMessage.hidden ? self.teamBody.firstElementChild : self.teamMessage;
      if (first) { first.setAttribute("tabindex", "-1"); first.focus(); }
    });
    this.updateProgress();
    var stored = this.history();
    if (stored.dropped) this.say("A stored result on this device could not be read and was left out.");
    var fromAddress = this.readAddress();
    if (fromAddress && fromAddress.error) {
      this.say(fromAddress.error);
    } else if (fromAddress && fromAddress.kind === "team") {
      this.teamCodes.value = fromAddress.codes.join("\n");
      this.showTeam(fromAddress.codes);
    } else if (fromAddress) {
      var read = this.readCodes(fromAddress.codes.slice(0, 1));
      if (read.problems.length) this.say("This address holds a code that cannot be read.", read.problems);
      else this.showResult(read.people[0], this.previousOf(stored.list, read.people[0]), !this.isLatest(stored.list, read.people[0]));
    } else if (stored.list.length) {
      var last = stored.list[stored.list.length - 1];
      this.showResult(last.scores, this.previousOf(stored.list, last.scores), false);
    }
  };

  Checkup.prototype.isLatest = function (list, scores) {
    return list.length > 0 && encode(list[list.length - 1].scores, this.letters) === encode(scores, this.letters);
  };

  Checkup.prototype.previousOf = function (list, scores) {
    if (!this.isLatest(list, scores) || list.length < 2) return null;
    return Object.assign({ taken: list[list.length - 2].taken }, list[list.length - 2].scores);
  };

  function setUp() {
    var root = document.querySelector("[data-cg-checkup]");
    if (!root || root.dataset.cgReady) return;
    new Checkup(root).mount();
  }

  global.cgCheckup = { setUp: setUp };
  if (typeof global.document$ !== "undefined" && global.document$.subscribe) {
    global.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})(this);
