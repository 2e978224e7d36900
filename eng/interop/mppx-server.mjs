// MPP reference server: mppx (mppx/express) with one paid route, GET /paid, charged through the
// `evm` method / `charge` intent (EIP-3009 `authorization` credentials) in TOKEN on the local chain.
//
// mppx's evm charge verifies the credential itself (HMAC-bound challenge id, expiry, amount,
// recipient, nonce = keccak256(id || realm), EIP-712 signature) but does not talk to a chain: it
// needs a `settle` callback (or an x402 facilitator). The callback here submits
// `transferWithAuthorization` with SERVER_PRIVATE_KEY (the server pays gas), waits for the
// receipt, and refuses a second use of the same (from, nonce) even under concurrency.
//
// Env: RPC_URL, CHAIN_ID, TOKEN, TOKEN_NAME ("USDC"), TOKEN_VERSION ("2"), TOKEN_DECIMALS (6),
//      PRICE (base units), RECIPIENT, SERVER_PRIVATE_KEY, MPP_SECRET (>= 32 bytes), PORT (0),
//      MPP_REALM (optional; default: the Host of the request), EXPIRES_SECONDS (300).
// Stdout: one line `READY {"url":"http://127.0.0.1:PORT","port":PORT}`.
import { createServer } from 'node:http';
import express from 'express';
import { Errors } from 'mppx';
import { Mppx, evm } from 'mppx/express';
import { formatUnits, getAddress, parseSignature } from 'viem';
import {
  clients,
  eip3009Abi,
  env,
  envAddress,
  envBaseUnits,
  envInt,
  envKey,
  envOr,
  listen,
  log,
  stopOnSignals,
} from './lib/common.mjs';

const rpcUrl = env('RPC_URL');
const chainId = envInt('CHAIN_ID', 31337);
const token = envAddress('TOKEN');
const tokenName = envOr('TOKEN_NAME', 'USDC');
const tokenVersion = envOr('TOKEN_VERSION', '2');
const decimals = envInt('TOKEN_DECIMALS', 6);
const price = envBaseUnits('PRICE');
const recipient = envAddress('RECIPIENT');
const serverKey = envKey('SERVER_PRIVATE_KEY');
const secretKey = env('MPP_SECRET');
const realm = envOr('MPP_REALM', undefined);
const expiresSeconds = envInt('EXPIRES_SECONDS', 300);
const port = envInt('PORT', 0);

const { account, publicClient, walletClient } = clients({ rpcUrl, chainId, privateKey: serverKey });

// (from, nonce) pairs taken by a settlement, so one credential settles at most once.
const claimed = new Set();

async function settle({ payload }) {
  const from = getAddress(payload.from);
  const key = `${from}:${payload.nonce.toLowerCase()}`;
  if (claimed.has(key)) throw new Errors.VerificationFailedError({ reason: 'authorization already used' });
  claimed.add(key);
  let hash;
  try {
    const { v, r, s } = parseSignature(payload.signature);
    const { request } = await publicClient.simulateContract({
      account,
      address: token,
      abi: eip3009Abi,
      functionName: 'transferWithAuthorization',
      args: [
        from,
        getAddress(payload.to),
        BigInt(payload.value),
        BigInt(payload.validAfter),
        BigInt(payload.validBefore),
        payload.nonce,
        Number(v),
        r,
        s,
      ],
    });
    hash = await walletClient.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
    log(`settled ${payload.value} from ${from} in ${hash}`);
    return { reference: hash };
  } catch (error) {
    if (!hash) claimed.delete(key); // nothing reached the chain: the payer may retry
    if (error instanceof Errors.PaymentError) throw error;
    const reason = describe(error);
    log('settlement failed:', reason);
    throw new Errors.VerificationFailedError({ reason: `settlement failed: ${reason}` });
  }
}

/** A short reason: the decoded revert (e.g. `AuthorizationUsedOrCanceled`) when there is one. */
function describe(error) {
  const reverted = error?.walk?.((e) => e?.data?.errorName || e?.reason);
  if (reverted?.data?.errorName) return `token reverted with ${reverted.data.errorName}`;
  if (reverted?.reason) return `token reverted: ${reverted.reason}`;
  return error?.shortMessage ?? error?.message ?? String(error);
}

const mppx = Mppx.create({
  methods: [
    evm.charge({
      authorization: { name: tokenName, version: tokenVersion },
      chainId,
      currency: token,
      decimals,
      recipient,
      settle,
    }),
  ],
  realm,
  secretKey,
});

const amount = formatUnits(BigInt(price), decimals); // mppx takes display units, converts back
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
