// typescript-eslint (type-aware) + the React hooks rules, over the sources,
// tests, scripts and benchmarks. Formatting is Prettier's job (.prettierrc.json);
// the only layout rule here is the line length Prettier cannot enforce on
// strings and comments. CI runs this (`npm run lint` in .ci/run): a rule is
// switched off only on the line that needs it, with the reason, except for the
// codebase-wide exceptions below, each with its own.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {ignores: ['node_modules/', 'dist/', 'coverage/', 'bench/results/', 'screenshots/']},
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: {...globals.node},
      parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname},
    },
    plugins: {'@stylistic': stylistic, 'react-hooks': reactHooks},
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@stylistic/max-len': ['error', {code: 160, ignoreUrls: true, ignoreRegExpLiterals: true}],
      // A terminal program matches control characters on purpose: sanitising
      // API text before it reaches the screen, reading keys, stripping escape
      // sequences from captured frames. The rule exists to catch accidental
      // control characters in patterns; here every one is the point.
      'no-control-regex': 'off',
      // Unused names are errors, except an underscore-prefixed one, which is
      // how a destructuring that drops a field (`{secret: _s, ...rest}`) or a
      // callback that ignores a positional argument says so.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // Tests read HTTP bodies, the headless commands' --json output and files
    // on disk as untyped values on purpose: they check the wire shape that the
    // client's types assume, so reading them through those types would assume
    // what the test is there to check. The value is declared once as `Wire`
    // (test/simulator/helpers.ts), and the assertions are the type check.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
