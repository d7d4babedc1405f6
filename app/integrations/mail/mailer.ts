export interface MailAttachment {
  filename: string;
  /** e.g. "text/calendar; method=PUBLISH; charset=utf-8" */
  contentType: string;
  /** The file's text (UTF-8); providers that want base64 encode it. */
  content: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Which template produced it, for the outbox and logs. */
  template: string;
  /** The sender's own id for this message: the same key twice is one message (where the provider allows). */
  messageKey?: string;
  /** Extra headers such as List-Unsubscribe. */
  headers?: Record<string, string>;
  attachments?: MailAttachment[];
}

export interface SentMessage {
  /** The provider's id for the message, to match its delivery events to it. */
  providerMessageId: string | null;
}

export interface Mailer {
  /** "outbox" when mail stays in the local outbox. */
  readonly name: string;
  /** Throws ProviderError when the provider refuses the message. */
  send(message: MailMessage): Promise<SentMessage>;
}
