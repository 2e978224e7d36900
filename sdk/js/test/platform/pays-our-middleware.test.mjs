import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agent, env } from './env.mjs';

test('agent.fetch pays a 402 from our middleware through the platform, as the docs show it', async () => {
  const indiegent = await agent();
  const before = await indiegent.wallet();

  const res = await indiegent.fetch(`${env('PAID_URL')}/search?q=flights`); // paid automatically

  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'results');
  assert.equal(res.payment.amount, env('PRICE'));
  assert.equal(res.payment.protocol, 'mpp');
  assert.match(res.payment.paymentId, /^[0-9a-f-]{36}$/);
  assert.equal(res.payment.receipt?.status, 'success');
  const recorded = await indiegent.payments.get(res.payment.paymentId);
  assert.equal(recorded.amount, Number(env('PRICE')));
  const after = await indiegent.wallet();
  assert.equal(before.available - after.available, Number(env('PRICE')));
});

test('a POST body is sent again with the payment', async () => {
  const indiegent = await agent();
  const res = await indiegent.fetch(`${env('PAID_URL')}/echo`, { method: 'POST', body: JSON.stringify({ from: 'lhr', to: 'jfk' }), headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { from: 'lhr', to: 'jfk' });
  assert.ok(res.payment);
});

test('a call that costs more than maxAmount is refused by the platform, and nothing is paid', async () => {
  const indiegent = await agent();
  const before = await indiegent.wallet();
  const error = await indiegent.fetch(`${env('PAID_URL')}/search`, { maxAmount: Number(env('PRICE')) - 1 }).catch((e) => e);
  assert.equal(error.name, 'PaymentError');
  assert.match(error.type ?? '', /problems\//);
  assert.equal((await indiegent.wallet()).available, before.available);
});
