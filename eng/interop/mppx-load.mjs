// MPP reference client under load, for the benchmark: CONCURRENCY loops each fetch URL through
// mppx/client (402 → sign → retry) for SECONDS, after WARMUP seconds not counted. One payer key;
// EIP-3009 authorizations carry challenge-bound nonces, so concurrent payments never collide.
//
// Env: URL, PAYER_PRIVATE_KEY, TOKEN, CHAIN_ID, TOKEN_NAME ("USDC"), TOKEN_VERSION ("2"),
//      CONCURRENCY (1), SECONDS (10), WARMUP (2).
// Stdout: one line `RESULT {"requests":N,"failures":N,"seconds":S,"perSecond":R,"p50":ms,"p95":ms,"p99":ms}`.
import { Mppx, evm } from 'mppx/client';
import { privateKeyToAccount } from 'viem/accounts';
import { die, env, envAddress, envInt, envKey, envOr, result } from './lib/common.mjs';

const url = env('URL');
const account = privateKeyToAccount(envKey('PAYER_PRIVATE_KEY'));
const concurrency = envInt('CONCURRENCY', 1);
const seconds = envInt('SECONDS', 10);
const warmup = envInt('WARMUP', 2);

const mppx = Mppx.create({
  methods: [
    evm.charge({
      account,
      authorization: { name: envOr('TOKEN_NAME', 'USDC'), version: envOr('TOKEN_VERSION', '2') },
      currencies: [envAddress('TOKEN')],
      networks: [envInt('CHAIN_ID')],
    }),
  ],
  polyfill: false,
});

const latencies = [];
let failures = 0;
const warmEnd = Date.now() + warmup * 1000;
const end = warmEnd + seconds * 1000;

async function loop() {
  while (Date.now() < end) {
    const started = performance.now();
    let ok = false;
    try {
      const response = await mppx.fetch(url);
      await response.arrayBuffer();
      ok = response.status === 200;
    } catch {
      ok = false;
    }
    if (Date.now() > warmEnd && Date.now() <= end) {
      if (ok) latencies.push(performance.now() - started);
      else failures++;
    }
  }
}

try {
  await Promise.all(Array.from({ length: concurrency }, loop));
  latencies.sort((a, b) => a - b);
  const at = (q) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] * 10) / 10 : null);
  result({
    requests: latencies.length,
    failures,
    seconds,
    perSecond: Math.round((latencies.length / seconds) * 10) / 10,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
  });
  process.exit(0);
} catch (error) {
  die('load failed:', error?.stack ?? error);
}
