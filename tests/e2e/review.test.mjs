// End-to-end: the Review screen on a seeded network of a few hundred people and a few
// thousand interactions, plus three people with a known story — Fay Faded (close, weekly
// calls until 100 days ago), Gil Always (close, every call started by me) and Hal Helped
// (I helped him three times). It checks each panel shows what the core computed (the
// circles add up to the people, Fay is fading with her reason, Gil and Hal are one-sided
// with the ledger), takes a screenshot of each panel and of the map, walks two steps of the
// weekly review by keyboard (snooze, then set a cadence, checked through the CLI), and
// opens a fading tie's person page with its health-over-time chart; back on Review, a click
// on Fay's dot in the map opens her page, and so does finding Gil by keyboard in the box
// above the map (Enter).
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { OUT, captureDisplay, day, kith, mapDrawn, personOnMap, setValue, shootDisplay, startApp, tempDb, waitForText } from "./harness.mjs";
import { Keys } from "./webdriver.mjs";

const ago = (days) => day(-days);

function seed(db) {
  kith(db, "seed", "--contacts", "300", "--interactions", "4000", "--seed", "11");
  let csv = "when,participants,kind,initiated_by,summary,notes\n";
  for (let k = 0; k < 30; k++) csv += `${ago(100 + 7 * k)},Fay Faded,call,mutual,weekly call ${k},\n`;
  for (let k = 0; k < 8; k++) csv += `${ago(2 + 6 * k)},Gil Always,call,me,I called ${k},\n`;
  const file = join(dirname(db), "story.csv");
  writeFileSync(file, csv);
  kith(db, "import", file, "--format", "interactions");
  kith(db, "contact", "edit", "Fay Faded", "--circle", "close");
  kith(db, "contact", "edit", "Gil Always", "--circle", "close");
  kith(db, "contact", "add", "Hal Helped", "--circle", "network");
  kith(db, "relation", "add", "Fay Faded", "friend", "Gil Always");
  for (const [days, what] of [
    [200, "introduced him to a designer"],
    [150, "reviewed his pitch deck"],
    [60, "lent him my camera"],
  ]) {
    kith(db, "log", "--with", "Hal Helped", "--at", ago(days), "--gave-help", what, "helped");
  }
}

/** Waits for a panel to be loaded; a panel that failed fails the test with its message. */
async function panel(driver, id) {
  const state = await driver.waitFor(
    async () => {
      const [s, text] = await driver.execute(
        `const p = document.querySelector('[data-testid="review-${id}"]'); return [p?.dataset.state, p?.textContent];`,
      );
      return s === "ready" || s === "failed" ? { s, text } : null;
    },
    60_000,
    `the ${id} panel`,
  );
  assert.equal(state.s, "ready", `the ${id} panel failed: ${state.text}`);
}

/** Waits for every panel of the Review screen to be loaded. */
async function allPanels(driver) {
  for (const id of ["circles", "trend", "fading", "one-sided", "activity", "map"]) await panel(driver, id);
}

/** A screenshot of the window with the element `css` scrolled to the top. */
async function shoot(driver, css, name) {
  await driver.execute(`document.querySelector(arguments[0]).scrollIntoView({ block: "start" });`, [css]);
  return driver.screenshot(join(OUT, name));
}

