import nx from '@nx/eslint-plugin';

const domainBans = {
  patterns: [
    { group: ['@nestjs/*', 'mongoose', 'mongodb', 'kafkajs', 'express'], message: 'domain code has no framework or I/O imports' },
    {
      group: ['@aftercare/messaging', '@aftercare/persistence', '@aftercare/http', '@aftercare/auth', '@aftercare/observability', '@aftercare/testing'],
      message: 'domain code depends only on @aftercare/ddd, @aftercare/sla and @aftercare/contracts',
    },
  ],
};

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/node_modules', '**/dist', '.stack', '.nx', 'coverage', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allowCircularSelfDependency: false,
          depConstraints: [
            // A service uses libraries only: never another service's code (contracts live in libs/contracts).
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:domain-kernel', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:domain-kernel', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:domain-kernel'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:domain-kernel', 'type:testing'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:domain-kernel', onlyDependOnLibsWithTags: ['type:domain-kernel'] },
            ...['intake', 'dispatch', 'parts', 'claims', 'survey'].map((svc) => ({
              sourceTag: `scope:${svc}`,
              onlyDependOnLibsWithTags: ['scope:shared'],
            })),
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/__fixtures__/**/*.ts', '**/test/**/*.ts', 'e2e/**/*.ts', 'libs/testing/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // The testing library (stack, probes, process helpers) is for tests only.
    files: ['**/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/testing/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: '@aftercare/testing', message: 'only tests use @aftercare/testing' }] }] },
  },
  {
    files: ['services/*/src/**/domain/**/*.ts', 'libs/ddd/src/**/*.ts', 'libs/sla/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', domainBans] },
  },
];
