import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agent, env } from './env.mjs';

test('a payment the spending controls refuse is a PaymentError with the platform\'s reason', async () => {
  const indiegent = await agent();
  const error = await indiegent.fetch(`${env('PAID_URL')}/search`).catch((e) => e);
  assert.equal(error.name, 'PaymentError');
  assert.equal(error.reason, 'ExceedsPerPaymentLimit');
  assert.equal(error.status, 403);
  assert.match(error.type, /exceeds-per-payment-limit$/);
  assert.match(error.message, /IndieGent did not pay/);
});
