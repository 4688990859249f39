// Lint: the mistakes a reviewer would flag (typescript-eslint's recommended set, the rules of hooks),
// not formatting, which is prettier's job (`npm run lint` runs both).
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '**/build/',
      'coverage/',
      'miniprogram/dist/',
      'cloudfunctions/dist/',
      'bench/results/',
      'test/artifacts/',
      '.data/',
      '.swc/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser, ...globals.jest },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Unused code is a real smell; a leading underscore says "unused on purpose".
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // `any` switches the typed contract off between client, functions and storage: an error in application
      // code. Tests and the benchmark probe loosely typed replies on purpose (override below).
      '@typescript-eslint/no-explicit-any': 'error',
      // Short-circuit calls (`ok && done()`) are an intended idiom here, not dead code.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // Lazy and conditional requires are deliberate: SDKs kept out of the function bundles and out of module
      // load, h5-only styles dropped from the WeChat build, fresh module registries in the weapp harness.
      '@typescript-eslint/no-require-imports': 'off',
      // Control characters in a regular expression are always the point here: input sanitising.
      'no-control-regex': 'off',
      // Chinese copy uses the ideographic space (U+3000) in strings, templates and JSX text; elsewhere it is a mistake.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipJSXText: true, skipRegExps: true }],
    },
  },
  {
    // CommonJS files: build scripts, jest configuration and setup.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['miniprogram/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
