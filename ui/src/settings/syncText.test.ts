import { describe, expect, it } from "vitest";
import type { SyncDevice, SyncReport } from "../bindings";
import { changes, deviceLine, passLine, pendingLine } from "./syncText";

const device = (over: Partial<SyncDevice>): SyncDevice => ({
  device: "d",
  name: "desktop",
  thisDevice: false,
  applied: 0,
  lastAppliedAt: null,
  ...over,
});

const report = (over: Partial<SyncReport>): SyncReport => ({
  sent: 0,
  received: 0,
  rowsWritten: 0,
  rowsDeleted: 0,
  rowsWaiting: 0,
  held: 0,
  retryLater: 0,
  skipped: [],
  notes: [],
  ...over,
});

describe("sync sentences", () => {
  it("counts changes in words", () => {
    expect(changes(0)).toBe("no changes");
    expect(changes(1)).toBe("1 change");
    expect(changes(2)).toBe("2 changes");
    expect(changes(1200)).toBe("1,200 changes");
  });

  it("says what came from another computer", () => {
    expect(deviceLine(device({}))).toBe("Nothing applied from it yet");
    expect(deviceLine(device({ applied: 1 }))).toBe("1 change applied");
    const at = Date.UTC(2026, 4, 3, 10, 2);
    expect(deviceLine(device({ applied: 3, lastAppliedAt: at }))).toMatch(/^3 changes applied, last at .*2026/);
    expect(deviceLine(device({ thisDevice: true, applied: 1 }))).toBe("1 change written out");
    expect(deviceLine(device({ thisDevice: true }))).toBe("Nothing written out yet");
  });

  it("says what waits to be written out", () => {
    expect(pendingLine(0, false)).toBe("Everything changed here is written out.");
    expect(pendingLine(1, false)).toBe("1 change is waiting to be written out.");
    expect(pendingLine(2, true)).toBe("2 changes are waiting to be written out (sync is paused).");
  });

  it("says what a pass did", () => {
    expect(passLine(report({}))).toBe("Synced: nothing new here or on the other computers.");
    expect(passLine(report({ sent: 1, received: 2 }))).toBe("Synced: 1 change sent, 2 changes received.");
    expect(passLine(report({ notes: ["sync is paused on this device"] }))).toBe("Sync is paused on this device");
    expect(
      passLine(
        report({
          received: 3,
          notes: [
            "the clock of \"desktop\" is 40 hours ahead of this one's (this computer's clock follows it only a day ahead: what you change here meanwhile can lose to what it changed)",
          ],
        }),
      ),
    ).toBe(
      "Synced: no changes sent, 3 changes received. The clock of \"desktop\" is 40 hours ahead of this one's (this computer's clock follows it only a day ahead: what you change here meanwhile can lose to what it changed).",
    );
  });
});
