// Which of the map's labels to draw, and on which side of their dot, so that none is drawn
// over another. sigma keeps its own labels apart (one per grid cell) but draws "forced" ones —
// the fading ties — wherever they fall, so two fading ties side by side wrote their names over
// each other. Every label sigma would draw is collected for the frame and placed here: fading
// ties first, then larger dots; each goes right of its dot, else left of it, else is left off
// (it still shows on hover, and the fading panel lists every fading tie).

/** A label's box in viewport pixels at each place it may go (`xs`: the box's left edge,
 * best first), and what decides who goes first. */
export type LabelBox = { xs: number[]; y: number; width: number; height: number; forced: boolean; size: number };

/** The labels to draw, in drawing order, each with the left edge chosen for it. */
export function placeLabels(boxes: LabelBox[], gap = 2): { index: number; x: number }[] {
  const order = boxes.map((b, i) => ({ b, i }));
  order.sort((p, q) => Number(q.b.forced) - Number(p.b.forced) || q.b.size - p.b.size || p.i - q.i);
  const placed: { x: number; y: number; width: number; height: number }[] = [];
  const kept: { index: number; x: number }[] = [];
  for (const { b, i } of order) {
    const x = b.xs.find((x) =>
      placed.every(
        (p) =>
          x >= p.x + p.width + gap ||
          p.x >= x + b.width + gap ||
          b.y >= p.y + p.height + gap ||
          p.y >= b.y + b.height + gap,
      ),
    );
    if (x === undefined) continue;
    placed.push({ x, y: b.y, width: b.width, height: b.height });
    kept.push({ index: i, x });
  }
  return kept;
}
