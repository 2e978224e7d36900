// MPP over MCP reference client: an MCP client (@modelcontextprotocol/sdk Client, Streamable HTTP)
// wrapped with mppx's `McpClient.wrap`, which answers a -32042 / -32043 payment error of a tool
// call by calling again with a credential in `params._meta["org.paymentauth/credential"]` — here an
// `evm` / `charge` EIP-3009 `authorization` signed by PAYER_PRIVATE_KEY, as in mppx-client.mjs.
// The fetch given to the transport records the JSON-RPC messages of each POST (SSE or JSON answers).
//
// mppx does not read the token's EIP-712 domain from the chain: the client must be told the
// domain name / version (TOKEN_NAME, TOKEN_VERSION) for a token it does not know.
//
// Env: URL (the MCP endpoint, e.g. http://127.0.0.1:PORT/mcp), PAYER_PRIVATE_KEY (not needed with
//      PAY=false), TOOL ("forecast"), ARGUMENTS (JSON object, '{"city":"Lisbon"}'),
//      TOKEN_NAME ("USDC"), TOKEN_VERSION ("2"), TOKEN + CHAIN_ID (optional: pay only that token on
//      that chain), MAX_AMOUNT (optional: largest amount in base units it pays),
//      CREDENTIAL (optional: a credential object as JSON, or a `Payment …` header value, sent as it
//      is in _meta with no automatic payment: to replay one), PAY ("true"; "false": call without
//      paying, to see the challenge).
// Stdout: one line `RESULT {"isError":false,"content":[...],"receipt":{...}|null,
//         "challenges":[...]|null,"credential":{...}|null,"paymentRequired":{...}|null,
//         "error":{...}|null,"exchanges":[...]}` (see README.md).
// Exit 0 when a tool result came back (whatever its isError), 1 otherwise (after a RESULT line
// when the call ended with a JSON-RPC error).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Credential, Mcp } from 'mppx';
import { evm } from 'mppx/client';
import { McpClient } from 'mppx/mcp/client';
import { privateKeyToAccount } from 'viem/accounts';
import { die, env, envAddress, envInt, envKey, envOr, log, result } from './lib/common.mjs';

const url = env('URL');
const tool = envOr('TOOL', 'forecast');
const args = parseJson('ARGUMENTS', envOr('ARGUMENTS', '{"city":"Lisbon"}'));
const pay = envOr('PAY', 'true') !== 'false';
const replayed = readCredential(envOr('CREDENTIAL', undefined));
const tokenName = envOr('TOKEN_NAME', 'USDC');
const tokenVersion = envOr('TOKEN_VERSION', '2');
const token = process.env.TOKEN?.trim() ? envAddress('TOKEN') : undefined;
const chainId = process.env.CHAIN_ID?.trim() ? envInt('CHAIN_ID') : undefined;
const maxAmount = envOr('MAX_AMOUNT', undefined);
const paying = pay && !replayed;
const account = paying ? privateKeyToAccount(envKey('PAYER_PRIVATE_KEY')) : undefined;

function parseJson(name, text) {
  try {
    return JSON.parse(text);
  } catch {
    return die(`${name} is not JSON: ${text}`);
  }
}

/** CREDENTIAL: the `_meta` credential object as JSON, or an HTTP `Payment …` credential. */
function readCredential(text) {
  if (text === undefined) return undefined;
  if (text.startsWith('{')) return parseJson('CREDENTIAL', text);
  try {
    return Credential.deserialize(text);
  } catch (error) {
    return die('CREDENTIAL is neither JSON nor a Payment credential:', error?.message ?? error);
  }
}

// Every POST the transport sends, with the JSON-RPC message(s) it answered (null for 202 / no body).
const exchanges = [];
const pending = [];
const tap = async (input, init) => {
  const response = await fetch(input, init);
  if ((init?.method ?? 'GET').toUpperCase() === 'POST' && typeof init?.body === 'string') {
    const exchange = { request: JSON.parse(init.body), status: response.status, response: null };
    exchanges.push(exchange);
    // Read a copy in the background: the SDK reads the SSE stream as it comes.
    pending.push(
      readMessages(response.clone())
        .then((messages) => {
          exchange.response = messages.length === 1 ? messages[0] : messages.length ? messages : null;
        })
        .catch((error) => log('could not record an answer:', error?.message ?? error)),
    );
  }
  return response;
};

/** The JSON-RPC messages of an answer: a JSON body, or the `data` of each SSE event. */
async function readMessages(response) {
  const text = await response.text();
  if (!text.trim()) return [];
  if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) return [JSON.parse(text)];
  const messages = [];
  for (const event of text.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data) messages.push(JSON.parse(data));
  }
  return messages;
}

const client = new Client(
  { name: 'indiegent-interop-mcp-client', version: '1.0.0' },
  // The draft's capability advertisement (experimental.payment in InitializeRequest).
  { capabilities: { experimental: { payment: { methods: { evm: { intents: ['charge'] } } } } } },
);
if (paying)
  McpClient.wrap(client, {
    methods: [
      evm.charge({
        account,
        authorization: { name: tokenName, version: tokenVersion },
        ...(token && chainId !== undefined ? { currencies: [token], networks: [chainId] } : {}),
        ...(chainId !== undefined && !token ? { networks: [chainId] } : {}),
        ...(maxAmount ? { maxAtomicAmount: maxAmount } : {}),
      }),
    ],
  });

/** What the traffic shows: the first payment error, the last credential sent, the final answer. */
async function report(answer, thrown) {
  await Promise.allSettled(pending);
  const calls = exchanges.filter((e) => e.request?.method === 'tools/call');
  const paymentRequired =
    calls.map((e) => e.response?.error).find((e) => e?.code === Mcp.paymentRequiredCode) ?? null;
  const sent = calls.map((e) => e.request.params?._meta?.[Mcp.credentialMetaKey]).filter(Boolean);
  const last = calls.at(-1)?.response;
  const error = thrown ? (last?.error ?? { code: thrown.code, message: thrown.message, data: thrown.data }) : null;
  return {
    isError: answer ? answer.isError === true : null,
    content: answer?.content ?? null,
    receipt: answer?._meta?.[Mcp.receiptMetaKey] ?? null,
    challenges: (paymentRequired ?? calls.map((e) => e.response?.error).find((e) => e?.data?.challenges))?.data
      ?.challenges ?? null,
    credential: sent.at(-1) ?? null,
    paymentRequired,
    error,
    exchanges: calls,
  };
}

try {
  const started = Date.now();
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: tap }));
  const params = { name: tool, arguments: args };
  if (replayed) params._meta = { [Mcp.credentialMetaKey]: replayed };
  let answer;
  try {
    answer = await client.callTool(params);
  } catch (error) {
    if (!Number.isSafeInteger(error?.code)) throw error;
    log(`${tool} at ${url} -> JSON-RPC error ${error.code} in ${Date.now() - started} ms: ${error.message}`);
    result(await report(null, error));
    await client.close();
    process.exit(1);
  }
  log(`${tool} at ${url} -> ${answer.isError ? 'tool error' : 'result'} in ${Date.now() - started} ms`);
  result(await report(answer, null));
  await client.close();
  process.exit(0);
} catch (error) {
  die('tool call failed:', error?.stack ?? error);
}
