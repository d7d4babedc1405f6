import { and, asc, desc, eq, gte, isNull, lt, not, sql, type SQL } from "drizzle-orm";
import { integer, sqliteTable } from "drizzle-orm/sqlite-core";
import type { Database } from "../../../db/database";
import {
  fxRates,
  noOpenTime,
  sessionTypes,
  slots,
  specialistListingLanguages,
  specialistListings,
  specialistListingSpecialties,
} from "../../../db/schema";
import { currencyDigits } from "../../lib/money";
import { convertMinor, type FxRates } from "../fx/convert";
import { currentFxRates } from "../fx/fx-rates.server";
import { decodeCursor, encodeCursor, type Cursor, type CursorKey, type SearchQuery, type SearchSort } from "./search-schema";

// Every page reads the listing read model (specialist_listings, kept current by migration 0007's
// triggers and the slot writes; docs/decisions/0010-listing-read-model.md): an index range per
// sort order, so a page costs the same with 30 specialists or 100,000.

export const searchPageSize = 12;
/**
 * The first page counts matches up to here, then says "100+": counting them all would cost O(n),
 * and a count stopped at 100 reads at most 100 ÷ (the share that matches) rows.
 */
export const countCap = 100;
const dayMs = 24 * 60 * 60 * 1000;

export interface SearchResult {
  id: string;
  slug: string;
  displayName: string;
  headline: string;
  specialties: string[];
  languages: string[];
  timezone: string;
  ratingAvg: number | null;
  ratingCount: number;
  prices: SpecialistPrices;
  nextAvailableAt: Date | null;
}

/** A price in the specialist's currency, with its value in the viewer's (null without a rate). */
export interface ListedPrice {
  amountMinor: number;
  currency: string;
  viewerMinor: number | null;
}

export interface SpecialistPrices {
  /** Offers a free session (an intro call, usually). */
  free: boolean;
  /** The cheapest and the dearest paid session type, compared in the viewer's currency. */
  paid: { min: ListedPrice; max: ListedPrice } | null;
}

export interface SearchPage {
  results: SearchResult[];
  /** Whether any listed specialist has reviews: until then rating filters and sorts mean nothing. */
  ratingsExist: boolean;
  /** The currency prices were compared in, and the date of the rates used. */
  currency: string;
  ratesAsOf: string;
  /** Continues after the last result; null on the last page. */
  nextCursor: string | null;
  /** How many specialists match, up to countCap; on the first page only (later pages don't need it). */
  total: number | null;
  /** More than `total` match (the count stopped at countCap). */
  totalCapped: boolean;
}

const listing = specialistListings;
/** "specialist_listings"."column": drizzle leaves select-list columns bare, which breaks correlated subqueries. */
const listingSpecialistId = sql`${listing}.${sql.identifier(listing.specialistId.name)}`;

/**
 * The words of the text query as the full-text index splits them (letters and digits, lower-cased);
 * each must match somewhere (AND). Everything else is a separator, so FTS5's syntax (quotes, *, -,
 * NEAR, parentheses, column filters) never reaches it as syntax.
 */
