import type { AppLoadContext, EntryContext } from "@remix-run/server-runtime";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToReadableStream } from "react-dom/server.browser";
import { NonceProvider } from "~/lib/nonce-provider";

const streamTimeoutMs = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(), streamTimeoutMs);
  let status = responseStatusCode;

  const body = await renderToReadableStream(
    <NonceProvider value={loadContext.cspNonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeoutMs} nonce={loadContext.cspNonce} />
    </NonceProvider>,
    {
      nonce: loadContext.cspNonce,
      signal: controller.signal,
      onError(error: unknown) {
        status = 500;
        // Errors inside the shell are reported once by Remix; log streaming errors here.
        if (!controller.signal.aborted) console.error(error);
      },
    },
  );
  // allReady rejects when rendering fails, which onError has already reported.
  const stopTimeout = () => clearTimeout(timeout);
  body.allReady.then(stopTimeout, stopTimeout);

  // Crawlers and no-JS clients get the whole document at once.
  if (isbot(request.headers.get("user-agent") ?? "")) await body.allReady;

  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(body, { headers: responseHeaders, status });
}
