import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import purgeCss from "@fullhuman/postcss-purgecss";
import type { Plugin, Root } from "postcss";
import { defineConfig } from "vite";

const ui = fileURLToPath(new URL(".", import.meta.url));

// The app's own stylesheets name the design system's styling hooks they read (var(--slds-…));
// those stay even though no markup names them.
const hooksWeRead = [
  ...new Set(
    ["theme.css", "styles.css"]
      .map((file) => readFileSync(`${ui}src/${file}`, "utf8"))
      .flatMap((css) => [...css.matchAll(/var\((--slds-[\w-]+)/g)].map((m) => m[1])),
  ),
];

// Salesforce's design system ships one stylesheet of about 1 MB; the app keeps only the rules
// whose classes its markup uses. Only slds.css is purged: the app's own rules are small, and a
// class built at run time in a component must not vanish silently.
const purge = purgeCss({
  content: [`${ui}index.html`, `${ui}src/**/*.tsx`, `${ui}src/**/*.ts`],
  variables: true,
  keyframes: true,
  fontFace: true,
  safelist: { variables: hooksWeRead },
}) as Plugin;

// It runs in Once, after vite has inlined the @import and before vite rewrites url()s, so the
// images of purged rules (avatars, banners) are never copied into the build.
const sldsOnly: Plugin = {
  postcssPlugin: "purge-slds-only",
  Once(root: Root, helpers) {
    if (!root.source?.input.file?.endsWith("slds.css")) return;
    return (purge.OnceExit as (root: Root, helpers: unknown) => Promise<void>)(root, helpers);
  },
};

// The UI is served from the binary (tauri://), so paths are relative and nothing is fetched.
export default defineConfig({
  root: "ui",
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, target: "safari15", modulePreload: false },
  css: { postcss: { plugins: [sldsOnly] } },
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
});