export function searchWords(text: string | undefined): string[] {
  return [...new Set((text ?? "").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 8);
}

/** An FTS5 query requiring every word; the last may be the start of a word (typing "distrib…"). */
export function ftsQuery(words: string[], column?: string): string {
  const phrases = words.map((word, index) => `"${word}"${index === words.length - 1 ? "*" : ""}`);
  return column === undefined ? phrases.join(" ") : phrases.map((phrase) => `${column} : ${phrase}`).join(" ");
}

const search = sql`specialist_listing_search`;
const matching = (query: string) => sql`(select rowid from ${search} where ${search} match ${query})`;
// The same full-text index as a table to join (migration 0007 makes it; it stays out of the schema,
// which drizzle-kit would try to create).
const searchIndex = sqliteTable("specialist_listing_search", { rowid: integer("rowid").notNull() });

/**
 * Text with other orders than relevance: when the words match fewer rows than this, their rows are
 * read and sorted; from this many on, the order's index is walked and each row checked against them
 * (a page then needs about a page ÷ their share of rows, not every match sorted).
 */
const walkOrderFromMatches = 500;

/**
 * Relevance: per word, a name match (8) outranks headline (4), specialty (2) and bio (1) matches
 * together, as before full-text search. A whole word is probed at each matching row (FTS5 seeks
 * the rowid), which costs per match; a list of every row using it would cost per use anywhere (a
 * first name is in thousands). The last word, a prefix, is listed once per column instead: FTS5
 * gathers a prefix's rows on every probe, so probing it per row would cost matches × uses.
 */
function relevanceScore(words: string[]): SQL {
  const weights = [
    ["display_name", 8],
    ["headline", 4],
    ["specialties", 2],
    ["bio", 1],
  ] as const;
  const terms = words.flatMap((word, index) => {
    const last = index === words.length - 1;
    return weights.map(([column, weight]) => {
      const phrase = `${column} : "${word}"${last ? "*" : ""}`;
      const found = last
        ? sql`${listing.id} in ${matching(phrase)}`
        : sql`exists (select 1 from ${search} where ${search} match ${phrase} and ${search}.rowid = ${listing.id})`;
      return sql`(case when ${found} then ${weight} else 0 end)`;
    });
  });
  return sql`(${sql.join(terms, sql` + `)})`;
}

/**
 * The next open time as of `now`. The stored one is exact while it hasn't passed (slot writes
 * refresh it); once it has, the slots index answers until the minute cron moves the row on.
 */
function nextOpenAt(now: number) {
  return sql<number>`(case when ${listing.nextOpenAt} >= ${now} then ${listing.nextOpenAt} else coalesce((select min(${slots.startsAt}) from ${slots} where ${slots.specialistId} = ${listingSpecialistId} and ${slots.startsAt} >= ${now}), ${noOpenTime}) end)`;
}

/** A paid session priced in [min, max] major units of the viewer's currency (or only free ones, when 0 is in range). */
function priceInRange(viewerCurrency: string, min: number | undefined, max: number | undefined): SQL {
  const scale = 10 ** currencyDigits(viewerCurrency);
  // The same factor as minorUnitFactor (../fx/convert.ts), so a price on the boundary stays in.
  const viewerRate = sql`(select rate from fx_rates where currency = ${viewerCurrency})`;
  const viewerUnits = sql`(select per_major from currency_minor_units where currency = ${viewerCurrency})`;
  const converted = sql`(case when t.currency = ${viewerCurrency} then t.price_minor
    else t.price_minor * ((${viewerRate} / r.rate) * (${viewerUnits} * 1.0 / u.per_major)) end)`;
  const bounds = [
    min === undefined ? undefined : sql`${converted} >= ${Math.round(min * scale)}`,
    max === undefined ? undefined : sql`${converted} <= ${Math.round(max * scale)}`,
  ].filter((bound): bound is SQL => bound !== undefined);
  const paidInRange = sql`exists (select 1 from ${sessionTypes} t
    left join fx_rates r on r.currency = t.currency left join currency_minor_units u on u.currency = t.currency
    where t.specialist_id = ${listingSpecialistId} and t.active = 1 and t.price_minor > 0 and ${sql.join(bounds, sql` and `)})`;
  return min === undefined || min === 0 ? sql`(${paidInRange} or ${isNull(listing.cheapestMinor)})` : paidInRange;
}

/** The listed specialists matching everything but the text (each query reaches its matches its own way) and the cursor. */
function filters(query: SearchQuery, now: number, viewerCurrency: string): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  // Specialties and languages are broad: an index lookup per row while the sort's index is walked
  // (a page needs about a page ÷ their share of rows), never every match sorted.
  if (query.specialty) {
    conditions.push(
      sql`exists (select 1 from ${specialistListingSpecialties} where ${specialistListingSpecialties.specialty} = ${query.specialty} and ${specialistListingSpecialties.specialistId} = ${listingSpecialistId})`,
    );
  }
  if (query.language) {
    conditions.push(
      sql`exists (select 1 from ${specialistListingLanguages} where ${specialistListingLanguages.language} = ${query.language} and ${specialistListingLanguages.specialistId} = ${listingSpecialistId})`,
    );
  }
  if (query.minPrice !== undefined || query.maxPrice !== undefined)
    conditions.push(priceInRange(viewerCurrency, query.minPrice, query.maxPrice));
  if (query.minRating !== undefined) conditions.push(gte(listing.ratingAvg, query.minRating));
  if (query.availableWithin !== undefined) conditions.push(lt(nextOpenAt(now), now + query.availableWithin * dayMs));
  return and(...conditions);
}

