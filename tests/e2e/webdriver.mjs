// A minimal W3C WebDriver client over fetch, enough to drive Kith through tauri-driver.
// Dependency-free on purpose: node's test runner and fetch are all the e2e suite needs.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
export const Keys = { ENTER: "\uE007", CONTROL: "\uE009", ESCAPE: "\uE00C", NULL: "\uE000" };

export class WebDriver {
  constructor(base, sessionId) {
    this.base = base;
    this.sessionId = sessionId;
  }

  /** Starts the app at `application` with `args`; resolves when its window is up. */
  static async start(base, application, args = []) {
    const body = { capabilities: { alwaysMatch: { "tauri:options": { application, args } } } };
    // Once in a CI run (2026-12-02) the driver never answered a new session and the suite
    // waited for ever: a session that has not started in a minute is asked for again.
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await request(base, "POST", "/session", body, 60_000);
        return new WebDriver(base, value.sessionId);
      } catch (e) {
        if (attempt >= 3 || e.name !== "TimeoutError") throw e;
        console.error(`# no session after 60 s (attempt ${attempt}); asking again`);
      }
    }
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.sessionId}${path}`, body);
  }

  /** Ends the session, which closes the app. */
  async quit() {
    await this.cmd("DELETE", "");
  }

  async find(css, { timeout = 10_000 } = {}) {
    const id = await this.waitFor(async () => {
      const found = await this.cmd("POST", "/elements", { using: "css selector", value: css });
      return found[0]?.[ELEMENT];
    }, timeout, `element ${css}`);
    return new Element(this, id);
  }

  async findAll(css) {
    const found = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return found.map((e) => new Element(this, e[ELEMENT]));
  }

  /** Polls `probe` until it returns a truthy value, or fails after `timeout` ms. */
  async waitFor(probe, timeout = 10_000, what = "condition") {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        const v = await probe();
        if (v) return v;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Text content of every element matching `css`, in document order (one round trip). */
  texts(css) {
    return this.execute(
      "return Array.from(document.querySelectorAll(arguments[0]), (e) => e.textContent);",
      [css],
    );
  }

  async execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Runs `script` with a callback as its last argument; resolves with what it passes. */
  async executeAsync(script, args = []) {
    return this.cmd("POST", "/execute/async", { script, args });
  }

  /** Types keys into whatever has focus (W3C actions), e.g. Ctrl+Enter. */
  async keys(...sequence) {
    const actions = [];
    for (const key of sequence) actions.push({ type: "keyDown", value: key });
    for (const key of [...sequence].reverse()) actions.push({ type: "keyUp", value: key });
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.cmd("DELETE", "/actions");
  }

  /** Mouse actions (W3C) starting with a move to (x, y) pixels from the centre of `element`. */
  async pointer(element, x, y, ...then) {
    const move = { type: "pointerMove", origin: { [ELEMENT]: element.id }, x: Math.round(x), y: Math.round(y) };
    await this.cmd("POST", "/actions", {
      actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: [move, ...then] }],
    });
    await this.cmd("DELETE", "/actions");
  }

  /** A mouse click at (x, y) CSS pixels from the window's top-left corner. */
  async clickInWindow(x, y) {
    const move = { type: "pointerMove", origin: "viewport", x: Math.round(x), y: Math.round(y) };
    await this.cmd("POST", "/actions", {
      actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: [
        move, { type: "pointerDown", button: 0 }, { type: "pause", duration: 50 }, { type: "pointerUp", button: 0 }] }],
    });
    await this.cmd("DELETE", "/actions");
  }

  async screenshot(path) {
    const png = await this.cmd("GET", "/screenshot");
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.from(png, "base64"));
    return path;
  }
}

export class Element {
  constructor(driver, id) {
    this.driver = driver;
    this.id = id;
  }
  click() {
    return this.driver.cmd("POST", `/element/${this.id}/click`, {});
  }
  type(text) {
    return this.driver.cmd("POST", `/element/${this.id}/value`, { text });
  }
  clear() {
    return this.driver.cmd("POST", `/element/${this.id}/clear`, {});
  }
  text() {
    return this.driver.cmd("GET", `/element/${this.id}/text`);
  }
  attribute(name) {
    return this.driver.cmd("GET", `/element/${this.id}/attribute/${name}`);
  }
  property(name) {
    return this.driver.cmd("GET", `/element/${this.id}/property/${name}`);
  }
}

/** One WebDriver command; one that has no answer after `timeout` ms fails (a `TimeoutError`)
 * instead of holding the suite. */
async function request(base, method, path, body, timeout = 180_000) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeout),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${path}: HTTP ${res.status}: ${text.slice(0, 500)}`);
  }
  if (!res.ok || json.value?.error) {
    const v = json.value ?? {};
    throw new Error(`${method} ${path}: ${v.error ?? res.status}: ${v.message ?? text.slice(0, 500)}`);
  }
  return json.value;
}
