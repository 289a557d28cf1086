/* The check-up's shared case table (tests/fixtures/checkup-cases.json), run
   through docs/assets/javascripts/checkup.js in node. tests/unit/test_checkup.py
   runs it and reads the last line: how many cases of each kind ran, and how
   many failed. Each failure is printed on a line of its own first. */
"use strict";

const path = require("path");
const fs = require("fs");
const root = path.resolve(__dirname, "..", "..");
const core = require(path.join(root, "docs", "assets", "javascripts", "checkup.js"));
const cases = JSON.parse(fs.readFileSync(path.join(root, "tests", "fixtures", "checkup-cases.json"), "utf8"));
const letters = cases.areas;
const order = letters.map((pair) => pair[0]);
const counts = { scoring: 0, teams: 0, codes: 0, failed: 0 };

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function fail(kind, name, got, want) {
  counts.failed += 1;
  console.log(`FAIL ${kind} ${JSON.stringify(name)}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

for (const c of cases.scoring) {
  counts.scoring += 1;
  const got = core.scoresOf(c.statements, c.areas, new Map(Object.entries(c.answers)));
  if (!same(got, c.scores)) fail("scoring", c.name, got, c.scores);
}

for (const c of cases.teams) {
  counts.teams += 1;
  const people = c.people.map((code) => core.decode(code, letters).scores);
  const ranking = core.rank(people, order);
  if (!same(ranking, c.ranking)) fail("ranking", c.name, ranking, c.ranking);
  const figures = core.team(people, order);
  for (const [area, want] of Object.entries(c.team)) {
    const got = {};
    for (const key of Object.keys(want)) got[key] = figures[area][key];
    if (!same(got, want)) fail("team", `${c.name}: ${area}`, got, want);
  }
}

for (const c of cases.codes) {
  counts.codes += 1;
  const got = core.decode(c.code, letters);
  if (c.error) {
    if (got.error !== c.error || !got.message || got.message.length > 90) fail("code", c.code, got, c.error);
  } else if (!same(sorted(got.scores), sorted(c.scores))) {
    fail("code", c.code, got, c.scores);
  } else if (!same(sorted(core.decode(core.encode(got.scores, letters), letters).scores), sorted(got.scores))) {
    fail("code round trip", c.code, core.encode(got.scores, letters), c.code);
  }
}

function sorted(object) {
  return object && Object.fromEntries(Object.entries(object).sort());
}

console.log(JSON.stringify(counts));
process.exit(counts.failed ? 1 : 0);
