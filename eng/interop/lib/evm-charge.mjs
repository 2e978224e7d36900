// The MPP servers' payment method, shared by mppx-server.mjs (HTTP) and mcp-server.mjs (MCP): mppx's
// `evm` method / `charge` intent with EIP-3009 `authorization` credentials in TOKEN on the local chain.
//
// mppx's evm charge verifies the credential itself (HMAC-bound challenge id, expiry, amount,
// recipient, nonce = keccak256(id || realm), EIP-712 signature) but does not talk to a chain: it
// needs a `settle` callback (or an x402 facilitator). The callback here submits
// `transferWithAuthorization` with SERVER_PRIVATE_KEY (the server pays gas), waits for the
// receipt, and refuses a second use of the same (from, nonce) even under concurrency.
import { Errors } from 'mppx';
import { evm } from 'mppx/server';
import { formatUnits, getAddress, parseSignature } from 'viem';
import { clients, eip3009Abi, env, envAddress, envBaseUnits, envInt, envKey, envOr, log } from './common.mjs';

/**
 * The MPP servers' environment: RPC_URL, CHAIN_ID (31337), TOKEN, TOKEN_NAME ("USDC"),
 * TOKEN_VERSION ("2"), TOKEN_DECIMALS (6), PRICE (base units), RECIPIENT, SERVER_PRIVATE_KEY,
 * MPP_SECRET, MPP_REALM (optional), EXPIRES_SECONDS (300), PORT (0). Exits 1 on a missing or bad value.
 */
export function mppServerEnv() {
  return {
    rpcUrl: env('RPC_URL'),
    chainId: envInt('CHAIN_ID', 31337),
    token: envAddress('TOKEN'),
    tokenName: envOr('TOKEN_NAME', 'USDC'),
    tokenVersion: envOr('TOKEN_VERSION', '2'),
    decimals: envInt('TOKEN_DECIMALS', 6),
    price: envBaseUnits('PRICE'),
    recipient: envAddress('RECIPIENT'),
    serverKey: envKey('SERVER_PRIVATE_KEY'),
    secretKey: env('MPP_SECRET'),
    realm: envOr('MPP_REALM', undefined),
    expiresSeconds: envInt('EXPIRES_SECONDS', 300),
    port: envInt('PORT', 0),
  };
}

/**
 * The `evm.charge` method for `Mppx.create({ methods: [method] })`, settling on chain itself.
 * Returns the method, the gas-paying account, and `amount`: PRICE in display units, which is what
 * `mppx.charge({ amount })` takes (it converts back with TOKEN_DECIMALS).
 */
export function evmCharge({ rpcUrl, chainId, token, tokenName, tokenVersion, decimals, price, recipient, serverKey }) {
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

  const method = evm.charge({
    authorization: { name: tokenName, version: tokenVersion },
    chainId,
    currency: token,
    decimals,
    recipient,
    settle,
  });
  return { account, amount: formatUnits(BigInt(price), decimals), method };
}

/** A short reason: the decoded revert (e.g. `AuthorizationUsedOrCanceled`) when there is one. */
function describe(error) {
  const reverted = error?.walk?.((e) => e?.data?.errorName || e?.reason);
  if (reverted?.data?.errorName) return `token reverted with ${reverted.data.errorName}`;
  if (reverted?.reason) return `token reverted: ${reverted.reason}`;
  return error?.shortMessage ?? error?.message ?? String(error);
}
