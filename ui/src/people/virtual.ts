// The arithmetic of the virtualised People list (unit-tested in virtual.test.ts): which rows
// to render for a scroll position, which pages of the core's list they fall in, and where to
// scroll so a row is visible. Rows all have the same height.

/** Rows [start, end) to render: the visible ones plus `overscan` on either side. */
export function visibleRange(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  total: number,
  overscan: number,
): { start: number; end: number } {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, viewport)) / rowHeight);
  const start = Math.min(Math.max(first - overscan, 0), total);
  const end = Math.min(Math.max(last + overscan, start), total);
  return { start, end };
}

/** Indexes of the pages of `pageSize` rows that hold rows [start, end). */
export function pagesFor(start: number, end: number, pageSize: number): number[] {
  if (end <= start) return [];
  const out: number[] = [];
  for (let p = Math.floor(start / pageSize); p <= Math.floor((end - 1) / pageSize); p++) out.push(p);
  return out;
}

/** The scrollTop that brings row `index` fully into view, moving as little as possible. */
export function scrollToShow(index: number, rowHeight: number, scrollTop: number, viewport: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewport) return Math.max(0, top + rowHeight - viewport);
  return scrollTop;
}

/** The keyboard cursor moved by `delta` rows, kept within the list (-1 when it is empty). */
export function moveCursor(cursor: number, delta: number, total: number): number {
  if (total <= 0) return -1;
  if (cursor < 0) return delta < 0 ? 0 : Math.min(delta - 1, total - 1);
  return Math.min(Math.max(cursor + delta, 0), total - 1);
}
