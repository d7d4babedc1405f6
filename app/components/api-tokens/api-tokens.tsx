import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { SubmitButton } from "~/components/forms";
import { useHydrated } from "~/lib/use-hydrated";

export interface TokenLine {
  id: string;
  name: string;
  scope: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** The new token, shown once: selectable text without JavaScript, plus a copy button with it. */
export function NewToken({ name, token }: { name: string; token: string }) {
  const hydrated = useHydrated();
  const [copied, setCopied] = useState(false);
  return (
    <div className="mt-4 rounded-lg border border-green-200 bg-green-50 p-4" role="status">
      <p className="text-sm font-semibold text-green-900">Your new token “{name}”</p>
      <p className="mt-1 text-sm text-green-900">Copy it now and keep it somewhere safe: it won&apos;t be shown again.</p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <label htmlFor="new-token" className="sr-only">
          New token
        </label>
        <input
          id="new-token"
          readOnly
          value={token}
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 font-mono text-sm text-slate-900"
        />
        {hydrated ? (
          <button
            type="button"
            onClick={() => void navigator.clipboard.writeText(token).then(() => setCopied(true))}
            className="rounded-lg border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:border-brand-600"
          >
            {copied ? "Copied" : "Copy"}
          </button>
        ) : null}
      </div>
    </div>
  );
}

export function TokenList({ tokens }: { tokens: readonly TokenLine[] }) {
  if (tokens.length === 0) return <p className="mt-4 text-sm text-slate-600">You have no personal tokens.</p>;
  return (
    <table className="mt-4 w-full text-left text-sm">
      <thead className="border-b border-slate-200 text-slate-600">
        <tr>
          <th scope="col" className="py-2 pr-3 font-medium">
            Name
          </th>
          <th scope="col" className="py-2 pr-3 font-medium">
            Access
          </th>
          <th scope="col" className="py-2 pr-3 font-medium">
            Created
          </th>
          <th scope="col" className="py-2 pr-3 font-medium">
            Last used
          </th>
          <th scope="col" className="py-2 font-medium">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200">
        {tokens.map((token) => (
          <tr key={token.id}>
            <td className="py-3 pr-3 font-medium text-slate-900">{token.name}</td>
            <td className="py-3 pr-3 text-slate-700">{token.scope}</td>
            <td className="py-3 pr-3 text-slate-700">{token.createdAt}</td>
            <td className="py-3 pr-3 text-slate-700">{token.lastUsedAt ?? "Never used"}</td>
            <td className="py-3 text-right">
              <Link to={`/settings/api?revoke=${encodeURIComponent(token.id)}`} className="font-medium text-red-700 hover:underline">
                Revoke<span className="sr-only"> {token.name}</span>
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The confirmation step of revoking: a plain link leads here, so it works without JavaScript. */
export function ConfirmRevoke({ token }: { token: TokenLine }) {
  return (
    <div className="mt-4 rounded-lg border border-red-200 bg-red-50 p-4" role="alertdialog" aria-labelledby="revoke-heading">
      <h3 id="revoke-heading" className="font-semibold text-red-900">
        Revoke “{token.name}”?
      </h3>
      <p className="mt-1 text-sm text-red-900">Anything using it stops working at once. This can&apos;t be undone.</p>
      <Form method="post" action="/settings/api" className="mt-3 flex flex-wrap gap-3">
        <input type="hidden" name="tokenId" value={token.id} />
        <SubmitButton variant="danger" name="intent" value="revoke" pendingLabel="Revoking…">
          Revoke token
        </SubmitButton>
        <Link
          to="/settings/api"
          className="rounded-lg border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:border-brand-600"
        >
          Keep it
        </Link>
      </Form>
    </div>
  );
}
