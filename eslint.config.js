// typescript-eslint (type-aware) + the React hooks rules, over the sources,
// tests, scripts and benchmarks. Formatting is Prettier's job (.prettierrc.json);
// the only layout rule here is the line length Prettier cannot enforce on
// strings and comments.
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
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
