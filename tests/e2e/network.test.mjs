// End-to-end: the running app opens no network connection. Run by tests/e2e/run.sh.
//
// How: start the real app on a database of its own, use it a little (the People list, the
// Log dialog by Ctrl+L, Escape), and at each step look at every process of this app
// instance — the process started with our `--db` path whose /proc/PID/exe is
// $KITH_E2E_APP, and all its descendants (WebKitGTK's WebKitWebProcess and
// WebKitNetworkProcess, any sandbox helper). Every socket those processes hold
// (/proc/PID/fd/* -> `socket:[inode]`) is looked up in the TCP, UDP and raw socket tables of
// each process's own network namespace (/proc/PID/net/{tcp,tcp6,udp,udp6,raw,raw6}): none
// may be there. Unix sockets (X11, D-Bus, WebKit's own IPC) and netlink sockets (network
// status) are local and fine.
//
// One exception, which is the test rig and not the app: WebKitWebDriver drives the app
// through WebKit's remote inspector, on the loopback address it passes in the app's
// environment (WEBKIT_INSPECTOR_SERVER=127.0.0.1:PORT). Loopback TCP sockets to or from that
// port are counted separately and allowed; a shipped app has no such variable.
//
// Limits: this samples the sockets at several moments, so a connection opened and closed in
// between would be missed; together with the CSP (connect-src is IPC only, checked by
// src-tauri/tests/security.rs) and the absence of any HTTP plugin, it backs the claim that
// nothing leaves the machine.
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { once } from "node:events";
import { readFileSync, readdirSync, readlinkSync, realpathSync } from "node:fs";
import { connect, createServer } from "node:net";
import { test } from "node:test";
import { APP, kith, startApp, stopApp, tempDb, waitForText } from "./harness.mjs";
import { Keys } from "./webdriver.mjs";

const INET_TABLES = ["tcp", "tcp6", "udp", "udp6", "raw", "raw6"];
const TCP_STATES = { "01": "ESTABLISHED", "02": "SYN_SENT", "06": "TIME_WAIT", "08": "CLOSE_WAIT", "0A": "LISTEN" };

function tryRead(path) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

