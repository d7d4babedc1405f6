/**
 * A provider refused or failed a request. `permanent` when sending the same request again cannot
 * succeed (a 4xx: bad address, bad credentials, unsubscribed number); otherwise it is retried.
 */
export class ProviderError extends Error {
  override name = "ProviderError";
  readonly permanent: boolean;
  readonly status: number | null;

  constructor(message: string, options: { permanent: boolean; status?: number | null; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.permanent = options.permanent;
    this.status = options.status ?? null;
  }
}

/** 429 and 5xx are worth retrying; any other 4xx is not. */
export function isPermanentStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * `instanceof ProviderError` by shape: the app's build and the adapters built around it (tests,
 * scripts) can each hold their own copy of the class.
 */
export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof Error && error.name === "ProviderError" && typeof (error as { permanent?: unknown }).permanent === "boolean";
}
