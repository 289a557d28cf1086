/* Clock times and lengths for the composer and run mode.

   The same rules as macros/kit/workshops.py (schedule, clock) and
   macros/kit/variants.py (apply, minimum_minutes): items run one after the
   other from the start time, clock times wrap after midnight, a length
   variant leaves items out, gives items new minutes and takes exercises'
   cuts. tests/browser/test_composer.py holds this file and the Python side
   by side on every workshop and variant. Plain functions, no page access:
   it runs in a browser and in node alike. */
(function (root) {
  "use strict";

  var MINUTES_PER_DAY = 24 * 60;

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

  /* 210 -> "3 h 30 min"; 45 -> "45 min"; 120 -> "2 h". */
  function lengthLabel(minutes) {
    var hours = Math.floor(minutes / 60), rest = minutes % 60;
    if (!hours) return rest + " min";
    return rest ? hours + " h " + rest + " min" : hours + " h";
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
    minutesOfDay: minutesOfDay, clock: clock, lengthLabel: lengthLabel, schedule: schedule,
    total: total, itemKey: itemKey, applyVariant: applyVariant, cutSavings: cutSavings,
    minimumMinutes: minimumMinutes, fitToTarget: fitToTarget, exerciseSteps: exerciseSteps
  };
  root.cgSchedule = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : this);
