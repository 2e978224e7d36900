import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agent, env } from './env.mjs';

test('agent.fetch pays a server on @x402/express (the x402 reference implementation) through the platform', async () => {
  const indiegent = await agent();
  const res = await indiegent.fetch(`${env('X402_URL')}/paid`);
  assert.equal(res.status, 200, await res.clone().text());
  assert.deepEqual(await res.json(), { ok: true });
  assert.equal(res.payment.protocol, 'x402');
  assert.equal(res.payment.amount, env('X402_PRICE'));
  assert.equal(res.payment.credentialType, 'authorization');
  // PAYMENT-RESPONSE, decoded: the facilitator settled the agent's authorization on chain.
  assert.equal(res.payment.receipt?.success, true, JSON.stringify(res.payment.receipt));
  assert.match(res.payment.receipt.transaction, /^0x[0-9a-f]{64}$/i);
});
