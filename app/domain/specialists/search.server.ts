import { and, asc, desc, eq, gte, isNull, lt, not, sql, type Placeholder, type SQL } from "drizzle-orm";
import { alias, unionAll } from "drizzle-orm/sqlite-core";
import type { Database } from "../../../db/database";
import { keptStatement } from "../../../db/kept-statement";
import {
  fxRates,
  noOpenTime,
  sessionTypes,
  slots,
  specialistListingLanguages,
  specialistListings,
  specialistListingSpecialties,
  specialistListingTerms as terms,
} from "../../../db/schema";
import { currencyDigits } from "../../lib/money";
import { convertMinor, type FxRates } from "../fx/convert";
import { currentFxRates } from "../fx/fx-rates.server";
import {
  bestTermOfRange,
  rangeTerm,
  rankedTermsAtMost,
  searchWords,
  termSearch,
  type TermRange,
  type TermSearch,
} from "./search-terms.server";
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
 * Text with other orders than relevance: when its rarest word is in fewer listings than this, they
 * are read and sorted; from this many on, the order's index is walked and each row checked for the
 * words (a page then needs about a page ÷ their share of rows, not every match sorted). Best match
 * with one word reads its ranked terms instead; with more words it scores the rarest word's listings.
 */
const walkOrderFromMatches = 500;

/**
 * The next open time as of `now`. The stored one is exact while it hasn't passed (slot writes
 * refresh it); once it has, the slots index answers until the minute cron moves the row on.
 */
