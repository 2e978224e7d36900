import { credentialHeaderOf, idempotencyKeyOf, paymentRequiredOf, receiptOf, type PaymentRequired } from './challenges.js';
import { PaymentError, PaymentErrorReasons } from './errors.js';

export { PaymentError, PaymentErrorReasons } from './errors.js';
export { paymentRequiredOf, type PaymentRequired } from './challenges.js';

/** An amount in the token's base units (USDC has 6 decimals: 1.5 USDC = 1500000). */
export type BaseUnits = bigint | number | string;

export interface IndieGentOptions {
  /** The agent's API key (`igk_…`). */
  apiKey: string;
  /** The IndieGent Gateway; default the `INDIEGENT_URL` environment variable, else `https://api.indiegent.cloud`. Plain http only to this machine. */
  baseUrl?: string | URL;
  /** The most any one call may pay, in base units, unless the call says otherwise. */
  maxAmount?: BaseUnits;
  /** How long the Gateway holds each payment request for the decision, in seconds (1–60; default 30). */
  waitSeconds?: number;
  /** How long a payment still waiting (for example for the operator's approval) is followed, in ms (default 120000). */
  decisionTimeoutMs?: number;
  /** Pause between looks at a waiting payment, in ms (default 1000). */
  pollIntervalMs?: number;
  /** The fetch to send with (default: the global fetch). */
  fetch?: typeof fetch;
}

/** Options of one call: fetch's, plus the most this call may pay. */
export interface PaidRequestInit extends RequestInit {
  /** The most this call may pay, in base units (the platform refuses a dearer challenge). */
  maxAmount?: BaseUnits;
}

/** The payment a call made, as the platform made it and the paid server acknowledged it. */
export interface Payment {
  paymentId: string;
  /** `Authorized` (a credential the merchant settles), `Settled` (our transfer confirmed), … */
  status: string;
  /** Base units paid. */
  amount: string;
  /** The token's address. */
  currency: string;
  recipient: string;
  chainId: number;
  /** `mpp`, `mpp-dialect`, … */
  protocol: string;
  /** `authorization`, `transaction` or `hash`. */
  credentialType: string;
  txHash: string | undefined;
  /** The paid server's receipt (MPP `Payment-Receipt`, x402 `PAYMENT-RESPONSE`), decoded, if it sent one. */
  receipt: Record<string, unknown> | undefined;
}

/** A response to a call that paid: {@link Response} with the payment it made. */
export type PaidResponse = Response & { readonly payment?: Payment };

/** A payment as the platform records it (`GET /v1/payments/{id}`). */
export interface PaymentView {
  id: string;
  agentId: string;
  status: string;
  hold: string | null;
  amount: number;
  recipient: string | null;
  host: string | null;
  reason: string | null;
  detail: string | null;
  txHash: string | null;
  requestedAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

/** The agent's wallet and money (`GET /v1/wallet`): amounts in base units. */
export interface Wallet {
  agentId: string;
  walletAddress: string;
  disabled: boolean;
  chainId: number;
  currency: string;
  available: number;
  pending: number;
  posted: number;
  [field: string]: unknown;
}

/** A marketplace service as the catalogue lists it. */
export interface MarketplaceService {
  slug: string;
  kind: string;
  name: string;
  category: string;
  description: string;
  price: string;
  minPrice: string;
  callUrl: string | null;
  [field: string]: unknown;
}

/** A marketplace call's answer, with how it was charged (`captured`, `voided`). */
export type MarketplaceResponse = Response & {
  readonly callId: string | undefined;
  readonly chargeStatus: string | undefined;
  readonly chargedAmount: string | undefined;
};

const defaultBaseUrl = 'https://api.indiegent.cloud';

/**
 * An agent of IndieGent: `fetch` as usual; a `402 Payment Required` (MPP, x402, the older dialect) is
 * paid from the agent's wallet by the platform, under its spending controls, and the call is sent
 * again with the credential. The agent's code sees the paid answer.
 *
 * ```ts
 * const agent = new IndieGent({ apiKey: process.env.INDIEGENT_API_KEY! });
 * const res = await agent.fetch('https://some-mpp-api.com/data'); // paid automatically
 * ```
 */
export class IndieGent {
  readonly #apiKey: string;
  readonly #base: URL;
  readonly #maxAmount: string | undefined;
  readonly #wait: number;
  readonly #decisionTimeout: number;
  readonly #pollInterval: number;
  readonly #fetch: typeof fetch;

  /** The platform's record of payments. */
  readonly payments: { get(paymentId: string): Promise<PaymentView> };

  /** The marketplace: services found, and called through IndieGent (each call paid from the wallet). */
  readonly marketplace: {
    search(query?: { q?: string; category?: string; maxPrice?: BaseUnits; limit?: number; offset?: number }): Promise<{
      services: MarketplaceService[];
      total: number;
    }>;
    get(slug: string): Promise<MarketplaceService>;
    call(slug: string, path: string, init?: RequestInit & { idempotencyKey?: string }): Promise<MarketplaceResponse>;
  };

