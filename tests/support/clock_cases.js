/* The browser's side of tests/clock-cases.yml: runs every case on
   docs/assets/javascripts/schedule.js in node and prints what it gives.

   tests/unit/test_clock_cases.py writes the table and the kit (the
   build's own data file contents: exercises, workshops, labels) to this
   script's stdin as JSON, and compares the answers with the table, as it
   does the Python side's. Keys are the test's: "clock[3]", "starts[1]",
   "cuts conflict-diagnosis: skip-evidence", "workshops one-team-day: full".
   No npm package: node alone. */
"use strict";

const path = require("path");
const schedule = require(path.join(__dirname, "..", "..", "docs", "assets", "javascripts", "schedule.js"));

function own(map, key) {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

function run(table, kit) {
  const units = kit.labels.units, out = {};
  table.clock.forEach((c, i) => { out[`clock[${i}]`] = schedule.clock(c.minutes); });
  table.lengths.forEach((c, i) => { out[`lengths[${i}]`] = schedule.lengthLabel(c.minutes, units); });
  table.starts.forEach((c, i) => { out[`starts[${i}]`] = schedule.isClock(c.text); });
  table.schedules.forEach((c, i) => {
    const items = c.minutes.map((minutes) => ({ minutes: minutes }));
    out[`schedules[${i}]`] = schedule.schedule(c.start, items).map((s) => `${s.start}–${s.end}`);
  });
  Object.keys(table.cuts).forEach((id) => {
    const exercise = own(kit.exercises, id);
    Object.keys(table.cuts[id]).forEach((taken) => {
      const ids = taken === "none" ? [] : taken.split(" + ");
      out[`cuts ${id}: ${taken}`] = exercise ? schedule.minimumMinutes(exercise, ids) : null;
    });
  });
  Object.keys(table.workshops).forEach((id) => {
    const workshop = own(kit.workshops, id);
    Object.keys(table.workshops[id]).forEach((version) => {
      const key = `workshops ${id}: ${version}`;
      const variant = workshop && workshop.variants.filter((v) => v.id === version)[0];
      if (!workshop || (version !== "full" && !variant)) { out[key] = null; return; }
      const agenda = variant ? schedule.applyVariant(workshop.agenda, variant) : workshop.agenda;
      const times = schedule.schedule((variant && variant.start) || workshop.start, agenda);
      const total = schedule.total(agenda);
      out[key] = {
        times: agenda.map((item, n) => `${times[n].start}–${times[n].end} ${schedule.itemKey(item)}` +
          ((item.cuts || []).length ? `, cuts ${item.cuts.join(" + ")}` : "")),
        minutes: total,
        length: schedule.lengthLabel(total, units),
      };
    });
  });
  return out;
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const given = JSON.parse(input);
  process.stdout.write(JSON.stringify(run(given.table, given.kit)));
});
