// ESLint: the recommended rules of eslint and typescript-eslint (without type information, so it
// stays fast), fitted to the code as it is; each rule turned down says why.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/', 'reports/', '.repro/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  { files: ['templates/assets/*.js'], languageOptions: { globals: globals.browser } },
  {
    rules: {
      // `const { wall_ms: _, ...meta } = entry` is how the code leaves a key out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.test.ts'],
    rules: {
      // Tests read parsed JSON documents (CITATION.cff, ro-crate-metadata.json) by key path.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
