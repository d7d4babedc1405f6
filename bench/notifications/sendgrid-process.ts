// The SendGrid stand-in in a process of its own, so the provider's work (parsing, checking and
// keeping 10,000 mails) isn't charged to the app's event loop, as with the real SendGrid.
// Started by reminder-burst.ts: reports its URL, then how often each notification arrived.
import { startSendGridStandIn } from "../../tests/stand-ins/sendgrid";

const standIn = await startSendGridStandIn({ apiKey: process.argv[2] });
process.send!({ url: standIn.url });
process.on("message", (message) => {
  if (message !== "report") return;
  const counts: Record<string, number> = {};
  for (const mail of standIn.accepted) {
    const key = mail.customArgs.notification_id ?? mail.messageId;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  process.send!({ counts }, () => {
    void standIn.close().then(() => process.exit(0));
  });
});
