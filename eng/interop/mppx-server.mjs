// MPP reference server: mppx (mppx/express) with one paid route, GET /paid, charged through the
// `evm` method / `charge` intent (EIP-3009 `authorization` credentials) in TOKEN on the local chain.
//
// mppx's evm charge verifies the credential itself (HMAC-bound challenge id, expiry, amount,
// recipient, nonce = keccak256(id || realm), EIP-712 signature) but does not talk to a chain: it
// needs a `settle` callback (or an x402 facilitator). The callback (lib/evm-charge.mjs, shared
// with mcp-server.mjs) submits `transferWithAuthorization` with SERVER_PRIVATE_KEY (the server pays
// gas), waits for the receipt, and refuses a second use of the same (from, nonce) even under
// concurrency.
//
// Env: RPC_URL, CHAIN_ID, TOKEN, TOKEN_NAME ("USDC"), TOKEN_VERSION ("2"), TOKEN_DECIMALS (6),
//      PRICE (base units), RECIPIENT, SERVER_PRIVATE_KEY, MPP_SECRET (>= 32 bytes), PORT (0),
//      MPP_REALM (optional; default: the Host of the request), EXPIRES_SECONDS (300).
// Stdout: one line `READY {"url":"http://127.0.0.1:PORT","port":PORT}`.
import { createServer } from 'node:http';
import express from 'express';
import { Mppx } from 'mppx/express';
import { listen, log, stopOnSignals } from './lib/common.mjs';
import { evmCharge, mppServerEnv } from './lib/evm-charge.mjs';

const config = mppServerEnv();
const { chainId, token, price, recipient, secretKey, realm, expiresSeconds, port } = config;
const { account, amount, method } = evmCharge(config); // amount: PRICE in display units, as mppx takes it

const mppx = Mppx.create({ methods: [method], realm, secretKey });

const description = 'IndieGent interop test resource';

const app = express();
app.disable('x-powered-by');
// The middleware is built per request so that each challenge gets a fresh `expires`.
app.get(
  '/paid',
  (req, res, next) =>
    mppx.charge({ amount, description, expires: new Date(Date.now() + expiresSeconds * 1000) })(req, res, next),
  (_req, res) => {
    res.json({ ok: true });
  },
);
app.get('/health', (_req, res) => res.json({ ok: true }));

const server = createServer(app);
stopOnSignals(server);
const url = await listen(server, port);
log(`listening on ${url}; ${price} base units of ${token} on chain ${chainId} to ${recipient}; gas from ${account.address}`);