const cardColumns = {
  id: listing.specialistId,
  slug: listing.slug,
  displayName: listing.displayName,
  headline: listing.headline,
  specialties: listing.specialties,
  languages: listing.languages,
  timezone: listing.timezone,
  ratingAvg: listing.ratingAvg,
  ratingCount: listing.ratingCount,
  ratingKey: listing.ratingKey,
  priceKey: listing.priceKey,
  hasFree: listing.hasFree,
  cheapestMinor: listing.cheapestMinor,
  cheapestCurrency: listing.cheapestCurrency,
  dearestMinor: listing.dearestMinor,
  dearestCurrency: listing.dearestCurrency,
};

type Row = Awaited<ReturnType<ReturnType<typeof pageQuery>["execute"]>>[number];

/** One page in `sort` order from the cursor on: an index range, except relevance with words (ranked). */
function pageQuery(
  db: Database,
  sort: SearchSort,
  where: SQL | undefined,
  words: string[],
  now: number,
  after: Cursor | undefined,
  pageSize: number,
  onlyWhen?: SQL,
) {
  // A limit of 0 when `onlyWhen` is false: SQLite then reads nothing (a false WHERE term with a
  // subquery would still read every candidate row first).
  const limit = onlyWhen ? sql`(case when ${onlyWhen} then ${pageSize + 1} else 0 end)` : pageSize + 1;
  // Only the ranked order needs the score, and it orders by the selected column (named "score"),
  // so each row's is computed once.
  const score = sort === "relevance" && words.length > 0 ? relevanceScore(words) : sql<number>`0`;
  const next = nextOpenAt(now);
  const select = (extra: SQL | undefined, ...order: SQL[]) =>
    db
      .select({ ...cardColumns, score: sql<number>`${score}`.as("score"), nextOpenAt: next })
      .from(listing)
      .where(and(where, extra))
      .orderBy(...order)
      // drizzle embeds an SQL limit as it is; its type only admits numbers and placeholders.
      .limit(limit as unknown as number);
  const [first, second] = after?.keys ?? [];
  switch (sort) {
    case "relevance":
      if (words.length === 0) {
        return select(
          after && sql`(${listing.displayName}, ${listing.specialistId}) > (${second}, ${after.id})`,
          asc(listing.displayName),
          asc(listing.specialistId),
        );
      }
      // Ranked matches can't come from an index; the work is proportional to the matches, not the directory.
      return select(
        after &&
          sql`(${score} < ${first} or (${score} = ${first} and (${listing.displayName}, ${listing.specialistId}) > (${second}, ${after.id})))`,
        desc(sql`"score"`),
        asc(listing.displayName),
        asc(listing.specialistId),
      );
    case "price":
      return select(
        after && sql`(${listing.priceKey}, ${listing.specialistId}) > (${first}, ${after.id})`,
        asc(listing.priceKey),
        asc(listing.specialistId),
      );
    case "rating":
      // All descending (ties by id descending too), so one index serves the order and the cursor.
      return select(
        after && sql`(${listing.ratingKey}, ${listing.ratingCount}, ${listing.specialistId}) < (${first}, ${second}, ${after.id})`,
        desc(listing.ratingKey),
        desc(listing.ratingCount),
        desc(listing.specialistId),
      );
    case "soonest":
      // Rows whose stored time is still ahead, in index order (their merge with passed ones is below).
      return select(
        and(gte(listing.nextOpenAt, now), after && sql`(${listing.nextOpenAt}, ${listing.specialistId}) > (${first}, ${after.id})`),
        asc(listing.nextOpenAt),
        asc(listing.specialistId),
      );
  }
}

