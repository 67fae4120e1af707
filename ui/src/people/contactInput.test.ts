import { describe, expect, it } from "vitest";
import type { AppError } from "../errors";
import { newPersonErrors, newPersonInput, parseCadence } from "./contactInput";

describe("parseCadence", () => {
  it("reads a cadence in days", () => {
    expect(parseCadence("")).toEqual({ ok: true, value: null });
    expect(parseCadence(" 30 ")).toEqual({ ok: true, value: 30 });
    expect(parseCadence("0")).toEqual({ ok: true, value: 0 }); // the core explains the range
    expect(parseCadence("1.5").ok).toBe(false);
    expect(parseCadence("-3").ok).toBe(false);
    expect(parseCadence("99999999999").ok).toBe(false);
  });
});

describe("newPersonInput and newPersonErrors", () => {
  it("turns the add form into a ContactInput", () => {
    expect(
      newPersonInput({
        name: "Ana Ruiz",
        company: " Acme ",
        role: "",
        email: " ana@acme.com ",
        circle: "close",
        tags: "friend, rust",
      }),
    ).toEqual({
      name: "Ana Ruiz",
      company: "Acme",
      role: null,
      circle: "close",
      notes: "",
      tags: ["friend", "rust"],
      channels: [{ kind: "email", label: null, value: "ana@acme.com" }],
      dates: [],
      interests: [],
      nameParts: {},
      titles: [],
      addresses: [],
      pastJobs: [],
    });
    const bare = newPersonInput({ name: "Bo", company: "", role: "", email: "  ", circle: "", tags: "" });
    expect(bare.channels).toEqual([]);
    expect(bare.circle).toBeNull();
  });

  it("puts the core's messages on the form's fields", () => {
    const e: AppError = {
      type: "invalid",
      data: {
        fields: [
          { field: "name", message: "a name is required" },
          { field: "channels[0]", message: '"ana at acme" is not a valid email address' },
          { field: "tags[1]", message: "too long" },
        ],
      },
    };
    expect(newPersonErrors(e)).toEqual({
      name: "A name is required.",
      email: '"ana at acme" is not a valid email address.',
      tags: "Too long.",
    });
    expect(newPersonErrors(null)).toEqual({});
  });
});
