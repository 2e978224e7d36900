// Self-check of the peers against each other on a private anvil chain:
//   1. starts anvil (eng/tools, or env ANVIL) on a free port, deploys contracts/out/IndieUSDC.json
//      ("USDC", "USDC", "2"), funds fresh payer / gas accounts and mints PRICE * 10 to the payer;
//   2. mppx-server + mppx-client, x402-server (in-process facilitator) + x402-client, and
//      x402-server + x402-facilitator + x402-client: each pair must answer 200 {"ok":true}, move
//      exactly PRICE to the recipient, and refuse the captured credential when it is replayed.
// Prints the decoded wire headers of each pair to stderr and one line `VERIFY {...}` to stdout;
// exits 0 when every check passed. Usage: node verify.mjs   (env VERBOSE=1 shows peer logs)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublicClient, createWalletClient, getAddress, http, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { localChain } from './lib/common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const anvilPath =
  process.env.ANVIL ?? join(repo, 'eng', 'tools', 'node_modules', '@foundry-rs', 'anvil-linux-amd64', 'bin', 'anvil');
const artifact = JSON.parse(readFileSync(join(repo, 'contracts', 'out', 'IndieUSDC.json'), 'utf8'));
const verbose = process.env.VERBOSE === '1';
// anvil's first dev account (public, deterministic): deploys the token and owns `mint`.
const deployerKey = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const chainId = 31337;
const price = '10000'; // 0.01 USDC

const children = [];
const checks = [];
const say = (...args) => console.error('[verify]', ...args);

