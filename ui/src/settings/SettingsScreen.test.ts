import { describe, expect, it } from "vitest";
import type { BackupKind } from "../bindings";
import { backupKindLabel, formatSize } from "./SettingsScreen";

describe("backupKindLabel", () => {
  it("says why each kind of backup was taken", () => {
    const kinds: BackupKind[] = ["daily", "manual", "beforeRestore", "beforeImport", "beforeMerge"];
    expect(kinds.map(backupKindLabel)).toEqual([
      "daily",
      "manual",
      "before a restore",
      "before import",
      "before merge",
    ]);
  });
});

describe("formatSize", () => {
  it("reads as people read sizes", () => {
    expect(formatSize(10)).toBe("1 KB");
    expect(formatSize(812 * 1024)).toBe("812 KB");
    expect(formatSize(4.2 * 1024 * 1024)).toBe("4.2 MB");
  });
});
