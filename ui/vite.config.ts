import { defineConfig } from "vite";

// The UI is served from the binary (tauri://), so paths are relative and nothing is fetched.
export default defineConfig({
  root: "ui",
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, target: "safari15", modulePreload: false },
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
});
