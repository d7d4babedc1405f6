import { sql } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { fxRates } from "../../../db/schema";
import type { FxRates } from "./convert";
import { parseEcbDailyRates, type ReferenceRates } from "./ecb-feed";
import { fxSnapshot } from "./fx-snapshot";

function toFxRates(rows: { currency: string; rate: number; asOf: string }[]): FxRates {
  // Rates of the latest feed date; a currency the feed stopped listing keeps its older rate.
  const asOf = rows.reduce((latest, row) => (row.asOf > latest ? row.asOf : latest), "");
  return { asOf, rates: new Map(rows.map((row) => [row.currency, row.rate])) };
}

/** Stores `reference` rates, never replacing a rate with an older one. */
async function storeRates(db: Database, reference: ReferenceRates, source: "snapshot" | "feed", now: Date) {
  const rows = Object.entries(reference.rates).map(([currency, rate]) => ({
    currency,
    rate,
    asOf: reference.asOf,
    source,
    updatedAt: now,
  }));
  await db
    .insert(fxRates)
    .values(rows)
    .onConflictDoUpdate({
      target: fxRates.currency,
      set: { rate: sql`excluded.rate`, asOf: sql`excluded.as_of`, source: sql`excluded.source`, updatedAt: now },
      setWhere: sql`excluded.as_of >= ${fxRates.asOf}`,
    });
}

/** The stored rates; on first use (an empty table) the shipped snapshot is stored and used. */
export async function currentFxRates(db: Database, now: Date): Promise<FxRates> {
  const rows = await db.select({ currency: fxRates.currency, rate: fxRates.rate, asOf: fxRates.asOf }).from(fxRates);
  if (rows.length > 0) return toFxRates(rows);
  await storeRates(db, fxSnapshot, "snapshot", now);
  return toFxRates(await db.select({ currency: fxRates.currency, rate: fxRates.rate, asOf: fxRates.asOf }).from(fxRates));
}

export type FxRefresh = { ok: true; asOf: string; currencies: number } | { ok: false; message: string };

const fetchTimeoutMs = 20_000;

/**
 * Fetches the ECB-format daily feed at `url` and stores its rates. Any failure (no network, an
 * error status, a body that isn't the feed) changes nothing: the rates already stored stay.
 */
export async function refreshFxRates(db: Database, url: string, now: Date): Promise<FxRefresh> {
  let body: string;
  try {
    const response = await fetch(url, { headers: { accept: "application/xml, text/xml" }, signal: AbortSignal.timeout(fetchTimeoutMs) });
    if (!response.ok) return { ok: false, message: `The rates feed answered ${response.status}` };
    body = await response.text();
  } catch (error) {
    return { ok: false, message: `The rates feed could not be reached: ${String(error)}` };
  }
  const reference = parseEcbDailyRates(body);
  if (!reference) return { ok: false, message: "The rates feed did not contain ECB reference rates" };
  // Seed the snapshot first, so a currency missing from this feed still has a (dated) rate.
  await currentFxRates(db, now);
  await storeRates(db, reference, "feed", now);
  return { ok: true, asOf: reference.asOf, currencies: Object.keys(reference.rates).length };
}
