import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agent, asOperator, env } from './env.mjs';

test('a payment above the approval threshold waits for the operator, then the call completes', async () => {
  const indiegent = await agent({ waitSeconds: 1 });
  let settled = false;
  const call = indiegent.fetch(`${env('PAID_URL')}/search`).finally(() => { settled = true; });

  // The operator sees it waiting and approves it.
  let waiting;
  for (let i = 0; i < 100 && waiting === undefined; i++) {
    const approvals = await (await asOperator('/v1/approvals')).json();
    waiting = approvals[0]?.id;
    if (waiting === undefined) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(waiting, 'the payment is waiting for approval');
  assert.equal(settled, false);
  assert.equal((await asOperator(`/v1/payments/${waiting}/approve`, { method: 'POST' })).status, 202);

  const res = await call;
  assert.equal(res.status, 200);
  assert.equal(res.payment.paymentId, waiting);
});

test('a payment the operator denies ends the call with a PaymentError', async () => {
  const indiegent = await agent({ waitSeconds: 1 });
  const call = indiegent.fetch(`${env('PAID_URL')}/search?again=1`).catch((e) => e);
  let waiting;
  for (let i = 0; i < 100 && waiting === undefined; i++) {
    const approvals = await (await asOperator('/v1/approvals')).json();
    waiting = approvals[0]?.id;
    if (waiting === undefined) await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal((await asOperator(`/v1/payments/${waiting}/deny`, { method: 'POST' })).status, 202);
  const error = await call;
  assert.equal(error.name, 'PaymentError');
  assert.equal(error.paymentId, waiting);
});