  constructor(options: IndieGentOptions) {
    if (typeof options?.apiKey !== 'string' || options.apiKey.trim() === '') {
      throw new TypeError('IndieGent needs the agent\'s API key: new IndieGent({ apiKey: process.env.INDIEGENT_API_KEY })');
    }
    const base = new URL(options.baseUrl ?? environment('INDIEGENT_URL') ?? defaultBaseUrl);
    // The key spends the agent's money: it never crosses a network in the clear.
    if (base.protocol !== 'https:' && !(base.protocol === 'http:' && isLoopback(base.hostname))) {
      throw new TypeError(`IndieGent's baseUrl must be https (plain http only to this machine): ${base.protocol}//${base.host} would send the API key unencrypted.`);
    }
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    const wait = options.waitSeconds ?? 30;
    if (!Number.isInteger(wait) || wait < 1 || wait > 60) throw new RangeError('waitSeconds is a whole number of seconds from 1 to 60.');
    this.#apiKey = options.apiKey.trim();
    this.#base = base;
    this.#maxAmount = options.maxAmount === undefined ? undefined : baseUnits(options.maxAmount, 'maxAmount');
    this.#wait = wait;
    this.#decisionTimeout = options.decisionTimeoutMs ?? 120_000;
    this.#pollInterval = options.pollIntervalMs ?? 1_000;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);

    this.payments = { get: (paymentId) => this.#get<PaymentView>(`v1/payments/${encodeURIComponent(paymentId)}`) };
    this.marketplace = {
      search: (query = {}) => {
        const parameters = new URLSearchParams();
        if (query.q !== undefined) parameters.set('q', query.q);
        if (query.category !== undefined) parameters.set('category', query.category);
        if (query.maxPrice !== undefined) parameters.set('maxPrice', baseUnits(query.maxPrice, 'maxPrice'));
        if (query.limit !== undefined) parameters.set('limit', String(query.limit));
        if (query.offset !== undefined) parameters.set('offset', String(query.offset));
        const text = parameters.toString();
        return this.#get(`v1/marketplace/services${text === '' ? '' : '?' + text}`);
      },
      get: (slug) => this.#get(`v1/marketplace/services/${encodeURIComponent(slug)}`),
      call: (slug, path, init = {}) => this.#callMarketplace(slug, path, init),
    };
  }

  /**
   * `fetch`, paying a 402: the platform pays the challenge from the agent's wallet (waiting while an
   * operator approves it), and the request is sent once more with the credential. A second 402 is
   * returned as it is. Throws {@link PaymentError} when the platform does not pay.
   */
  async fetch(input: string | URL | Request, init: PaidRequestInit = {}): Promise<PaidResponse> {
    const { maxAmount, ...requestInit } = init;
    const cap = maxAmount === undefined ? this.#maxAmount : baseUnits(maxAmount, 'maxAmount');
    // A stream is sent once and is gone: it cannot go again with the payment.
    const oneShot = isOneShot(requestInit.body);
    const request = new Request(input, oneShot ? ({ ...requestInit, duplex: 'half' } as RequestInit) : requestInit);
    const first = await this.#fetch(oneShot ? request : request.clone());
    const required = paymentRequiredOf(first);
    if (required === undefined) return first;
    await first.body?.cancel();
    if (oneShot) {
      throw new PaymentError(PaymentErrorReasons.BodyNotReplayable,
        `${request.url} asked for payment, but the request's body is a stream that was sent once and cannot be sent again with the payment: pass a string, bytes, Blob, FormData or URLSearchParams.`);
    }

    const payment = await this.#pay(request.method, request.url, required, cap);
    const headers = new Headers(request.headers);
    headers.set(payment.header, payment.authorization);
    const paid = await this.#fetch(new Request(request, { headers }));
    const made: Payment = { ...payment.view, receipt: receiptOf(paid) };
    Object.defineProperty(paid, 'payment', { value: made, enumerable: true });
    return paid as PaidResponse;
  }

  /** The agent's wallet: its address and money (base units). */
  wallet(): Promise<Wallet> {
    return this.#get<Wallet>('v1/wallet');
  }

  async #pay(method: string, url: string, required: PaymentRequired, maxAmount: string | undefined) {
    const key = await idempotencyKeyOf(method, url, required);
    const response = await this.#send('v1/payments', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, prefer: `wait=${this.#wait}` },
      body: JSON.stringify({ url, wwwAuthenticate: required.wwwAuthenticate, paymentRequired: required.paymentRequired, maxAmount }),
    });
    if (response.status !== 200 && response.status !== 202) throw await problemOf(response);
    const result = (await response.json()) as PayResult;
    let authorization = result.authorization ?? null;
    let txHash = result.txHash ?? null;
    let status = result.status;
    const deadline = Date.now() + this.#decisionTimeout;
    while (authorization === null) {
      if (Date.now() >= deadline) {
        throw new PaymentError(PaymentErrorReasons.Pending,
          `IndieGent had not decided payment ${result.paymentId} within ${this.#decisionTimeout} ms (status ${status}); it may still be approved, for example by the operator.`,
          { paymentId: result.paymentId });
      }
      await new Promise((resolve) => setTimeout(resolve, this.#pollInterval));
      const view = await this.#get<PaymentView & { credential?: string | null }>(`v1/payments/${result.paymentId}`);
      status = view.status;
      if (status === 'Denied' || status === 'Failed' || status === 'Expired') {
        throw new PaymentError(view.reason ?? status, `IndieGent did not pay (${status}: ${view.reason}): ${view.detail ?? ''}`.trim(),
          { paymentId: result.paymentId });
      }
      authorization = view.credential ?? null;
      txHash = view.txHash ?? txHash;
    }
    return {
      authorization,
      header: result.header ?? credentialHeaderOf(result.protocol),
      view: {
        paymentId: result.paymentId, status, amount: result.amount, currency: result.currency, recipient: result.recipient,
        chainId: result.chainId, protocol: result.protocol, credentialType: result.credentialType, txHash: txHash ?? undefined,
      },
    };
  }

  async #callMarketplace(slug: string, path: string, init: RequestInit & { idempotencyKey?: string }): Promise<MarketplaceResponse> {
    const { idempotencyKey, ...requestInit } = init;
    const headers = new Headers(requestInit.headers);
    // One key per call: the same call sent again (a lost answer) is charged once.
    headers.set('idempotency-key', idempotencyKey ?? crypto.randomUUID());
    const relative = path.replace(/^\/+/, '');
    const response = await this.#send(`v1/marketplace/${encodeURIComponent(slug)}/${relative}`, { ...requestInit, headers });
    for (const [name, header] of [['callId', 'indiegent-call-id'], ['chargeStatus', 'indiegent-charge-status'], ['chargedAmount', 'indiegent-charge-amount']]) {
      Object.defineProperty(response, name as string, { value: response.headers.get(header as string) ?? undefined, enumerable: true });
    }
    return response as MarketplaceResponse;
  }

