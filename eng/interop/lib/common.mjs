// Shared helpers for the interop peer programs: environment parsing, the local chain definition,
// the single READY / RESULT stdout lines, and logging (everything else goes to stderr).
import { createPublicClient, createWalletClient, defineChain, getAddress, http } from 'viem';
import { nonceManager, privateKeyToAccount } from 'viem/accounts';

/** Logs to stderr; stdout carries only the READY / RESULT lines. */
export function log(...args) {
  console.error(`[${process.argv[1]?.split(/[\\/]/).pop() ?? 'peer'}]`, ...args);
}

/** Fails the process with a message on stderr and exit code 1. */
export function die(message, error) {
  log(message, error ?? '');
  process.exit(1);
}

/** Required environment variable (trimmed); exits 1 when missing. */
export function env(name) {
  const value = process.env[name]?.trim();
  if (!value) die(`missing environment variable ${name}`);
  return value;
}

/** Optional environment variable (trimmed) with a default. */
export function envOr(name, fallback) {
  const value = process.env[name]?.trim();
  return value ? value : fallback;
}

export function envInt(name, fallback) {
  const raw = fallback === undefined ? env(name) : envOr(name, String(fallback));
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) die(`${name} must be a non-negative integer, got ${raw}`);
  return value;
}

export function envAddress(name) {
  try {
    return getAddress(env(name));
  } catch {
    return die(`${name} is not an EVM address`);
  }
}

export function envKey(name) {
  const raw = env(name);
  const key = raw.startsWith('0x') ? raw : `0x${raw}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) die(`${name} must be a 32-byte hex private key`);
  return key;
}

export function envBaseUnits(name) {
  const raw = env(name);
  if (!/^\d+$/.test(raw) || BigInt(raw) === 0n) die(`${name} must be a positive integer amount in base units`);
  return raw;
}

/** The chain the peers run on (anvil by default): CHAIN_ID and RPC_URL. */
export function localChain(chainId, rpcUrl) {
  return defineChain({
    id: chainId,
    name: `local-${chainId}`,
    nativeCurrency: { decimals: 18, name: 'Ether', symbol: 'ETH' },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

/**
 * Public + wallet clients for a private key on RPC_URL / CHAIN_ID. The account keeps its nonces
 * locally (concurrent settlements from one key do not collide), and receipts are polled every
 * 50 ms (viem's default of 4 s is meant for public chains, not a local one mining at once).
 */
export function clients({ rpcUrl, chainId, privateKey }) {
  const chain = localChain(chainId, rpcUrl);
  const transport = http(rpcUrl);
  const pollingInterval = 50;
  const publicClient = createPublicClient({ chain, transport, pollingInterval });
  const account = privateKey ? privateKeyToAccount(privateKey, { nonceManager }) : undefined;
  const walletClient = account ? createWalletClient({ account, chain, transport, pollingInterval }) : undefined;
  return { account, chain, publicClient, walletClient };
}

/**
 * Prints the single `READY {...}` line once the server listens; `path` (e.g. `/mcp`) is appended
 * to the URL it reports and returns.
 */
export function listen(server, port, path = '') {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const url = `http://127.0.0.1:${address.port}${path}`;
      process.stdout.write(`READY ${JSON.stringify({ url, port: address.port })}\n`);
      resolve(url);
    });
  });
}

/** Stops cleanly on SIGTERM / SIGINT (the C# tests kill the process when done). */
export function stopOnSignals(server) {
  const stop = (signal) => {
    log(`${signal}, stopping`);
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/** Prints the single `RESULT {...}` line. */
export function result(value) {
  process.stdout.write(`RESULT ${JSON.stringify(value)}\n`);
}

/** Reads a response body: parsed JSON when it is JSON, else the text (null when empty). */
export async function readBody(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** EIP-3009 `transferWithAuthorization`, both overloads of Circle FiatToken v2.2. */
export const eip3009Abi = [
  {
    type: 'function',
    name: 'transferWithAuthorization',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'from', type: 'address' },
      { name: 'to', type: 'address' },
      { name: 'value', type: 'uint256' },
      { name: 'validAfter', type: 'uint256' },
      { name: 'validBefore', type: 'uint256' },
      { name: 'nonce', type: 'bytes32' },
      { name: 'v', type: 'uint8' },
      { name: 'r', type: 'bytes32' },
      { name: 's', type: 'bytes32' },
    ],
    outputs: [],
  },
  {
    type: 'function',
    name: 'authorizationState',
    stateMutability: 'view',
    inputs: [
      { name: 'authorizer', type: 'address' },
      { name: 'nonce', type: 'bytes32' },
    ],
    outputs: [{ name: '', type: 'bool' }],
  },
  // Custom errors of the repository's IndieUSDC token, for readable revert reasons (FiatToken
  // itself reverts with strings, which viem decodes without them).
  { type: 'error', name: 'AuthorizationUsedOrCanceled', inputs: [{ type: 'address' }, { type: 'bytes32' }] },
  { type: 'error', name: 'AuthorizationExpired', inputs: [{ type: 'uint256' }] },
  { type: 'error', name: 'AuthorizationNotYetValid', inputs: [{ type: 'uint256' }] },
  { type: 'error', name: 'InvalidSigner', inputs: [{ type: 'address' }, { type: 'address' }] },
  { type: 'error', name: 'InvalidSignature', inputs: [] },
  {
    type: 'error',
    name: 'ERC20InsufficientBalance',
    inputs: [{ type: 'address' }, { type: 'uint256' }, { type: 'uint256' }],
  },
];
