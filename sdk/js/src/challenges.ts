/** What a 402 asked for, as the platform takes it: the challenges as the server sent them. */
export interface PaymentRequired {
  /** Every `WWW-Authenticate` value that names the `Payment` scheme (MPP, and the older IndieGent dialect). */
  wwwAuthenticate: string[];
  /** The x402 `PAYMENT-REQUIRED` header (v2), if any. */
  paymentRequired: string | undefined;
}

/**
 * The payment challenges of a 402, or undefined when it has none the platform could pay.
 * Fetch joins repeated `WWW-Authenticate` headers with ", "; the platform parses several challenges
 * in one value (RFC 9110 §11.6.1), so the joined value is passed as it is.
 */
export function paymentRequiredOf(response: Response): PaymentRequired | undefined {
  if (response.status !== 402) return undefined;
  const authenticate = response.headers.get('www-authenticate');
  const wwwAuthenticate = authenticate !== null && /(^|,)\s*payment\s/i.test(authenticate) ? [authenticate] : [];
  const paymentRequired = response.headers.get('payment-required') ?? undefined;
  return wwwAuthenticate.length > 0 || paymentRequired !== undefined ? { wwwAuthenticate, paymentRequired } : undefined;
}

/**
 * The payment's idempotency key, derived from the request and the challenge: the same 402 paid again
 * (a retried call, a second process) is the same platform payment, and another challenge another one.
 */
export async function idempotencyKeyOf(method: string, url: string, required: PaymentRequired): Promise<string> {
  const material = [method.toUpperCase(), url, ...required.wwwAuthenticate, required.paymentRequired ?? ''].join('\n');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(material)));
  return 'sdk-' + base64Url(digest);
}

/** The header a paid retry carries, by the protocol the platform paid (the platform also names it in its answer). */
export function credentialHeaderOf(protocol: string): string {
  // x402 v2; MPP and the older dialect use Authorization.
  return protocol === 'x402' ? 'PAYMENT-SIGNATURE' : 'Authorization';
}

/** A receipt the paid server answered with: MPP's `Payment-Receipt` (decoded), or x402's `PAYMENT-RESPONSE`. */
export function receiptOf(response: Response): Record<string, unknown> | undefined {
  const encoded = response.headers.get('payment-receipt') ?? response.headers.get('payment-response') ?? response.headers.get('x-payment-response');
  if (encoded === null) return undefined;
  try {
    const json = JSON.parse(new TextDecoder().decode(fromBase64Url(encoded.trim())));
    return typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : undefined;
  } catch {
    // Not a receipt this SDK can read: the header is still on the response.
    return undefined;
  }
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const normal = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(normal + '='.repeat((4 - (normal.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