function tryReadlink(path) {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

function pids() {
  return readdirSync("/proc").filter((n) => /^\d+$/.test(n)).map(Number);
}

/** pid -> { ppid, comm } for every process we can see. */
function processTable() {
  const table = new Map();
  for (const pid of pids()) {
    const stat = tryRead(`/proc/${pid}/stat`);
    if (!stat) continue;
    // "pid (comm) state ppid ...": comm may contain spaces and parentheses.
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const ppid = Number(stat.slice(close + 2).split(" ")[1]);
    table.set(pid, { ppid, comm });
  }
  return table;
}

/** The processes of the app instance started on `db`, and all their descendants. */
function appProcesses(db) {
  const app = realpathSync(APP);
  const roots = pids().filter((pid) => {
    const exe = tryReadlink(`/proc/${pid}/exe`)?.replace(/ \(deleted\)$/, "");
    if (exe !== app) return false;
    const argv = (tryRead(`/proc/${pid}/cmdline`) ?? "").split("\0");
    return argv.includes(db) || argv.includes(`--db=${db}`);
  });
  const table = processTable();
  const found = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, { ppid }] of table) {
      if (!found.has(pid) && found.has(ppid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return { roots, all: [...found].map((pid) => ({ pid, comm: table.get(pid)?.comm ?? "?" })) };
}

/** The inspector port WebKitWebDriver gave the app, if any. */
function inspectorPorts(roots) {
  const ports = new Set();
  for (const pid of roots) {
    for (const kv of (tryRead(`/proc/${pid}/environ`) ?? "").split("\0")) {
      const m = /^WEBKIT_INSPECTOR(?:_HTTP)?_SERVER=.*:(\d+)$/.exec(kv);
      if (m) ports.add(Number(m[1]));
    }
  }
  return ports;
}

/** "0100007F:1F90" (or the IPv6 form) -> { host, port, loopback }. */
function endpoint(hex) {
  const [addr, port] = hex.split(":");
  let loopback;
  let host;
  if (addr.length === 8) {
    const bytes = addr.match(/../g).map((b) => parseInt(b, 16)).reverse();
    host = bytes.join(".");
    loopback = bytes[0] === 127;
  } else {
    host = addr;
    loopback =
      addr === "00000000000000000000000001000000" || // ::1
      /^0000000000000000FFFF0000[0-9A-F]{6}7F$/i.test(addr); // ::ffff:127.x.y.z
  }
  return { host, port: parseInt(port, 16), loopback };
}

/** inode -> socket, from the inet tables of the network namespaces of `pidList`. */
function inetSockets(pidList) {
  const sockets = new Map();
  const seenNamespaces = new Set();
  for (const pid of pidList) {
    const ns = tryReadlink(`/proc/${pid}/ns/net`) ?? `pid-${pid}`;
    if (seenNamespaces.has(ns)) continue;
    seenNamespaces.add(ns);
    for (const proto of INET_TABLES) {
      const text = tryRead(`/proc/${pid}/net/${proto}`);
      if (!text) continue;
      for (const line of text.trim().split("\n").slice(1)) {
        const f = line.trim().split(/\s+/);
        const inode = f[9];
        if (!inode || inode === "0") continue;
        sockets.set(inode, {
          proto,
          local: endpoint(f[1]),
          remote: endpoint(f[2]),
          state: proto.startsWith("tcp") ? TCP_STATES[f[3]] ?? f[3] : f[3],
        });
      }
    }
  }
  return { sockets, namespaces: seenNamespaces.size };
}

/** Every socket inode each process holds. */
function socketInodes(pid) {
  const inodes = [];
  let fds = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes; // the process ended meanwhile
  }
  for (const fd of fds) {
    const m = /^socket:\[(\d+)\]$/.exec(tryReadlink(`/proc/${pid}/fd/${fd}`) ?? "");
    if (m) inodes.push(m[1]);
  }
  return inodes;
}

/** Looks at the app's sockets now; returns what it saw, with any network socket as a problem. */
function inspect(db, step) {
  const { roots, all } = appProcesses(db);
  assert.ok(roots.length >= 1, `${step}: no process of ${APP} with --db ${db} found: the test cannot see the app`);
  const allowedPorts = inspectorPorts(roots);
  const { sockets, namespaces } = inetSockets(all.map((p) => p.pid));
  let total = 0;
  const automation = [];
  const problems = [];
  for (const { pid, comm } of all) {
    for (const inode of socketInodes(pid)) {
      total += 1;
      const s = sockets.get(inode);
      if (!s) continue; // unix, netlink...: local
      const rig =
        s.proto.startsWith("tcp") &&
        s.local.loopback &&
        (allowedPorts.has(s.local.port) || allowedPorts.has(s.remote.port));
      const text = `${comm} (pid ${pid}): ${s.proto} ${s.local.host}:${s.local.port} -> ${s.remote.host}:${s.remote.port} ${s.state}`;
      (rig ? automation : problems).push(text);
    }
  }
  console.log(
    `network: ${step}: ${all.length} processes (${all.map((p) => p.comm).join(", ")}), ` +
      `${total} sockets inspected in ${namespaces} network namespace(s), ` +
      `${automation.length} allowed for WebKitWebDriver's inspector (port ${[...allowedPorts].join(", ") || "none"}), ` +
      `${problems.length} network sockets`,
  );
  for (const a of automation) console.log(`network:   allowed (test rig): ${a}`);
  return { processes: all.length, sockets: total, problems };
}

// The check is only worth something if it can see a network socket: this process's own TCP
// and UDP sockets must be found the way the app's would be.
test("the socket inspection sees TCP and UDP sockets", async () => {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const client = connect(server.address().port, "127.0.0.1");
  await once(client, "connect");
  const udp = createSocket("udp4");
  udp.bind(0, "127.0.0.1");
  await once(udp, "listening");
  try {
    const { sockets } = inetSockets([process.pid]);
    const mine = socketInodes(process.pid).map((i) => sockets.get(i)).filter(Boolean);
    const tcp = mine.filter((s) => s.proto === "tcp");
    assert.ok(tcp.some((s) => s.state === "LISTEN" && s.local.port === server.address().port), "the listening socket");
    assert.ok(tcp.some((s) => s.state === "ESTABLISHED" && s.remote.port === server.address().port), "the connection");
    assert.ok(mine.some((s) => s.proto === "udp" && s.local.port === udp.address().port), "the UDP socket");
    assert.ok(tcp.every((s) => s.local.loopback));
  } finally {
    client.destroy();
    server.close();
    udp.close();
  }
});

test("the app opens no network connection", async () => {
  const db = tempDb();
  kith(db, "contact", "add", "Ana Ruiz", "--company", "Acme", "--email", "ana@acme.com");
  const app = await startApp(db);
  const seen = [];
  await waitForText(app, '[data-testid="people-count"]', "1 person");
  await waitForText(app, '[data-testid="person-row"] .row-name', "Ana Ruiz");
  seen.push(inspect(db, "People list shown"));

  await (await app.find("body")).click();
  await app.keys(Keys.CONTROL, "l");
  await app.find('[data-testid="log-dialog"]');
  await (await app.find("#log-participant")).type("ana");
  await waitForText(app, '[data-testid="log-suggestion"]', "Ana Ruiz");
  seen.push(inspect(db, "Log dialog open"));

  await app.keys(Keys.ESCAPE);
  await app.waitFor(
    async () => (await app.findAll('[data-testid="log-dialog"]')).length === 0,
    5000,
    "the Log dialog to close",
  );
  // Anything started lazily (prefetch, telemetry, update checks) has had time to start.
  await new Promise((r) => setTimeout(r, 2000));
  seen.push(inspect(db, "Log dialog closed, 2 s later"));
  await stopApp(app);

  const problems = seen.flatMap((s) => s.problems);
  assert.deepEqual(problems, [], `the app opened network sockets:\n${problems.join("\n")}`);
  assert.ok(
    seen.every((s) => s.processes >= 1 && s.sockets >= 1),
    "each look found the app's processes and their (unix) sockets",
  );
});
