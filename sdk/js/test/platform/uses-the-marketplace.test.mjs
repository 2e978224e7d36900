import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agent, env } from './env.mjs';

test('agent.marketplace finds a service and calls it, charged to the wallet', async () => {
  const indiegent = await agent();
  const found = await indiegent.marketplace.search({ q: 'weather' });
  const service = found.services.find((s) => s.slug === env('MARKETPLACE_SLUG'));
  assert.ok(service, JSON.stringify(found));
  assert.equal(service.price, env('MARKETPLACE_PRICE'));
  assert.equal((await indiegent.marketplace.get(service.slug)).name, service.name);

  const before = await indiegent.wallet();
  const res = await indiegent.marketplace.call(service.slug, '/echo/lisbon?days=3');
  assert.equal(res.status, 200);
  assert.equal(res.chargeStatus, 'captured');
  assert.equal(res.chargedAmount, env('MARKETPLACE_PRICE'));
  assert.match(res.callId, /^[0-9a-f-]{36}$/);
  assert.match(await res.text(), /\/echo\/lisbon/);
  const after = await indiegent.wallet();
  assert.equal(before.available - after.available, Number(env('MARKETPLACE_PRICE')));

  // A provider failure is not charged.
  const failed = await indiegent.marketplace.call(service.slug, '/fail/500');
  assert.equal(failed.status, 500);
  assert.equal(failed.chargeStatus, 'voided');
  assert.equal((await indiegent.wallet()).available, after.available);
});
