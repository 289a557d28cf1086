/* The workshop composer (docs/workshops/compose.md).

   exercises.js loads this file, schedule.js (clock times) and the build's
   data file kit-data.js, on the composer page only. What only printing and
   run mode need, this file loads when someone is about to print or run
   (below, "What printing and run mode need").
   The composition is a list of items: exercises (with the cuts taken),
   breaks and discussions. It lives in the page address, so it can be
   shared and bookmarked, and in localStorage, so a reload keeps it.
   Nothing is ever sent anywhere.

   Text from the address (titles people type) and from the YAML goes into
   the page with textContent; only the build's *_html fields, escaped and
   rendered by the kit's templates, go in as HTML. The words for formats,
   groupings, kinds and units are the pages' own, from the data file
   (kit.labels, templates/partials/labels.yml); clock times come from
   schedule.js. */
(function () {
  "use strict";

  var STORE = "cg-composer";
  /* Limits on what an address or a stored composition can ask for: an
     item lasts at most a working day, a session at most 40 items and a day. */
  var MAX_MINUTES = 480;
  var MAX_ITEMS = 40;
  var MINUTES_PER_DAY = 24 * 60;

  /* An entry of the data file by its key, or undefined: an own property
     only, so "constructor" or "__proto__" in an address finds nothing. */
  function own(map, key) {
    return map && Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
  }

  function minutes(count, kit) {
    return cgSchedule.minutesLabel(count, kit.labels.units);
  }

  function people(low, high, kit) {
    return low + "–" + high + " " + kit.labels.units.people;
  }

  /* A new break or discussion is called what its kind is called. */
  function kindLabel(kind, kit) {
    return own(kit.labels.kinds, kind).label;
  }

  /* --- The composition and the address ---------------------------------- */

  function emptyState() {
    return { title: "", start: "09:00", target: "", people: "", format: "", workshop: "", variant: "", items: [] };
  }

  /* A whole number as typed, held to [low, high]; null when it is not one
     ("1e9", "-5", "12.5", "" are not: parseInt read "1e9" as 1). */
  function whole(value, low, high) {
    var text = String(value === null || value === undefined ? "" : value).trim();
    if (!/^[0-9]{1,9}$/.test(text)) return null;
    return Math.min(high, Math.max(low, Number(text)));
  }

  function validStart(value) {
    return cgSchedule.isClock(value) ? value : "09:00";
  }

  /* What an address said, short enough for the one line that reports it. */
  function quoted(text) {
    text = String(text);
    return "“" + (text.length > 40 ? text.slice(0, 39) + "…" : text) + "”";
  }

  /* One `item` parameter per agenda item, in order:
     exercise:<id>:<minutes>[:<cut>,<cut>], break:<minutes>[:<title>],
     discussion:<minutes>:<title>. Whatever is dropped or corrected is
     added to `fixes`, in words, for the one line the page shows. */
  function decodeItem(text, kit, fixes) {
    var parts = text.split(":"), number;
    if (parts[0] === "exercise") {
      var exercise = own(kit.exercises, parts[1]);
      if (!exercise) { fixes.push("left out " + quoted(parts[1] || text) + ", which is no exercise here"); return null; }
      var known = (exercise.cuts || []).map(function (c) { return c.id; }), cuts = [];
      (parts[3] ? parts[3].split(",") : []).forEach(function (id) {
        if (known.indexOf(id) === -1) fixes.push(exercise.title + " has no cut " + quoted(id));
        else if (cuts.indexOf(id) !== -1) fixes.push("cut " + quoted(id) + " was asked for twice");
        else cuts.push(id);
      });
      var least = cgSchedule.minimumMinutes(exercise, cuts);
      number = whole(parts[2], least, MAX_MINUTES);
      if (number === null || String(number) !== String(parts[2]).trim()) {
        number = number === null ? least : number;
        fixes.push(exercise.title + ": " + quoted(parts[2] === undefined ? "" : parts[2]) + " minutes became " + number);
      }
      return { kind: "exercise", exercise: exercise.id, minutes: number, cuts: cuts };
    }
    if (parts[0] === "break" || parts[0] === "discussion") {
      var title = parts.slice(2).join(":");
      if (title.length > 80) fixes.push("a title was cut to 80 characters");
      title = title.slice(0, 80) || kindLabel(parts[0], kit);
      number = whole(parts[1], 1, MAX_MINUTES);
      if (number === null || String(number) !== String(parts[1]).trim()) {
        number = number === null ? 10 : number;
        fixes.push(title + ": " + quoted(parts[1] === undefined ? "" : parts[1]) + " minutes became " + number);
      }
      return { kind: parts[0], title: title, minutes: number, cuts: [] };
    }
    fixes.push("left out " + quoted(text) + ", which is no kind of item");
    return null;
  }

  function encodeItem(item) {
    if (item.kind === "exercise") {
      return ["exercise", item.exercise, item.minutes].concat(item.cuts.length ? [item.cuts.join(",")] : []).join(":");
    }
    return [item.kind, item.minutes, item.title].join(":");
  }

  function fromWorkshop(state, kit) {
    var workshop = own(kit.workshops, state.workshop);
    if (!workshop) return state;
    var variant = variantOf(workshop, state.variant);
    var agenda = variant ? cgSchedule.applyVariant(workshop.agenda, variant) : workshop.agenda;
    state.variant = variant ? variant.id : "";
    state.start = (variant && variant.start) || workshop.start;
    state.title = state.title || workshop.title + (variant ? " (" + variant.title + ")" : "");
    state.items = agenda.map(function (item) {
      return { kind: item.kind, exercise: item.exercise, title: item.title, minutes: item.minutes, cuts: (item.cuts || []).slice() };
    });
    return state;
  }

  function variantOf(workshop, id) {
    return (workshop.variants || []).filter(function (v) { return v.id === id; })[0];
  }

  /* The composition an address (or the stored copy of one) asks for, and
     what of it was dropped or corrected: state.fixes, in words. */
  function decode(search, kit) {
    var params = new URLSearchParams(search), fixes = [];
    var state = emptyState();
    var title = params.get("title") || "";
    if (title.length > 80) fixes.push("the title was cut to 80 characters");
    state.title = title.slice(0, 80);
    var start = params.get("start");
    state.start = validStart(start);
    if (start !== null && start !== state.start) fixes.push("start " + quoted(start) + " is no clock time: 09:00");
    number(params, "target", 15, MINUTES_PER_DAY, state, fixes, "no limit");
    number(params, "people", 1, 200, state, fixes, "no set group size");
    coded(params.get("format"), own(kit.labels.formats, params.get("format")), "format", "any format", state, fixes);
    coded(params.get("workshop"), own(kit.workshops, params.get("workshop")), "workshop", "none", state, fixes);
    var variant = params.get("variant"), workshop = own(kit.workshops, state.workshop);
    if (variant !== null && variant !== "") {
      if (workshop && variantOf(workshop, variant)) state.variant = variant;
      else fixes.push("version " + quoted(variant) + " is not one of " + (workshop ? workshop.title + "’s" : "a chosen workshop’s"));
    }
    var items = params.getAll("item");
    if (!items.length && state.workshop) fromWorkshop(state, kit);
    else {
      if (items.length > MAX_ITEMS) {
        fixes.push("kept the first " + MAX_ITEMS + " of " + items.length + " items");
        items = items.slice(0, MAX_ITEMS);
      }
      state.items = items.map(function (text) { return decodeItem(text, kit, fixes); }).filter(Boolean);
    }
    var kept = withinADay(state.items);
    if (kept < state.items.length) {
      fixes.push("left out the last " + (state.items.length - kept) + " items, past a day of time");
      state.items = state.items.slice(0, kept);
    }
    state.fixes = fixes;
    return state;
  }

  /* How many items, from the first, fit in a day. */
  function withinADay(items) {
    var sum = 0;
    for (var i = 0; i < items.length; i += 1) {
      sum += items[i].minutes;
      if (sum > MINUTES_PER_DAY) return i;
    }
    return items.length;
  }

  function number(params, key, low, high, state, fixes, otherwise) {
    var text = params.get(key);
    if (text === null || text === "") return;
    var value = whole(text, low, high);
    state[key] = value === null ? "" : String(value);
    if (state[key] !== text) fixes.push(key + " " + quoted(text) + " became " + (state[key] || otherwise));
  }

  function coded(text, found, key, otherwise, state, fixes) {
    if (text === null || text === "") return;
    if (found) state[key] = text;
    else fixes.push(key + " " + quoted(text) + " is not known here: " + otherwise);
  }

  function encode(state) {
    var params = new URLSearchParams();
    ["title", "start", "target", "people", "format", "workshop", "variant"].forEach(function (key) {
      if (state[key]) params.set(key, state[key]);
    });
    state.items.forEach(function (item) { params.append("item", encodeItem(item)); });
    return params.toString();
  }

  function hasComposition(search) {
    var params = new URLSearchParams(search);
    return params.has("item") || params.has("workshop");
  }

  function remember(state) {
    var query = encode(state);
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    try { localStorage.setItem(STORE, query); } catch (e) { /* private mode: the address still holds it */ }
  }

  function recalled() {
    try { return localStorage.getItem(STORE); } catch (e) { return null; }
  }

  /* A stored composition that did not read cleanly is kept under its own
     key, never read again, so the next save cannot lose it unseen. */
  function setAside(text) {
    try { localStorage.setItem(STORE + ".set-aside", text); } catch (e) { /* nowhere to keep it */ }
  }

  /* --- Small DOM helpers ------------------------------------------------ */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "html") node.innerHTML = attrs[key];  // build-rendered *_html only
      else if (attrs[key] !== null && attrs[key] !== undefined && attrs[key] !== false) node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function button(text, key, label) {
    return el("button", { type: "button", "class": "md-button cg-slot-button", "data-cg-key": key, "aria-label": label || null, text: text });
  }

  /* --- What the composer shows ------------------------------------------ */

  function itemTitle(item, kit) {
    return item.kind === "exercise" ? kit.exercises[item.exercise].title : item.title;
  }

  function warnings(item, state, kit) {
    if (item.kind !== "exercise") return [];
    var exercise = kit.exercises[item.exercise], found = [];
    var count = Number(state.people);
    if (count && (count < exercise.group_size.min || count > exercise.group_size.max)) {
      found.push("Made for " + people(exercise.group_size.min, exercise.group_size.max, kit) + ", not " + count + ".");
    }
    if (state.format && exercise.formats.indexOf(state.format) === -1) {
      var names = exercise.formats.map(function (f) { return own(kit.labels.formats, f).in_text; });
      found.push("Written for " + names.join(" and ") + ", not " + own(kit.labels.formats, state.format).in_text + ".");
    }
    return found;
  }

  function Composer(root, kit) {
    this.root = root;
    this.kit = kit;
    this.list = root.querySelector("[data-cg-list]");
    this.summary = root.querySelector("[data-cg-summary]");
    this.fit = root.querySelector("[data-cg-fit]");
    this.status = root.querySelector("[data-cg-status]");
    this.printArea = root.querySelector("[data-cg-print-area]");
    this.open = {};  // which blocks show their cuts, kept across renders
    this.notice = root.querySelector("[data-cg-notice]");
    var search = location.search, stored = !hasComposition(search) && recalled();
    this.state = decode(stored ? "?" + stored : search, kit);
    var fixes = this.state.fixes;
    delete this.state.fixes;
    if (fixes.length && stored) setAside(stored);
    this.tell(fixes.length ? (stored ? "Your saved composition could not be read in full, so it is set aside and what could be read is shown: "
                                     : "This address asked for what the composer cannot do: ") + fixes.join("; ") + "." : "");
  }

  /* Anything the address or the stored composition asked for that was
     dropped or corrected, said in one line above the agenda. */
  Composer.prototype.tell = function (text) {
    this.notice.textContent = text;
    this.notice.hidden = !text;
  };

  Composer.prototype.say = function (message) {
    this.status.textContent = "";
    this.status.textContent = message;
  };

  Composer.prototype.change = function (message) {
    remember(this.state);
    this.render();
    if (message) this.say(message);
  };

  Composer.prototype.render = function () {
    var focusKey = document.activeElement && document.activeElement.getAttribute("data-cg-key");
    var state = this.state, kit = this.kit, self = this;
    this.root.querySelectorAll("[data-cg-set]").forEach(function (field) {
      var value = state[field.dataset.cgSet];
      // A length the address gave that the list lacks (75 minutes) joins it, so the field shows it.
      if (field.dataset.cgSet === "target" && value && !field.querySelector('option[value="' + value + '"]')) {
        field.appendChild(el("option", { value: value, text: cgSchedule.lengthLabel(Number(value), kit.labels.units) }));
      }
      if (document.activeElement !== field) field.value = value;
    });
    var slots = cgSchedule.schedule(state.start, state.items);
    this.list.textContent = "";
    state.items.forEach(function (item, index) {
      self.list.appendChild(self.block(item, index, slots[index]));
    });
    if (!state.items.length) {
      this.list.appendChild(el("li", { "class": "cg-slot cg-slot--empty", text: "Nothing yet: add exercises from the list." }));
    }
    this.renderSummary(slots);
    if (focusKey) {
      var again = this.root.querySelector('[data-cg-key="' + focusKey + '"]');
      if (again) again.focus();
    }
  };

  Composer.prototype.block = function (item, index, slot) {
    var kit = this.kit, state = this.state, last = state.items.length - 1;
    var title = itemTitle(item, kit);
    var body = el("div", { "class": "cg-slot-body" });
    if (item.kind === "exercise") {
      var exercise = kit.exercises[item.exercise];
      body.appendChild(el("p", { "class": "cg-slot-title" }, [
        el("a", { href: this.root.dataset.cgRoot + exercise.page, text: title })]));
      body.appendChild(el("p", { "class": "cg-slot-facts", text: people(exercise.group_size.min, exercise.group_size.max, kit) +
        " · needs " + minutes(cgSchedule.minimumMinutes(exercise, item.cuts), kit) + " with the cuts taken" }));
    } else {
      body.appendChild(el("p", { "class": "cg-slot-title" }, [
        el("label", { "for": "cg-item-title-" + index, "class": "cg-visually-hidden", text: "Title of item " + (index + 1) }),
        el("input", { id: "cg-item-title-" + index, type: "text", value: title, maxlength: "80", "data-cg-key": index + ":title" })]));
    }
    var least = item.kind === "exercise" ? cgSchedule.minimumMinutes(kit.exercises[item.exercise], item.cuts) : 1;
    body.appendChild(el("p", { "class": "cg-slot-minutes" }, [
      el("label", { "for": "cg-item-minutes-" + index, text: "Minutes" }),
      el("input", { id: "cg-item-minutes-" + index, type: "number", min: String(least), max: String(MAX_MINUTES),
                    value: String(item.minutes), "data-cg-key": index + ":minutes" })]));
    warnings(item, state, kit).forEach(function (text) {
      body.appendChild(el("p", { "class": "cg-slot-warning", text: "Check: " + text }));
    });
    if (item.kind === "exercise" && (kit.exercises[item.exercise].cuts || []).length) {
      var taken = item.cuts.length ? ", " + item.cuts.length + " taken" : "";
      var cuts = el("fieldset", { "class": "cg-slot-cuts" }, [el("legend", { "class": "cg-visually-hidden", text: "Cuts if time is short" })]);
      kit.exercises[item.exercise].cuts.forEach(function (cut) {
        var id = "cg-cut-" + index + "-" + cut.id;
        cuts.appendChild(el("p", {}, [
          el("input", { type: "checkbox", id: id, checked: item.cuts.indexOf(cut.id) !== -1 ? "checked" : null,
                        "data-cg-key": index + ":cut:" + cut.id, "data-cg-cut": cut.id }),
          el("label", { "for": id, text: cut.step + ": " + cut.text + " (saves " + minutes(cut.saves, kit) + ")" })]));
      });
      var details = el("details", { "class": "cg-slot-details", "data-cg-key": index + ":cuts" }, [
        el("summary", { text: "Cuts if time is short (" + kit.exercises[item.exercise].cuts.length + taken + ")" }), cuts]);
      if (this.open[item.exercise + index]) details.open = true;
      var open = this.open, key = item.exercise + index;
      details.addEventListener("toggle", function () { open[key] = details.open; });
      body.appendChild(details);
    }
    var controls = el("p", { "class": "cg-slot-controls" }, [
      index > 0 ? button("Up", index + ":up", "Move " + title + " up") : null,
      index < last ? button("Down", index + ":down", "Move " + title + " down") : null,
      button("Remove", index + ":remove", "Remove " + title)]);
    var block = el("li", {
      "class": "cg-slot cg-slot--" + item.kind, draggable: "true", tabindex: "0",
      "data-cg-index": String(index), "data-cg-key": index + ":block",
      "aria-label": slot.start + " to " + slot.end + ", " + title + ", " + item.minutes + " minutes",
      style: "--cg-minutes: " + item.minutes
    }, [el("p", { "class": "cg-slot-time" }, [
          el("span", { "class": "cg-slot-start", text: slot.start }),
          el("span", { text: "–" + slot.end }),
          el("span", { "class": "cg-slot-length", text: " · " + minutes(item.minutes, kit) })]),
        body, controls]);
    return block;
  };

  Composer.prototype.renderSummary = function (slots) {
    var state = this.state, kit = this.kit, total = cgSchedule.total(state.items), units = kit.labels.units;
    var end = slots.length ? slots[slots.length - 1].end : state.start;
    var text = state.items.length ? state.start + "–" + end + ", " + cgSchedule.lengthLabel(total, units) + " in all" : "No items yet";
    var target = Number(state.target);
    this.fit.textContent = "";
    this.fit.hidden = true;
    if (target && state.items.length) {
      var diff = total - target;
      text += diff > 0 ? ": " + minutes(diff, kit) + " over your " + cgSchedule.lengthLabel(target, units) + "."
                       : ": fits your " + cgSchedule.lengthLabel(target, units) + (diff < 0 ? ", with " + minutes(-diff, kit) + " to spare." : ".");
      if (diff > 0) this.renderFit(target);
    }
    this.summary.textContent = text;
  };

  Composer.prototype.renderFit = function (target) {
    var kit = this.kit, total = cgSchedule.total(this.state.items), plan = cgSchedule.fitToTarget(this.state.items, kit.exercises, target);
    this.fit.hidden = false;
    if (!plan.taken.length) {
      this.fit.appendChild(el("p", { text: "No cuts are left to take: the session stays " + minutes(total - target, kit) +
                                            " over. Leave out an exercise or shorten a break to fit." }));
      return;
    }
    var saves = plan.taken.reduce(function (sum, t) { return sum + t.cut.saves; }, 0);
    this.fit.appendChild(el("p", { text: plan.over
      ? "The cuts cannot fit it: taking every cut left saves " + minutes(saves, kit) + ", and it would still run " +
        minutes(plan.over, kit) + " over. Leave out an item or shorten a break too."
      : "Taking " + plan.taken.length + " of the exercises' own cuts saves " + minutes(saves, kit) + " and fits." }));
    // The button says what it will do: it claims a fit only when there is one.
    this.fit.appendChild(el("button", { type: "button", "class": "md-button md-button--primary", "data-cg-key": "fit",
                                        "data-cg-fit-button": "", text: plan.over
      ? "Take every cut left (still " + minutes(plan.over, kit) + " over)"
      : "Fit to " + cgSchedule.lengthLabel(target, kit.labels.units) }));
  };

  Composer.prototype.fitNow = function () {
    var state = this.state, kit = this.kit;
    var plan = cgSchedule.fitToTarget(state.items, kit.exercises, Number(state.target));
    plan.taken.forEach(function (t) {
      var item = state.items[t.index];
      item.cuts.push(t.cut.id);
      item.minutes = Math.max(cgSchedule.minimumMinutes(kit.exercises[item.exercise], item.cuts), item.minutes - t.cut.saves);
    });
    var names = plan.taken.map(function (t) { return kit.exercises[state.items[t.index].exercise].title + ": " + t.cut.step; });
    this.change("Took " + plan.taken.length + " cuts (" + names.join("; ") + ")" +
                (plan.over ? "; still " + minutes(plan.over, kit) + " over." : "; the session now fits."));
  };

  /* --- Editing ------------------------------------------------------------ */

  Composer.prototype.add = function (item, message) {
    var items = this.state.items;
    if (items.length >= MAX_ITEMS) { this.say("A session holds at most " + MAX_ITEMS + " items: remove one first."); return; }
    if (cgSchedule.total(items) + item.minutes > MINUTES_PER_DAY) { this.say("That would make the session longer than a day."); return; }
    items.push(item);
    this.change(message);
  };

  Composer.prototype.move = function (from, to) {
    var items = this.state.items;
    if (to < 0 || to >= items.length || from === to) return;
    var item = items.splice(from, 1)[0];
    items.splice(to, 0, item);
    this.change("Moved " + itemTitle(item, this.kit) + " to place " + (to + 1) + " of " + items.length + ".");
    var block = this.list.querySelector('[data-cg-index="' + to + '"]');
    if (block && document.activeElement && document.activeElement.classList.contains("cg-slot")) block.focus();
  };

  Composer.prototype.toggleCut = function (index, cutId, on) {
    var item = this.state.items[index], exercise = this.kit.exercises[item.exercise];
    var cut = exercise.cuts.filter(function (c) { return c.id === cutId; })[0];
    if (on && item.cuts.indexOf(cutId) === -1) {
      item.cuts.push(cutId);
      item.minutes = Math.max(cgSchedule.minimumMinutes(exercise, item.cuts), item.minutes - cut.saves);
    } else if (!on) {
      item.cuts = item.cuts.filter(function (id) { return id !== cutId; });
      item.minutes += cut.saves;
    }
    this.change();
  };

  Composer.prototype.listen = function () {
    var self = this, root = this.root, state = this.state, kit = this.kit;
    root.querySelectorAll("[data-cg-set]").forEach(function (field) {
      field.addEventListener("change", function () {
        var key = field.dataset.cgSet;
        state[key] = key === "start" ? validStart(field.value) : field.value.trim().slice(0, 80);
        self.change();
      });
    });
    root.querySelectorAll("[data-cg-add]").forEach(function (add) {
      add.parentElement.hidden = false;
      add.addEventListener("click", function () {
        var exercise = kit.exercises[add.dataset.cgAdd];
        self.add({ kind: "exercise", exercise: exercise.id, minutes: exercise.minutes.run, cuts: [] },
                 "Added " + exercise.title + ".");
      });
    });
    ["break", "discussion"].forEach(function (kind) {
      root.querySelector("[data-cg-add-" + kind + "]").addEventListener("click", function () {
        self.add({ kind: kind, title: kindLabel(kind, kit), minutes: 10, cuts: [] },
                 "Added a 10-minute " + own(kit.labels.kinds, kind).in_text + ".");
      });
    });
    root.querySelector("[data-cg-clear]").addEventListener("click", function () {
      self.state = state = emptyState();
      self.change("Cleared. Add exercises to start again.");
    });
    var print = root.querySelector("[data-cg-print]"), run = root.querySelector("[data-cg-run]");
    print.addEventListener("click", function () { self.print(); });
    run.addEventListener("click", function () { self.run(); });
    this.loadWhenNear(print, PRINT_NEEDS);
    this.loadWhenNear(run, RUN_NEEDS);
    this.fit.addEventListener("click", function (event) {
      if (event.target.closest("[data-cg-fit-button]")) self.fitNow();
    });
    this.listenToList();
  };

  Composer.prototype.listenToList = function () {
    var self = this, list = this.list, dragged = null;
    list.addEventListener("click", function (event) {
      var key = event.target.closest("button[data-cg-key]");
      if (!key) return;
      var parts = key.dataset.cgKey.split(":"), index = Number(parts[0]);
      if (parts[1] === "up") self.move(index, index - 1);
      else if (parts[1] === "down") self.move(index, index + 1);
      else if (parts[1] === "remove") {
        var gone = self.state.items.splice(index, 1)[0];
        self.change("Removed " + itemTitle(gone, self.kit) + ".");
      }
    });
    list.addEventListener("change", function (event) {
      var key = (event.target.dataset.cgKey || "").split(":"), index = Number(key[0]);
      var item = self.state.items[index];
      if (!item) return;
      if (key[1] === "minutes") {
        var least = item.kind === "exercise" ? cgSchedule.minimumMinutes(self.kit.exercises[item.exercise], item.cuts) : 1;
        var room = MINUTES_PER_DAY - (cgSchedule.total(self.state.items) - item.minutes);
        var asked = whole(event.target.value, least, MAX_MINUTES) || least;
        item.minutes = Math.max(least, Math.min(asked, room));
        self.change(item.minutes < asked ? "Set to " + minutes(item.minutes, self.kit) + ": a session lasts at most a day." : "");
      } else if (key[1] === "title") {
        item.title = event.target.value.trim().slice(0, 80) || kindLabel(item.kind, self.kit);
        self.change();
      } else if (key[1] === "cut") {
        self.toggleCut(index, key[2], event.target.checked);
      }
    });
    list.addEventListener("keydown", function (event) {
      var block = event.target.classList && event.target.classList.contains("cg-slot") ? event.target : null;
      if (!block || !event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
      event.preventDefault();
      var index = Number(block.dataset.cgIndex);
      self.move(index, index + (event.key === "ArrowUp" ? -1 : 1));
      var moved = list.querySelector('[data-cg-index="' + Math.max(0, Math.min(self.state.items.length - 1, index + (event.key === "ArrowUp" ? -1 : 1))) + '"]');
      if (moved) moved.focus();
    });
    list.addEventListener("dragstart", function (event) {
      var block = event.target.closest && event.target.closest(".cg-slot[data-cg-index]");
      if (!block) return;
      dragged = Number(block.dataset.cgIndex);
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", String(dragged));
      block.classList.add("cg-slot--dragging");
    });
    list.addEventListener("dragover", function (event) {
      if (dragged !== null) event.preventDefault();
    });
    list.addEventListener("drop", function (event) {
      var block = event.target.closest && event.target.closest(".cg-slot[data-cg-index]");
      if (dragged === null || !block) return;
      event.preventDefault();
      var from = dragged;
      dragged = null;
      self.move(from, Number(block.dataset.cgIndex));
    });
    list.addEventListener("dragend", function () { dragged = null; self.render(); });
  };

  /* --- What printing and run mode need, loaded when they are near ----------
     The agenda needs only kit-data.js. The steps' instructions, the notes,
     the worksheets and the cards (kit-text.js: every *_html field of the
     data, more than half of it) and run mode's scripts load when someone is
     about to print or run: the pointer over the button, a touch on it, focus
     on it, Ctrl+P. A phone that only composes never downloads them
     (docs/about/performance.md, the composer on a phone). Script tags, not
     fetch(), so a copy opened from a file loads them too. */
  var PRINT_NEEDS = ["kit-text.js"];
  var RUN_NEEDS = ["kit-text.js", "run.js", "followup.js", "followup.css"];  // followup.css: run mode's last step
  var texts = false;  // kit-text.js laid over the kit
  var current = null;  // the composer on the page, for printing from the keyboard or the browser's menu

  /* kit-text.js has the data's shape: each of its fields goes to the same place in the kit. */
  function lay(into, from) {
    Object.keys(from).forEach(function (key) {
      var value = from[key], there = own(into, key);
      if (value && typeof value === "object" && there && typeof there === "object") lay(there, value);
      else into[key] = value;
    });
  }

  Composer.prototype.need = function (names) {
    var kit = this.kit;
    return window.cgLoadScripts(names).then(function () {
      if (!texts && window.cgKitText) {
        lay(kit, window.cgKitText);
        texts = true;
      }
    });
  };

  Composer.prototype.loadWhenNear = function (button, names) {
    var self = this;
    ["pointerover", "pointerdown", "focus"].forEach(function (type) {
      button.addEventListener(type, function () { self.need(names).catch(function () { /* said when pressed */ }); });
    });
  };

  Composer.prototype.print = function () {
    var self = this;
    this.need(PRINT_NEEDS).then(function () { window.print(); }, function () {
      self.say("The notes and worksheets could not be loaded, so nothing was printed: check the network and press Print again.");
    });
  };

  /* Ctrl+P waits for the texts as the Print button does; the browser's own
     Print menu cannot wait, and the print area is laid out as it opens. */
  document.addEventListener("keydown", function (event) {
    if (!current || !current.root.isConnected || event.altKey || !(event.ctrlKey || event.metaKey)) return;
    if (event.key !== "p" && event.key !== "P") return;
    event.preventDefault();
    current.print();
  });
  window.addEventListener("beforeprint", function () {
    if (current && current.root.isConnected) current.renderPrint();
  });

  /* --- Print: the parts of a built facilitator pack ------------------------
     The run sheet (with a ready-made workshop's notes and "if running late"
     for its opening, breaks and closing, and the end time as its last row),
     facilitator notes for each exercise, one page per worksheet (without the
     boxes of steps a cut leaves out), then the cut sheet of every exercise
     with cards, as templates/print/pack-parts.html.j2 lays out a pack. */

  /* The ready-made workshop's own item of this title (an opening, a
     closing), for its notes; none for a composition of one's own. */
  function agendaNotes(item, workshop) {
    if (!workshop || item.kind === "exercise") return null;
    return workshop.agenda.filter(function (a) { return !a.exercise && a.title === item.title; })[0] || null;
  }

  Composer.prototype.renderPrint = function () {
    var state = this.state, kit = this.kit, area = this.printArea, root = this.root.dataset.cgRoot;
    area.textContent = "";
    if (!state.items.length) return;
    var slots = cgSchedule.schedule(state.start, state.items);
    if (!texts) {
      // Printed from the browser's menu before the texts came: say so on the paper, and fetch them for the next try.
      this.need(PRINT_NEEDS).catch(function () { /* the paper says it */ });
      area.appendChild(el("p", { "class": "cg-print-incomplete", text: "Only the run sheet is printed here: the notes " +
        "and worksheets had not loaded yet. Print again, or use the page's Print button, for the full pack." }));
    }
    var total = cgSchedule.total(state.items), units = kit.labels.units;
    var end = slots[slots.length - 1].end, workshop = own(kit.workshops, state.workshop);
    var sheet = el("section", { "class": "cg-print-run-sheet" }, [
      el("h2", { "class": "cg-print-heading", text: "Run sheet: " + (state.title || "Our workshop") }),
      el("p", { text: state.start + "–" + end + ", " + cgSchedule.lengthLabel(total, units) + " with breaks." })]);
    var rows = state.items.map(function (item, index) {
      var late = "", what = [el("p", { "class": "cg-print-what", text: itemTitle(item, kit) })], ready = agendaNotes(item, workshop);
      if (item.kind === "exercise") {
        var left = (kit.exercises[item.exercise].cuts || []).filter(function (c) { return item.cuts.indexOf(c.id) === -1; });
        late = left.map(function (c) { return c.text + " (saves " + minutes(c.saves, kit) + ")"; }).join(" ");
      }
      if (ready && ready.notes_html) what.push(el("p", { "class": "cg-print-item-notes", html: ready.notes_html }));
      var lateCell = ready && ready.if_late_html ? el("td", { html: ready.if_late_html }) : el("td", { text: late });
      return el("tr", { "class": "cg-print-row cg-print-row--" + item.kind }, [
        el("td", { text: slots[index].start + "–" + slots[index].end }),
        el("td", { text: String(item.minutes) }),
        el("td", {}, what),
        lateCell]);
    });
    // The last row is a moment, not an item: the end time, and no minutes.
    rows.push(el("tr", { "class": "cg-print-row cg-print-row--end" }, [
      el("td", { text: end }), el("td"), el("td", { text: "End of the session" }), el("td")]));
    rows.push(el("tr", { "class": "cg-print-row cg-print-row--total" }, [
      el("th", { scope: "row", colspan: "2", text: "Total" }),
      el("td", { colspan: "2", text: cgSchedule.lengthLabel(total, units) + ", " + state.start + "–" + end })]));
    sheet.appendChild(el("table", { "class": "cg-print-agenda" }, [
      el("thead", {}, [el("tr", {}, ["Time", "Min", "What happens", "If running late"].map(function (h) { return el("th", { text: h }); }))]),
      el("tbody", {}, rows)]));
    area.appendChild(sheet);
    if (!texts) return;
    var exercises = [];
    state.items.forEach(function (item, index) {
      if (item.kind === "exercise") exercises.push({ item: item, slot: slots[index], exercise: kit.exercises[item.exercise] });
    });
    exercises.forEach(function (entry) { area.appendChild(notes(entry, kit)); });
    var sheets = new Map(), cutSheets = new Map();
    exercises.forEach(function (entry) {
      if (sheets.has(entry.exercise.id)) return;
      sheets.set(entry.exercise.id, true);
      area.appendChild(worksheet(entry));
    });
    exercises.forEach(function (entry) {
      var cards = entry.exercise.cards_html;
      if (!cards || cutSheets.has(entry.exercise.id)) return;
      cutSheets.set(entry.exercise.id, true);
      var part = el("div", { "class": "cg-print-cards-wrap", html: cards });
      part.querySelectorAll("[data-cg-pdf]").forEach(function (name) {
        name.replaceWith(el("a", { href: root + name.dataset.cgPdf, text: name.textContent }));
      });
      area.appendChild(part);
    });
  };

  /* Steps of an exercise this composition leaves out: those its cuts take
     to nothing. Counted from 1, as worksheet boxes name them. */
  function skippedSteps(exercise, cutIds) {
    var kept = cgSchedule.exerciseSteps(exercise, cutIds, 0).map(function (s) { return s.title; });
    var skipped = [];
    exercise.steps.forEach(function (step, index) { if (kept.indexOf(step.title) === -1) skipped.push(index + 1); });
    return skipped;
  }

  /* The worksheet, less the boxes of the steps that were cut. */
  function worksheet(entry) {
    var wrap = el("div", { "class": "cg-worksheet-wrap", html: entry.exercise.worksheet_html });
    var skipped = skippedSteps(entry.exercise, entry.item.cuts);
    wrap.querySelectorAll("[data-cg-step]").forEach(function (mark) {
      if (skipped.indexOf(Number(mark.dataset.cgStep)) === -1) return;
      var box = mark.closest(".cg-block");
      if (box) box.remove();
    });
    return wrap;
  }

  function notes(entry, kit) {
    var exercise = entry.exercise, item = entry.item;
    var steps = cgSchedule.exerciseSteps(exercise, item.cuts, item.minutes);
    var times = cgSchedule.schedule(entry.slot.start, steps);
    var numbers = exercise.steps.map(function (s) { return s.title; });
    // Steps keep their numbers when one is cut, as the worksheet's boxes name them.
    var list = el("ol", { "class": "cg-print-steps" }, steps.map(function (step, index) {
      return el("li", { value: String(numbers.indexOf(step.title) + 1) }, [
        el("p", {}, [el("strong", { text: times[index].start + " " + step.title }),
                     el("span", { text: " · " + minutes(step.minutes, kit) + " · " + own(kit.labels.groupings, step.grouping).in_text })]),
        el("p", { html: step.instruction_html })]);
    }));
    var taken = (exercise.cuts || []).filter(function (c) { return item.cuts.indexOf(c.id) !== -1; });
    return el("section", { "class": "cg-print-notes" }, [
      el("h2", { "class": "cg-print-heading", text: "Facilitator notes: " + exercise.title }),
      el("p", { text: entry.slot.start + "–" + entry.slot.end + " (" + minutes(item.minutes, kit) + ") · " + exercise.summary }),
      list,
      taken.length ? el("p", { text: "Cuts taken: " + taken.map(function (c) { return c.text; }).join(" ") }) : null,
      el("ul", {}, exercise.notes_html.map(function (html) { return el("li", { html: html }); }))]);
  }

  /* --- Run mode ------------------------------------------------------------ */

  /* resume: opened by the address's #run (a reload, a restored tab), so a
     run of this composition saved before carries on where it was. */
  Composer.prototype.run = function (resume) {
    if (!this.state.items.length) { this.say("Add at least one item to run."); return; }
    var self = this, opener = document.activeElement;
    this.need(RUN_NEEDS).then(function () {
      if (location.hash !== "#run") history.replaceState(history.state, "", location.pathname + location.search + "#run");
      cgRun.open(self.state, self.kit, function () {
        history.replaceState(history.state, "", location.pathname + location.search);
        if (opener && opener.focus) opener.focus();
        self.say("Run mode closed.");
      }, resume === true);
    }, function () {
      self.say("Run mode could not be loaded: check the network and press Run again. The kit's offline copy " +
               "(on the home page) runs with no network at all.");
    });
  };

  function mount(root) {
    if (root.dataset.cgReady) return;
    try {
      start(root);
    } catch (error) {
      // Never a blank area: say so, and offer the plain composer.
      var loading = root.querySelector("[data-cg-loading]");
      loading.hidden = false;
      loading.textContent = "The composer could not open this composition (" + String(error && error.message || error).slice(0, 120) + "). ";
      loading.appendChild(el("a", { href: location.pathname, text: "Start with an empty composer" }));
      try { localStorage.removeItem(STORE); } catch (e) { /* nothing stored */ }
      root.dataset.cgReady = "failed";
    }
  }

  function start(root) {
    var kit = window.cgKit;
    var composer = current = new Composer(root, kit);
    root.querySelector("[data-cg-loading]").hidden = true;
    root.querySelectorAll("[data-cg-screen]").forEach(function (part) { part.hidden = false; });
    composer.listen();
    remember(composer.state);
    composer.render();
    root.dataset.cgReady = "1";
    if (location.hash === "#run" && composer.state.items.length) composer.run(true);
  }

  window.cgComposer = { mount: mount, decode: decode, encode: encode };
})();
