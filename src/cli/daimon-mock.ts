// `npx daimon-mock --port 4010`: the SDK's mock daimon API on loopback, for trying the API with
// curl, running examples, or pointing any client at it (DAIMON_BASE_URL + DAIMON_API_KEY).
import { parseArgs } from 'node:util';
import {
  createMockServer,
  type DeliveryAttempt,
  type MockVariant,
  type RequestLogEntry,
  type VariantsOption,
} from '../testing/index.js';
import { ALL_VARIANTS } from '../testing/variants/catalogue.js';

const HELP = `Usage: daimon-mock [--port 4010] [--host 127.0.0.1] [--paid] [--seed N] [--variants docs]

Serves a mock of the daimon.email API (approvals and the operator's approval page) over HTTP.
Prints its URL and an account API key, logs one line per request, stops on Ctrl-C.
Delivers signed webhooks to the URLs registered with POST /v1/webhooks (http is fine on
127.0.0.1/localhost) and logs one line per delivery attempt.

  --port   port to listen on (0 picks a free one)   default 4010
  --host   interface to bind                        default 127.0.0.1
  --paid   new inboxes start on the paid tier, so they can send at once. Without it
           they start free, as on daimon: a send answers 402, and its
           upgrade_context.operator_action_url opens the mock's upgrade page
  --seed   seed for fault injection and variants    default random
  --variants docs | name,name…
           answer in the forms daimon's docs show besides the contract's: 'docs' picks
           among those that keep what a client needs, per answer, by the seed; names
           pick exactly those (${ALL_VARIANTS.length} in all, listed in the README)
           default: the contract's forms only
  --help   show this help`;

function fail(message: string): never {
  process.stderr.write(`daimon-mock: ${message}\n\n${HELP}\n`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) fail(`--${name} must be an integer 0…${max}`);
  return n;
}

/** One log line per request. Magic-link tokens are credentials: only their start is shown. */
function line(entry: RequestLogEntry): string {
  const path = entry.path.replace(/^(\/approve\/)([A-Za-z0-9_-]{6})[A-Za-z0-9_-]*/, '$1$2…');
  const status = entry.status === 0 ? 'reset' : String(entry.status);
  const fault = entry.fault === undefined ? '' : ` (injected ${entry.fault})`;
  const forms = entry.variants === undefined ? '' : ` [${entry.variants.join(' ')}]`;
  return `${new Date().toISOString()} ${entry.method} ${path} ${status} ${entry.requestId}${fault}${forms}\n`;
}

/** One log line per webhook delivery attempt (never the secret or the body). */
function deliveryLine(d: DeliveryAttempt): string {
  const outcome = d.delivered ? String(d.status) : `failed (${d.error ?? d.status})`;
  const retry =
    d.next_attempt_at === undefined
      ? ''
      : `, retry at ${new Date(d.next_attempt_at).toISOString()}`;
  const forms = d.variants === undefined ? '' : ` [${d.variants.join(' ')}]`;
  return `${new Date().toISOString()} webhook ${d.type} ${d.event_id} → ${d.url} attempt ${d.attempt}: ${outcome}${retry}${forms}\n`;
}

/** `docs`, or a comma-separated list of variant names. */
function variantsOf(value: string | undefined): VariantsOption | undefined {
  if (value === undefined || value === 'docs') return value;
  const names = value.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !(ALL_VARIANTS as string[]).includes(n));
  if (unknown.length > 0) {
    fail(
      `--variants: unknown ${unknown.join(', ')}; give 'docs' or some of: ${ALL_VARIANTS.join(', ')}`,
    );
  }
  return names as MockVariant[];
}

async function main(): Promise<void> {
  let values: {
    port?: string;
    host?: string;
    paid?: boolean;
    seed?: string;
    variants?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        paid: { type: 'boolean' },
        seed: { type: 'string' },
        variants: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const port = integer('port', values.port, 4010, 65_535);
  const seed = values.seed === undefined ? undefined : integer('seed', values.seed, 0, 2 ** 32);
  const variants = variantsOf(values.variants);
  const mock = createMockServer({
    requestLogLimit: 1000,
    paid: values.paid === true,
    ...(seed === undefined ? {} : { seed }),
    ...(variants === undefined ? {} : { variants }),
  });
  mock.events.on('request', (entry) => process.stdout.write(line(entry)));
  mock.events.on('webhook.delivery', (d) => process.stdout.write(deliveryLine(d)));
  const server = await mock
    .listen({ port, host: values.host ?? '127.0.0.1' })
    .catch((error) => fail(`cannot listen: ${(error as Error).message}`));
  // Before the announcement: whoever waits for it (a test, a script) may signal right away.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.close().then(() => {
      process.stdout.write(`daimon-mock stopped (${signal})\n`);
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.stdout.write(
    [
      `daimon-mock listening on ${server.url}`,
      `account API key: ${mock.accountApiKey}`,
      values.paid
        ? 'new inboxes start paid (--paid): they can send at once'
        : 'new inboxes start free, as on daimon: a send answers 402 with an upgrade link (or start with --paid)',
      ...(variants === undefined
        ? []
        : [
            `answering in daimon's documented forms (${values.variants}), seed ${mock.seed}: replay with --seed ${mock.seed}`,
          ]),
      '',
      `  export DAIMON_BASE_URL=${server.url} DAIMON_API_KEY=${mock.accountApiKey}`,
      `  curl -H "Authorization: Bearer $DAIMON_API_KEY" $DAIMON_BASE_URL/v1/approvals`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`daimon-mock: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
