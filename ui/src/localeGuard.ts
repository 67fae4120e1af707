// Some systems report a locale Intl cannot use (LANG=C gives navigator.language "C"), and
// libraries that build an Intl formatter while loading (uPlot) would then stop the whole
// app. Imported first, before any of them: such a locale is replaced by the default.
try {
  new Intl.NumberFormat(navigator.language);
} catch {
  Object.defineProperty(navigator, "language", { value: "en-US", configurable: true });
  Object.defineProperty(navigator, "languages", { value: ["en-US"], configurable: true });
}

export {};