  async #get<T>(path: string): Promise<T> {
    const response = await this.#send(path, { method: 'GET' });
    if (!response.ok) throw await problemOf(response);
    return (await response.json()) as T;
  }

  async #send(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${this.#apiKey}`);
    try {
      return await this.#fetch(new URL(path, this.#base), { ...init, headers });
    } catch (error) {
      throw new PaymentError(PaymentErrorReasons.PlatformUnavailable, `IndieGent (${this.#base.origin}) could not be reached: ${(error as Error).message}`,
        { cause: error });
    }
  }
}

interface PayResult {
  paymentId: string;
  status: string;
  authorization?: string | null;
  amount: string;
  currency: string;
  recipient: string;
  chainId: number;
  txHash?: string | null;
  protocol: string;
  credentialType: string;
  /** The header the retry carries the credential in (`Authorization`, `PAYMENT-SIGNATURE`). */
  header?: string;
}

async function problemOf(response: Response): Promise<PaymentError> {
  let problem: { type?: string; title?: string; detail?: string; reason?: string; paymentId?: string } = {};
  try {
    problem = (await response.json()) as typeof problem;
  } catch {
    // Not a problem document: the status says what there is to say.
  }
  const reason = problem.reason ?? problem.type?.split('/').pop() ?? `Http${response.status}`;
  return new PaymentError(reason, `IndieGent did not pay (${response.status} ${problem.title ?? response.statusText}): ${problem.detail ?? ''}`.trim(), {
    ...(problem.type === undefined ? {} : { type: problem.type }),
    status: response.status,
    ...(problem.paymentId === undefined ? {} : { paymentId: problem.paymentId }),
  });
}

function baseUnits(value: BaseUnits, name: string): string {
  const text = typeof value === 'bigint' ? value.toString() : typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : String(value);
  if (!/^[0-9]{1,78}$/.test(text)) throw new RangeError(`${name} is a whole number of base units (1.5 USDC = 1500000), not '${String(value)}'.`);
  return text;
}

function isOneShot(body: unknown): boolean {
  return body instanceof ReadableStream || (typeof body === 'object' && body !== null && Symbol.asyncIterator in body &&
    !(body instanceof Blob) && !(body instanceof FormData) && !(body instanceof URLSearchParams));
}

/** A variable of the process's environment, where there is one (Node, Deno, Bun; not a browser). */
function environment(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value === undefined || value === '' ? undefined : value;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
}
