// The network map with 2,000 people on it (see docs/PERFORMANCE.md), a measurement rather
// than a test of behaviour:
//   tests/e2e/run.sh tests/e2e/map2000.mjs
// Seeds 2,500 people (the map shows the 2,000 closest), opens Review and reports: the time
// from the click on Review to the map's layout settled, the frame intervals while the layout
// runs and after it (how responsive the page stays).
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { OUT, kith, startApp, tempDb } from "./harness.mjs";

/** Frame intervals over `ms` milliseconds: median and worst, in ms. */
const FRAMES = `
  const done = arguments[arguments.length - 1];
  const gaps = []; let last = performance.now(); const end = last + arguments[0];
  const tick = (t) => { gaps.push(t - last); last = t; if (t < end) requestAnimationFrame(tick); else {
    gaps.sort((a, b) => a - b); done({ median: gaps[gaps.length >> 1], worst: gaps[gaps.length - 1], frames: gaps.length }); } };
  requestAnimationFrame(tick);`;

test("the map stays responsive with 2,000 people on it", { timeout: 300_000 }, async (t) => {
  const db = tempDb();
  kith(db, "seed", "--contacts", "2500", "--interactions", "30000", "--seed", "5");
  const map = JSON.parse(kith(db, "review", "--map", "--json"));
  assert.equal(map.nodes.length, 2000, "the map holds 2,000 people");

  const app = await startApp(db);
  const t0 = Date.now();
  await (await app.find('[data-testid="nav-review"]')).click();
  await app.find('[data-testid="network-map"]', { timeout: 60_000 });
  await app.execute(`document.querySelector('[data-testid="network-map"]').scrollIntoView({ block: "center" });`);
  const during = await app.executeAsync(FRAMES, [2000]);
  await app.waitFor(
    async () => (await app.execute(`return document.querySelector('[data-testid="network-map"]').dataset.settled;`)) === "yes",
    120_000,
    "the map layout",
  );
  const settled = Date.now() - t0;
  const after = await app.executeAsync(FRAMES, [2000]);
  await app.screenshot(join(OUT, "review-map-2000.png"));

  const line =
    `map of ${map.nodes.length} people and ${map.edges.length} links: laid out ${settled} ms after the click on Review; ` +
    `frames during the layout median ${during.median.toFixed(1)} ms, worst ${during.worst.toFixed(0)} ms (${during.frames} frames in 2 s); ` +
    `after it median ${after.median.toFixed(1)} ms, worst ${after.worst.toFixed(0)} ms`;
  t.diagnostic(line);
  console.log(line);
});
