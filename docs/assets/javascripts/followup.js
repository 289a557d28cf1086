/* Follow-up: what a team takes away from a session, and when it looks back.

   Three parts, all kept in this browser and never sent anywhere:
   - the commitments step at the end of run mode (run.js calls
     cgFollowup.go when Next is pressed on the last step): what we will
     do, who, by when, how we will know, and a check-back date 2 to 6
     weeks on;
   - the "we ran this" log (docs/workshops/log.md): one entry per session,
     with the team's check-up result as the check-up page left it, export
     to a file and import from one;
   - the check-back date as a calendar file (.ics, RFC 5545).

   Everything read back, from localStorage or from a file, is untrusted:
   it is checked field by field (own properties only, known area ids from a
   Map, bounded sizes) and refused with a short message, never shown half
   read. Text goes into the page with textContent only. */
(function () {
  "use strict";

  var LOG_KEY = "common-ground:log:v1";
  var TEAM_KEY = "common-ground:checkup-team:v1";   // written by the check-up (contract of issue 24)
  var FORMAT = "common-ground-log";
  var MAX_FILE_BYTES = 512 * 1024;
  var MAX_ENTRIES = 500;
  var MAX_COMMITMENTS = 20;
  var MAX_PEOPLE = 500;
  var WEEKS = [2, 3, 4, 5, 6];
  var DEFAULT_WEEKS = 4;
  /* The check-up's friction areas, in the check-up file's order (ids fixed
     by the contract of issue 24). */
  var AREAS = new Map([
    ["roles", "Roles"], ["goals", "Goals"], ["procedures", "Procedures"],
    ["co-leads", "Relationship between co-leads"], ["promises", "Promises to customers"],
    ["measures", "Measures and rewards"], ["skills", "Skills and learning"], ["vision", "Shared vision"]
  ]);
  var TEXT_LIMITS = { what: 300, who: 100, when: 10, how: 300 };
  var COMMITMENT_FIELDS = [
    ["what", "What we will do"], ["who", "Who"], ["when", "By when"], ["how", "How we will know"]
  ];
  var ENTRY_FIELDS = ["id", "date", "title", "workshop", "composition", "commitments", "checkback", "checkup"];
  // Control characters, and invisible characters that reorder or hide text.
  var HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

  /* --- Small helpers ---------------------------------------------------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* "YYYY-MM-DD" of a real calendar day, or null. */
  function parseDay(text) {
    if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
    var parts = text.split("-").map(Number);
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    if (day.getUTCFullYear() !== parts[0] || day.getUTCMonth() !== parts[1] - 1 || day.getUTCDate() !== parts[2]) return null;
    if (parts[0] < 2000 || parts[0] > 2200) return null;
    return day;
  }

  function dayText(day) {
    return day.getUTCFullYear() + "-" + pad(day.getUTCMonth() + 1) + "-" + pad(day.getUTCDate());
  }

  function today() {
    var now = new Date();
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function addDays(text, days) {
    var day = parseDay(text);
    return dayText(new Date(day.getTime() + days * 86400000));
  }

  function daysBetween(from, to) {
    return Math.round((parseDay(to).getTime() - parseDay(from).getTime()) / 86400000);
  }

  var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];

  /* "Tuesday 15 December 2026", spelled the same in every browser and locale. */
  function longDate(text) {
    var day = parseDay(text);
    return day ? DAYS[day.getUTCDay()] + " " + day.getUTCDate() + " " + MONTHS[day.getUTCMonth()] + " " + day.getUTCFullYear() : text;
  }

  function newId(date) {
    var random = "";
    var bytes = new Uint8Array(4);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    bytes.forEach(function (b) { random += (b < 16 ? "0" : "") + b.toString(16); });
    return date.replace(/-/g, "") + "-" + random;
  }

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = el("a", { href: url, download: name, hidden: "" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  /* --- Checking what comes back from storage or a file ------------------- */

  function Refused(message) { this.message = message; }

  function text(value, field, limit, optional) {
    if (value === undefined && optional) return "";
    if (typeof value !== "string") throw new Refused("field '" + field + "' is not text");
    if (value.length > limit) throw new Refused("field '" + field + "' is longer than " + limit + " characters");
    if (HIDDEN.test(value)) throw new Refused("field '" + field + "' holds control or invisible characters");
    return value.trim();
  }

  function onlyFields(object, allowed, where) {
    Object.keys(object).forEach(function (key) {
      if (allowed.indexOf(key) === -1) throw new Refused(where + "unknown field '" + key.slice(0, 40) + "'");
    });
  }

  function score(value, field) {
    if (typeof value !== "number" || !isFinite(value) || value < 1 || value > 5) {
      throw new Refused("field '" + field + "' is not a score from 1 to 5");
    }
    return Math.round(value * 100) / 100;
  }

  /* The team's check-up result, as the contract of issue 24 stores it. */
  function checkTeam(value) {
    if (!isPlainObject(value)) throw new Refused("the check-up result is not a record");
    onlyFields(value, ["taken", "people", "areas", "ranking"], "check-up: ");
    if (!parseDay(value.taken)) throw new Refused("check-up field 'taken' is not a date (YYYY-MM-DD)");
    if (typeof value.people !== "number" || value.people % 1 !== 0 || value.people < 1 || value.people > MAX_PEOPLE) {
      throw new Refused("check-up field 'people' is not a whole number from 1 to " + MAX_PEOPLE);
    }
    if (!isPlainObject(value.areas)) throw new Refused("check-up field 'areas' is not a record");
    var areas = {};
    Object.keys(value.areas).forEach(function (id) {
      if (!AREAS.has(id)) throw new Refused("check-up: unknown area '" + id.slice(0, 40) + "'");
      var area = value.areas[id];
      if (!isPlainObject(area)) throw new Refused("check-up area '" + id + "' is not a record");
      onlyFields(area, ["mean", "low", "high"], "check-up area '" + id + "': ");
      areas[id] = { mean: score(area.mean, id + ".mean"), low: score(area.low, id + ".low"), high: score(area.high, id + ".high") };
      if (areas[id].low > areas[id].mean || areas[id].mean > areas[id].high) {
        throw new Refused("check-up area '" + id + "': low, mean and high are out of order");
      }
    });
    if (!Object.keys(areas).length) throw new Refused("the check-up result has no areas");
    if (!Array.isArray(value.ranking) || value.ranking.length > AREAS.size) throw new Refused("check-up field 'ranking' is not a list of areas");
    var seen = new Map();
    value.ranking.forEach(function (id) {
      if (typeof id !== "string" || !own(areas, id) || seen.has(id)) throw new Refused("check-up field 'ranking' names an area twice or one it has no score for");
      seen.set(id, true);
    });
    return { taken: value.taken, people: value.people, areas: areas, ranking: value.ranking.slice() };
  }

  function checkCommitment(value, where) {
    if (!isPlainObject(value)) throw new Refused(where + "is not a record");
    onlyFields(value, ["what", "who", "when", "how"], where);
    var out = {};
    COMMITMENT_FIELDS.forEach(function (pair) {
      out[pair[0]] = text(value[pair[0]], pair[0], TEXT_LIMITS[pair[0]], true);
    });
    if (out.when && !parseDay(out.when)) throw new Refused(where + "field 'when' is not a date (YYYY-MM-DD)");
    if (!out.what) throw new Refused(where + "field 'what' is empty");
    return out;
  }

  function checkEntry(value, number) {
    var where = "entry " + number + ": ";
    try {
      if (!isPlainObject(value)) throw new Refused("is not a record");
      onlyFields(value, ENTRY_FIELDS, "");
      if (typeof value.id !== "string" || !/^[0-9a-z-]{1,40}$/.test(value.id)) throw new Refused("field 'id' is not an entry id");
      if (!parseDay(value.date)) throw new Refused("field 'date' is not a date (YYYY-MM-DD)");
      var entry = {
        id: value.id,
        date: value.date,
        title: text(value.title, "title", 120),
        workshop: text(value.workshop, "workshop", 60, true),
        composition: text(value.composition, "composition", 2000, true),
        commitments: [],
        checkback: value.checkback,
        checkup: null
      };
      if (!entry.title) throw new Refused("field 'title' is empty");
      if (entry.workshop && !/^[a-z0-9-]+$/.test(entry.workshop)) throw new Refused("field 'workshop' is not a workshop id");
      if (entry.composition && !/^\?[A-Za-z0-9%&=:,._~+-]*$/.test(entry.composition)) throw new Refused("field 'composition' is not a composer address");
      if (!Array.isArray(value.commitments) || value.commitments.length > MAX_COMMITMENTS) {
        throw new Refused("field 'commitments' is not a list of at most " + MAX_COMMITMENTS);
      }
      entry.commitments = value.commitments.map(function (c, i) { return checkCommitment(c, "commitment " + (i + 1) + ": "); });
      if (!parseDay(value.checkback)) throw new Refused("field 'checkback' is not a date (YYYY-MM-DD)");
      var gap = daysBetween(entry.date, entry.checkback);
      if (gap < 14 || gap > 42) throw new Refused("field 'checkback' is not 2 to 6 weeks after the date");
      if (own(value, "checkup") && value.checkup !== null) entry.checkup = checkTeam(value.checkup);
      return entry;
    } catch (e) {
      if (e instanceof Refused) throw new Refused(where + e.message);
      throw e;
    }
  }

  /* A whole log, from storage or a file: {format, version, entries}. */
  function checkLog(value) {
    if (!isPlainObject(value)) throw new Refused("this is not a Common Ground log");
    onlyFields(value, ["format", "version", "exported", "entries"], "");
    if (value.format !== FORMAT) throw new Refused("this is not a Common Ground log");
    if (value.version !== 1) throw new Refused("this log's version is not one this page reads");
    if (!Array.isArray(value.entries)) throw new Refused("the log has no list of entries");
    if (value.entries.length > MAX_ENTRIES) throw new Refused("the log holds more than " + MAX_ENTRIES + " entries");
    var ids = new Map();
    return value.entries.map(function (raw, i) {
      var entry = checkEntry(raw, i + 1);
      if (ids.has(entry.id)) throw new Refused("entry " + (i + 1) + ": the same id as entry " + ids.get(entry.id));
      ids.set(entry.id, i + 1);
      return entry;
    });
  }

  function parseLogText(textValue) {
    var data;
    try { data = JSON.parse(textValue); } catch (e) { throw new Refused("this file is not JSON"); }
    return checkLog(data);
  }

  /* --- Storage ------------------------------------------------------------ */

  var notes = [];   // messages about storage, shown by the next view that renders

  function readStored(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  function loadLog() {
    var raw = readStored(LOG_KEY);
    if (raw === null) return [];
    try {
      if (raw.length > MAX_FILE_BYTES) throw new Refused("it is too large");
      return parseLogText(raw);
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      try {
        localStorage.setItem(LOG_KEY + ":set-aside", raw);
        localStorage.removeItem(LOG_KEY);
      } catch (ignored) { /* storage refused: nothing more to do */ }
      notes.push("The log kept in this browser could not be read (" + e.message + "). It was set aside and a new log started.");
      return [];
    }
  }

  function saveLog(entries) {
    try {
      localStorage.setItem(LOG_KEY, logText(entries));
      return true;
    } catch (e) {
      return false;
    }
  }

  function logText(entries) {
    return JSON.stringify({ format: FORMAT, version: 1, exported: today(), entries: entries }, null, 2) + "\n";
  }

  /* The team view the facilitator last looked at, or null (with a note). */
  function teamResult() {
    var raw = readStored(TEAM_KEY);
    if (raw === null) return null;
    try {
      var data;
      try { data = JSON.parse(raw); } catch (e) { throw new Refused("it is not JSON"); }
      return checkTeam(data);
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      notes.push("The team check-up kept in this browser could not be read (" + e.message + "); the entry leaves it out.");
      return null;
    }
  }

  function teamSummary(result) {
    var weakest = result.ranking.slice(0, 3).map(function (id) { return AREAS.get(id); });
    return "Team check-up of " + longDate(result.taken) + ", " + result.people + (result.people === 1 ? " answer set" : " answer sets") +
      (weakest.length ? ". Weakest first: " + weakest.join(", ") + "." : ".");
  }

  /* --- The calendar file (RFC 5545) --------------------------------------- */

  function icsEscape(value) {
    return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
  }

  /* Lines of at most 75 octets; a continuation starts with one space.
     Never splits a character's UTF-8 bytes. */
  function icsFold(line) {
    var encoder = new TextEncoder(), out = [], current = "", size = 0, limit = 75;
    Array.from(line).forEach(function (ch) {
      var bytes = encoder.encode(ch).length;
      if (size + bytes > limit) {
        out.push(current);
        current = " ";
        size = 1;
        limit = 75;
      }
      current += ch;
      size += bytes;
    });
    out.push(current);
    return out.join("\r\n");
  }

  function stamp(date) {
    return date.getUTCFullYear() + pad(date.getUTCMonth() + 1) + pad(date.getUTCDate()) + "T" +
      pad(date.getUTCHours()) + pad(date.getUTCMinutes()) + pad(date.getUTCSeconds()) + "Z";
  }

  function describeEntry(entry) {
    var lines = ["We ran " + entry.title + " on " + longDate(entry.date) + "."];
    if (entry.commitments.length) lines.push("Our commitments:");
    entry.commitments.forEach(function (c, i) {
      var parts = [c.who && "who: " + c.who, c.when && "by " + c.when, c.how && "we will know by: " + c.how].filter(Boolean);
      lines.push((i + 1) + ". " + c.what + (parts.length ? " (" + parts.join("; ") + ")" : ""));
    });
    lines.push("Take the team check-up again and compare the areas with the last result.");
    return lines.join("\n");
  }

  function ics(entry, now) {
    var lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Common Ground//Follow-up//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
      "BEGIN:VEVENT",
      "UID:" + entry.id + "@common-ground.invalid",
      "DTSTAMP:" + stamp(now || new Date()),
      "DTSTART;VALUE=DATE:" + entry.checkback.replace(/-/g, ""),
      "DTEND;VALUE=DATE:" + addDays(entry.checkback, 1).replace(/-/g, ""),
      "SUMMARY:" + icsEscape("Check back: " + entry.title),
      "DESCRIPTION:" + icsEscape(describeEntry(entry)),
      "TRANSP:TRANSPARENT",
      "END:VEVENT", "END:VCALENDAR"
    ];
    return lines.map(icsFold).join("\r\n") + "\r\n";
  }

  function downloadIcs(entry) {
    download("check-back-" + entry.checkback + ".ics", "text/calendar;charset=utf-8", ics(entry));
  }

  /* --- The commitments form (run mode's last step and the log page) ------- */

  var formCount = 0;

  function CommitmentsForm(options) {
    formCount += 1;
    this.prefix = "cg-commit-" + formCount;
    this.options = options;
    this.rows = [];
    this.saved = null;
    this.build();
  }

  CommitmentsForm.prototype.build = function () {
    var self = this, o = this.options, p = this.prefix;
    this.list = el("ol", { "class": "cg-commit-list" });
    this.status = el("p", { "class": "cg-commit-status", role: "status" });
    this.weeks = el("select", { id: p + "-weeks" }, WEEKS.map(function (n) {
      var option = el("option", { value: String(n), text: n + " weeks" });
      if (n === DEFAULT_WEEKS) option.selected = true;
      return option;
    }));
    this.checkbackText = el("span", { "class": "cg-commit-checkback" });
    this.weeks.addEventListener("change", function () { self.showCheckback(); });
    var fields = [];
    if (o.askDate) {
      this.dateInput = el("input", { id: p + "-date", type: "date", required: "", value: today() });
      this.titleInput = el("input", { id: p + "-title", type: "text", maxlength: "120", required: "" });
      this.dateInput.addEventListener("change", function () { self.showCheckback(); });
      fields.push(el("p", { "class": "cg-commit-field" }, [el("label", { "for": p + "-date", text: "Date of the session" }), this.dateInput]));
      fields.push(el("p", { "class": "cg-commit-field" }, [el("label", { "for": p + "-title", text: "Workshop or composition" }), this.titleInput]));
    }
    var addButton = el("button", { type: "button", "class": o.buttonClass, text: "Add a commitment" });
    addButton.addEventListener("click", function () { self.addRow(true); });
    this.saveButton = el("button", { type: "button", "class": o.buttonClass, text: "Save to our log" });
    this.saveButton.addEventListener("click", function () { self.save(); });
    this.icsButton = el("button", { type: "button", "class": o.buttonClass, text: "Download the check-back date (.ics)" });
    this.icsButton.addEventListener("click", function () { self.calendar(); });
    this.team = teamResult();
    this.node = el("div", { "class": "cg-commit" }, fields.concat([
      this.list,
      el("p", {}, [addButton]),
      el("p", { "class": "cg-commit-back" }, [el("label", { "for": p + "-weeks", text: "Check back in" }), this.weeks, this.checkbackText]),
      el("p", { "class": "cg-commit-team", text: this.team ? teamSummary(this.team) + " It goes into the entry." :
        "No team check-up in this browser: the entry is saved without one." }),
      el("p", { "class": "cg-commit-actions" }, [this.saveButton, this.icsButton, o.logLink || null]),
      this.status
    ]));
    this.addRow(false);
    this.showCheckback();
  };

  CommitmentsForm.prototype.sessionDate = function () {
    if (this.dateInput) return parseDay(this.dateInput.value) ? this.dateInput.value : null;
    return this.options.date || today();
  };

  CommitmentsForm.prototype.showCheckback = function () {
    var date = this.sessionDate();
    this.checkbackText.textContent = date ? "on " + longDate(addDays(date, Number(this.weeks.value) * 7)) : "";
  };

  CommitmentsForm.prototype.addRow = function (focus) {
    if (this.rows.length >= MAX_COMMITMENTS) { this.say("At most " + MAX_COMMITMENTS + " commitments."); return; }
    var number = this.rows.length + 1, id = this.prefix + "-" + number, inputs = {};
    var cells = COMMITMENT_FIELDS.map(function (pair) {
      var input = el("input", { id: id + "-" + pair[0], type: pair[0] === "when" ? "date" : "text",
                                maxlength: String(TEXT_LIMITS[pair[0]]), "data-cg-commit": pair[0] });
      inputs[pair[0]] = input;
      return el("p", { "class": "cg-commit-field cg-commit-field--" + pair[0] }, [el("label", { "for": id + "-" + pair[0], text: pair[1] }), input]);
    });
    var row = el("li", { "class": "cg-commit-row" }, [
      el("fieldset", {}, [el("legend", { text: "Commitment " + number })].concat(cells))]);
    this.list.appendChild(row);
    this.rows.push(inputs);
    if (focus) inputs.what.focus();
  };

  CommitmentsForm.prototype.say = function (message) {
    this.status.textContent = "";
    this.status.textContent = message;
  };

  /* The entry the form describes, or null with a message. */
  CommitmentsForm.prototype.entry = function () {
    var date = this.sessionDate();
    if (!date) { this.say("Give the date of the session."); return null; }
    var title = this.titleInput ? this.titleInput.value.trim() : (this.options.title || "");
    if (!title) { this.say("Give the workshop or composition you ran."); if (this.titleInput) this.titleInput.focus(); return null; }
    var commitments = this.rows.map(function (inputs) {
      var c = {};
      COMMITMENT_FIELDS.forEach(function (pair) { c[pair[0]] = inputs[pair[0]].value.trim(); });
      return c;
    }).filter(function (c) { return c.what || c.who || c.when || c.how; });
    var entry = {
      id: this.saved ? this.saved.id : newId(date), date: date, title: title.slice(0, 120),
      workshop: this.options.workshop || "", composition: this.options.composition || "",
      commitments: commitments, checkback: addDays(date, Number(this.weeks.value) * 7), checkup: this.team
    };
    try {
      return checkEntry(entry, 1);
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      this.say("Not saved: " + e.message.replace(/^entry 1: /, "") + ".");
      return null;
    }
  };

  CommitmentsForm.prototype.save = function () {
    var entry = this.entry();
    if (!entry) return;
    var entries = loadLog();
    var at = entries.findIndex(function (e) { return e.id === entry.id; });
    if (at === -1 && entries.length >= MAX_ENTRIES) { this.say("The log is full (" + MAX_ENTRIES + " entries): export it and remove old ones."); return; }
    if (at === -1) entries.push(entry); else entries[at] = entry;
    if (!saveLog(entries)) { this.say("This browser would not keep the log (storage is off or full). Download the check-back date instead."); return; }
    this.saved = entry;
    var message = (at === -1 ? "Saved to the log: " : "Log entry updated: ") + entry.commitments.length +
      (entry.commitments.length === 1 ? " commitment" : " commitments") + ", check back on " + longDate(entry.checkback) + ".";
    if (this.options.onSave) this.options.onSave(entry, message);
    else this.say(message);
  };

  CommitmentsForm.prototype.calendar = function () {
    var entry = this.entry();
    if (entry) downloadIcs(entry);
  };

  /* --- Run mode's commitments step ---------------------------------------- */

  var panels = new WeakMap();

  function logHref(root) {
    return new URL("workshops/log/" + (location.protocol === "file:" ? "index.html" : ""), root).href;
  }

  function siteRoot() {
    var holder = document.querySelector("[data-cg-root]");
    return new URL(holder ? holder.dataset.cgRoot : "./", location.href);
  }

  function showPanel(run) {
    var panel = panels.get(run);
    if (!panel) {
      var workshop = run.workshop ? run.workshop.id || "" : "";
      var form = new CommitmentsForm({
        buttonClass: "cg-run-button", title: run.title, date: today(), workshop: /^[a-z0-9-]+$/.test(workshop) ? workshop : "",
        composition: location.search.length <= 2000 ? location.search : "",
        logLink: el("a", { href: logHref(siteRoot()), "class": "cg-run-link", text: "Open our log" })
      });
      var back = el("button", { type: "button", "class": "cg-run-button", text: "Back to the last step" });
      back.addEventListener("click", function () { run.go(-1); });
      panel = el("section", { "class": "cg-run-commitments", "aria-labelledby": "cg-run-commit-title" }, [
        el("p", { "class": "cg-run-kicker", text: "After the session" }),
        el("h2", { "class": "cg-run-title", id: "cg-run-commit-title", tabindex: "-1", text: "Commitments" }),
        el("p", { "class": "cg-run-commit-intro", text: "Before the room breaks up: what we will do, who, by when, and how we will know it worked." }),
        form.node, el("p", {}, [back])]);
      panels.set(run, panel);
      var controls = run.node.querySelector(".cg-run-controls");
      run.node.insertBefore(panel, controls);
    }
    run.node.classList.add("cg-run--commitments");
    notes.splice(0).forEach(function (note) { panel.querySelector(".cg-commit-status").textContent = note; });
    panel.querySelector("#cg-run-commit-title").focus();
    run.announce("Commitments: what we will do, who, by when, and how we will know.");
  }

  /* Called by run.js for Next and Back. True when the step was handled
     here: Next on the last step opens the commitments, Back closes them. */
  function go(run, next) {
    var showing = run.node.classList.contains("cg-run--commitments");
    if (showing) {
      if (next < run.steps.length) {
        run.node.classList.remove("cg-run--commitments");
        run.parts.title.focus();
        run.announce("Back to the last step: " + run.steps[run.index].title + ".");
      }
      return true;
    }
    if (next === run.steps.length) { showPanel(run); return true; }
    return false;
  }

  /* --- The log page ------------------------------------------------------- */

  function composerHref(root, entry) {
    var page = "workshops/compose/" + (location.protocol === "file:" ? "index.html" : "");
    if (entry.composition) return new URL(page + entry.composition, root).href;
    if (entry.workshop) return new URL(page + "?workshop=" + encodeURIComponent(entry.workshop), root).href;
    return null;
  }

  function entryView(entry, root, remove) {
    var heading = el("h3", { text: longDate(entry.date) + ": " + entry.title });
    var parts = [heading];
    var href = composerHref(root, entry);
    if (href) parts.push(el("p", {}, [el("a", { href: href, text: "Open this session in the composer" })]));
    if (entry.commitments.length) {
      // One card per commitment, not a table: it reads on a phone too.
      parts.push(el("ol", { "class": "cg-log-commitments", "aria-label": "Commitments" }, entry.commitments.map(function (c) {
        return el("li", {}, [el("dl", {}, COMMITMENT_FIELDS.filter(function (pair) { return c[pair[0]]; }).reduce(function (all, pair) {
          return all.concat([el("dt", { text: pair[1] }), el("dd", { text: pair[0] === "when" ? longDate(c.when) : c[pair[0]] })]);
        }, []))]);
      })));
    } else {
      parts.push(el("p", { text: "No commitments recorded." }));
    }
    parts.push(el("p", { "class": "cg-log-checkback", text: "Check back on " + longDate(entry.checkback) + "." }));
    parts.push(el("p", { "class": "cg-log-checkup", text: entry.checkup ? teamSummary(entry.checkup) : "No team check-up recorded." }));
    var icsButton = el("button", { type: "button", "class": "md-button", text: "Download the check-back date (.ics)" });
    icsButton.addEventListener("click", function () { downloadIcs(entry); });
    var removeButton = el("button", { type: "button", "class": "md-button", text: "Remove" });
    removeButton.addEventListener("click", function () {
      if (removeButton.dataset.cgArmed) { remove(entry); return; }
      removeButton.dataset.cgArmed = "1";
      removeButton.textContent = "Remove: press again to confirm";
    });
    parts.push(el("p", { "class": "cg-log-actions" }, [icsButton, removeButton]));
    return el("li", { "class": "cg-log-entry", "data-cg-entry": entry.id }, [el("article", {}, parts)]);
  }

  function LogPage(root) {
    this.root = root;
    this.siteRoot = new URL(root.dataset.cgRoot || "./", location.href);
    this.entries = loadLog();
  }

  LogPage.prototype.say = function (message, alert) {
    this.status.setAttribute("role", alert ? "alert" : "status");
    this.status.textContent = "";
    this.status.textContent = message;
  };

  LogPage.prototype.mount = function () {
    var self = this;
    this.list = el("ol", { "class": "cg-log-list", reversed: "" });
    this.count = el("p", { "class": "cg-log-count" });
    this.status = el("p", { "class": "cg-log-status", role: "status" });
    var exportButton = el("button", { type: "button", "class": "md-button md-button--primary", text: "Export the log (.json)" });
    exportButton.addEventListener("click", function () { self.exportLog(); });
    var fileInput = el("input", { type: "file", id: "cg-log-import", accept: ".json,application/json" });
    fileInput.addEventListener("change", function () {
      if (fileInput.files[0]) self.importFile(fileInput.files[0]);
      fileInput.value = "";
    });
    var add = el("details", { "class": "cg-log-add" }, [el("summary", { text: "Record a session by hand" })]);
    // Each saved session leaves a blank form for the next one.
    function freshForm() {
      var form = new CommitmentsForm({ buttonClass: "md-button", askDate: true, onSave: function (entry, message) {
        add.replaceChild(freshForm(), form.node);
        self.reload();
        self.say(message);
      } });
      return form.node;
    }
    add.appendChild(freshForm());
    this.root.textContent = "";
    [
      el("div", { "class": "cg-log-tools" }, [
        exportButton,
        el("p", { "class": "cg-log-import" }, [el("label", { "for": "cg-log-import", text: "Import a log file" }), fileInput])]),
      this.status, add,
      el("h2", { id: "sessions", text: "Sessions" }), this.count, this.list
    ].forEach(function (node) { self.root.appendChild(node); });
    this.render();
    if (notes.length) this.say(notes.splice(0).join(" "), true);
    this.root.dataset.cgReady = "1";
  };

  LogPage.prototype.reload = function () {
    this.entries = loadLog();
    this.render();
  };

  LogPage.prototype.render = function () {
    var self = this, root = this.siteRoot;
    this.list.textContent = "";
    // Newest first: by date, and on one day the one recorded last first.
    var newest = this.entries.map(function (entry, at) { return { entry: entry, at: at }; }).sort(function (a, b) {
      return a.entry.date < b.entry.date ? 1 : a.entry.date > b.entry.date ? -1 : b.at - a.at;
    }).map(function (pair) { return pair.entry; });
    newest.forEach(function (entry) {
      self.list.appendChild(entryView(entry, root, function (gone) { self.remove(gone); }));
    });
    var n = this.entries.length;
    this.count.textContent = n ? n + (n === 1 ? " session" : " sessions") + " in this browser, newest first." :
      "No session recorded in this browser yet. Run mode's last step records one, or record one above.";
  };

  LogPage.prototype.remove = function (entry) {
    this.entries = this.entries.filter(function (e) { return e.id !== entry.id; });
    if (!saveLog(this.entries)) { this.say("This browser would not keep the change.", true); this.reload(); return; }
    this.render();
    this.say("Removed the entry of " + longDate(entry.date) + ".");
  };

  LogPage.prototype.exportLog = function () {
    download("common-ground-log-" + today() + ".json", "application/json", logText(this.entries));
    this.say("Exported " + this.entries.length + (this.entries.length === 1 ? " entry." : " entries."));
  };

  LogPage.prototype.importFile = function (file) {
    var self = this;
    if (file.size > MAX_FILE_BYTES) { this.say("Nothing imported: the file is larger than " + MAX_FILE_BYTES / 1024 + " KB.", true); return; }
    file.arrayBuffer().then(function (buffer) {
      var textValue;
      try { textValue = new TextDecoder("utf-8", { fatal: true }).decode(buffer); } catch (e) {
        self.say("Nothing imported: the file is not UTF-8 text.", true);
        return;
      }
      self.importText(textValue);
    });
  };

  LogPage.prototype.importText = function (textValue) {
    var incoming;
    try {
      incoming = parseLogText(textValue.replace(/^\ufeff/, ""));
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      this.say("Nothing imported: " + e.message + ".", true);
      return;
    }
    var known = new Map(this.entries.map(function (e) { return [e.id, true]; }));
    var fresh = incoming.filter(function (e) { return !known.has(e.id); });
    if (this.entries.length + fresh.length > MAX_ENTRIES) {
      this.say("Nothing imported: the log would hold more than " + MAX_ENTRIES + " entries.", true);
      return;
    }
    var merged = this.entries.concat(fresh);
    if (!saveLog(merged)) { this.say("Nothing imported: this browser would not keep the log.", true); return; }
    this.entries = merged;
    this.render();
    var skipped = incoming.length - fresh.length;
    this.say("Imported " + fresh.length + (fresh.length === 1 ? " entry" : " entries") +
             (skipped ? "; " + skipped + " already in the log." : "."));
  };

  function setUp() {
    document.querySelectorAll("[data-cg-log]").forEach(function (root) {
      if (!root.dataset.cgReady) new LogPage(root).mount();
    });
  }

  window.cgFollowup = { go: go, ics: ics, checkLog: checkLog, setUp: setUp };

  /* Loaded on demand by exercises.js, often after Material's document$ has
     fired for this page: set up now, and again after each instant page change. */
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(setUp);
})();
