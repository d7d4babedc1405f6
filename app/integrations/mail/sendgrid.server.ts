// SendGrid's v3 Mail Send over fetch, so the same adapter runs on Node and Workers (DESIGN.md §7).
// SendGrid answers 202 with the message's id in X-Message-Id; its Event Webhook reports delivery
// later with `sg_message_id` (that id plus a suffix) and our `notification_id` custom argument.
import { encodeBase64 } from "@oslojs/encoding";
import { isPermanentStatus, ProviderError } from "../provider-error";
import type { MailMessage, Mailer } from "./mailer";

export interface SendGridSettings {
  apiKey: string;
  /** "Name <address@example.com>" or a bare address: a verified sender. */
  from: string;
  /** https://api.sendgrid.com, or a stand-in in tests. */
  apiUrl: string;
}

/** A request that hangs this long is given up and retried later. */
const requestTimeoutMs = 30_000;

export function createSendGridMailer(settings: SendGridSettings): Mailer {
  const endpoint = new URL("/v3/mail/send", settings.apiUrl).href;
  const from = parseMailbox(settings.from);
  return {
    name: "sendgrid",
    async send(message) {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: "POST",
          headers: { authorization: `Bearer ${settings.apiKey}`, "content-type": "application/json" },
          body: JSON.stringify(mailSendBody(from, message)),
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
      } catch (error) {
        throw new ProviderError(`SendGrid could not be reached: ${error instanceof Error ? error.message : String(error)}`, {
          permanent: false,
          cause: error,
        });
      }
      if (response.status === 202 || response.status === 200) {
        await response.body?.cancel();
        return { providerMessageId: response.headers.get("x-message-id") };
      }
      const detail = await errorDetail(response);
      throw new ProviderError(`SendGrid refused the message (HTTP ${response.status})${detail ? `: ${detail}` : ""}`, {
        permanent: isPermanentStatus(response.status),
        status: response.status,
      });
    },
  };
}

/** "Name <address>" → { email, name }; a bare address → { email }. */
export function parseMailbox(value: string): { email: string; name?: string } {
  const match = /^\s*(.*?)\s*<\s*([^<>\s]+)\s*>\s*$/.exec(value);
  if (!match) return { email: value.trim() };
  const name = match[1]!.replace(/^"(.*)"$/, "$1").trim();
  return name ? { email: match[2]!, name } : { email: match[2]! };
}

function mailSendBody(from: { email: string; name?: string }, message: MailMessage) {
  const headers = message.headers ?? {};
  const attachments = message.attachments ?? [];
  return {
    personalizations: [{ to: [{ email: message.to }] }],
    from,
    subject: message.subject,
    // SendGrid requires text/plain before text/html (RFC 1341 §7.2).
    content: [
      { type: "text/plain", value: message.text },
      { type: "text/html", value: message.html },
    ],
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(attachments.length > 0
      ? {
          attachments: attachments.map((attachment) => ({
            content: encodeBase64(new TextEncoder().encode(attachment.content)),
            filename: attachment.filename,
            // SendGrid rejects parameters (";") in an attachment's type; a calendar's METHOD is inside the file too.
            type: attachment.contentType.split(";")[0]!.trim(),
            disposition: "attachment",
          })),
        }
      : {}),
    ...(message.messageKey ? { custom_args: { notification_id: message.messageKey } } : {}),
  };
}

/** SendGrid's `{errors: [{message, field}]}` as one line; the raw text when it isn't that shape. */
async function errorDetail(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  try {
    const parsed = JSON.parse(text) as { errors?: { message?: unknown; field?: unknown }[] };
    if (Array.isArray(parsed.errors)) {
      return parsed.errors
        .map((error) =>
          typeof error.field === "string" && error.field ? `${String(error.message)} (${error.field})` : String(error.message),
        )
        .join("; ");
    }
  } catch {
    // Not JSON (a proxy's error page): keep the start of it.
  }
  return text.slice(0, 300);
}