/** Soonest only: rows whose stored next open time has passed (few: the minute cron moves them on), by their real one. */
function passedOpenTimesQuery(db: Database, where: SQL | undefined, now: number, after: Cursor | undefined, pageSize: number) {
  const next = nextOpenAt(now);
  return db
    .select({ ...cardColumns, score: sql<number>`0`, nextOpenAt: next })
    .from(listing)
    .where(and(where, lt(listing.nextOpenAt, now), after && sql`(${next}, ${listing.specialistId}) > (${after.keys[0]}, ${after.id})`))
    .orderBy(asc(next), asc(listing.specialistId))
    .limit(pageSize + 1);
}

function cursorKeys(sort: SearchSort, row: Row): CursorKey {
  switch (sort) {
    case "relevance":
      return [Number(row.score), row.displayName];
    case "price":
      return [row.priceKey];
    case "rating":
      return [row.ratingKey, row.ratingCount];
    case "soonest":
      return [Number(row.nextOpenAt)];
  }
}

function bySoonest(a: Row, b: Row) {
  return Number(a.nextOpenAt) - Number(b.nextOpenAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The rows the first page counts (up to the cap), reached from the narrow side: text joins its
 * matches, a specialty or language filter its join table. Walking the listing instead would read
 * about cap ÷ (their share) rows before the count stops.
 */
function matchesToCount(db: Database, query: SearchQuery, text: string | null, others: SQL | undefined) {
  const one = { one: sql`1` };
  if (text !== null) {
    return db
      .select(one)
      .from(listing)
      .innerJoin(searchIndex, eq(searchIndex.rowid, listing.id))
      .where(and(sql`${searchIndex} match ${text}`, others))
      .limit(countCap + 1)
      .as("matches");
  }
  if (query.specialty) {
    return db
      .select(one)
      .from(specialistListingSpecialties)
      .innerJoin(listing, eq(listing.specialistId, specialistListingSpecialties.specialistId))
      .where(and(eq(specialistListingSpecialties.specialty, query.specialty), others))
      .limit(countCap + 1)
      .as("matches");
  }
  if (query.language) {
    return db
      .select(one)
      .from(specialistListingLanguages)
      .innerJoin(listing, eq(listing.specialistId, specialistListingLanguages.specialistId))
      .where(and(eq(specialistListingLanguages.language, query.language), others))
      .limit(countCap + 1)
      .as("matches");
  }
  return db
    .select(one)
    .from(listing)
    .where(others)
    .limit(countCap + 1)
    .as("matches");
}

/**
 * One page of the directory for `query` (already validated by `searchQuerySchema`): the rates,
 * the page, a capped count (first page) and whether anyone has ratings, in one database round trip.
 * The web shows `searchPageSize` a page; the API asks for its own `pageSize` (cursors fit either).
 */
export async function searchSpecialists(
  db: Database,
  query: SearchQuery,
  now: Date,
  { pageSize = searchPageSize, walkOrderFrom = walkOrderFromMatches }: { pageSize?: number; walkOrderFrom?: number } = {},
): Promise<SearchPage> {
  const at = now.getTime();
  const words = searchWords(query.q);
  const viewerCurrency = query.currency ?? "USD";
  const others = filters(query, at, viewerCurrency);
  const text = words.length > 0 ? ftsQuery(words) : null;
  // Reads the matching rows first (few matches, or the ranked order, which scores them all).
  const where = text === null ? others : and(sql`${listing.id} in ${matching(text)}`, others);
  const cursor = (query.cursor === undefined ? null : decodeCursor(query.cursor, query.sort)) ?? undefined;
  // Both ways of reading a text search in another order go in the batch, each limited to no rows
  // unless the count of matches says it is the one, so exactly one reads rows.
  const walk = text !== null && query.sort !== "relevance";
  const manyMatches = sql`(select count(*) from (select 1 from ${search} where ${search} match ${text} limit ${walkOrderFrom})) >= ${walkOrderFrom}`;
  // A unary + keeps SQLite from reading the matches' rows first, so it walks the order's index.
  const walked = walk ? and(sql`+${listing.id} in ${matching(text)}`, others) : sql`0`;

  const read = () =>
    db.batch([
      db.select({ currency: fxRates.currency, rate: fxRates.rate, asOf: fxRates.asOf }).from(fxRates),
      db
        .select({ one: sql<number>`1` })
        .from(listing)
        .where(and(gte(listing.ratingKey, 0), sql`${listing.ratingCount} > 0`))
        .limit(1),
      // Later pages skip the count (`where 0`): only the first page shows it.
      db.select({ count: sql<number>`count(*)` }).from(matchesToCount(db, query, text, cursor ? sql`0` : others)),
      pageQuery(db, query.sort, where, words, at, cursor, pageSize, walk ? not(manyMatches) : undefined),
      pageQuery(db, query.sort, walked, words, at, cursor, pageSize, walk ? manyMatches : undefined),
      passedOpenTimesQuery(db, query.sort === "soonest" ? where : sql`0`, at, cursor, pageSize),
    ]);
  let [rateRows, rated, [counted], readRows, walkedRows, passed] = await read();
  if (rateRows.length === 0) {
    // A fresh database: store the shipped rates (the listing's reference prices follow by trigger).
    await currentFxRates(db, now);
    [rateRows, rated, [counted], readRows, walkedRows, passed] = await read();
  }
  const rows = walkedRows.length > 0 ? walkedRows : readRows;
  const asOf = rateRows.reduce((latest, row) => (row.asOf > latest ? row.asOf : latest), "");
  const rates: FxRates = { asOf, rates: new Map(rateRows.map((row) => [row.currency, row.rate])) };

  const merged = passed.length === 0 ? rows : [...rows, ...passed].sort(bySoonest).slice(0, pageSize + 1);
  const page = merged.slice(0, pageSize);
  const last = page.at(-1);
  const nextCursor =
    merged.length > pageSize && last ? encodeCursor(query.sort, { keys: cursorKeys(query.sort, last), id: last.id }) : null;
  const count = Number(counted?.count ?? 0);

  return {
    results: page.map((row) => ({
      id: row.id,
      slug: row.slug,
      displayName: row.displayName,
      headline: row.headline,
      specialties: row.specialties,
      languages: row.languages,
      timezone: row.timezone,
      ratingAvg: row.ratingAvg,
      ratingCount: row.ratingCount,
      prices: {
        free: row.hasFree,
        paid:
          row.cheapestMinor === null || row.cheapestCurrency === null || row.dearestMinor === null || row.dearestCurrency === null
            ? null
            : {
                min: listedPrice(rates, row.cheapestMinor, row.cheapestCurrency, viewerCurrency),
                max: listedPrice(rates, row.dearestMinor, row.dearestCurrency, viewerCurrency),
              },
      },
      nextAvailableAt: Number(row.nextOpenAt) >= noOpenTime ? null : new Date(Number(row.nextOpenAt)),
    })),
    ratingsExist: rated.length > 0,
    currency: viewerCurrency,
    ratesAsOf: rates.asOf,
    nextCursor,
    total: cursor ? null : Math.min(count, countCap),
    totalCapped: !cursor && count > countCap,
  };
}

function listedPrice(rates: FxRates, amountMinor: number, currency: string, viewerCurrency: string): ListedPrice {
  return { amountMinor, currency, viewerMinor: convertMinor(rates, amountMinor, currency, viewerCurrency) };
}
