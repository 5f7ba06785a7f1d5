// @ts-check
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "import/no-anonymous-default-export": "off",
    },
  },
  {
    // One logger: server-side code logs through pino (the AppContext's logger, with the request
    // id), never the console, whose lines have no level, no request id and no JSON shape.
    files: ["lib/**", "app/**", "server/**", "instrumentation.ts"],
    rules: { "no-console": "error" },
  },
  {
    // Explicit exceptions: the CLI talks to a person in a terminal (its output is the product),
    // and tests print the measurements they take. scripts/, bench/ and e2e/ are outside the rule.
    files: ["server/cli.ts", "server/cli/**", "**/*.test.ts", "**/*.test.tsx"],
    rules: { "no-console": "off" },
  },
  globalIgnores([".next/**", "lib/generated/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "data/**"]),
]);
