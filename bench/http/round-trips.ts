// Database round trips per page view on the edge path. `npx tsx bench/http/round-trips.ts`
// (after `npm run build`): the production build's Remix handler, as the Worker runs it, reaches a
// seeded libSQL file over HTTP through tools/libsql-dev-server with @libsql/client/web (the Worker's client);
// each HTTP request the database server receives is one round trip. Every page is viewed as a
// document and as a client-side navigation (its single-fetch `.data` request), signed out and
// signed in (a customer with a booking, a notification and a session used a minute ago).
// Prints a table; asserts nothing (the goal: each ≤ 2).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { and, eq } from "drizzle-orm";
import { extendAllHorizons } from "../../app/domain/availability/slots.server";
import { createSession } from "../../app/domain/auth/sessions.server";
import { openDatabase } from "../../db/client";
import { createUser } from "../../db/factories";
import { applyMigrations } from "../../db/migrations";
import { bookingEvents, bookings, notifications, sessionTypes, specialists } from "../../db/schema";
import { seedDemoData } from "../../app/demo/seed.server";
import { systemClock } from "../../load-context";
import { createTestApp } from "../../tests/app-handler";
import { connectOverHttp } from "../../tests/test-database";
import { goalRow, printRows, type BenchRow } from "../lib/table";
import { createScryptPasswordHasher } from "../../platform/scrypt-password-hasher";

const goal = 2;
const day = 24 * 60 * 60_000;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "specialistly-bench-round-trips-"));
  const url = pathToFileURL(join(dir, "bench.db")).href;
  const local = openDatabase({ url });
  let remote: Awaited<ReturnType<typeof connectOverHttp>> | undefined;
  try {
    const { db } = local;
    await applyMigrations(db);
    await seedDemoData(db, { passwords: createScryptPasswordHasher() });
    await extendAllHorizons({ db, clock: systemClock });
    const { slug, typeId, specialistId, priceMinor, currency, minutes } = await aListedOffer(db);

    const customer = await createUser(db, { email: "round-trips@bench.test", timezone: "America/New_York" });
    const startsAt = new Date(Math.ceil(Date.now() / day) * day + 3 * day + 14 * 60 * 60_000);
    const [booking] = await db
      .insert(bookings)
      .values({
        specialistId,
        customerId: customer.id,
        sessionTypeId: typeId,
        startsAt,
        endsAt: new Date(startsAt.getTime() + minutes * 60_000),
        status: "confirmed",
        priceMinor,
        currency,
        customerTimezone: customer.timezone,
        meetingUrl: "https://meet.example.test/room",
      })
      .returning({ id: bookings.id });
    await db.insert(bookingEvents).values({ bookingId: booking!.id, toStatus: "confirmed", actor: "customer", at: new Date() });
    await db.insert(notifications).values({
      userId: customer.id,
      channel: "in_app",
      kind: "booking-confirmed",
      subjectType: "booking",
      subjectId: booking!.id,
      payload: {},
      status: "sent",
      sendAt: new Date(),
    });
    // Used a minute ago: the hourly refresh of its last use (one write, once an hour) isn't due.
    const { token } = await createSession(db, customer.id, new Date(Date.now() - 60_000));
    const cookie = `session=${token}`;

    remote = await connectOverHttp(url);
    const app = await createTestApp({ db: remote.db });
    const counted = remote;

    /** The database round trips of one GET, with its status (the whole body read). */
    async function roundTrips(path: string, signedIn: boolean) {
      const before = counted.requests;
      const response = await app.get(path, { cookie: signedIn ? cookie : null });
      await response.arrayBuffer();
      return { trips: counted.requests - before, status: response.status };
    }

    const pages: { page: string; path: string; data: string; signedOut: boolean }[] = [
      { page: "home", path: "/", data: "/_root.data", signedOut: true },
      { page: "directory", path: "/specialists", data: "/specialists.data", signedOut: true },
      { page: "profile", path: `/s/${slug}`, data: `/s/${slug}.data`, signedOut: true },
      { page: "booking page", path: `/s/${slug}/book/${typeId}`, data: `/s/${slug}/book/${typeId}.data`, signedOut: true },
      { page: "bookings list", path: "/bookings", data: "/bookings.data", signedOut: false },
      { page: "booking detail", path: `/bookings/${booking!.id}`, data: `/bookings/${booking!.id}.data`, signedOut: false },
    ];

    const rows: BenchRow[] = [];
    for (const { page, path, data, signedOut } of pages) {
      for (const signedIn of signedOut ? [false, true] : [true]) {
        // One view first, so nothing measured is a first-time cost (the build's import, the client's first request).
        await roundTrips(path, signedIn);
        const view = await roundTrips(path, signedIn);
        const navigation = await roundTrips(data, signedIn);
        const failed = view.status !== 200 || navigation.status !== 200;
        rows.push(
          goalRow(
            "http/round-trips",
            `${page}, ${signedIn ? "signed in" : "signed out"}: document ${withStatus(view)}, navigation (.data) ${withStatus(navigation)}`,
            failed ? Number.NaN : Math.max(view.trips, navigation.trips),
            { atMost: goal },
            (value) => (Number.isNaN(value) ? "failed" : String(value)),
          ),
        );
      }
    }
    printRows("Database round trips per page view on the edge path (the Worker's libSQL client → the HTTP database server)", rows);
  } finally {
    await remote?.close();
    local.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A listed specialist's cheapest active session type. */
async function aListedOffer(db: ReturnType<typeof openDatabase>["db"]) {
  const [offer] = await db
    .select({
      slug: specialists.slug,
      specialistId: specialists.id,
      typeId: sessionTypes.id,
      priceMinor: sessionTypes.priceMinor,
      currency: sessionTypes.currency,
      minutes: sessionTypes.minutes,
    })
    .from(specialists)
    .innerJoin(sessionTypes, and(eq(sessionTypes.specialistId, specialists.id), eq(sessionTypes.active, true)))
    .where(and(eq(specialists.published, true), eq(specialists.approval, "approved")))
    .orderBy(specialists.slug, sessionTypes.priceMinor)
    .limit(1);
  if (!offer) throw new Error("The demo data has no listed specialist");
  return offer;
}

function withStatus({ trips, status }: { trips: number; status: number }) {
  return status === 200 ? String(trips) : `${trips} (HTTP ${status})`;
}

await main();
