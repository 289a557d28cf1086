/* Run mode: a composition on a projector or a second screen.

   One step at a time, in large type: the instruction, the grouping, a
   countdown for the step, the clock time, and what comes next. Keys:
   Right arrow, Page Down or N for the next step; Left arrow, Page Up or B
   to go back; P to pause; M or + to add a minute; C to take the cut on
   offer; F for full screen; Escape to leave. Every key has a button too.

   Late is measured against the planned end: the time gone since the start,
   plus what is left of this step, plus every step still to come, less the
   planned length. Pausing stops the step's countdown but not the day, so a
   long pause makes the session late. When it is late, run mode says so
   and offers the best cut left anywhere in the rest of the session (see
   bestCut). Clock times and countdowns come from schedule.js; the words
   for groupings, kinds and units from the build's data file (kit.labels).

   A reload or a crashed tab does not lose the place: the run's own state
   (the step, when the session and the step started, pauses, added
   minutes, cuts taken while running) is kept in localStorage under
   SAVED, for the composition it belongs to, and read back, checked as
   untrusted input, when run mode reopens from the address's #run.
   While it is open, the keyboard stays inside it: the page behind is
   inert and Tab wraps from the last control to the first. */
(function () {
  "use strict";

  /* A break is for everyone; the words are run mode's own, as no step has
     this grouping. A discussion is the whole room's, in the labels' words. */
  var EVERYONE = { label: "Everyone", in_text: "everyone" };

  /* One saved run, for the composition it was started from. A run older
     than a day is not resumed: that session is over. */
  var SAVED = "cg-run.v1";
  var DAY = 24 * 60 * 60 * 1000;

  function own(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  /* Every step of the composition, in order, each knowing its item. A
     step's grouping is a name: {label, in_text}. */
  function stepsOf(items, kit, workshop) {
    var steps = [], labels = kit.labels;
    items.forEach(function (item, index) {
      if (item.kind === "exercise") {
        var exercise = kit.exercises[item.exercise];
        cgSchedule.exerciseSteps(exercise, item.cuts, item.minutes).forEach(function (step) {
          steps.push({ item: index, kicker: exercise.title, title: step.title, minutes: step.minutes,
                       grouping: own(labels.groupings, step.grouping), html: step.instruction_html });
        });
      } else {
        var notes = workshop && workshop.agenda.filter(function (a) { return !a.exercise && a.title === item.title; })[0];
        steps.push({ item: index, kicker: own(labels.kinds, item.kind).label, title: item.title, minutes: item.minutes,
                     grouping: item.kind === "break" ? EVERYONE : own(labels.groupings, "whole room"),
                     html: notes && notes.notes_html ? notes.notes_html : "" });
      }
    });
    return steps;
  }

  function Run(state, kit, onClose) {
    this.kit = kit;
    this.onClose = onClose;
    this.title = state.title || "Our workshop";
    this.start = state.start;
    this.workshop = kit.workshops[state.workshop];
    this.original = state.items;
    this.items = state.items.map(function (item) { return Object.assign({}, item, { cuts: item.cuts.slice() }); });
    this.units = kit.labels.units;
    this.steps = stepsOf(this.items, kit, this.workshop);
    this.planned = cgSchedule.total(this.items);
    this.index = 0;
    this.startedAt = Date.now();
    this.stepStartedAt = this.startedAt;
    this.stepDone = 0;        // ms of this step run before the last pause
    this.paused = false;
    this.extra = 0;           // ms added to this step with "add a minute"
    this.said = {};
    this.cutsTaken = [];      // [[item index, cut id]] taken while running, in order
    this.composition = compositionKey(state);
    this.notice = "";
  }

  /* What a saved run must match: the start time and every item as composed. */
  function compositionKey(state) {
    return JSON.stringify([state.start, state.items.map(function (item) {
      return [item.kind, item.exercise || "", item.title || "", item.minutes, item.cuts];
    })]);
  }

  function whole(value) {
    return typeof value === "number" && isFinite(value) && Math.floor(value) === value;
  }

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  Run.prototype.save = function () {
    var store = storage();
    if (!store) return;
    try {
      store.setItem(SAVED, JSON.stringify({
        key: this.composition, index: this.index, startedAt: this.startedAt, stepStartedAt: this.stepStartedAt,
        stepDone: this.stepDone, paused: this.paused, extra: this.extra, cuts: this.cutsTaken }));
    } catch (e) { /* full or private: the run goes on, unsaved */ }
  };

  Run.prototype.forget = function () {
    var store = storage();
    try { if (store) store.removeItem(SAVED); } catch (e) { /* nothing kept */ }
  };

  /* The saved run of this composition, checked field by field: anything
     that does not parse, or does not fit, is set aside with a notice. */
  Run.prototype.resume = function () {
    var store = storage(), text = null, saved;
    try { text = store && store.getItem(SAVED); } catch (e) { text = null; }
    if (text === null) return;
    try { saved = JSON.parse(text); } catch (e) { saved = null; }
    if (!saved || typeof saved !== "object" || Array.isArray(saved)) return this.setAside();
    if (saved.key !== this.composition) return;  // another composition's run: start afresh
    var now = Date.now(), times = [saved.startedAt, saved.stepStartedAt, saved.stepDone, saved.extra];
    if (!times.every(function (t) { return whole(t) && t >= 0 && t <= now; }) || saved.stepStartedAt < saved.startedAt ||
        typeof saved.paused !== "boolean" || !Array.isArray(saved.cuts) || saved.cuts.length > 100) {
      return this.setAside();
    }
    if (now - saved.startedAt > DAY) return this.forget();
    // Every cut is checked before any is taken, so a bad one leaves the composition as it was.
    var seen = [], self = this;
    var valid = saved.cuts.every(function (entry) {
      var ok = Array.isArray(entry) && self.cutAt(entry[0], entry[1]) && seen.indexOf(entry[0] + ":" + entry[1]) === -1;
      if (ok) seen.push(entry[0] + ":" + entry[1]);
      return ok;
    });
    if (!valid) return this.setAside();
    var steps = this.steps.length - saved.cuts.length;  // a lower bound: a cut removes at most its step
    if (!whole(saved.index) || saved.index < 0 || saved.index >= this.steps.length || steps < 0) return this.setAside();
    saved.cuts.forEach(function (entry) { self.applyCut(entry[0], self.cutAt(entry[0], entry[1])); });
    if (saved.index >= this.steps.length) { this.restart(); return this.setAside(); }
    this.index = saved.index;
    this.startedAt = saved.startedAt;
    this.stepStartedAt = saved.stepStartedAt;
    this.stepDone = saved.stepDone;
    this.paused = saved.paused;
    this.extra = saved.extra;
    this.resumed = true;
  };

  /* Back to the composition as composed, before any cut taken while running. */
  Run.prototype.restart = function () {
    this.items = this.original.map(function (item) { return Object.assign({}, item, { cuts: item.cuts.slice() }); });
    this.steps = stepsOf(this.items, this.kit, this.workshop);
    this.cutsTaken = [];
  };

  Run.prototype.setAside = function () {
    this.forget();
    this.notice = "The saved place in this run could not be read, so run mode starts again at step 1.";
  };

  /* A cut of item `index` not taken yet, by its id, or null. */
  Run.prototype.cutAt = function (index, cutId) {
    var item = whole(index) && index >= 0 && index < this.items.length ? this.items[index] : null;
    if (!item || item.kind !== "exercise" || typeof cutId !== "string" || item.cuts.indexOf(cutId) !== -1) return null;
    return (this.kit.exercises[item.exercise].cuts || []).filter(function (c) { return c.id === cutId; })[0] || null;
  };

  Run.prototype.applyCut = function (index, cut) {
    var item = this.items[index];
    item.cuts.push(cut.id);
    item.minutes -= cut.saves;
    this.cutsTaken.push([index, cut.id]);
    this.steps = stepsOf(this.items, this.kit, this.workshop);
  };

  Run.prototype.stepElapsed = function () {
    return this.stepDone + (this.paused ? 0 : Date.now() - this.stepStartedAt);
  };

  Run.prototype.remaining = function () {
    return this.steps[this.index].minutes * 60000 + this.extra - this.stepElapsed();
  };

  /* Planned clock time at which step `i` starts (at the end, for the step after the last). */
  Run.prototype.plannedStart = function (i) {
    var times = cgSchedule.schedule(this.start, this.steps);
    return i < times.length ? times[i].start : times[times.length - 1].end;
  };

  /* Whole minutes behind the planned end, or 0. */
  Run.prototype.lateMinutes = function () {
    var ahead = 0;
    for (var k = this.index + 1; k < this.steps.length; k += 1) ahead += this.steps[k].minutes * 60000;
    var projected = Date.now() - this.startedAt + Math.max(0, this.remaining()) + ahead;
    return Math.max(0, Math.floor((projected - this.planned * 60000) / 60000));
  };

  /* Every cut still open: on an exercise from this step on, for a step
     not yet run (the current step included). [{item, exercise, cut, order}] */
  Run.prototype.cutsLeft = function () {
    var self = this, here = this.steps[this.index].item, found = [];
    this.items.forEach(function (item, i) {
      if (i < here || item.kind !== "exercise") return;
      var exercise = self.kit.exercises[item.exercise];
      var later = self.steps.filter(function (s, k) { return s.item === i && k >= self.index; })
        .map(function (s) { return s.title; });
      (exercise.cuts || []).forEach(function (cut) {
        if (item.cuts.indexOf(cut.id) === -1 && later.indexOf(cut.step) !== -1) {
          found.push({ item: i, exercise: exercise, cut: cut, order: found.length });
        }
      });
    });
    return found;
  };

  /* The cut to offer, from anywhere in the rest of the session: the
     smallest that brings the session back on time (it loses the least),
     else the biggest there is; ties go to the earliest, which is surest
     to still be taken. Null when no cut is left. */
  Run.prototype.cutOnOffer = function () {
    var late = this.lateMinutes(), left = this.cutsLeft();
    if (!left.length) return null;
    var enough = left.filter(function (o) { return o.cut.saves >= late; });
    var pool = enough.length ? enough : left;
    pool.sort(function (a, b) {
      var size = enough.length ? a.cut.saves - b.cut.saves : b.cut.saves - a.cut.saves;
      return size || a.order - b.order;
    });
    return pool[0];
  };

  Run.prototype.takeCut = function () {
    var offer = this.cutOnOffer();
    if (!offer) return;
    var current = this.steps[this.index];
    this.applyCut(offer.item, offer.cut);
    var same = this.steps.findIndex(function (s) { return s.item === current.item && s.title === current.title; });
    if (same === -1) {
      this.index = Math.min(this.steps.length - 1, this.steps.findIndex(function (s) { return s.item >= current.item; }));
      this.resetStep();
    } else {
      this.index = same;
    }
    this.announce("Cut taken: " + offer.cut.text + " Saves " + offer.cut.saves + " minutes.");
    this.save();
    this.render();
  };

  Run.prototype.resetStep = function () {
    this.stepStartedAt = Date.now();
    this.stepDone = 0;
    this.extra = 0;
    this.said = {};
  };

  Run.prototype.go = function (delta) {
    var next = this.index + delta;
    // followup.js: Next on the last step opens the commitments, Back leaves them.
    if (window.cgFollowup && window.cgFollowup.go(this, next)) return;
    if (next < 0) { this.announce("This is the first step."); return; }
    if (next >= this.steps.length) { this.atEnd(); return; }
    this.index = next;
    this.resetStep();
    if (this.paused) { this.paused = false; }
    var step = this.steps[this.index];
    this.announce("Step " + (this.index + 1) + " of " + this.steps.length + ": " + step.title + ". " +
                  step.grouping.label + ", " + step.minutes + " minutes.");
    this.save();
    this.render();
  };

  /* Next, past the last step. Issue 24's closing commitments step hooks
     in here: run mode itself only says where it is. */
  Run.prototype.atEnd = function () {
    this.announce("This is the last step. Press Escape to leave run mode.");
  };

  Run.prototype.pause = function () {
    if (this.paused) {
      this.paused = false;
      this.stepStartedAt = Date.now();
      this.announce("Running again.");
    } else {
      this.stepDone = this.stepElapsed();
      this.paused = true;
      this.announce("Paused.");
    }
    this.save();
    this.render();
  };

  Run.prototype.addMinute = function () {
    this.extra += 60000;
    this.announce("One minute added to this step.");
    this.save();
    this.render();
  };

  Run.prototype.announce = function (text) {
    this.live.textContent = "";
    this.live.textContent = text;
  };

  Run.prototype.build = function () {
    var self = this;
    function control(text, key, action) {
      var b = el("button", { type: "button", "class": "cg-run-button", "aria-keyshortcuts": key, text: text });
      b.addEventListener("click", action);
      return b;
    }
    this.parts = {
      clock: el("p", { "class": "cg-run-clock" }),
      position: el("p", { "class": "cg-run-position" }),
      kicker: el("p", { "class": "cg-run-kicker" }),
      title: el("h2", { "class": "cg-run-title", id: "cg-run-title", tabindex: "-1" }),
      grouping: el("p", { "class": "cg-run-grouping" }),
      timer: el("p", { "class": "cg-run-timer", role: "timer", "aria-label": "Time left in this step" }),
      instruction: el("div", { "class": "cg-run-instruction" }),
      late: el("div", { "class": "cg-run-late", hidden: "" }),
      notice: el("p", { "class": "cg-run-notice", hidden: "" }),
      next: el("p", { "class": "cg-run-next" })
    };
    this.live = el("p", { "class": "cg-visually-hidden", "aria-live": "polite", role: "status" });
    this.pauseButton = control("Pause (P)", "P", function () { self.pause(); });
    var p = this.parts;
    this.node = el("div", { "class": "cg-run", role: "dialog", "aria-modal": "true", "aria-labelledby": "cg-run-heading" }, [
      el("div", { "class": "cg-run-bar" }, [
        el("h1", { "class": "cg-run-heading", id: "cg-run-heading", text: "Run mode: " + this.title }), p.position, p.clock]),
      p.notice,
      el("div", { "class": "cg-run-main" }, [p.kicker, p.title, p.grouping, p.timer, p.instruction]),
      p.late, p.next,
      el("div", { "class": "cg-run-controls" }, [
        control("Back (←)", "ArrowLeft", function () { self.go(-1); }),
        this.pauseButton,
        control("Add a minute (M)", "M", function () { self.addMinute(); }),
        control("Next (→)", "ArrowRight", function () { self.go(1); }),
        control("Full screen (F)", "F", function () { self.fullScreen(); }),
        control("Leave (Esc)", "Escape", function () { self.close(); })]),
      this.live]);
    this.keys = function (event) { self.key(event); };
  };

  /* Tab and Shift+Tab wrap around run mode's own controls. */
  Run.prototype.tab = function (event) {
    var focusable = Array.prototype.filter.call(
      this.node.querySelectorAll("button, a[href], input, select, textarea, [tabindex]:not([tabindex='-1'])"),
      function (node) { return !node.disabled && node.getClientRects().length; });
    if (!focusable.length) { event.preventDefault(); return; }
    var first = focusable[0], last = focusable[focusable.length - 1], at = document.activeElement;
    var inside = this.node.contains(at) && focusable.indexOf(at) !== -1;
    if (event.shiftKey && (!inside || at === first)) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && (!inside || at === last)) { event.preventDefault(); first.focus(); }
  };

  Run.prototype.key = function (event) {
    if (event.key === "Tab" && !event.altKey && !event.ctrlKey && !event.metaKey) { this.tab(event); return; }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var onButton = event.target && event.target.tagName === "BUTTON";
    if (event.target && /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName)) return;  // typing, not steering
    var actions = {
      ArrowRight: function () { this.go(1); }, PageDown: function () { this.go(1); }, n: function () { this.go(1); },
      ArrowLeft: function () { this.go(-1); }, PageUp: function () { this.go(-1); }, b: function () { this.go(-1); },
      p: function () { this.pause(); }, m: function () { this.addMinute(); }, "+": function () { this.addMinute(); },
      c: function () { this.takeCut(); }, f: function () { this.fullScreen(); }, Escape: function () { this.close(); },
      " ": function () { this.pause(); }
    };
    var action = actions[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!action || (event.key === " " && onButton)) return;
    // Material binds N and P to the next and previous page: run mode's keys
    // are caught first (capture on window) and go no further.
    event.preventDefault();
    event.stopPropagation();
    action.call(this);
  };

  Run.prototype.fullScreen = function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (this.node.requestFullscreen) this.node.requestFullscreen().catch(function () {});
  };

  Run.prototype.render = function () {
    var p = this.parts, step = this.steps[this.index], remaining = this.remaining();
    p.clock.textContent = "Now " + cgSchedule.clockOf(new Date());
    p.position.textContent = "Step " + (this.index + 1) + " of " + this.steps.length + " · planned " +
      this.plannedStart(this.index) + (this.paused ? " · paused" : "");
    p.kicker.textContent = step.kicker;
    p.title.textContent = step.title;
    p.grouping.textContent = step.grouping.label + " · " + cgSchedule.minutesLabel(step.minutes, this.units);
    p.timer.textContent = remaining >= 0 ? cgSchedule.countdown(remaining) + " left" : "Time is up " + cgSchedule.countdown(remaining);
    p.timer.classList.toggle("cg-run-timer--over", remaining < 0);
    p.instruction.innerHTML = step.html;  // built by the kit's templates, escaped
    var next = this.steps[this.index + 1];
    p.next.textContent = next ? "Next at " + this.plannedStart(this.index + 1) + ": " + next.title + " (" + next.grouping.in_text + ")"
                              : "Last step: the session ends at " + this.plannedStart(this.steps.length) + ".";
    this.pauseButton.textContent = this.paused ? "Resume (P)" : "Pause (P)";
    this.renderLate();
    this.speakTime(remaining);
  };

  Run.prototype.renderLate = function () {
    var late = this.lateMinutes(), box = this.parts.late, self = this;
    var key = late ? "late-" + late : "on-time", offer = late ? this.cutOnOffer() : null;
    var shown = key + (offer ? ":" + offer.item + ":" + offer.cut.id : "");
    if (box.dataset.cgShown === shown) return;
    box.dataset.cgShown = shown;
    var hadFocus = box.contains(document.activeElement);
    box.textContent = "";
    box.hidden = !late;
    if (!late) { if (hadFocus) this.parts.title.focus(); return; }
    box.appendChild(el("p", { "class": "cg-run-late-head", text: "Running " + cgSchedule.minutesLabel(late, this.units) + " late." }));
    if (offer) {
      box.appendChild(el("p", { text: "Cut on offer, " + offer.exercise.title + ": " + offer.cut.text +
                                      " (saves " + cgSchedule.minutesLabel(offer.cut.saves, this.units) + ")" }));
      var take = el("button", { type: "button", "class": "cg-run-button", "aria-keyshortcuts": "C", text: "Take this cut (C)" });
      take.addEventListener("click", function () { self.takeCut(); });
      box.appendChild(take);
      if (hadFocus) take.focus();
    } else {
      box.appendChild(el("p", { text: "No cut is left in the rest of the session: shorten a discussion or a break." }));
      if (hadFocus) this.parts.title.focus();
    }
    if (!this.said[key]) {
      this.said[key] = true;
      this.announce("Running " + late + " minutes late." + (offer ? " A cut is on offer: press C to take it." : ""));
    }
  };

  /* Spoken once each: one minute left, and time up. */
  Run.prototype.speakTime = function (remaining) {
    if (remaining <= 60000 && remaining > 0 && !this.said.minute) {
      this.said.minute = true;
      this.announce("One minute left in this step.");
    }
    if (remaining <= 0 && !this.said.up) {
      this.said.up = true;
      this.announce("Time is up for " + this.steps[this.index].title + ".");
    }
  };

  Run.prototype.open = function () {
    this.build();
    document.body.appendChild(this.node);
    document.documentElement.classList.add("cg-running");
    // The page behind cannot be reached, by Tab or a screen reader, until run mode is left.
    this.inerted = Array.prototype.filter.call(document.body.children, function (node) {
      return node !== this.node && !node.inert;
    }, this);
    this.inerted.forEach(function (node) { node.inert = true; });
    var self = this;
    this.guard = function (event) {
      if (self.node.contains(event.target)) return;
      self.parts.title.focus();
    };
    document.addEventListener("focusin", this.guard, true);
    window.addEventListener("keydown", this.keys, true);
    this.timer = setInterval(function () { self.render(); }, 1000);
    this.save();
    this.render();
    this.parts.title.focus();
    var step = this.steps[this.index];
    this.announce((this.notice ? this.notice + " " : "") + (this.resumed ? "Run mode, where you left it. " : "Run mode. ") +
                  "Step " + (this.index + 1) + " of " + this.steps.length + ": " + step.title + ".");
    if (this.notice) this.parts.notice.textContent = this.notice;
    this.parts.notice.hidden = !this.notice;
  };

  Run.prototype.close = function () {
    clearInterval(this.timer);
    this.forget();
    window.removeEventListener("keydown", this.keys, true);
    document.removeEventListener("focusin", this.guard, true);
    this.inerted.forEach(function (node) { node.inert = false; });
    if (document.fullscreenElement) document.exitFullscreen().catch(function () {});
    this.node.remove();
    document.documentElement.classList.remove("cg-running");
    current = null;
    if (this.onClose) this.onClose();
  };

  var current = null;

  window.cgRun = {
    /* resume: carry on a saved run of this composition (a reload at #run);
       otherwise a run starts at step 1 and replaces any saved one. */
    open: function (state, kit, onClose, resume) {
      if (current) current.close();
      current = new Run(state, kit, onClose);
      if (resume) current.resume();
      current.open();
      return current;
    },
    close: function () { if (current) current.close(); }
  };
})();
