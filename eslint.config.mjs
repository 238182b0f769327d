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

/**
 * Message types are written once, in libs/contracts: everyone else imports its constants
 * (`WORK_ORDER_ASSIGNED_V1`, `CRM_CUSTOMER_UPSERTED_V1`, …). A type is
 * `aftercare.<service>.<aggregate>.<event>.v<N>` or an external owner's `crm.|erp.<aggregate>.<event>.v<N>`;
 * topics (`<owner>.public.<name>.v<N>`) are not types. Caught: a string literal that is a type,
 * a literal prefix that builds types (`'aftercare.dispatch.work-order.'`) and a template literal
 * that builds one (`aftercare.dispatch.work-order.${name}.v1`).
 */
const SEGMENT = '[a-z][a-z0-9-]*';
const MESSAGE_TYPE = new RegExp(`^(aftercare\\.${SEGMENT}\\.${SEGMENT}\\.${SEGMENT}|(crm|erp)\\.(?!public\\.)${SEGMENT}\\.${SEGMENT})\\.v[0-9]+$`);
const MESSAGE_TYPE_PREFIX = new RegExp(`^(aftercare\\.${SEGMENT}\\.${SEGMENT}\\.|(crm|erp)\\.(?!public\\.)${SEGMENT}\\.)$`);
const noMessageTypeLiterals = {
  meta: {
    type: 'problem',
    docs: { description: 'message types come from @aftercare/contracts, never from string literals' },
    messages: {
      literal: "'{{text}}' is a message type (or builds one): import its constant from @aftercare/contracts instead of writing it again",
      template: 'this template builds a message type: import the constant from @aftercare/contracts instead',
    },
    schema: [],
  },
  create(context) {
    return {
      Literal(node) {
        if (typeof node.value !== 'string') return;
        if (MESSAGE_TYPE.test(node.value) || MESSAGE_TYPE_PREFIX.test(node.value))
          context.report({ node, messageId: 'literal', data: { text: node.value } });
      },
      TemplateLiteral(node) {
        if (node.expressions.length === 0) {
          const text = node.quasis[0].value.cooked ?? '';
          if (MESSAGE_TYPE.test(text) || MESSAGE_TYPE_PREFIX.test(text)) context.report({ node, messageId: 'literal', data: { text } });
          return;
        }
        // Every placeholder stands for one segment: does the template yield a type?
        const shape = node.quasis.map((q) => q.value.cooked ?? '').join('x');
        if (MESSAGE_TYPE.test(shape) || MESSAGE_TYPE_PREFIX.test(shape)) context.report({ node, messageId: 'template' });
      },
    };
  },
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
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:domain-kernel', 'type:testing', 'type:test-base'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:domain-kernel', 'type:testing', 'type:test-base'] },
            { sourceTag: 'type:tools', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:domain-kernel', 'type:testing', 'type:test-base'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:domain-kernel', 'type:test-base'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:domain-kernel', 'type:testing', 'type:test-base'] },
            // The contracts ship alone; only their tests use the dependency-free test helpers (the src ban below).
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:test-base'] },
            { sourceTag: 'type:test-base', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:domain-kernel', onlyDependOnLibsWithTags: ['type:domain-kernel'] },
            ...['intake', 'dispatch', 'parts', 'claims', 'survey'].map((svc) => ({
              sourceTag: `scope:${svc}`,
              onlyDependOnLibsWithTags: ['scope:shared'],
            })),
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A value that must be there is narrowed, or its absence named (an invariant's Error): a `!` turns it into a TypeError far away.
      '@typescript-eslint/no-non-null-assertion': 'error',
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
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@aftercare/testing', message: 'only tests use @aftercare/testing' },
            { name: '@aftercare/testing/ports', message: 'only tests use @aftercare/testing/ports' },
            { name: '@aftercare/testing/kafka-node', message: 'only tests use @aftercare/testing/kafka-node' },
          ],
        },
      ],
    },
  },
  {
    files: ['services/*/src/**/domain/**/*.ts', 'libs/ddd/src/**/*.ts', 'libs/sla/src/**/*.ts', 'libs/monthly-report/src/domain/**/*.ts', 'libs/month-figures/src/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', domainBans] },
  },
  {
    // Everywhere but the contracts themselves, tests included.
    files: ['**/*.ts'],
    ignores: ['libs/contracts/**'],
    plugins: { aftercare: { rules: { 'no-message-type-literals': noMessageTypeLiterals } } },
    rules: { 'aftercare/no-message-type-literals': 'error' },
  },
];