test("the Review screen shows every panel and walks two steps of the weekly review", { timeout: 240_000 }, async () => {
  const db = tempDb();
  seed(db);
  const cli = JSON.parse(kith(db, "review", "--json"));
  const people = cli.circles.reduce((n, c) => n + c.people, 0);
  assert.ok(people >= 300, `${people} people`);
  assert.ok(cli.fading.some((f) => f.contact.name === "Fay Faded"), "the CLI sees Fay fading");

  const driver = await startApp(db);
  const nav = await driver.find('[data-testid="nav-review"]', { timeout: 30_000 }).catch(async (e) => {
    await driver.screenshot(join(OUT, "review-boot-failed.png"));
    throw e;
  });
  await nav.click();
  await allPanels(driver);

  // Circles: the same people as the core counted, per circle.
  const counts = await driver.texts('[data-testid="circle-people"]');
  assert.deepEqual(
    counts.map((t) => Number(t.replace(/[^\d]/g, ""))),
    cli.circles.map((c) => c.people),
  );
  // Fading: Fay, with why.
  const fay = await waitForText(driver, '[data-testid="fading-tie"]', "Fay Faded");
  assert.match(fay, /warmth fell from \d+ to \d+ \(of 100\) in \d+ days; last spoke 3 months ago/);
  // One-sided: Gil always called by me; Hal's ledger lists the help.
  await waitForText(driver, '[data-testid="one-sided-tie"]', "Gil Always");
  const hal = await waitForText(driver, '[data-testid="one-sided-tie"]', "Hal Helped");
  assert.match(hal, /gave 3/);
  assert.match(hal, /lent him my camera/);
  // The trend chart and the calendar are drawn.
  assert.equal((await driver.findAll('[data-testid="panel-trend"] canvas')).length > 0, true);
  const days = await driver.findAll('[data-testid="panel-activity"] .cal-day');
  assert.ok(days.length >= 371, `${days.length} calendar cells`);

  // The map: every person of the core's map, at the core's positions, then looked at.
  await mapDrawn(driver);
  assert.equal((await driver.findAll('[data-testid="network-map"] canvas')).length > 0, true);
  // Each kind of link is shown or hidden from the legend, and the count says what is shown.
  const links = async () => {
    const text = await (await driver.find('[data-testid="review-map"] .legend > .muted')).text();
    return Number(/([\d,]+) links?\b/.exec(text)[1].replace(/,/g, ""));
  };
  const all = await links();
  const core = JSON.parse(kith(db, "review", "--map", "--json"));
  assert.equal(all, core.edges.length);
  const notInterest = core.edges.filter((e) => e.kind !== "interest");
  assert.ok(notInterest.some((e) => e.kind === "relationship" && e.role === "friend"), "Fay and Gil are friends");
  assert.ok(
    notInterest.some((e) => e.kind === "knows" && e.shared >= 1),
    "people seen in interactions together are linked",
  );
  await (await driver.find('[data-testid="map-show-interest"]')).click();
  await driver.waitFor(async () => ((await links()) === notInterest.length ? true : null), 5000, "only the other links");
  await shootDisplay(driver, '[data-testid="review-map"]', "review-map-relationships.png");
  await (await driver.find('[data-testid="map-show-interest"]')).click();
  await driver.waitFor(async () => ((await links()) === all ? true : null), 5000, "every link again");

  const shots = [
    await shoot(driver, '[data-testid="review-circles"]', "review-circles.png"),
    await shoot(driver, '[data-testid="review-trend"]', "review-trend.png"),
    await shoot(driver, '[data-testid="review-fading"]', "review-fading.png"),
    await shoot(driver, '[data-testid="review-one-sided"]', "review-one-sided.png"),
    await shoot(driver, '[data-testid="review-activity"]', "review-activity.png"),
    await shootDisplay(driver, '[data-testid="review-map"]', "review-map.png"),
  ];
  // Back to the top, and two frames for the window to repaint before it is read.
  await driver.executeAsync(`
    const done = arguments[arguments.length - 1];
    document.querySelector('[data-testid="review-screen"]').scrollTo(0, 0);
    requestAnimationFrame(() => requestAnimationFrame(() => done(document.querySelector('[data-testid="review-screen"]').scrollTop)));`);
  shots.push(await driver.screenshot(join(OUT, "review-screen.png")));

  // The weekly review, by keyboard: snooze the first tie, set a cadence for the second.
  const queued = Number((await (await driver.find('[data-testid="start-weekly-review"]')).text()).match(/\((\d+)\)/)[1]);
  await (await driver.find('[data-testid="start-weekly-review"]')).click();
  await waitForText(driver, '[data-testid="review-progress"]', "Step 1 of ");
  const first = await (await driver.find('[data-testid="review-name"]')).text();
  shots.push(await driver.screenshot(join(OUT, "review-weekly-step1.png")));
  await driver.keys("s");
  await waitForText(driver, '[data-testid="review-progress"]', "Step 2 of ");
  await waitForText(driver, '[data-testid="review-log"]', `snoozed ${first} until`);
  const second = await (await driver.find('[data-testid="review-name"]')).text();
  assert.notEqual(second, first);
  await driver.keys("d");
  const input = await driver.find('[data-testid="review-cadence-days"]');
  await input.clear();
  await input.type(`45${Keys.ENTER}`);
  await waitForText(driver, '[data-testid="review-progress"]', "Step 3 of ");
  await waitForText(driver, '[data-testid="review-log"]', `${second}: every 45 days`);
  shots.push(await driver.screenshot(join(OUT, "review-weekly-step3.png")));
  const shown = JSON.parse(kith(db, "contact", "show", second, "--json"));
  assert.equal(shown.contact.cadenceDays, 45);
  await closeWeeklyReview(driver);
  // The tie snoozed is marked so, and the next weekly review passes over it.
  await waitForText(driver, '[data-testid="fading-tie"] [data-testid="tie-snoozed"], [data-testid="one-sided-tie"] [data-testid="tie-snoozed"]', "snoozed until");
  const marked = await driver.execute(
    `return Array.from(document.querySelectorAll('[data-testid="tie-snoozed"]')).map((b) => b.closest("li").querySelector(".tie-name").textContent);`,
  );
  assert.ok(marked.includes(first), `${first} is marked snoozed: ${marked}`);
  await waitForText(driver, '[data-testid="start-weekly-review"]', `Weekly review (${queued - 1})`);
  shots.push(await shoot(driver, '[data-testid="review-fading"]', "review-fading-snoozed.png"));

  // Reach out now (L) opens the Log; saving it reloads Review behind the weekly review, which
  // goes on from where it was.
  await (await driver.find('[data-testid="start-weekly-review"]')).click();
  await waitForText(driver, '[data-testid="review-progress"]', "Step 1 of ");
  await driver.keys("n");
  await waitForText(driver, '[data-testid="review-progress"]', "Step 2 of ");
  const reached = await (await driver.find('[data-testid="review-name"]')).text();
  await driver.keys("l");
  await waitForText(driver, '[data-testid="log-participant-chip"]', reached);
  await (await driver.find("#log-summary")).type("Caught up after the weekly review");
  const logged = await reviewMoment(driver);
  await driver.keys(Keys.CONTROL, Keys.ENTER);
  await waitForText(driver, '[data-testid="toast"]', `Logged with ${reached}`);
  await driver.waitFor(async () => (await reviewMoment(driver)) !== logged, 10_000, "the Review reloaded after the log");
  await panel(driver, "fading");
  await panel(driver, "one-sided");
  await waitForText(driver, '[data-testid="review-progress"]', "Step 3 of ");
  await waitForText(driver, '[data-testid="review-log"]', `reached out to ${reached}`);
  await closeWeeklyReview(driver);

  // A fading tie opens the person, with their health over time.
  const link = await driver.find('[data-testid="fading-tie"] button.link');
  const name = await link.text();
  await link.click();
  await waitForText(driver, "h1, h2", name);
  await driver.find('[data-testid="health-over-time"] canvas', { timeout: 20_000 });
  shots.push(await shoot(driver, '[data-testid="health-over-time"]', "review-person-health.png"));

  // Back on Review, a click on Fay's dot in the map opens her.
  await (await driver.find('[data-testid="nav-review"]')).click();
  await allPanels(driver);
  await mapDrawn(driver);
  const fayId = JSON.parse(kith(db, "contact", "show", "Fay Faded", "--json")).contact.id;
  const at = await personOnMap(driver, fayId);
  assert.ok(at, "Fay is on the map");
  await driver.clickInWindow(at.x, at.y);
  await waitForText(driver, "h1, h2", "Fay Faded").catch(async (e) => {
    await captureDisplay("review-map-click-missed.png");
    const headings = await driver.texts("h1, h2");
    throw new Error(`${e.message}; the window shows ${JSON.stringify(headings)}`);
  });

  // The keyboard way: find Gil in the box above the map, see him, open him with Enter.
  await (await driver.find('[data-testid="nav-review"]')).click();
  await panel(driver, "map");
  await mapDrawn(driver);
  const find = await driver.find('[data-testid="map-find"]');
  await find.type("zzz");
  await waitForText(driver, '[data-testid="map-find-status"]', "No one on the map is called “zzz”");
  // Emptied the way an input event says so (WebDriver's clear may leave the app's state as it
  // was until the next key), then typed.
  await setValue(driver, '[data-testid="map-find"]', "");
  await find.type("gil alw");
  await waitForText(driver, '[data-testid="map-find-status"]', "1 of 1: Gil Always");
  await new Promise((r) => setTimeout(r, 500));
  shots.push(await shootDisplay(driver, '[data-testid="review-map"]', "review-map-find.png"));
  await driver.execute(`document.querySelector('[data-testid="map-find"]').focus();`);
  await driver.keys(Keys.ENTER);
  await waitForText(driver, "h1, h2", "Gil Always");
  for (const s of shots) console.log(`screenshot: ${s}`);
});

/** Closes the weekly review and waits for the reload its decisions cause, so that what is
 * clicked next is on the reloaded page (an element of the old one is gone). */
async function closeWeeklyReview(driver) {
  const before = await reviewMoment(driver);
  await driver.keys(Keys.ESCAPE);
  await driver.waitFor(async () => (await reviewMoment(driver)) !== before, 10_000, "the Review reloaded after the weekly review");
  await panel(driver, "fading");
}

/** The moment the Review's panels are computed for (a new one on every reload). */
function reviewMoment(driver) {
  return driver.execute(`return document.querySelector('[data-testid="review-screen"]').dataset.asOf;`);
}
