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