function check(name, ok, detail) {
  checks.push({ name, ok: !!ok });
  say(`${ok ? 'PASS' : 'FAIL'} ${name}${detail === undefined ? '' : `: ${detail}`}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a program; resolves with the parsed JSON of the first stdout line starting with `prefix`. */
function start(command, args, env, prefix, { timeoutMs = 30000 } = {}) {
  const name = args[0] ?? command;
  const child = spawn(command, args, {
    cwd: here,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (verbose) process.stderr.write(chunk);
  });
  const started = Date.now();
  const line = new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`${name}: no ${prefix} line in ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const text = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        if (prefix && text.startsWith(`${prefix} `)) {
          clearTimeout(timer);
          resolve({ value: JSON.parse(text.slice(prefix.length + 1)), ms: Date.now() - started });
        } else if (text.trim()) {
          reject(new Error(`${name}: unexpected stdout line: ${text}`));
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited with ${code} before ${prefix}\n${stderr}`));
    });
  });
  return { child, line, stderr: () => stderr };
}

function stop(child) {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

const b64urlJson = (value) => JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
const b64Json = (value) => JSON.parse(Buffer.from(value, 'base64').toString('utf8'));

async function main() {
  // ── chain ──────────────────────────────────────────────────────────────────────────────────
  const anvilPort = await freePort();
  const rpcUrl = `http://127.0.0.1:${anvilPort}`;
  const anvil = spawn(anvilPath, ['--host', '127.0.0.1', '--port', String(anvilPort), '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(anvil);
  const chain = localChain(chainId, rpcUrl);
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) });
  for (let i = 0; ; i++) {
    try {
      await publicClient.getChainId();
      break;
    } catch {
      if (i > 100) throw new Error('anvil did not answer');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const deployer = createWalletClient({ account: privateKeyToAccount(deployerKey), chain, transport: http(rpcUrl) });
  const hash = await deployer.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode.startsWith('0x') ? artifact.bytecode : `0x${artifact.bytecode}`,
    args: ['USDC', 'USDC', '2'],
  });
  const token = getAddress((await publicClient.waitForTransactionReceipt({ hash })).contractAddress);
  say(`anvil on ${rpcUrl}, token ${token}`);

  const newAccount = async (eth) => {
    const key = generatePrivateKey();
    const address = privateKeyToAccount(key).address;
    if (eth) await publicClient.request({ method: 'anvil_setBalance', params: [address, `0x${parseEther(eth).toString(16)}`] });
    return { key, address };
  };
  const payer = await newAccount('1'); // pays no gas itself; ETH only to show it is not needed
  const gas = await newAccount('10'); // server / facilitator
  const mint = async (to, amount) =>
    publicClient.waitForTransactionReceipt({
      hash: await deployer.writeContract({ address: token, abi: artifact.abi, functionName: 'mint', args: [to, amount] }),
    });
  await mint(payer.address, BigInt(price) * 10n);
  const balanceOf = (address) =>
    publicClient.readContract({ address: token, abi: artifact.abi, functionName: 'balanceOf', args: [address] });

  const common = { RPC_URL: rpcUrl, CHAIN_ID: String(chainId), TOKEN: token, PRICE: price };
  const summary = { token, timings: {} };

  // ── pair runner ────────────────────────────────────────────────────────────────────────────
  async function pair(name, { servers, client, replayHeader }) {
    say(`── ${name}`);
    const recipient = (await newAccount()).address;
    const begin = Date.now();
    const procs = [];
    let url;
    let readyMs = 0;
    for (const makeServer of servers) {
      const proc = start('node', ...makeServer({ recipient, url }), 'READY');
      procs.push(proc);
      const { value, ms } = await proc.line;
      url = value.url;
      readyMs += ms;
    }
    try {
      const before = await balanceOf(recipient);
      const payerBefore = await balanceOf(payer.address);
      const clientEnv = { URL: `${url}/paid`, PAYER_PRIVATE_KEY: payer.key, ...client.env };
      const run = start('node', client.args, clientEnv, 'RESULT');
      const { value: res, ms: clientMs } = await run.line;
      const after = await balanceOf(recipient);
      check(`${name}: status 200 {"ok":true}`, res.status === 200 && res.body?.ok === true, `${res.status} ${JSON.stringify(res.body)}`);
      check(`${name}: recipient +PRICE`, after - before === BigInt(price), `${before} -> ${after}`);
      check(`${name}: payer -PRICE`, payerBefore - (await balanceOf(payer.address)) === BigInt(price));
      check(`${name}: receipt header present`, !!res.receipt);
      check(`${name}: credential captured`, !!res.credential);

      // Replay the captured credential on a fresh request: must be refused, nothing moves.
      const replayStart = Date.now();
      const replay = await fetch(`${url}/paid`, { headers: { [replayHeader]: res.credential } });
      const replayBody = await replay.text();
      const replayMs = Date.now() - replayStart;
      check(`${name}: replay refused`, replay.status !== 200, `${replay.status} ${replayBody.slice(0, 300)}`);
      check(`${name}: replay moved nothing`, (await balanceOf(recipient)) === after);
      const total = Date.now() - begin;
      summary.timings[name] = { serversReadyMs: readyMs, clientMs, replayMs, totalMs: total };
      say(`${name}: servers ready ${readyMs} ms, client ${clientMs} ms, replay ${replayMs} ms, total ${total} ms`);
      return { recipient, res, replay: { status: replay.status, headers: Object.fromEntries(replay.headers), body: replayBody } };
    } finally {
      for (const proc of procs.reverse()) stop(proc.child);
    }
  }

  // ── mppx ───────────────────────────────────────────────────────────────────────────────────
  const mppSecret = randomBytes(32).toString('base64');
  const mppServer = (recipient) => [
    ['mppx-server.mjs'],
    { ...common, RECIPIENT: recipient, SERVER_PRIVATE_KEY: gas.key, MPP_SECRET: mppSecret, PORT: '0' },
  ];
  const mpp = await pair('mppx', {
    servers: [({ recipient }) => mppServer(recipient)],
    client: { args: ['mppx-client.mjs'], env: { TOKEN: token, CHAIN_ID: String(chainId) } },
    replayHeader: 'Authorization',
  });
  check('mppx: client used the Payment scheme', mpp.res.protocol === 'mpp', mpp.res.protocol);
  {
    // A restarted server has no memory of the credential: the token itself must refuse the replay.
    const fresh = start('node', ...mppServer(mpp.recipient), 'READY');
    try {
      const { url } = (await fresh.line).value;
      const before = await balanceOf(mpp.recipient);
      const replay = await fetch(`${url}/paid`, { headers: { Authorization: mpp.res.credential } });
      const text = await replay.text();
      check('mppx: replay on a restarted server refused', replay.status === 402, `${replay.status} ${text.slice(0, 300)}`);
      check('mppx: replay on a restarted server moved nothing', (await balanceOf(mpp.recipient)) === before);
    } finally {
      stop(fresh.child);
    }
  }
  {
    const challenge = mpp.res.challenge;
    const credential = mpp.res.credential;
    say('mppx WWW-Authenticate:', challenge);
    const request = /request="([^"]+)"/.exec(challenge)?.[1];
    say('mppx request (decoded):', JSON.stringify(request ? b64urlJson(request) : null));
    say('mppx Authorization:', credential);
    say('mppx credential (decoded):', JSON.stringify(b64urlJson(credential.slice('Payment '.length))));
    say('mppx Payment-Receipt:', mpp.res.receipt, '=', JSON.stringify(b64urlJson(mpp.res.receipt)));
    say('mppx replay response:', JSON.stringify(mpp.replay));
  }

  // ── x402, in-process facilitator ──────────────────────────────────────────────────────────
  const x402Client = { args: ['x402-client.mjs'], env: { TOKEN: token, CHAIN_ID: String(chainId) } };
  const x = await pair('x402', {
    servers: [
      ({ recipient }) => [['x402-server.mjs'], { ...common, RECIPIENT: recipient, FACILITATOR_PRIVATE_KEY: gas.key, PORT: '0' }],
    ],
    client: x402Client,
    replayHeader: 'PAYMENT-SIGNATURE',
  });
  check('x402: client used x402', x.res.protocol === 'x402', x.res.protocol);
  say('x402 PAYMENT-REQUIRED:', x.res.challenge);
  say('x402 PAYMENT-REQUIRED (decoded):', JSON.stringify(b64Json(x.res.challenge)));
  say('x402 PAYMENT-SIGNATURE:', x.res.credential);
  say('x402 PAYMENT-SIGNATURE (decoded):', JSON.stringify(b64Json(x.res.credential)));
  say('x402 PAYMENT-RESPONSE:', x.res.receipt, '=', JSON.stringify(b64Json(x.res.receipt)));
  say('x402 replay response:', JSON.stringify(x.replay));

  // ── x402, facilitator over HTTP ───────────────────────────────────────────────────────────
  await pair('x402+facilitator', {
    servers: [
      () => [['x402-facilitator.mjs'], { RPC_URL: rpcUrl, CHAIN_ID: String(chainId), FACILITATOR_PRIVATE_KEY: gas.key, PORT: '0' }],
      ({ recipient, url }) => [['x402-server.mjs'], { ...common, RECIPIENT: recipient, FACILITATOR_URL: url, PORT: '0' }],
    ],
    client: x402Client,
    replayHeader: 'PAYMENT-SIGNATURE',
  });

  const failed = checks.filter((c) => !c.ok).length;
  process.stdout.write(`VERIFY ${JSON.stringify({ passed: checks.length - failed, failed, ...summary })}\n`);
  return failed === 0 ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  say('error:', error?.stack ?? error);
} finally {
  for (const child of children.reverse()) stop(child);
}
process.exit(code);
