export interface SmsMessage {
  /** E.164, e.g. "+14155550100". */
  to: string;
  body: string;
  template: string;
  /** The sender's own id for this message (a notification id). */
  messageKey: string;
}

export interface SmsSender {
  /** "outbox" when text messages stay in the local outbox. */
  readonly name: string;
  /** Throws ProviderError when the provider refuses the message. */
  send(message: SmsMessage): Promise<{ providerMessageId: string | null }>;
}
