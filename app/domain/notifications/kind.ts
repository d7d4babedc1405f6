// What a kind of notification is: the data it stores, the channels it goes out on, and how it
// reads on each. The payload is fixed when the event happens (names, amounts, instants as they
// were); times are rendered at delivery in the recipient's own zone.
import type { ReactElement } from "react";
import type * as z from "zod";
import type { Database } from "../../../db/database";
import type { NotificationChannel, UserRole } from "../../../db/schema";
import type { MailAttachment } from "../../integrations/mail/mailer";

export interface Recipient {
  id: string;
  name: string;
  email: string;
  timezone: string;
}

export interface RenderContext {
  recipient: Recipient;
  /** The app's public origin, for links. */
  origin: string;
  /** The notification's own id (stable across retries). */
  notificationId: string;
  /** For kinds one can unsubscribe from by email: the one-click link. */
  unsubscribeUrl: string | null;
}

export interface EmailContent {
  subject: string;
  element: ReactElement;
  attachments?: MailAttachment[];
}

export interface InAppContent {
  title: string;
  body: string;
  /** Where the notification leads, a path in the app. */
  href: string;
}

export interface ChannelRule {
  /** Sent whatever the user's preferences say (receipts, cancellations by email). */
  required?: boolean;
}

export interface NotificationKindDefinition<P> {
  /** Shown on the preferences page. */
  label: string;
  /**
   * The preference this kind follows: kinds that read as one thing to a user (the 24 h and 1 h
   * reminders) share one. Defaults to the kind's own name.
   */
  preference?: string;
  /** Who can receive it, so the preferences page offers it only to them; everyone when unset. */
  audience?: readonly UserRole[];
  payload: z.ZodType<P>;
  channels: Partial<Record<NotificationChannel, ChannelRule>>;
  email?: (data: P, context: RenderContext) => EmailContent;
  sms?: (data: P, context: RenderContext) => string;
  inApp?: (data: P, context: RenderContext) => InAppContent;
  /** Email carries a one-click unsubscribe (RFC 8058) from this kind's preference. */
  unsubscribable?: boolean;
  /**
   * At delivery, for the payloads of many notifications of this kind at once: false for each
   * message that no longer makes sense (the booking moved, was cancelled or started).
   */
  stillRelevant?: (db: Database, items: P[], now: Date) => Promise<boolean[]>;
}

/** Keeps the payload type of a definition for its render functions. */
export function defineKind<P>(definition: NotificationKindDefinition<P>): NotificationKindDefinition<P> {
  return definition;
}
