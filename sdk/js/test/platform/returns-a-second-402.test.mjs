import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { agent, env } from './env.mjs';

test('a server that answers 402 again after the payment gets its 402 back as it is, paid once', async () => {
  // A server that relays the real middleware's challenge, and refuses the paid retry as well.
  const seen = [];
  const server = createServer(async (request, response) => {
    seen.push(request.headers.authorization ?? null);
    const upstream = await fetch(`${env('PAID_URL')}/search`);
    await upstream.body?.cancel();
    response.writeHead(402, { 'www-authenticate': upstream.headers.get('www-authenticate'), 'content-type': 'text/plain' }).end('still unpaid');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const indiegent = await agent();
    const before = await indiegent.wallet();
    const res = await indiegent.fetch(`http://127.0.0.1:${server.address().port}/search`);
    assert.equal(res.status, 402);
    assert.equal(await res.text(), 'still unpaid');
    assert.equal(seen.length, 2, 'sent once, then once with the credential');
    assert.equal(seen[0], null);
    assert.match(seen[1], /^Payment /);
    assert.ok(res.payment, 'the payment it made is on the response');
    const after = await indiegent.wallet();
    assert.equal(before.available - after.available, Number(env('PRICE')), 'one payment');
  } finally {
    server.close();
  }
});
