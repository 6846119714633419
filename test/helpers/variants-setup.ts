// Setup file of the `variants` vitest project: on a failure, says how to replay the forms the
// mocks answered in (see variants-mock.ts).
import { beforeEach } from 'vitest';
import { madeInThisTest, VARIANTS, VARIANTS_BASE_SEED } from './variants-mock.js';

beforeEach(({ onTestFailed, task }) => {
  madeInThisTest.length = 0;
  onTestFailed(() => {
    const seeds = madeInThisTest.map((m) => (m.own ? `${m.seed} (the test's own)` : m.seed));
    console.error(
      [
        `[variants mode] "${task.name}" failed with DAIMON_VARIANTS_SEED=${VARIANTS_BASE_SEED} DAIMON_VARIANTS=${String(VARIANTS)}`,
        `  mock seeds: ${seeds.join(', ') || '(no mock made in the test itself)'}`,
        `  replay: DAIMON_VARIANTS_SEED=${VARIANTS_BASE_SEED} DAIMON_VARIANTS=${String(VARIANTS)} npx vitest run --project variants ${task.file.name} -t ${JSON.stringify(task.name)}`,
        '  each request and delivery lists the forms it took: mock.requests[i].variants, mock.deliveries[i].variants',
      ].join('\n'),
    );
  });
});
