// Every kind of notification the app sends. Add a kind here and it appears on the preferences page.
import type { NotificationKindDefinition } from "./kind";
import { bookingCancelled } from "./kinds/booking-cancelled";
import { bookingConfirmed, bookingPaidConfirmed } from "./kinds/booking-confirmed";
import { bookingHoldExpired } from "./kinds/booking-hold-expired";
import { bookingNew } from "./kinds/booking-new";
import { bookingPaymentReceived } from "./kinds/booking-payment-received";
import { bookingPaymentRefunded } from "./kinds/booking-payment-refunded";
import { bookingRescheduled } from "./kinds/booking-rescheduled";
import { bookingReviewRequest } from "./kinds/booking-review-request";
import { meetingFallback } from "./kinds/meeting-fallback";
import { paymentFlagged } from "./kinds/payment-flagged";
import { reviewNew } from "./kinds/review-new";
import { reminder1h, reminder24h } from "./kinds/session-reminder";
import { sessionNoShow } from "./kinds/session-no-show";
import { sessionStarting } from "./kinds/session-starting";
import { specialistApproved, specialistRejected } from "./kinds/specialist-approval";
import { videoConnectionLost } from "./kinds/video-connection-lost";
import { webhookEndpointDisabled } from "./kinds/webhook-endpoint-disabled";

export const notificationKinds = {
  "booking-confirmed": bookingConfirmed,
  "booking-paid-confirmed": bookingPaidConfirmed,
  "booking-new": bookingNew,
  "booking-payment-received": bookingPaymentReceived,
  "booking-rescheduled": bookingRescheduled,
  "booking-cancelled": bookingCancelled,
  "booking-hold-expired": bookingHoldExpired,
  "booking-review-request": bookingReviewRequest,
  "booking-payment-refunded": bookingPaymentRefunded,
  "payment-flagged": paymentFlagged,
  "review-new": reviewNew,
  "specialist-approved": specialistApproved,
  "specialist-rejected": specialistRejected,
  "reminder-24h": reminder24h,
  "reminder-1h": reminder1h,
  "session-starting": sessionStarting,
  "video-connection-lost": videoConnectionLost,
  "meeting-fallback": meetingFallback,
  "session-no-show": sessionNoShow,
  "webhook-endpoint-disabled": webhookEndpointDisabled,
};

export type NotificationKind = keyof typeof notificationKinds;
export type NotificationPayload<K extends NotificationKind> =
  (typeof notificationKinds)[K] extends NotificationKindDefinition<infer P> ? P : never;

export function isNotificationKind(kind: string): kind is NotificationKind {
  return Object.hasOwn(notificationKinds, kind);
}

/** The preference a kind follows (kinds that read as one thing share one). */
export function preferenceOf(kind: NotificationKind): string {
  return notificationKinds[kind].preference ?? kind;
}
