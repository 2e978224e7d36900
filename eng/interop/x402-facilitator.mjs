// x402 reference facilitator over HTTP (the API @x402/core's HTTPFacilitatorClient calls):
//   POST /verify   {x402Version, paymentPayload, paymentRequirements} -> VerifyResponse
//   POST /settle   {x402Version, paymentPayload, paymentRequirements} -> SettleResponse
//   GET  /supported                                                    -> {kinds, extensions, signers}
// A refused payment is a 200 with isValid:false / success:false; a malformed request is a 400,
// an unexpected failure a 500, both {"error": "..."}.
//
// Env: RPC_URL, CHAIN_ID (31337), FACILITATOR_PRIVATE_KEY (pays gas), PORT (0),
//      SIMULATE_IN_SETTLE ("true"; "false" broadcasts without a dry run).
// Stdout: one line `READY {"url":"http://127.0.0.1:PORT","port":PORT,"address":"0x…"}`.
import { createServer } from 'node:http';
import express from 'express';
import { createFacilitator } from './lib/facilitator.mjs';
import { env, envInt, envKey, envOr, log, stopOnSignals } from './lib/common.mjs';

const rpcUrl = env('RPC_URL');
const chainId = envInt('CHAIN_ID', 31337);
const privateKey = envKey('FACILITATOR_PRIVATE_KEY');
const port = envInt('PORT', 0);
const simulateInSettle = envOr('SIMULATE_IN_SETTLE', 'true') !== 'false';

const { address, facilitator, network } = createFacilitator({ rpcUrl, chainId, privateKey, simulateInSettle });

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '1mb' }));

const handle = (operation) => async (req, res) => {
  const { paymentPayload, paymentRequirements } = req.body ?? {};
  if (!paymentPayload || !paymentRequirements) {
    res.status(400).json({ error: 'paymentPayload and paymentRequirements are required' });
    return;
  }
  try {
    const response = await facilitator[operation](paymentPayload, paymentRequirements);
    log(`${operation}:`, JSON.stringify(response));
    res.json(response);
  } catch (error) {
    log(`${operation} failed:`, error?.stack ?? error);
    res.status(500).json({ error: error?.message ?? String(error) });
  }
};

app.post('/verify', handle('verify'));
app.post('/settle', handle('settle'));
app.get('/supported', (_req, res) => res.json(facilitator.getSupported()));
app.get('/health', (_req, res) => res.json({ ok: true }));

const server = createServer(app);
stopOnSignals(server);
server.listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address();
  const url = `http://127.0.0.1:${actual}`;
  process.stdout.write(`READY ${JSON.stringify({ url, port: actual, address })}\n`);
  log(`facilitator for ${network} on ${url}, gas from ${address}`);
});
