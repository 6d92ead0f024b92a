// Lint rules: strict TypeScript and a core that never imports a platform library (import cycles: test/unit/lint).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const PLATFORM_LIBRARIES = [
  '@actions/*',
  'azure-pipelines-task-lib',
  'azure-pipelines-task-lib/*',
  'azure-devops-node-api',
  'azure-devops-node-api/*',
  '@mlgate/github',
  '@mlgate/azure',
  '@mlgate/cli',
]

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', 'out/**', 'bench/data/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['packages/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: PLATFORM_LIBRARIES, message: 'packages/core must not import a platform library; put runner-specific code in packages/github, packages/azure or packages/cli.' }] },
      ],
    },
  },
)
