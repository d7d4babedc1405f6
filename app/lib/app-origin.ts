import type { AppLoadContext } from "@remix-run/server-runtime";

/** The origin links point at (emails, provider redirects): the configured public URL, else the one this request came to. */
export function appOrigin(request: Request, context: Pick<AppLoadContext, "env">) {
  return context.env.APP_URL ?? new URL(request.url).origin;
}
