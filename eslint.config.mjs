// Lint: typescript-eslint's recommended rules, no import cycles, and the layer rules of docs/design-notes.md.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

/** The pure core: config model, compiler and plan. The CLI, the policy pack and the tests reuse it. */
const PURE_CORE = [
  "components/config/**/*.ts",
  "components/settings/**/*.ts",
  "components/plan/**/*.ts",
  "components/preflight/**/*.ts",
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "out/**",
      "bin/**",
      "policies/node_modules/**",
      "policies/bin/**",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [
        createTypeScriptImportResolver({ project: ["tsconfig.json", "policies/tsconfig.json"] }),
      ],
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./components", from: "./cli", message: "components are the program; the CLI builds on them" },
            {
              target: "./components",
              from: "./policies",
              message: "the policy pack checks components, not the reverse",
            },
            {
              target: "./policies",
              from: "./cli",
              message: "the policy pack runs inside `pulumi preview`, without the CLI",
            },
            {
              target: ["./components/config", "./components/settings", "./components/plan", "./components/preflight"],
              from: [
                "./components/identity",
                "./components/credentials",
                "./components/distribution",
                "./components/telemetry",
              ],
              message: "the pure core imports no cloud component",
            },
            {
              target: "./components/config",
              from: ["./components/settings", "./components/plan"],
              message: "data flows config → settings → plan",
            },
            {
              target: "./components/settings",
              from: "./components/plan",
              message: "data flows config → settings → plan",
            },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: PURE_CORE,
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@pulumi/*"], message: "the pure core imports no Pulumi" }] },
      ],
    },
  },
);
