import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["ui/dist/**", "ui/src/bindings/**", "node_modules/**", "target/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["ui/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    rules: {
      // Only api.ts may reach the backend.
      "no-restricted-imports": ["error", { patterns: [{ group: ["@tauri-apps/*"], message: "Import from ui/src/api.ts instead." }] }],
    },
  },
  { files: ["ui/src/api.ts"], rules: { "no-restricted-imports": "off" } },
  // WebDriver tests run in Node, and the callbacks they pass to `execute` run in the page.
  { files: ["tests/**/*.{js,mjs}", "bench/**/*.{js,mjs}"], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
);
