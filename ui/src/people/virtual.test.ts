import { describe, expect, it } from "vitest";
import { moveCursor, pagesFor, scrollToShow, visibleRange } from "./virtual";

describe("visibleRange", () => {
  it("renders the visible rows plus the overscan, within the list", () => {
    expect(visibleRange(0, 560, 56, 10_000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleRange(56 * 100, 560, 56, 10_000, 5)).toEqual({ start: 95, end: 115 });
    expect(visibleRange(56 * 9_995, 560, 56, 10_000, 5)).toEqual({ start: 9_990, end: 10_000 });
  });

  it("counts a partly visible row", () => {
    expect(visibleRange(30, 100, 56, 100, 0)).toEqual({ start: 0, end: 3 });
  });

  it("is empty for an empty list and survives odd inputs", () => {
    expect(visibleRange(0, 500, 56, 0, 5)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(-40, 500, 56, 3, 5)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(56 * 50, 500, 56, 10, 2)).toEqual({ start: 10, end: 10 });
  });
});

describe("pagesFor", () => {
  it("lists the pages that hold the rows", () => {
    expect(pagesFor(0, 15, 100)).toEqual([0]);
    expect(pagesFor(95, 115, 100)).toEqual([0, 1]);
    expect(pagesFor(100, 200, 100)).toEqual([1]);
    expect(pagesFor(5, 5, 100)).toEqual([]);
  });
});

describe("scrollToShow", () => {
  it("scrolls as little as possible", () => {
    expect(scrollToShow(0, 56, 0, 560)).toBe(0);
    expect(scrollToShow(10, 56, 0, 560)).toBe(56);
    expect(scrollToShow(3, 56, 560, 560)).toBe(168);
    expect(scrollToShow(12, 56, 560, 560)).toBe(560);
  });
});

describe("moveCursor", () => {
  it("starts at the top and stays within the list", () => {
    expect(moveCursor(-1, 1, 5)).toBe(0);
    expect(moveCursor(-1, -1, 5)).toBe(0);
    expect(moveCursor(0, -1, 5)).toBe(0);
    expect(moveCursor(4, 1, 5)).toBe(4);
    expect(moveCursor(2, 10, 5)).toBe(4);
    expect(moveCursor(3, 1, 0)).toBe(-1);
  });
});
