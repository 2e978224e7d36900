// MPP reference client: mppx/client fetches URL and pays a 402 `evm`/`charge` challenge with an
// EIP-3009 `authorization` credential signed by PAYER_PRIVATE_KEY. The fetch it wraps records the
// credential header it sent, so a test can replay it.
//
// mppx does not read the token's EIP-712 domain from the chain: the client must be told the
// domain name / version (TOKEN_NAME, TOKEN_VERSION) for a token it does not know.
//
// Env: URL, PAYER_PRIVATE_KEY, TOKEN_NAME ("USDC"), TOKEN_VERSION ("2"),
//      TOKEN + CHAIN_ID (optional: restrict payment to that token on that chain),
//      MAX_AMOUNT (optional: largest amount in base units the client will pay),
//      METHOD (GET), BODY (optional request body), CONTENT_TYPE (application/json when BODY set),
//      API_KEY (optional: sent as `Authorization: Bearer API_KEY`, the application's own key).
// Stdout: one line `RESULT {"status":200,"body":...,"receipt":"<Payment-Receipt>",
//         "credential":"<credential header value sent>","credentialHeader":"<its field>",
//         "challenge":"<WWW-Authenticate paid>","protocol":"mpp"}` (protocol "x402" with PAYMENT-RESPONSE / PAYMENT-SIGNATURE /
//         PAYMENT-REQUIRED values when the server offered only x402; null when nothing was paid).
// Exit 0 when an HTTP response came back (whatever its status), 1 on any other error.
import { Mppx, evm } from 'mppx/client';
import { privateKeyToAccount } from 'viem/accounts';
import { die, env, envAddress, envInt, envKey, envOr, log, readBody, result } from './lib/common.mjs';

const url = env('URL');
const account = privateKeyToAccount(envKey('PAYER_PRIVATE_KEY'));
const tokenName = envOr('TOKEN_NAME', 'USDC');
const tokenVersion = envOr('TOKEN_VERSION', '2');
const token = process.env.TOKEN?.trim() ? envAddress('TOKEN') : undefined;
const chainId = process.env.CHAIN_ID?.trim() ? envInt('CHAIN_ID') : undefined;
const maxAmount = envOr('MAX_AMOUNT', undefined);
const method = envOr('METHOD', 'GET');
const body = process.env.BODY;
const apiKey = envOr('API_KEY', undefined);

// Every request mppx sends goes through here: keep the credential it sent and the challenge it
// answered. mppx also speaks x402 (PAYMENT-REQUIRED / PAYMENT-SIGNATURE) when a server offers only
// that; it prefers the native Payment scheme when a 402 carries both.
const sent = { protocol: null, credential: null, credentialHeader: null, challenges: { mpp: null, x402: null } };
const tap = async (input, init) => {
  const headers = new Headers(input instanceof Request ? input.headers : undefined);
  for (const [name, value] of new Headers(init?.headers)) headers.set(name, value);
  const field = ['authorization', 'payment-authorization'].find((name) => headers.get(name)?.startsWith('Payment '));
  if (field) Object.assign(sent, { protocol: 'mpp', credential: headers.get(field), credentialHeader: field });
  else if (headers.has('payment-signature'))
    Object.assign(sent, { protocol: 'x402', credential: headers.get('payment-signature') });
  const response = await fetch(input, init);
  if (response.status === 402)
    sent.challenges = {
      mpp: response.headers.get('www-authenticate'),
      x402: response.headers.get('payment-required'),
    };
  return response;
};

const mppx = Mppx.create({
  fetch: tap,
  methods: [
    evm.charge({
      account,
      authorization: { name: tokenName, version: tokenVersion },
      ...(token && chainId !== undefined ? { currencies: [token], networks: [chainId] } : {}),
      ...(chainId !== undefined && !token ? { networks: [chainId] } : {}),
      ...(maxAmount ? { maxAtomicAmount: maxAmount } : {}),
    }),
  ],
  polyfill: false,
});

try {
  const init = { method, headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} };
  if (body !== undefined) {
    init.body = body;
    init.headers['content-type'] = envOr('CONTENT_TYPE', 'application/json');
  }
  const started = Date.now();
  const response = await mppx.fetch(url, init);
  log(`${method} ${url} -> ${response.status} in ${Date.now() - started} ms`);
  const x402 = sent.protocol === 'x402';
  result({
    status: response.status,
    body: await readBody(response),
    receipt: response.headers.get(x402 ? 'payment-response' : 'payment-receipt'),
    credential: sent.credential,
    credentialHeader: sent.credentialHeader,
    challenge: x402 ? sent.challenges.x402 : sent.challenges.mpp,
    protocol: sent.protocol,
  });
  process.exit(0);
} catch (error) {
  die('payment failed:', error?.stack ?? error);
}
