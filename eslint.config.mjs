// The linter `npm test` runs (stage `lint`): typescript-eslint's strict and stylistic type-checked sets,
// as vscode-eslint and rust-analyzer's editors/code keep, with each departure from them justified below.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'out/', 'test-results/', 'bench/results/', 'bench/corpus/', '.vscode-test/'],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The engine indexes maps it has just filled and arrays whose length it has checked; `!` there
      // states an invariant the type system cannot see, and is cheaper to read than a throw per lookup.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numbers and booleans print as users expect in messages (`port 80`, `ready true`).
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Unused arguments named `_x` keep a callback's signature readable.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `setting || fallback` on a string means an empty setting counts as unset, which `??` would not do.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      // `(s) => setPort(s, 80)` is how the tables and event handlers read; braces around each call add nothing.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    // node:test's `describe`/`it` return promises the runner awaits itself.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      // Tests build deliberately malformed manifests as loose objects that upstream's Go tables mutate
      // field by field (`s.spec.ports[0].protocol = 'BAD'`), and read the CLI's and server's JSON output:
      // an unexpected shape fails the assertion itself, so the `any` rules guard nothing there.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // `() => {}` is the log or callback a test ignores.
      '@typescript-eslint/no-empty-function': ['error', { allow: ['arrowFunctions'] }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
