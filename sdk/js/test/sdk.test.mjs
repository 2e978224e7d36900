// The SDK's own rules, without a platform: construction, 402 detection, idempotency keys, receipts,
// and a one-shot body refused before anything is paid.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { IndieGent, PaymentError, PaymentErrorReasons, paymentRequiredOf } from '../dist/index.js';
import { credentialHeaderOf, idempotencyKeyOf, receiptOf } from '../dist/challenges.js';

const challenge = 'Payment id="abc", realm="api.example.com", method="evm", intent="charge", request="e30"';

test('needs a key, and https except to this machine', () => {
  assert.throws(() => new IndieGent({ apiKey: '' }), /API key/);
  assert.throws(() => new IndieGent({ apiKey: 'igk_x', baseUrl: 'http://gateway.example.com' }), /https/);
  assert.throws(() => new IndieGent({ apiKey: 'igk_x', waitSeconds: 61 }), RangeError);
  assert.ok(new IndieGent({ apiKey: 'igk_x', baseUrl: 'http://127.0.0.1:5000' }));
  assert.ok(new IndieGent({ apiKey: 'igk_x', baseUrl: 'https://api.example.com/indiegent' }));
});

test('takes the Gateway from INDIEGENT_URL when the code names none', async () => {
  let asked;
  const agent = () => new IndieGent({ apiKey: 'igk_x', fetch: async (request) => { asked = String(request); throw new Error('stop'); } });
  const saved = process.env.INDIEGENT_URL;
  try {
    process.env.INDIEGENT_URL = 'http://127.0.0.1:7777';
    await agent().wallet().catch(() => {});
    assert.equal(asked, 'http://127.0.0.1:7777/v1/wallet');
    process.env.INDIEGENT_URL = 'http://gateway.example.com';
    assert.throws(() => agent(), /https/);
  } finally {
    if (saved === undefined) delete process.env.INDIEGENT_URL; else process.env.INDIEGENT_URL = saved;
  }
});

test('finds MPP, the older dialect and x402 in a 402, and nothing elsewhere', () => {
  const mpp = new Response(null, { status: 402, headers: [['www-authenticate', 'Bearer realm="x"'], ['www-authenticate', challenge]] });
  assert.deepEqual(paymentRequiredOf(mpp), { wwwAuthenticate: [`Bearer realm="x", ${challenge}`], paymentRequired: undefined });
  const x402 = new Response(null, { status: 402, headers: { 'payment-required': 'eyJ4NDAyVmVyc2lvbiI6Mn0' } });
  assert.deepEqual(paymentRequiredOf(x402), { wwwAuthenticate: [], paymentRequired: 'eyJ4NDAyVmVyc2lvbiI6Mn0' });
  assert.equal(paymentRequiredOf(new Response(null, { status: 402, headers: { 'www-authenticate': 'Bearer realm="x"' } })), undefined);
  assert.equal(paymentRequiredOf(new Response(null, { status: 401, headers: { 'www-authenticate': challenge } })), undefined);
});

test('derives one idempotency key per request and challenge', async () => {
  const required = { wwwAuthenticate: [challenge], paymentRequired: undefined };
  const key = await idempotencyKeyOf('get', 'https://api.example.com/a', required);
  assert.match(key, /^sdk-[A-Za-z0-9_-]{43}$/);
  assert.equal(await idempotencyKeyOf('GET', 'https://api.example.com/a', required), key);
  assert.notEqual(await idempotencyKeyOf('GET', 'https://api.example.com/b', required), key);
  assert.notEqual(await idempotencyKeyOf('GET', 'https://api.example.com/a', { ...required, wwwAuthenticate: [challenge + ', x="1"'] }), key);
});

test('sends the credential in the header its protocol names, and reads receipts', () => {
  assert.equal(credentialHeaderOf('mpp'), 'Authorization');
  assert.equal(credentialHeaderOf('mpp-dialect'), 'Authorization');
  assert.equal(credentialHeaderOf('x402'), 'PAYMENT-SIGNATURE');
  const receipt = Buffer.from(JSON.stringify({ status: 'success', reference: '0xabc' })).toString('base64url');
  assert.deepEqual(receiptOf(new Response(null, { headers: { 'payment-receipt': receipt } })), { status: 'success', reference: '0xabc' });
  assert.equal(receiptOf(new Response(null, { headers: { 'payment-receipt': 'not base64 json' } })), undefined);
});

test('refuses amounts that are not whole base units', async () => {
  assert.throws(() => new IndieGent({ apiKey: 'igk_x', maxAmount: '1.5' }), /base units/);
  const agent = new IndieGent({ apiKey: 'igk_x', baseUrl: 'http://127.0.0.1:1' });
  await assert.rejects(agent.fetch('http://127.0.0.1:1/x', { maxAmount: -1 }), /base units/);
});

test('a one-shot stream body that meets a 402 is refused with a clear error, and nothing is paid', async () => {
  let platformCalls = 0;
  const server = createServer((request, response) => {
    if (request.url.startsWith('/v1/')) platformCalls++;
    request.resume();
    response.writeHead(402, { 'www-authenticate': challenge }).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${server.address().port}`;
    const agent = new IndieGent({ apiKey: 'igk_x', baseUrl: base });
    const body = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('{"q":1}')); c.close(); } });
    const error = await agent.fetch(`${base}/paid`, { method: 'POST', body }).catch((e) => e);
    assert.ok(error instanceof PaymentError);
    assert.equal(error.reason, PaymentErrorReasons.BodyNotReplayable);
    assert.match(error.message, /stream/);
    assert.equal(platformCalls, 0);
  } finally {
    server.close();
  }
});

test('an unreachable platform is a PaymentError saying so', async () => {
  const agent = new IndieGent({ apiKey: 'igk_x', baseUrl: 'http://127.0.0.1:1' });
  const error = await agent.wallet().catch((e) => e);
  assert.ok(error instanceof PaymentError);
  assert.equal(error.reason, PaymentErrorReasons.PlatformUnavailable);
});
