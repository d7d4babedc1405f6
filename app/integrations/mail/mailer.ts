export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Which template produced it, for the outbox and logs. */
  template: string;
  /** The sender's own id for this message: the same key twice is one message (where the provider allows). */
  messageKey?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
