// MPP over MCP reference server: an MCP server (@modelcontextprotocol/sdk McpServer, Streamable HTTP,
// stateless) at POST /mcp with a paid tool `forecast` ({city: string}) and a free tool `ping`. The
// paid tool is charged through mppx's MCP transport (`Transport.mcpSdk()`, the JSON-RPC transport of
// the payment auth drafts) with the same `evm` / `charge` method as mppx-server.mjs (EIP-3009
// `authorization`, settled on chain by lib/evm-charge.mjs):
//   - a call without a credential fails with JSON-RPC error -32042 whose `data.challenges` holds the
//     challenge object (`request` as a JSON object);
//   - the credential comes in `params._meta["org.paymentauth/credential"]` ({challenge, payload, source});
//   - the tool result carries the receipt in `result._meta["org.paymentauth/receipt"]`;
//   - a refused credential (bad signature, expired, replayed, ...) fails with -32043 (-32602 for a
//     malformed one) and a fresh challenge in `data.challenges`.
//
// McpServer (SDK 1.32) answers an error thrown by a tool as an `isError` tool result, except for code
// -32042 (which MCP also uses for URL elicitation). So that -32043 / -32602 / -32603 from mppx reach
// the client as JSON-RPC errors too, as the draft and mppx intend, the tool records the payment error
// and the `tools/call` handler rethrows it (see `rethrowPaymentErrors`).
//
// Env: as mppx-server.mjs — RPC_URL, CHAIN_ID, TOKEN, TOKEN_NAME ("USDC"), TOKEN_VERSION ("2"),
//      TOKEN_DECIMALS (6), PRICE (base units, per `forecast` call), RECIPIENT, SERVER_PRIVATE_KEY,
//      MPP_SECRET (>= 32 bytes), PORT (0), MPP_REALM (default "127.0.0.1": MCP requests carry no URL
//      that mppx could take a realm from), EXPIRES_SECONDS (300);
//      and JSON_RESPONSE ("false": POSTs are answered as SSE streams, the SDK's default; "true": as
//      application/json).
// Stdout: one line `READY {"url":"http://127.0.0.1:PORT/mcp","port":PORT}`.
import { createServer } from 'node:http';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { Mppx, Transport } from 'mppx/server';
import { z } from 'zod';
import { die, envOr, listen, log, stopOnSignals } from './lib/common.mjs';
import { evmCharge, mppServerEnv } from './lib/evm-charge.mjs';

const config = mppServerEnv();
const { chainId, token, price, recipient, secretKey, expiresSeconds, port } = config;
const realm = config.realm ?? '127.0.0.1';
const jsonResponse = envOr('JSON_RESPONSE', 'false') === 'true';
const { account, amount, method } = evmCharge(config); // amount: PRICE in display units, as mppx takes it

// mppx 0.11.0's evm.charge brings its own transport (HTTP with x402 compatibility), which takes
// precedence over the one given to Mppx.create and fails outside HTTP (it builds an x402
// PAYMENT-REQUIRED header from the request URL). Without it the method uses Transport.mcpSdk();
// nothing else in the method depends on HTTP.
const mppx = Mppx.create({
  methods: [{ ...method, transport: undefined }],
  realm,
  secretKey,
  transport: Transport.mcpSdk(),
});

const description = 'IndieGent interop test tool';

/** Payment errors of the `tools/call` requests in flight, by their handler `extra` (one per request). */
const paymentErrors = new WeakMap();

/** A new MCP server (stateless: one per HTTP request) with the paid `forecast` and the free `ping`. */
function mcpServer() {
  const server = new McpServer(
    { name: 'indiegent-interop-mcp', version: '1.0.0' },
    // The draft's capability advertisement (experimental.payment in InitializeResult).
    { capabilities: { experimental: { payment: { methods: { evm: { intents: ['charge'] } } } } } },
  );
  server.registerTool(
    'forecast',
    { description: `Weather forecast for a city (paid: ${price} base units of ${token})`, inputSchema: { city: z.string() } },
    async ({ city }, extra) => {
      // mppx reads the credential from extra._meta; a fresh `expires` for each challenge.
      const expires = new Date(Date.now() + expiresSeconds * 1000);
      const payment = await mppx.charge({ amount, description, expires })(extra);
      if (payment.status === 402) {
        paymentErrors.set(extra, payment.challenge); // an McpError: -32042, -32043, -32602 or -32603
        throw payment.challenge;
      }
      log(`forecast for ${city}: paid`);
      return payment.withReceipt({ content: [{ type: 'text', text: `Forecast for ${city}: sunny, 21 °C` }] });
    },
  );
  server.registerTool('ping', { description: 'Free liveness check' }, async () => ({
    content: [{ type: 'text', text: 'pong' }],
  }));
  rethrowPaymentErrors(server);
  return server;
}

/**
 * Wraps McpServer's `tools/call` handler so that a payment error recorded by a tool is answered as
 * that JSON-RPC error rather than as McpServer's `isError` tool result. The SDK has no public way
 * to wrap a registered handler; its handler map is reached directly, and a change of that internal
 * shape stops the program instead of silently answering differently.
 */
function rethrowPaymentErrors(server) {
  const handlers = server.server._requestHandlers;
  const inner = handlers instanceof Map ? handlers.get('tools/call') : undefined;
  if (typeof inner !== 'function') die('@modelcontextprotocol/sdk changed: no tools/call handler to wrap');
  handlers.set('tools/call', async (request, extra) => {
    const answer = await inner(request, extra);
    const error = paymentErrors.get(extra);
    if (error instanceof McpError) throw error;
    return answer;
  });
}

const app = createMcpExpressApp(); // JSON bodies; Host header checked against 127.0.0.1 / localhost
app.disable('x-powered-by');
app.post('/mcp', async (req, res) => {
  const server = mcpServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: jsonResponse });
  res.on('close', () => {
    transport.close();
    server.close();
  });
  try {
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  } catch (error) {
    log('request failed:', error?.stack ?? error);
    if (!res.headersSent)
      res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
  }
});
// Stateless: no standalone SSE stream (GET) and no session to end (DELETE).
app.all('/mcp', (_req, res) => {
  res.status(405).set('Allow', 'POST').json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null });
});

const httpServer = createServer(app);
stopOnSignals(httpServer);
const url = await listen(httpServer, port, '/mcp');
log(
  `listening on ${url} (${jsonResponse ? 'JSON' : 'SSE'} answers, realm ${realm}); forecast costs ${price} base units of ${token} on chain ${chainId} to ${recipient}; gas from ${account.address}`,
);
