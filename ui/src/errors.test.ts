import { describe, expect, it } from "vitest";
import {
  type AppError,
  allMessages,
  describeError,
  fieldErrors,
  fieldIs,
  isFatal,
  messageFor,
  toAppError,
} from "./errors";

describe("toAppError", () => {
  it("keeps a tagged error from the core as it is", () => {
    const raw = { type: "invalid", data: { fields: [{ field: "name", message: "a name is required" }] } };
    expect(toAppError(raw)).toBe(raw);
  });

  it("wraps the bare string Tauri rejects with when a command is refused", () => {
    expect(toAppError("contact_add not allowed. Command not found")).toEqual({
      type: "ipc",
      data: { message: "contact_add not allowed. Command not found" },
    });
  });

  it("does not mistake an unknown tagged object for a core error", () => {
    expect(toAppError({ type: "surprise", data: {} }).type).toBe("ipc");
    expect(toAppError(new Error("boom"))).toEqual({ type: "ipc", data: { message: "boom" } });
    expect(toAppError(undefined).type).toBe("ipc");
  });
});

describe("describeError", () => {
  it("names every invalid field in one sentence each", () => {
    const text = describeError({
      type: "invalid",
      data: {
        fields: [
          { field: "name", message: "a name is required" },
          { field: "email", message: '"x" is not a valid email address' },
        ],
      },
    });
    expect(text).toBe('Name: a name is required. Email: "x" is not a valid email address.');
  });

  it("tells the user a newer database was left untouched and what to do", () => {
    const text = describeError({ type: "newerDatabase", data: { path: "/d/kith.db", found: 9, supported: 1 } });
    expect(text).toContain("/d/kith.db");
    expect(text).toContain("newer version of Kith");
    expect(text).toContain("untouched");
    expect(text).toContain("update Kith");
  });

  it("explains a file that is not a database", () => {
    const text = describeError({
      type: "notADatabase",
      data: { path: "/d/notes.txt", reason: "it is not an SQLite database file" },
    });
    expect(text).toBe(
      "/d/notes.txt is not a Kith database: it is not an SQLite database file. Kith left it untouched.",
    );
  });
});

describe("fieldErrors", () => {
  it("maps messages to their fields", () => {
    const e = { type: "invalid", data: { fields: [{ field: "email", message: "bad" }] } } as const;
    expect(fieldErrors({ type: e.type, data: { fields: [...e.data.fields] } })).toEqual({ email: "bad" });
  });

  it("is empty for errors that are not about fields", () => {
    expect(fieldErrors({ type: "database", data: { message: "disk I/O error" } })).toEqual({});
    expect(fieldErrors(null)).toEqual({});
  });
});

describe("isFatal", () => {
  it("marks errors that make the database unusable", () => {
    expect(isFatal({ type: "newerDatabase", data: { path: "p", found: 2, supported: 1 } })).toBe(true);
    expect(isFatal({ type: "invalid", data: { fields: [] } })).toBe(false);
  });
});

describe("messageFor and fieldIs", () => {
  const invalid: AppError = {
    type: "invalid",
    data: {
      fields: [
        { field: "channels[1]", message: '"x" is not a link' },
        { field: "channels[1].label", message: "too long" },
        { field: "name", message: "a name is required" },
      ],
    },
  };

  it("matches a field and its parts only", () => {
    expect(fieldIs("channels[1].label", "channels")).toBe(true);
    expect(fieldIs("channels[1].label", "channels[1]")).toBe(true);
    expect(fieldIs("channels[10]", "channels[1]")).toBe(false);
    expect(fieldIs("namesake", "name")).toBe(false);
  });

  it("picks the field's own messages", () => {
    expect(messageFor(invalid, "channels[1]")).toBe('"x" is not a link. Too long.');
    expect(messageFor(invalid, "name")).toBe("A name is required.");
  });

  it("lists every message", () => {
    expect(allMessages(invalid)).toBe('"x" is not a link. Too long. A name is required.');
    expect(allMessages({ type: "database", data: { message: "disk full" } })).toBe(
      "The database reported an error: disk full",
    );
  });

  it("falls back to the whole error", () => {
    expect(messageFor(invalid, "company")).toContain("Name: a name is required.");
    expect(messageFor({ type: "notFound", data: { entity: "contact", id: 3 } }, "name")).toBe(
      "That contact no longer exists (id 3).",
    );
  });
});
