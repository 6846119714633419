// The mock server in a child process, so the benchmark's heap holds only the client's waits.
// Answers IPC messages: { approve: id } decides an approval, { stats: true } reports counters.
import { createMockServer } from '../../dist/testing/index.js';

const mock = createMockServer();
const server = await mock.listen();
let requests = 0;
mock.events.on('request', () => requests++);

process.on('message', (message) => {
  if (message.approve) {
    mock.approvals.approve(message.approve, { operator_note: 'bench' });
    process.send({ approved: message.approve, at: performance.timeOrigin + performance.now() });
  } else if (message.stats) {
    process.send({ stats: { requests } });
  } else if (message.close) {
    void server.close().then(() => process.exit(0));
  }
});
process.send({ url: server.url, apiKey: mock.accountApiKey });
