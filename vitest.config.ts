import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The SDK-facing suites that also run against the mock's documented-variants mode (issue #10):
 * their `src/testing/index.js` is aliased to test/helpers/variants-mock.ts, whose
 * `createMockServer` answers in daimon's documented forms, seeded by DAIMON_VARIANTS_SEED.
 */
const VARIANTS_SUITES = [
  'test/integration/approvals.test.ts',
  'test/integration/wait-edges.test.ts',
  'test/integration/inboxes-mock.test.ts',
  'test/integration/threads-mock.test.ts',
  'test/integration/drafts-mock.test.ts',
  'test/integration/webhooks-delivery.test.ts',
  'test/integration/webhooks-delivery-retries.test.ts',
  'test/integration/webhooks-e2e.test.ts',
  'test/chaos/chaos.test.ts',
  'test/integration/account-domains.test.ts',
  'test/integration/attachments.test.ts',
];

const timeouts = { testTimeout: 20_000, hookTimeout: 30_000 };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'default',
          include: ['test/**/*.test.ts'],
          exclude: ['test/variants/**', '**/node_modules/**'],
          typecheck: {
            enabled: true,
            include: ['test/types/**/*.test-d.ts'],
            tsconfig: './tsconfig.json',
          },
          ...timeouts,
        },
      },
      {
        resolve: {
          alias: [
            {
              find: /^(\.\.\/)+src\/testing\/index\.js$/,
              replacement: fileURLToPath(
                new URL('./test/helpers/variants-mock.ts', import.meta.url),
              ),
            },
          ],
        },
        test: {
          name: 'variants',
          include: [...VARIANTS_SUITES, 'test/variants/**/*.test.ts'],
          setupFiles: ['test/helpers/variants-setup.ts'],
          ...timeouts,
        },
      },
    ],
  },
});
