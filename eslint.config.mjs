// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const APPS = ['gateway', 'connectors', 'router'];
const appSource = (app) => [`**/apps/${app}/**`, `**/${app}/src/**`];
// Libraries are used through their public index (shared and routing expose one index per folder; the connector SDK
// a second one, /http, for the fetcher that only implementations and the connectors process load).
const libInternals = {
  group: [
    '@minsheng/connector-sdk/*',
    '!@minsheng/connector-sdk/http',
    '!@minsheng/connector-sdk/egress',
    '@minsheng/connector-types/*',
    '@minsheng/*/*/*',
    '**/libs/*/src/**',
  ],
  message: 'Import a library through its public index (@minsheng/<lib> or @minsheng/<lib>/<folder>).',
};

/** The gateway asks the connectors and the router over the control plane (decision 020); it never does their work. */
const gatewayAsks = [
  {
    name: '@minsheng/routing',
    importNames: ['routeItem'],
    message: 'The router routes: ask it over the control plane (docs/decisions/020-control-plane.md).',
  },
  {
    name: '@minsheng/routing/simulation',
    importNames: ['RuleSetSimulator'],
    message: 'The router simulates: ask it over the control plane (docs/decisions/020-control-plane.md).',
  },
  {
    name: '@minsheng/connector-sdk/http',
    message: 'The connectors fetch: ask them over the control plane (docs/decisions/020-control-plane.md).',
  },
];

/** Boundaries: no app imports another app, no library imports an app (test/lint/import-boundaries.spec.ts). */
const boundaries = [
  ...APPS.map((app) => ({
    files: [`apps/${app}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: APPS.filter((other) => other !== app).flatMap(appSource),
              message:
                'An app never imports another app: move the code into a library, or ask the owning app over the control plane.',
            },
            libInternals,
          ],
          paths: app === 'gateway' ? gatewayAsks : [],
        },
      ],
    },
  })),
  {
    // The console talks to the gateway over HTTP only (its types come from docs/openapi.json, decision 027).
    files: ['apps/console/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@minsheng/*', '**/libs/**', ...APPS.flatMap(appSource)],
              message: 'The console knows the hub only through its HTTP API (apps/console/src/api).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: APPS.flatMap(appSource), message: 'A library never imports an app.' }] },
      ],
    },
  },
];

export default tseslint.config(
  {
    // test/**/*.mjs: plain-Node helpers for ES-module-only packages (test/deploy/support/validate-models.mjs).
    ignores: [
      'dist/**',
      'dist-tools/**',
      'node_modules/**',
      'coverage/**',
      '.run/**',
      '*.js',
      '*.mjs',
      'test/**/*.mjs',
      'apps/console/src/api/openapi.d.ts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts', 'test/simulator/main.ts'],
    rules: { 'no-console': 'off' },
  },
  ...boundaries,
  prettier,
);
