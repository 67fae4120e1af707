import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The app loads the built files from tauri://localhost; there is no dev server in the app.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
  },
});
