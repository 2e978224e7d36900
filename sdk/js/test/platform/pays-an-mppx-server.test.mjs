import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agent, env } from './env.mjs';

test('agent.fetch pays a server on mppx (the MPP reference implementation) through the platform', async () => {
  const indiegent = await agent();
  const res = await indiegent.fetch(`${env('MPPX_URL')}/paid`);
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.payment.amount, env('MPPX_PRICE'));
  assert.equal(res.payment.credentialType, 'authorization');
  assert.ok(res.payment.receipt, 'mppx sends a Payment-Receipt');
});
