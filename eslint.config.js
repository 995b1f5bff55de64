import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default tseslint.config(
  { ignores: ["build/**", "build-*/**", "node_modules/**", "db/migrations/**", "data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-empty": ["error", { allowEmptyCatch: false }],
    },
  },
  {
    // The import boundaries of DESIGN.md: services never touch the web framework.
    files: ["server/services/**", "server/policies/**", "db/**", "collab/schema/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@remix-run/*", "react", "react-dom", "~/*", "*/app/*"] }],
    },
  },
  {
    files: ["app/**"],
    ignores: ["app/**/*.server.ts", "app/**/*.server.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["**/db/*", "better-sqlite3"] }],
    },
  },
);