function nextOpenAt(now: number | Placeholder) {
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

/** One page in `sort` order from the cursor on: an index range, except relevance with words (scored and sorted; one common word reads `rankedQuery` instead). */
function pageQuery(
  db: Database,
  sort: SearchSort,
  where: SQL | undefined,
  text: TermSearch | null,
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
  const score = sort === "relevance" && text !== null ? text.score : sql<number>`0`;
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
      if (text === null) {
        return select(
          after && sql`(${listing.displayName}, ${listing.specialistId}) > (${second}, ${after.id})`,
          asc(listing.displayName),
          asc(listing.specialistId),
        );
      }
      // Scored and sorted: the work is proportional to the rows read (few, or the rarest word's).
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

/**
 * Best match for one word that many listings have: each of its terms' index ranges is already in
 * score order (weight, then name), so the page is their merge (SQLite merges the ordered arms of a
 * compound select and stops at the limit), each listing under its best term only. The ranges'
 * copies of the name and id give the order, so no arm is sorted.
 */
function rankedQuery(
  db: Database,
  range: TermRange,
  others: SQL | undefined,
  now: number | Placeholder,
  after: { keys: unknown[]; id: unknown } | undefined,
  rowLimit: number | Placeholder,
  onlyWhen: SQL,
) {
  const [first, second] = after?.keys ?? [];
  // The arms carry only what orders them (named, so the compound's ORDER BY can refer to them);
  // the page's few rows then join their cards.
  // Only listed specialists have terms, so an arm reads the listing only for other filters.
  const arm = (term: SQL) => {
    const rows = db
      .select({
        listingId: terms.listingId,
        score: sql<number>`${terms.weight}`.as("score"),
        displayName: sql<string>`${terms.displayName}`.as("display_name"),
        specialistId: sql<string>`${terms.specialistId}`.as("specialist_id"),
      })
      .from(terms)
      .$dynamic();
    return (others === undefined ? rows : rows.innerJoin(listing, eq(listing.id, terms.listingId))).where(
      and(
        sql`${terms.term} = ${term}`,
        bestTermOfRange(range),
        others,
        after &&
          sql`(${terms.weight} < ${first} or (${terms.weight} = ${first} and (${terms.displayName}, ${terms.specialistId}) > (${second}, ${after.id})))`,
      ),
    );
  };
  const [firstArm, secondArm, ...moreArms] = Array.from({ length: rankedTermsAtMost }, (_, position) => arm(rangeTerm(range, position)));
  const ranked = unionAll(firstArm!, secondArm!, ...moreArms)
    .orderBy(desc(sql`"score"`), asc(sql`"display_name"`), asc(sql`"specialist_id"`))
    .limit(sql`(case when ${onlyWhen} then ${rowLimit} else 0 end)` as unknown as number)
    .as("ranked");
  return (
    db
      .select({ ...cardColumns, score: ranked.score, nextOpenAt: nextOpenAt(now) })
      .from(ranked)
      .innerJoin(listing, eq(listing.id, ranked.listingId))
      // Spelled out: drizzle leaves a subquery's aliased fields bare here, and the listing has the same names.
      .orderBy(sql`"ranked"."score" desc, "ranked"."display_name", "ranked"."specialist_id"`)
  );
}

/**
 * The ranked read of one word without filters, built once (its eight arms took more CPU to build
 * than to run); the first page and later ones are two statements.
 */
const rankedFirstPage = keptStatement<{ word: string; enough: number; now: number; rowLimit: number }>()((db, values) => {
  const { single, few } = termSearch([values.word], values.enough);
  return rankedQuery(db, single!, undefined, values.now, undefined, values.rowLimit, rankedReadCondition(single!, few));
});
const rankedLaterPage = keptStatement<{
  word: string;
  enough: number;
  now: number;
  rowLimit: number;
  score: number;
  name: string;
  id: string;
}>()((db, values) => {
  const { single, few } = termSearch([values.word], values.enough);
  const after = { keys: [values.score, values.name], id: values.id };
  return rankedQuery(db, single!, undefined, values.now, after, values.rowLimit, rankedReadCondition(single!, few));
});

/** The ranked read for this page: a kept statement unless filters shape it. */
function rankedPage(
  db: Database,
  word: string,
  others: SQL | undefined,
  now: number,
  cursor: Cursor | undefined,
  rowLimit: number,
  enough: number,
  range: TermRange,
  onlyWhen: SQL,
) {
  if (others !== undefined) return rankedQuery(db, range, others, now, cursor, rowLimit, onlyWhen);
  if (cursor === undefined) return rankedFirstPage(db, { word, enough, now, rowLimit });
  const [score, name] = cursor.keys;
  return rankedLaterPage(db, { word, enough, now, rowLimit, score: Number(score), name: String(name), id: cursor.id });
}

/** The ranked read applies: many listings have the word, and it stands for few enough terms to merge. */
function rankedReadCondition(range: TermRange, few: SQL): SQL {
  return sql`(not ${few} and ${rangeTerm(range, rankedTermsAtMost)} is null)`;
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
function matchesToCount(db: Database, query: SearchQuery, text: TermSearch | null, others: SQL | undefined) {
  const one = { one: sql`1` };
  if (text !== null) {
    // A listing may have several terms starting with the last word: distinct listings are counted.
    // Only listed specialists have terms, so the listing is read only for the other filters.
    const lead = alias(terms, "lead");
    const leads = db.selectDistinct({ id: lead.listingId }).from(lead).$dynamic();
    return (others === undefined ? leads : leads.innerJoin(listing, eq(listing.id, lead.listingId)))
      .where(and(text.leadTermIn(sql`${lead.term}`), text.leadMatchesFor(sql`${lead.listingId}`), others))
      .limit(countCap + 1)
      .as("matches");
  }
  const joinTable = query.specialty
    ? { rows: specialistListingSpecialties, key: eq(specialistListingSpecialties.specialty, query.specialty) }
    : query.language
      ? { rows: specialistListingLanguages, key: eq(specialistListingLanguages.language, query.language) }
      : undefined;
  if (joinTable) {
    return db
      .select(one)
      .from(joinTable.rows)
      .innerJoin(listing, eq(listing.specialistId, joinTable.rows.specialistId))
      .where(and(joinTable.key, others))
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
  const text = words.length > 0 ? termSearch(words, walkOrderFrom) : null;
  const where = text === null ? others : and(text.matches, others);
  const cursor = (query.cursor === undefined ? null : decodeCursor(query.cursor, query.sort)) ?? undefined;
  // Text has two ways to a page, both in the batch, each limited to no rows unless the rarest
  // word's count says it is the one, so exactly one reads rows: read the candidates and sort them,
  // or (many) walk the order's index checking each row, or for best match read the word's ranked terms.
  const ranked = text?.single && query.sort === "relevance" ? rankedReadCondition(text.single, text.few) : undefined;
  const readWhen = text === null ? undefined : query.sort === "relevance" ? (ranked ? not(ranked) : undefined) : text.few;
  const other =
    text === null
      ? pageQuery(db, query.sort, sql`0`, null, at, cursor, pageSize)
      : text.single && ranked
        ? rankedPage(db, words[0]!, others, at, cursor, pageSize + 1, walkOrderFrom, text.single, ranked)
        : pageQuery(db, query.sort, query.sort === "relevance" ? sql`0` : where, text, at, cursor, pageSize, not(text.few));

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
      pageQuery(db, query.sort, text === null ? where : and(text.candidates, where), text, at, cursor, pageSize, readWhen),
      other,
      passedOpenTimesQuery(db, query.sort === "soonest" ? where : sql`0`, at, cursor, pageSize),
    ]);
  let [rateRows, rated, [counted], readRows, otherRows, passed] = await read();
  if (rateRows.length === 0) {
    // A fresh database: store the shipped rates (the listing's reference prices follow by trigger).
    await currentFxRates(db, now);
    [rateRows, rated, [counted], readRows, otherRows, passed] = await read();
  }
  const rows = otherRows.length > 0 ? otherRows : readRows;
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
