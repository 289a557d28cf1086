/* Clock times and lengths for the composer and run mode: the browser's one
   statement of them (composer.js and run.js do no clock arithmetic).

   The same rules as macros/kit/workshops.py (schedule, times, clock,
   length_label) and macros/kit/variants.py (apply, minimum_minutes): items
   run one after the other from the start time, clock times wrap after
   midnight, a length variant leaves items out, gives items new minutes and
   takes exercises' cuts, and a start time is what the workshop schema's
   `start` accepts. tests/clock-cases.yml is the table of cases both sides
   are held to: tests/unit/test_clock_cases.py runs it on the Python side
   and, through node (tests/support/clock_cases.js), on this file. Plain
   functions, no page access: it runs in a browser and in node alike. Words
   (units) come from the caller, who has them from the build's data file. */
(function (root) {
  "use strict";

  var MINUTES_PER_DAY = 24 * 60;

  /* "HH:MM", 24-hour, two digits each: the workshop schema's `start` pattern. */
  var CLOCK = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

  function isClock(text) {
    return typeof text === "string" && CLOCK.test(text);
  }

  function minutesOfDay(clockTime) {
    var parts = String(clockTime).split(":");
    return Number(parts[0]) * 60 + Number(parts[1]);
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  /* Minutes since midnight as "HH:MM", wrapping after midnight. */
  function clock(minutes) {
    minutes = ((minutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
    return pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
  }

  /* The clock time of a Date, for "Now 13:30". */
  function clockOf(date) {
    return clock(date.getHours() * 60 + date.getMinutes());
  }

  /* A step's countdown from milliseconds left: "4:05", or "+0:12" once over. */
  function countdown(ms) {
    var seconds = Math.round(Math.abs(ms) / 1000);
    return (ms < 0 ? "+" : "") + Math.floor(seconds / 60) + ":" + pad(seconds % 60);
  }

  /* 45 -> "45 min", in the units of the build's labels (cgKit.labels.units). */
  function minutesLabel(minutes, units) {
    return minutes + " " + units.minutes;
  }

  /* 210 -> "3 h 30 min"; 45 -> "45 min"; 120 -> "2 h". */
  function lengthLabel(minutes, units) {
    var hours = Math.floor(minutes / 60), rest = minutes % 60;
    if (!hours) return minutesLabel(rest, units);
    return rest ? hours + " " + units.hours + " " + minutesLabel(rest, units) : hours + " " + units.hours;
  }

  /* [{start, end, minutes}] for items that each have `minutes`. */
  function schedule(start, items) {
    var now = minutesOfDay(start);
    return items.map(function (item) {
      var slot = { start: clock(now), end: clock(now + item.minutes), minutes: item.minutes };
      now += item.minutes;
      return slot;
    });
  }

  function total(items) {
    return items.reduce(function (sum, item) { return sum + item.minutes; }, 0);
  }

  /* How a variant names an agenda item: its own title, else its exercise id
     (macros/kit/variants.py item_key: an exercise twice is told apart by a title). */
  function itemKey(item) {
    return item.title || item.exercise;
  }

  /* A workshop's agenda as one of its variants has it. */
  function applyVariant(agenda, variant) {
    var dropped = variant.drop || [], minutes = variant.minutes || {}, cuts = variant.cuts || {};
    var out = [];
    agenda.forEach(function (item) {
      var key = itemKey(item);
      if (dropped.indexOf(key) !== -1) return;
      var changed = Object.assign({}, item);
      if (Object.prototype.hasOwnProperty.call(minutes, key)) changed.minutes = minutes[key];
      changed.cuts = item.exercise && cuts[key] ? cuts[key].slice() : [];
      out.push(changed);
    });
    return out;
  }

  function cutSavings(exercise, cutIds) {
    return (exercise.cuts || []).reduce(function (sum, cut) {
      return sum + (cutIds.indexOf(cut.id) !== -1 ? cut.saves : 0);
    }, 0);
  }

  /* Minutes an exercise needs with these cuts taken. */
  function minimumMinutes(exercise, cutIds) {
    return exercise.minutes.run - cutSavings(exercise, cutIds || []);
  }

  /* Which cuts to take so the items fit `target` minutes: the biggest
     saving first, ties in agenda order, stopping as soon as it fits.
     Returns [{index, cut}] in the order taken, and what is still over. */
  function fitToTarget(items, exercises, target) {
    var over = total(items) - target, offers = [];
    items.forEach(function (item, index) {
      if (item.kind !== "exercise") return;
      (exercises[item.exercise].cuts || []).forEach(function (cut, order) {
        if ((item.cuts || []).indexOf(cut.id) === -1) offers.push({ index: index, order: order, cut: cut });
      });
    });
    offers.sort(function (a, b) {
      return b.cut.saves - a.cut.saves || a.index - b.index || a.order - b.order;
    });
    var taken = [];
    for (var i = 0; i < offers.length && over > 0; i += 1) {
      taken.push({ index: offers[i].index, cut: offers[i].cut });
      over -= offers[i].cut.saves;
    }
    return { taken: taken, over: Math.max(0, over) };
  }

  /* The steps run mode shows for one exercise item: each step's minutes
     less the cuts taken on it (a step cut to nothing is skipped); spare
     minutes of a longer slot go to the last step, for regrouping. */
  function exerciseSteps(exercise, cutIds, slotMinutes) {
    var steps = exercise.steps.map(function (step) {
      var saved = (exercise.cuts || []).reduce(function (sum, cut) {
        return sum + (cut.step === step.title && cutIds.indexOf(cut.id) !== -1 ? cut.saves : 0);
      }, 0);
      return Object.assign({}, step, { minutes: step.minutes - saved });
    }).filter(function (step) { return step.minutes > 0; });
    var spare = slotMinutes - total(steps);
    if (spare > 0 && steps.length) steps[steps.length - 1].minutes += spare;
    return steps;
  }

  var api = {
    isClock: isClock, minutesOfDay: minutesOfDay, clock: clock, clockOf: clockOf, countdown: countdown,
    minutesLabel: minutesLabel, lengthLabel: lengthLabel, schedule: schedule,
    total: total, itemKey: itemKey, applyVariant: applyVariant, cutSavings: cutSavings,
    minimumMinutes: minimumMinutes, fitToTarget: fitToTarget, exerciseSteps: exerciseSteps
  };
  root.cgSchedule = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : this);
