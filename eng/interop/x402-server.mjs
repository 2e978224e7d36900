// x402 reference resource server: @x402/express paymentMiddleware with one paid route, GET /paid,
// priced PRICE base units of TOKEN on eip155:CHAIN_ID, paid to RECIPIENT, `exact` scheme
// (EIP-3009). The facilitator is either in-process (FACILITATOR_PRIVATE_KEY; @x402/core +
// @x402/evm, a viem wallet client on RPC_URL pays gas) or remote (FACILITATOR_URL, e.g.
// x402-facilitator.mjs). After settlement it answers 200 {"ok":true} with PAYMENT-RESPONSE.
//
// Env: RPC_URL, CHAIN_ID (31337), TOKEN, TOKEN_NAME ("USDC"), TOKEN_VERSION ("2"), PRICE (base
//      units), RECIPIENT, FACILITATOR_PRIVATE_KEY or FACILITATOR_URL, PORT (0),
//      MAX_TIMEOUT_SECONDS (300), PAYMENT_IDENTIFIER ("optional" or "required": declares the
//      payment-identifier extension on /paid; the server then checks the client's echo of it),
//      SCHEME ("exact", or "upto": PRICE is the maximum, and CHARGE base units — the maximum when
//      unset — are settled after the answer, through the upto proxy at its canonical address),
//      ASSET_TRANSFER_METHOD ("eip3009", or "permit2": exact paid through Permit2 and the exact proxy
//      at its canonical address, as for tokens without EIP-3009).
// Stdout: one line `READY {"url":"http://127.0.0.1:PORT","port":PORT}`.
import { createServer } from 'node:http';
import { HTTPFacilitatorClient } from '@x402/core/server';
import { ExactEvmScheme } from '@x402/evm/exact/server';
import { UptoEvmScheme } from '@x402/evm/upto/server';
import { paymentMiddleware, setSettlementOverrides, x402ResourceServer } from '@x402/express';
import { declarePaymentIdentifierExtension, PAYMENT_IDENTIFIER } from '@x402/extensions/payment-identifier';
import express from 'express';
import { asFacilitatorClient, createFacilitator } from './lib/facilitator.mjs';
import {
  die,
  envAddress,
  envBaseUnits,
  envInt,
  envKey,
  envOr,
  env,
  listen,
  log,
  stopOnSignals,
} from './lib/common.mjs';

const chainId = envInt('CHAIN_ID', 31337);
const network = `eip155:${chainId}`;
const token = envAddress('TOKEN');
const tokenName = envOr('TOKEN_NAME', 'USDC');
const tokenVersion = envOr('TOKEN_VERSION', '2');
const price = envBaseUnits('PRICE');
const recipient = envAddress('RECIPIENT');
const port = envInt('PORT', 0);
const maxTimeoutSeconds = envInt('MAX_TIMEOUT_SECONDS', 300);
const facilitatorUrl = envOr('FACILITATOR_URL', undefined);
const paymentIdentifier = envOr('PAYMENT_IDENTIFIER', undefined);
const scheme = envOr('SCHEME', 'exact');
if (!['exact', 'upto'].includes(scheme)) die('SCHEME is "exact" or "upto"');
const charge = scheme === 'upto' ? envOr('CHARGE', undefined) : undefined;
const assetTransferMethod = envOr('ASSET_TRANSFER_METHOD', 'eip3009');
if (paymentIdentifier && !['optional', 'required'].includes(paymentIdentifier)) die('PAYMENT_IDENTIFIER is "optional" or "required"');

let facilitatorClient;
if (facilitatorUrl) {
  facilitatorClient = new HTTPFacilitatorClient({ url: facilitatorUrl });
  log(`facilitator: ${facilitatorUrl}`);
} else if (process.env.FACILITATOR_PRIVATE_KEY?.trim()) {
  const { address, facilitator } = createFacilitator({
    rpcUrl: env('RPC_URL'),
    chainId,
    privateKey: envKey('FACILITATOR_PRIVATE_KEY'),
  });
  facilitatorClient = asFacilitatorClient(facilitator);
  log(`facilitator: in-process, gas from ${address}`);
} else {
  die('set FACILITATOR_PRIVATE_KEY (in-process facilitator) or FACILITATOR_URL');
}

const resourceServer = new x402ResourceServer(facilitatorClient)
  .register(network, new ExactEvmScheme())
  .register(network, new UptoEvmScheme());

const routes = {
  'GET /paid': {
    accepts: {
      scheme,
      network,
      payTo: recipient,
      // An AssetAmount: base units of an explicit asset, with the EIP-712 domain the client signs
      // (x402 puts it in `extra`; the token on the local chain is unknown to @x402/evm).
      price: {
        amount: price,
        asset: token,
        extra: { name: tokenName, version: tokenVersion, ...(assetTransferMethod === 'permit2' ? { assetTransferMethod } : {}) },
      },
      maxTimeoutSeconds,
    },
    description: 'IndieGent interop test resource',
    mimeType: 'application/json',
    ...(paymentIdentifier
      ? { extensions: { [PAYMENT_IDENTIFIER]: declarePaymentIdentifierExtension(paymentIdentifier === 'required') } }
      : {}),
  },
};

const app = express();
app.disable('x-powered-by');
app.use(paymentMiddleware(routes, resourceServer));
app.get('/paid', (_req, res) => {
  // upto: what this request used (the facilitator settles it after the answer).
  if (charge !== undefined) setSettlementOverrides(res, { amount: charge });
  res.json({ ok: true });
});
app.get('/health', (_req, res) => res.json({ ok: true }));

const server = createServer(app);
stopOnSignals(server);
const url = await listen(server, port);
log(`listening on ${url}; ${price} base units of ${token} on ${network} to ${recipient}`);
