import { Fragment } from "react";
import { useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listOutbox } from "~/integrations/mail/outbox-mailer.server";
import { isLocalRequest } from "~/security/local-request.server";

export const meta: MetaFunction = () => [{ title: "Outbox (development) · Specialistly" }, { name: "robots", content: "noindex" }];

// Outbox mail holds live sign-in and reset links: whoever reads it can take over any account. It
// is a development tool for the developer's own browser, never in production, never from elsewhere.
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context.env.NODE_ENV === "production" || !isLocalRequest(request, context.clientAddress)) {
    throw new Response(null, { status: 404, statusText: "Not Found" });
  }
  const emails = await listOutbox(context.db);
  return {
    emails: emails.map((email) => ({
      id: email.id,
      channel: email.channel,
      to: email.to,
      subject: email.channel === "sms" ? `Text message to ${email.to}` : email.subject,
      headers: Object.entries(email.headers ?? {}),
      attachments: (email.attachments ?? []).map((file) => ({
        filename: file.filename,
        contentType: file.contentType,
        href: `data:${file.contentType.split(";")[0]};charset=utf-8,${encodeURIComponent(file.content)}`,
      })),
      template: email.template,
      sentAt: email.createdAt.toISOString(),
      sentAtLabel: `${email.createdAt.toISOString().slice(0, 19).replace("T", " ")} UTC`,
      text: email.text,
      html: email.html,
      links: linksIn(email.text),
    })),
  };
}

/** Links in a sandboxed preview can't be followed, so they are listed as real links too. */
function linksIn(text: string) {
  // A sentence's closing punctuation is not part of the link it ends with.
  return [...new Set((text.match(/https?:\/\/[^\s<>"]+/g) ?? []).map((link) => link.replace(/[.,;:!?)\]]+$/, "")))];
}

export default function DevOutbox() {
  const { emails } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Outbox</h1>
        <p className="mt-1 text-sm text-slate-600">
          Mail and text messages (marked SMS) the app would have sent, newest first. Only available in development, and only on this
          computer.
        </p>
      </div>
      {emails.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">No mail sent yet.</p>
      ) : (
        <ol className="space-y-6">
          {emails.map((email) => (
            <li key={email.id}>
              <article aria-labelledby={`email-${email.id}`} className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
                <header className="flex flex-wrap items-baseline justify-between gap-2">
                  <h2 id={`email-${email.id}`} className="text-lg font-semibold text-slate-900">
                    {email.channel === "sms" ? (
                      <span className="mr-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-bold uppercase text-amber-900">SMS</span>
                    ) : null}
                    {email.subject}
                  </h2>
                  <time dateTime={email.sentAt} className="text-sm text-slate-500">
                    {email.sentAtLabel}
                  </time>
                </header>
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-sm">
                  <dt className="font-medium text-slate-700">To</dt>
                  <dd className="text-slate-900">{email.to}</dd>
                  <dt className="font-medium text-slate-700">Template</dt>
                  <dd className="text-slate-900">{email.template}</dd>
                  {email.headers.map(([name, value]) => (
                    <Fragment key={name}>
                      <dt className="font-medium text-slate-700">{name}</dt>
                      <dd className="break-all text-slate-900">{value}</dd>
                    </Fragment>
                  ))}
                  {email.attachments.map((file) => (
                    <Fragment key={file.filename}>
                      <dt className="font-medium text-slate-700">Attachment</dt>
                      <dd>
                        <a href={file.href} download={file.filename} className="font-medium text-brand-700 underline">
                          {file.filename}
                        </a>{" "}
                        <span className="text-slate-500">({file.contentType})</span>
                      </dd>
                    </Fragment>
                  ))}
                </dl>
                {email.links.length > 0 ? (
                  <ul className="mt-3 space-y-1 text-sm">
                    {email.links.map((link) => (
                      <li key={link}>
                        <a href={link} className="break-all font-medium text-brand-700 underline">
                          {link}
                        </a>
                      </li>
                    ))}
                  </ul>
                ) : null}
                <div className="mt-4 grid gap-4 lg:grid-cols-2">
                  <section aria-label="Plain text">
                    <h3 className="text-sm font-medium text-slate-700">{email.channel === "sms" ? "Message" : "Plain text"}</h3>
                    <pre className="mt-1 max-h-96 overflow-auto whitespace-pre-wrap rounded-lg bg-slate-50 p-3 text-xs text-slate-800">
                      {email.text}
                    </pre>
                  </section>
                  {email.channel === "email" ? (
                    <section aria-label="HTML">
                      <h3 className="text-sm font-medium text-slate-700">HTML</h3>
                      {/* sandbox="" runs no scripts and gives the message an opaque origin. */}
                      <iframe
                        title={`HTML preview of “${email.subject}”`}
                        srcDoc={email.html}
                        sandbox=""
                        className="mt-1 h-96 w-full rounded-lg border border-slate-200 bg-white"
                      />
                    </section>
                  ) : null}
                </div>
              </article>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
