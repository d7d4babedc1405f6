import { ConfigError, parseAppEnv, type AppEnv } from "../app/env.server";

/**
 * The app's settings plus what only Workers need: a remote database, and APP_URL, since jobs
 * (mail, SMS links, Twilio's signed callbacks) run without a request to take the origin from.
 */
export function parseWorkerEnv(bindings: object): AppEnv & { APP_URL: string } {
  // Secrets and most vars aren't in wrangler.toml, so the generated Env can't list them: the
  // schema is the contract.
  const env = parseAppEnv(bindings as Record<string, unknown>);
  if (!/^(libsql|https?):\/\//.test(env.DATABASE_URL)) {
    throw new ConfigError(`Invalid configuration: DATABASE_URL must be a libsql:// or https:// URL on Workers (got "${env.DATABASE_URL}")`);
  }
  if (!env.APP_URL) {
    throw new ConfigError(
      "Invalid configuration: APP_URL must be set on Workers (the public https:// origin): links in emails and text messages are built from it",
    );
  }
  return { ...env, APP_URL: env.APP_URL };
}
