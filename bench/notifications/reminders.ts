// 10,000 reminders due at once, sent through the real job path to a local mail stand-in.
// `npx tsx bench/notifications/reminders.ts [reminders] [lanes]` (default 10,000 and the Node
// server's default JOBS_CONCURRENCY): a temp libSQL file with bookings whose 1 h reminder is due,
// one cron tick, and the Node job worker delivering through the real SendGrid mailer to the tests'
// SendGrid stand-in, which counts each notification it receives. Each booking reminds its customer
// and its specialist, so N reminders are N/2 bookings.
// Prints a table; asserts nothing (the goal: within 60 s, no duplicates).
// Emails render with React's production build, as the server runs (it is chosen at import time).
process.env.NODE_ENV = "production";
const { runReminderBurst } = await import("./reminder-burst");

await runReminderBurst(Number(process.argv[2] ?? 10_000), process.argv[3] === undefined ? undefined : Number(process.argv[3]));

export {};
