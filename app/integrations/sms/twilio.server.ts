// Text messages through Twilio's Messages API (2010-04-01), over fetch so it runs on Workers too.
import { isPermanentStatus, ProviderError } from "../provider-error";
import type { SmsSender } from "./sms-sender";

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** Exactly one sender: a number of the account (E.164) … */
  from?: string;
  /** … or a Messaging Service that picks one. */
  messagingServiceSid?: string;
  /** https://api.twilio.com, or a stand-in. */
  apiUrl: string;
  /** Where Twilio reports each message's delivery (our /webhooks/twilio/status). */
  statusCallbackUrl: string;
  /** Called when Twilio refuses a number because it replied STOP (error 21610), before the error is thrown. */
  onUnsubscribedRecipient?: (phone: string) => Promise<void>;
}

/** Twilio's error 21610: the recipient replied STOP to this sender. */
const unsubscribedRecipientCode = 21610;

/** A hung connection must not hold a delivery's lease; the queue retries it. */
const requestTimeoutMs = 15_000;

const twilioError = (body: unknown) => {
  if (typeof body !== "object" || body === null) return null;
  const { code, message } = body as { code?: unknown; message?: unknown };
  return { code: typeof code === "number" ? code : null, message: typeof message === "string" ? message : null };
};

export function createTwilioSmsSender(settings: TwilioSettings): SmsSender {
  const endpoint = `${settings.apiUrl.replace(/\/+$/, "")}/2010-04-01/Accounts/${settings.accountSid}/Messages.json`;
  const authorization = `Basic ${btoa(`${settings.accountSid}:${settings.authToken}`)}`;
  return {
    name: "twilio",
    async send(message) {
      const form = new URLSearchParams({ To: message.to, Body: message.body, StatusCallback: settings.statusCallbackUrl });
      if (settings.messagingServiceSid) form.set("MessagingServiceSid", settings.messagingServiceSid);
      else if (settings.from) form.set("From", settings.from);

      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: "POST",
          headers: { authorization, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: form,
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
      } catch (error) {
        throw new ProviderError(`Twilio could not be reached: ${error instanceof Error ? error.message : String(error)}`, {
          permanent: false,
          cause: error,
        });
      }
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) {
        const sid = (body as { sid?: unknown } | null)?.sid;
        return { providerMessageId: typeof sid === "string" ? sid : null };
      }

      const error = twilioError(body);
      if (error?.code === unsubscribedRecipientCode) await settings.onUnsubscribedRecipient?.(message.to);
      const detail = error?.message ? `Twilio error ${error.code ?? "(no code)"}: ${error.message}` : "Twilio gave no error details";
      throw new ProviderError(`${detail} (HTTP ${response.status})`, {
        permanent: isPermanentStatus(response.status),
        status: response.status,
      });
    },
  };
}
