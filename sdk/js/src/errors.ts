/**
 * Why IndieGent did not pay: the platform's stable reason (for example `ExceedsDailyBudget`,
 * `InsufficientFunds`, `Denied` by the operator), its problem type, and the payment it concerns.
 */
export class PaymentError extends Error {
  /** The platform's reason (its problem's `reason`, else the last segment of its problem `type`), or one of {@link PaymentErrorReasons}. */
  readonly reason: string;
  /** The RFC 9457 problem type the platform answered with, if any. */
  readonly type: string | undefined;
  /** The HTTP status the platform answered with, if it answered. */
  readonly status: number | undefined;
  /** The platform's payment, when one was created. */
  readonly paymentId: string | undefined;

  constructor(reason: string, message: string, options: { type?: string; status?: number; paymentId?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PaymentError';
    this.reason = reason;
    this.type = options.type;
    this.status = options.status;
    this.paymentId = options.paymentId;
  }
}

/** Reasons the SDK itself gives (the platform's own are passed through as it names them). */
export const PaymentErrorReasons = {
  /** The request body is a one-shot stream: it was sent once and cannot be sent again with the payment. */
  BodyNotReplayable: 'BodyNotReplayable',
  /** The payment was still waiting (for example for the operator's approval) when the SDK stopped waiting. */
  Pending: 'Pending',
  /** The platform could not be reached or answered something that is not its API. */
  PlatformUnavailable: 'PlatformUnavailable',
} as const;
