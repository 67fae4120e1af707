import { describe, expect, it } from "vitest";
import { fileName, undoText } from "./ImportHistory";

describe("import history", () => {
  it("shows the file's name without its folders", () => {
    expect(fileName("/home/ana/Downloads/contacts.vcf")).toBe("contacts.vcf");
    expect(fileName("C:\\Users\\ana\\contacts.csv")).toBe("contacts.csv");
    expect(fileName("contacts.vcf")).toBe("contacts.vcf");
  });

  it("says what an undo did, then what it could not take back", () => {
    const undo = {
      id: 3,
      trashed: [
        { id: 1, name: "Ana" },
        { id: 2, name: "Bo" },
      ],
      restored: [{ id: 9, name: "Cy" }],
      kept: ["Dee is in the trash already"],
    };
    expect(undoText(undo)).toEqual(["Undone: 2 moved to the Trash, 1 restored.", "Dee is in the trash already"]);
    expect(undoText({ id: 4, trashed: [], restored: [], kept: [] })).toEqual([
      "Undone: 0 moved to the Trash, 0 restored.",
    ]);
  });
});
