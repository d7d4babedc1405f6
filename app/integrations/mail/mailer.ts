export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Which template produced it, for the outbox and logs. */
  template: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
