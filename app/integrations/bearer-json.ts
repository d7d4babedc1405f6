import type * as z from "zod";
import { ProviderError } from "./provider-error";

/**
 * One JSON call to a provider's REST API with an OAuth access token: the parsed body when the
 * answer is 2xx, otherwise the status and the body (JSON when it is) for the provider's own
 * error mapping. A network failure is a retryable ProviderError.
 */
export async function bearerJson(
  provider: string,
  url: string,
  accessToken: string,
  method: string,
  body?: unknown,
): Promise<{ ok: true; value: unknown } | { ok: false; status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ProviderError(`${provider} could not be reached (${method} ${new URL(url).pathname})`, { permanent: false, cause: error });
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    if (response.ok) throw new ProviderError(`${provider} sent a body that isn't JSON`, { permanent: false });
  }
  return response.ok ? { ok: true, value: parsed } : { ok: false, status: response.status, body: parsed };
}

/** The provider's answer read with `schema`; what can't be read is a retryable ProviderError. */
export function parseProviderAnswer<T>(provider: string, schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ProviderError(`${provider} sent ${what} we couldn't read`, { permanent: false, cause: result.error });
  return result.data;
}
