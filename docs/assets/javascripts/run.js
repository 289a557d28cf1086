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
   and offers the current exercise's next cut (or the next exercise's). */
(function () {
  "use strict";

  var KIND = { "break": "Break", discussion: "Discussion" };
  var GROUPING = { solo: "Alone", pairs: "In pairs", "small groups": "In small groups", "whole room": "Whole room" };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function countdown(ms) {
    var seconds = Math.round(Math.abs(ms) / 1000);
    return (ms < 0 ? "+" : "") + Math.floor(seconds / 60) + ":" + pad(seconds % 60);
  }

  function nowClock() {
    var now = new Date();
    return pad(now.getHours()) + ":" + pad(now.getMinutes());
  }

  /* Every step of the composition, in order, each knowing its item. */
  function stepsOf(items, kit, workshop) {
    var steps = [];
    items.forEach(function (item, index) {
      if (item.kind === "exercise") {
        var exercise = kit.exercises[item.exercise];
        cgSchedule.exerciseSteps(exercise, item.cuts, item.minutes).forEach(function (step) {
          steps.push({ item: index, kicker: exercise.title, title: step.title, minutes: step.minutes,
                       grouping: GROUPING[step.grouping] || step.grouping, html: step.instruction_html });
        });
      } else {
        var notes = workshop && workshop.agenda.filter(function (a) { return !a.exercise && a.title === item.title; })[0];
        steps.push({ item: index, kicker: KIND[item.kind], title: item.title, minutes: item.minutes,
                     grouping: item.kind === "break" ? "Everyone" : "Whole room",
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
    this.items = state.items.map(function (item) { return Object.assign({}, item, { cuts: item.cuts.slice() }); });
    this.steps = stepsOf(this.items, kit, this.workshop);
    this.planned = cgSchedule.total(this.items);
    this.index = 0;
    this.startedAt = Date.now();
    this.stepStartedAt = this.startedAt;
    this.stepDone = 0;        // ms of this step run before the last pause
    this.paused = false;
    this.extra = 0;           // ms added to this step with "add a minute"
    this.said = {};
  }

  Run.prototype.stepElapsed = function () {
    return this.stepDone + (this.paused ? 0 : Date.now() - this.stepStartedAt);
  };

  Run.prototype.remaining = function () {
    return this.steps[this.index].minutes * 60000 + this.extra - this.stepElapsed();
  };

  /* Planned clock time at which step `i` starts. */
  Run.prototype.plannedStart = function (i) {
    var minutes = cgSchedule.minutesOfDay(this.start);
    for (var k = 0; k < i; k += 1) minutes += this.steps[k].minutes;
    return cgSchedule.clock(minutes);
  };

  /* Whole minutes behind the planned end, or 0. */
  Run.prototype.lateMinutes = function () {
    var ahead = 0;
    for (var k = this.index + 1; k < this.steps.length; k += 1) ahead += this.steps[k].minutes * 60000;
    var projected = Date.now() - this.startedAt + Math.max(0, this.remaining()) + ahead;
    return Math.max(0, Math.floor((projected - this.planned * 60000) / 60000));
  };

  /* The cut to offer: the current exercise's first cut not yet taken on a
     step still to come; in a break or discussion, the next exercise's. */
  Run.prototype.cutOnOffer = function () {
    var self = this;
    for (var i = this.steps[this.index].item; i < this.items.length; i += 1) {
      var item = this.items[i];
      if (item.kind !== "exercise") continue;
      var exercise = this.kit.exercises[item.exercise];
      var later = this.steps.filter(function (s, k) {
        return s.item === i && (i > self.steps[self.index].item || k >= self.index);
      }).map(function (s) { return s.title; });
      var cut = (exercise.cuts || []).filter(function (c) {
        return item.cuts.indexOf(c.id) === -1 && later.indexOf(c.step) !== -1;
      })[0];
      if (cut) return { item: i, exercise: exercise, cut: cut };
      if (i > this.steps[this.index].item) break;
    }
    return null;
  };

  Run.prototype.takeCut = function () {
    var offer = this.cutOnOffer();
    if (!offer) return;
    var current = this.steps[this.index];
    var item = this.items[offer.item];
    item.cuts.push(offer.cut.id);
    item.minutes -= offer.cut.saves;
    this.steps = stepsOf(this.items, this.kit, this.workshop);
    var same = this.steps.findIndex(function (s) { return s.item === current.item && s.title === current.title; });
    if (same === -1) {
      this.index = Math.min(this.steps.length - 1, this.steps.findIndex(function (s) { return s.item >= current.item; }));
      this.resetStep();
    } else {
      this.index = same;
    }
    this.announce("Cut taken: " + offer.cut.text + " Saves " + offer.cut.saves + " minutes.");
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
    if (next < 0 || next >= this.steps.length) {
      this.announce(next < 0 ? "This is the first step." : "This is the last step. Press Escape to leave run mode.");
      return;
    }
    this.index = next;
    this.resetStep();
    if (this.paused) { this.paused = false; }
    var step = this.steps[this.index];
    this.announce("Step " + (this.index + 1) + " of " + this.steps.length + ": " + step.title + ". " +
                  step.grouping + ", " + step.minutes + " minutes.");
    this.render();
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
    this.render();
  };

  Run.prototype.addMinute = function () {
    this.extra += 60000;
    this.announce("One minute added to this step.");
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
      next: el("p", { "class": "cg-run-next" })
    };
    this.live = el("p", { "class": "cg-visually-hidden", "aria-live": "polite", role: "status" });
    this.pauseButton = control("Pause (P)", "P", function () { self.pause(); });
    var p = this.parts;
    this.node = el("div", { "class": "cg-run", role: "dialog", "aria-modal": "true", "aria-labelledby": "cg-run-heading" }, [
      el("div", { "class": "cg-run-bar" }, [
        el("h1", { "class": "cg-run-heading", id: "cg-run-heading", text: "Run mode: " + this.title }), p.position, p.clock]),
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

  Run.prototype.key = function (event) {
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
    p.clock.textContent = "Now " + nowClock();
    p.position.textContent = "Step " + (this.index + 1) + " of " + this.steps.length + " · planned " +
      this.plannedStart(this.index) + (this.paused ? " · paused" : "");
    p.kicker.textContent = step.kicker;
    p.title.textContent = step.title;
    p.grouping.textContent = step.grouping + " · " + step.minutes + " min";
    p.timer.textContent = remaining >= 0 ? countdown(remaining) + " left" : "Time is up " + countdown(remaining);
    p.timer.classList.toggle("cg-run-timer--over", remaining < 0);
    p.instruction.innerHTML = step.html;  // built by the kit's templates, escaped
    var next = this.steps[this.index + 1];
    p.next.textContent = next ? "Next at " + this.plannedStart(this.index + 1) + ": " + next.title + " (" + next.grouping + ")"
                              : "Last step: the session ends at " + this.plannedStart(this.steps.length) + ".";
    this.pauseButton.textContent = this.paused ? "Resume (P)" : "Pause (P)";
    this.renderLate();
    this.speakTime(remaining);
  };

  Run.prototype.renderLate = function () {
    var late = this.lateMinutes(), box = this.parts.late, self = this;
    var key = late ? "late-" + late : "on-time";
    if (box.dataset.cgShown === key + (this.cutOnOffer() ? "c" : "")) return;
    box.dataset.cgShown = key + (this.cutOnOffer() ? "c" : "");
    box.textContent = "";
    box.hidden = !late;
    if (!late) return;
    box.appendChild(el("p", { "class": "cg-run-late-head", text: "Running " + late + " min late." }));
    var offer = this.cutOnOffer();
    if (offer) {
      box.appendChild(el("p", { text: "Cut on offer, " + offer.exercise.title + ": " + offer.cut.text +
                                      " (saves " + offer.cut.saves + " min)" }));
      var take = el("button", { type: "button", "class": "cg-run-button", "aria-keyshortcuts": "C", text: "Take this cut (C)" });
      take.addEventListener("click", function () { self.takeCut(); });
      box.appendChild(take);
    } else {
      box.appendChild(el("p", { text: "No cut is left to take here: shorten a discussion or a break." }));
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
    window.addEventListener("keydown", this.keys, true);
    var self = this;
    this.timer = setInterval(function () { self.render(); }, 1000);
    this.render();
    this.parts.title.focus();
    this.announce("Run mode. Step 1 of " + this.steps.length + ": " + this.steps[0].title + ".");
  };

  Run.prototype.close = function () {
    clearInterval(this.timer);
    window.removeEventListener("keydown", this.keys, true);
    if (document.fullscreenElement) document.exitFullscreen().catch(function () {});
    this.node.remove();
    document.documentElement.classList.remove("cg-running");
    current = null;
    if (this.onClose) this.onClose();
  };

  var current = null;

  window.cgRun = {
    open: function (state, kit, onClose) {
      if (current) current.close();
      current = new Run(state, kit, onClose);
      current.open();
      return current;
    },
    close: function () { if (current) current.close(); }
  };
})();
