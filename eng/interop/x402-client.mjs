// x402 reference client: @x402/fetch wrapFetchWithPayment with @x402/evm's `exact` scheme
// registered for eip155:CHAIN_ID, signing EIP-3009 authorizations with PAYER_PRIVATE_KEY. The
// fetch it wraps records the PAYMENT-SIGNATURE header it sent, so a test can replay it.
//
// @x402/core's client only pays "default" assets it knows (USDC on Base etc.) unless spend
// controls allow others: TOKEN, when set, is allowed explicitly, otherwise any asset is.
//
// Env: URL, PAYER_PRIVATE_KEY, CHAIN_ID (31337), TOKEN (optional allowlist), MAX_AMOUNT (optional
//      cap in base units for TOKEN), RPC_URL (optional; only for the scheme's on-chain reads),
//      METHOD (GET), BODY (optional), CONTENT_TYPE (application/json when BODY set),
//      PAYMENT_ID (optional: sent as the payment-identifier extension's id when the server declares it),
//      SCHEME ("exact", or "upto": a Permit2 permit for the offer's maximum, for the upto proxy at its
//      canonical address; the payer must have approved Permit2 on the token).
// Stdout: one line `RESULT {"status":200,"body":...,"receipt":"<PAYMENT-RESPONSE>",
//         "credential":"<PAYMENT-SIGNATURE sent>","challenge":"<PAYMENT-REQUIRED paid>",
//         "protocol":"x402"}` (protocol null when nothing was paid).
// Exit 0 when an HTTP response came back (whatever its status), 1 on any other error.
import { ExactEvmScheme } from '@x402/evm/exact/client';
import { UptoEvmScheme } from '@x402/evm/upto/client';
import { appendPaymentIdentifierToExtensions } from '@x402/extensions/payment-identifier';
import { wrapFetchWithPayment, x402Client } from '@x402/fetch';
import { privateKeyToAccount } from 'viem/accounts';
import { die, env, envAddress, envInt, envKey, envOr, log, readBody, result } from './lib/common.mjs';

const url = env('URL');
const account = privateKeyToAccount(envKey('PAYER_PRIVATE_KEY'));
const chainId = envInt('CHAIN_ID', 31337);
const network = `eip155:${chainId}`;
const token = process.env.TOKEN?.trim() ? envAddress('TOKEN') : undefined;
const maxAmount = envOr('MAX_AMOUNT', undefined);
const rpcUrl = envOr('RPC_URL', undefined);
const method = envOr('METHOD', 'GET');
const body = process.env.BODY;
const paymentId = envOr('PAYMENT_ID', undefined);

const scheme = envOr('SCHEME', 'exact');
const client = new x402Client()
  .register(network, scheme === 'upto'
    ? new UptoEvmScheme(account, rpcUrl ? { rpcUrl } : undefined)
    : new ExactEvmScheme(account, rpcUrl ? { rpcUrl } : undefined))
  .setSpendControls({
    allowedAssets: token ? [{ network, asset: token, ...(maxAmount ? { maxAmountPerPayment: maxAmount } : {}) }] : true,
  });

// As the reference example does: the id goes into the declared extension before the payload is made.
if (paymentId) {
  client.onBeforePaymentCreation(async ({ paymentRequired }) => {
    if (paymentRequired.extensions) appendPaymentIdentifierToExtensions(paymentRequired.extensions, paymentId);
  });
}

// Every request the wrapper sends goes through here: keep the payment header and the challenge.
const sent = { credential: null, challenge: null };
const tap = async (request) => {
  const credential = request.headers.get('payment-signature');
  if (credential) sent.credential = credential;
  const response = await fetch(request);
  if (response.status === 402) sent.challenge = response.headers.get('payment-required');
  return response;
};

try {
  const init = { method };
  if (body !== undefined) {
    init.body = body;
    init.headers = { 'content-type': envOr('CONTENT_TYPE', 'application/json') };
  }
  const started = Date.now();
  const response = await wrapFetchWithPayment(tap, client)(url, init);
  log(`${method} ${url} -> ${response.status} in ${Date.now() - started} ms`);
  result({
    status: response.status,
    body: await readBody(response),
    receipt: response.headers.get('payment-response'),
    credential: sent.credential,
    challenge: sent.challenge,
    protocol: sent.credential ? 'x402' : null,
  });
  process.exit(0);
} catch (error) {
  die('payment failed:', error?.stack ?? error);
}
