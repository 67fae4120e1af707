// Plain-key shortcuts of a screen (j/k, n, /, …): when they may act on a key press.

/** An element that takes typed text, where a letter is a letter and not a shortcut. */
export function isTyping(el: HTMLElement): boolean {
  if (el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !["checkbox", "radio", "button", "submit", "reset"].includes(el.type);
  return false;
}

/** True when a screen's shortcut may take `ev`: not handled yet, no modifier, no dialog
 * open, nothing being typed. */
export function isShortcut(ev: KeyboardEvent): boolean {
  if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return false;
  if (document.querySelector('[aria-modal="true"]')) return false;
  return !(ev.target instanceof HTMLElement && isTyping(ev.target));
}

/** ArrowDown and ArrowUp move the active option of a list of `count` (the input keeps the
 * focus); true when `ev` was one of them and was handled. */
export function moveActive(
  ev: { key: string; preventDefault(): void },
  setActive: (move: (active: number) => number) => void,
  count: number,
): boolean {
  if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return false;
  ev.preventDefault();
  setActive(ev.key === "ArrowDown" ? (a) => Math.min(a + 1, count - 1) : (a) => Math.max(a - 1, 0));
  return true;
}

/** A form's own keys: Esc cancels, Ctrl+Enter (⌘+Enter) saves. */
export function saveOrCancelKeys(save: () => void, cancel: () => void) {
  return (ev: { key: string; ctrlKey: boolean; metaKey: boolean; preventDefault(): void }) => {
    if (ev.key === "Escape") {
      ev.preventDefault();
      cancel();
    } else if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      save();
    }
  };
}
