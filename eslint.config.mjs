import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import prettier from 'eslint-config-prettier/flat';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'warn',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Pages, layouts, actions, routes and components call lib/, which holds the rules and the tenant
    // scope; a query written in app/ or components/ would bypass both.
    files: ['app/**', 'components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/db', '@/db/*', '**/db/*'],
              message: 'Call a lib/ domain function instead: app/ and components/ do not touch the database.',
            },
          ],
        },
      ],
    },
  },
  {
    // The operator condition has one spelling, lib/auth/scope.ts's ownedBy(table, actor), so it is
    // never written by hand with another operator's id.
    files: ['lib/**', 'app/**', 'components/**'],
    ignores: ['lib/auth/scope.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.name=/^(eq|inArray)$/][arguments.0.type='MemberExpression'][arguments.0.property.name='operatorId']",
          message: 'Scope by operator with ownedBy(table, actor) from lib/auth/scope.ts.',
        },
      ],
    },
  },
  // Last: turns off the stylistic rules Prettier owns.
  prettier,
  globalIgnores([
    '.next/**',
    'node_modules/**',
    '.data/**',
    'test-results/**',
    'playwright-report/**',
    'next-env.d.ts',
    'db/migrations/**',
  ]),
]);
