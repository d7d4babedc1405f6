import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

function Topic({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-6">
      <h2 id={id} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      <div className="mt-1 space-y-2 text-sm text-slate-700">{children}</div>
    </section>
  );
}

const code = "rounded bg-slate-100 px-1 font-mono text-[0.9em]";

/** How the whole API behaves, before the operations: what every client needs to know once. */
export function ApiIntro({ basePath, errorCodes }: { basePath: string; errorCodes: readonly { code: string; status: number }[] }) {
  return (
    <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <Topic id="basics" title="Basics">
        <p>
          Every address starts with <code className={code}>{basePath}</code>. Requests and responses are JSON (
          <code className={code}>Content-Type: application/json</code>, bodies up to 64 KB). Times are UTC instants in ISO 8601 (
          <code className={code}>2026-06-01T12:00:00.000Z</code>); money is an integer amount in the currency&apos;s minor units with its
          currency code.
        </p>
      </Topic>
      <Topic id="auth" title="Authentication">
        <p>
          Send <code className={code}>Authorization: Bearer &lt;token&gt;</code>. The API reads no cookies, so it has no CSRF surface. There
          are two kinds of token:
        </p>
        <ul className="list-disc space-y-1 pl-5">
          <li>
            <strong>Access tokens</strong> for apps people sign in to: <code className={code}>POST {basePath}/auth/token</code> with email
            and password returns an access token valid for 15 minutes and a refresh token.
          </li>
          <li>
            <strong>Personal tokens</strong> (<code className={code}>spl_…</code>) for your own scripts: create them in{" "}
            <Link to="/settings/api" className="text-brand-700 underline">
              Settings → API
            </Link>
            , read-only or read-write. They are shown once, last until you revoke them, and a read-only one gets{" "}
            <code className={code}>403 insufficient_scope</code> on anything that changes data.
          </li>
        </ul>
      </Topic>
      <Topic id="refresh" title="Refreshing">
        <p>
          Trade the refresh token for a new pair at <code className={code}>POST {basePath}/auth/refresh</code>. Each refresh token works
          once: presenting one that was already used revokes every token of that sign-in (the refresh tokens and their access tokens), as it
          means the token was copied. <code className={code}>POST {basePath}/auth/logout</code> ends a sign-in.
        </p>
      </Topic>
      <Topic id="errors" title="Errors">
        <p>
          Every error has one shape: <code className={code}>{'{ "error": { "code", "message", "details"? } }'}</code>. Switch on the{" "}
          <code className={code}>code</code>, which never changes meaning; the message is for people and may be reworded. Validation errors
          list <code className={code}>details.problems</code> as <code className={code}>{"{ path, message }"}</code> (
          <code className={code}>body.email</code>, <code className={code}>query.limit</code>).
        </p>
        <table className="text-sm">
          <thead>
            <tr>
              <th scope="col" className="pr-6 text-left font-medium text-slate-800">
                Code
              </th>
              <th scope="col" className="text-left font-medium text-slate-800">
                Status
              </th>
            </tr>
          </thead>
          <tbody>
            {errorCodes.map(({ code: name, status }) => (
              <tr key={name}>
                <td className="pr-6">
                  <code className={code}>{name}</code>
                </td>
                <td>{status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Topic>
      <Topic id="pagination" title="Pagination">
        <p>
          Lists take <code className={code}>limit</code> (1–100, default 20) and return{" "}
          <code className={code}>{"{ data, nextCursor }"}</code>. Pass <code className={code}>nextCursor</code> back as{" "}
          <code className={code}>cursor</code> for the next page, with the same filters; it is null on the last page.
        </p>
      </Topic>
      <Topic id="idempotency" title="Idempotency">
        <p>
          Operations that list an <code className={code}>Idempotency-Key</code> header (such as creating a booking) act once per key: send a
          unique value (a UUID) and retry with the same key and body after a network failure. The repeat gets the first response again,
          marked <code className={code}>Idempotent-Replayed: true</code>; the same key with a different body gets{" "}
          <code className={code}>422 idempotency_key_reused</code>. Keys are kept for 24 hours.
        </p>
      </Topic>
      <Topic id="rate-limits" title="Rate limits">
        <p>
          Sign-in, sign-up and other sensitive operations are limited as on the website. Their responses carry{" "}
          <code className={code}>RateLimit-Policy</code> (the limit and window) and <code className={code}>RateLimit</code> (what remains
          and when it resets); past the limit the answer is <code className={code}>429 rate_limited</code> with{" "}
          <code className={code}>Retry-After</code> in seconds.
        </p>
      </Topic>
      <Topic id="cors" title="CORS">
        <p>
          Browser code may call the API only from origins the operator allows (<code className={code}>API_CORS_ORIGINS</code>); others get
          no CORS permission. Server-side clients are not affected.
        </p>
      </Topic>
      <p className="mt-6 text-sm text-slate-700">
        The machine-readable OpenAPI 3.1 document is at{" "}
        <a href={`${basePath}/openapi.json`} className="font-medium text-brand-700 underline">
          {basePath}/openapi.json
        </a>
        ; this page is generated from it.
      </p>
    </div>
  );
}
