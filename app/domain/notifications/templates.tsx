// Every kind of notification: the data it stores and how it renders. The payload is fixed when
// the event happens (names, amounts and times as they were), so a later delivery says the same.
import { z } from "zod";
import { BookingPaidConfirmed } from "../../emails/booking-paid-confirmed";
import { BookingPaymentRefunded } from "../../emails/booking-payment-refunded";
import { PaymentFlagged } from "../../emails/payment-flagged";

const bookingConfirmed = z.object({
  name: z.string(),
  specialistName: z.string(),
  sessionTitle: z.string(),
  when: z.string(),
  amount: z.string(),
  meetingUrl: z.string(),
});

const paymentRefunded = z.object({
  name: z.string(),
  specialistName: z.string(),
  when: z.string(),
  amount: z.string(),
  explanation: z.string(),
});

const paymentFlagged = z.object({ name: z.string(), bookingId: z.string(), problem: z.string(), refund: z.string() });

export const notificationTemplates = {
  "booking-paid-confirmed": {
    payload: bookingConfirmed,
    render: (data: z.infer<typeof bookingConfirmed>) => ({
      subject: `Confirmed: ${data.sessionTitle} with ${data.specialistName}`,
      element: <BookingPaidConfirmed {...data} />,
    }),
  },
  "booking-payment-refunded": {
    payload: paymentRefunded,
    render: (data: z.infer<typeof paymentRefunded>) => ({
      subject: `Refunded: your payment for the session with ${data.specialistName}`,
      element: <BookingPaymentRefunded {...data} />,
    }),
  },
  "payment-flagged": {
    payload: paymentFlagged,
    render: (data: z.infer<typeof paymentFlagged>) => ({
      subject: `Payment needs review: booking ${data.bookingId}`,
      element: <PaymentFlagged {...data} />,
    }),
  },
} as const;

export type NotificationKind = keyof typeof notificationTemplates;
export type NotificationPayload<K extends NotificationKind> = z.infer<(typeof notificationTemplates)[K]["payload"]>;
