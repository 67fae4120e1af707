// Tooltips drawn by the page instead of the system. WebKitGTK shows a `title` as a native tooltip
// and only takes it down when the pointer moves: switch views from the keyboard (Ctrl+1) and the
// old view's tooltip stayed on screen over the new one. So Kith writes `data-tip` instead of
// `title`, and this one layer shows it: after a short rest on the element, gone as soon as the
// pointer leaves, a key or button is pressed, the page scrolls, or the element is no longer on
// screen (its view was left).
import { useEffect, useState } from "react";

const DELAY_MS = 500;

type Shown = { text: string; x: number; y: number; below: boolean };

/** The one tooltip of the page; mount it once, at the root. */
export function Tooltips() {
  const [shown, setShown] = useState<Shown | null>(null);

  useEffect(() => {
    let target: HTMLElement | null = null;
    let timer = 0;
    let watch = 0;
    const hide = () => {
      window.clearTimeout(timer);
      window.clearInterval(watch);
      target = null;
      setShown(null);
    };
    const show = (el: HTMLElement) => {
      const text = el.dataset.tip;
      if (!text || !el.isConnected) return;
      const r = el.getBoundingClientRect();
      const below = r.top < 48;
      // Centred on the element, but kept inside the window (the tip is at most 360 px wide).
      const x = Math.min(Math.max(r.left + r.width / 2, 188), window.innerWidth - 188);
      setShown({ text, x, y: below ? r.bottom + 6 : r.top - 6, below });
      // The element can leave the page without the pointer moving (a view switched by keyboard).
      watch = window.setInterval(() => {
        if (!el.isConnected || !el.matches(":hover")) hide();
      }, 150);
    };
    const over = (e: PointerEvent) => {
      const el = (e.target as Element | null)?.closest<HTMLElement>("[data-tip]") ?? null;
      if (el === target) return;
      hide();
      if (!el) return;
      target = el;
      timer = window.setTimeout(() => show(el), DELAY_MS);
    };
    const out = (e: PointerEvent) => {
      const to = (e.relatedTarget as Element | null)?.closest("[data-tip]");
      if (target && to !== target) hide();
    };
    const listeners: [EventTarget, string, EventListener, boolean][] = [
      [document, "pointerover", over as EventListener, false],
      [document, "pointerout", out as EventListener, false],
      [document, "pointerdown", hide, true],
      [document, "keydown", hide, true],
      [document, "scroll", hide, true],
      [window, "blur", hide, false],
    ];
    for (const [on, type, l, capture] of listeners) on.addEventListener(type, l, capture);
    return () => {
      hide();
      for (const [on, type, l, capture] of listeners) on.removeEventListener(type, l, capture);
    };
  }, []);

  if (!shown) return null;
  return (
    <div
      className={`tooltip${shown.below ? " below" : ""}`}
      role="tooltip"
      data-testid="tooltip"
      style={{ left: shown.x, top: shown.y }}
    >
      {shown.text}
    </div>
  );
}
