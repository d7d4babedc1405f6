import { and, asc, desc, eq, gt, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Database } from "../../../db/database";
import { sessionTypes, slots, specialists } from "../../../db/schema";
import { currencyDigits } from "../../lib/money";
import { minorUnitFactor, type FxRates } from "../fx/convert";
import { currentFxRates } from "../fx/fx-rates.server";
import { meetsListingRequirements } from "./profile.server";
import { decodeCursor, encodeCursor, type CursorKey, type SearchQuery, type SearchSort } from "./search-schema";
import { specialties } from "./specialties";

export const searchPageSize = 12;
const dayMs = 24 * 60 * 60 * 1000;
/** Sorts specialists without open times after everyone else (later than any real slot). */
const noSlotYet = 8.64e15;
/** Sorts specialists whose prices can't be converted (no rate) after every priced one. */
const noPriceKnown = 8.64e15;

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
  /** How many specialists match in all; counted on the first page only (later pages don't need it). */
  total: number | null;
}

/** "specialists"."column": drizzle leaves select-list columns unqualified, which breaks correlated subqueries. */
const col = (column: SQLiteColumn) => sql`${specialists}.${sql.identifier(column.name)}`;
const specialistId = col(specialists.id);

/** Words of the text query, lower-cased; each must match somewhere (AND). */
export function searchWords(text: string | undefined): string[] {
  return [...new Set((text ?? "").toLowerCase().split(/\s+/).filter(Boolean))].slice(0, 8);
}

/** A LIKE pattern matching `word` anywhere, with LIKE's wildcards taken literally. */
function containsPattern(word: string) {
  return `%${word.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

interface WordMatch {
  any: SQL;
  score: SQL;
}

function wordMatch(word: string): WordMatch {
  const pattern = containsPattern(word);
  const like = (column: SQLiteColumn) => sql`lower(${col(column)}) like ${pattern} escape '\\'`;
  // Specialties are stored as slugs; match the word against their labels here instead.
  const slugs = specialties.filter((specialty) => specialty.label.toLowerCase().includes(word)).map((specialty) => specialty.slug);
  const inSpecialties =
    slugs.length === 0
      ? sql`0`
      : sql`exists (select 1 from json_each(${col(specialists.specialties)}) where value in (${sql.join(
          slugs.map((slug) => sql`${slug}`),
          sql`, `,
        )}))`;
  const [name, headline, bio] = [like(specialists.displayName), like(specialists.headline), like(specialists.bio)];
  return {
    any: sql`(${name} or ${headline} or ${inSpecialties} or ${bio})`,
    // Weights so that a name match outranks matches in all the lower fields together.
    score: sql`((case when ${name} then 8 else 0 end) + (case when ${headline} then 4 else 0 end) + (case when ${inSpecialties} then 2 else 0 end) + (case when ${bio} then 1 else 0 end))`,
  };
}

const activeTypes = sql`${sessionTypes} where ${sql`${sessionTypes}.${sql.identifier(sessionTypes.specialistId.name)}`} = ${specialistId} and ${sql`${sessionTypes}.${sql.identifier(sessionTypes.active.name)}`} = 1`;
const typePrice = sql`${sessionTypes}.${sql.identifier(sessionTypes.priceMinor.name)}`;
const typeCurrency = sql`${sessionTypes}.${sql.identifier(sessionTypes.currency.name)}`;
const paidTypes = sql`${activeTypes} and ${typePrice} > 0`;
const hasFreeType = sql<number>`exists (select 1 from ${activeTypes} and ${typePrice} = 0)`;
const hasPaidType = sql`exists (select 1 from ${paidTypes})`;

/**
 * Money, not numbers: prices compare in the viewer's currency. Specialists are compared by their
 * paid sessions (a free intro call is shown, but doesn't make someone "cheap"); one who offers
 * only free sessions counts as 0.
 */
interface PriceTerms {
  /** A session type's price in the viewer's minor units (a real number); null without a rate. */
  converted: SQL;
  /** The cheapest paid session in the viewer's minor units, rounded; null without a rate. */
  cheapest: SQL<number | null>;
  dearest: SQL<number | null>;
  /** The cheapest and dearest paid session as [priceMinor, currency]. */
  cheapestType: SQL<string | null>;
  dearestType: SQL<string | null>;
}

function priceTerms(rates: FxRates, viewerCurrency: string): PriceTerms {
  const factors = [...rates.rates.keys()].flatMap((currency) => {
    const factor = minorUnitFactor(rates, currency, viewerCurrency);
    return factor === null ? [] : [sql`when ${currency} then ${typePrice} * ${factor}`];
  });
  const converted = factors.length === 0 ? sql`null` : sql`(case ${typeCurrency} ${sql.join(factors, sql` `)} end)`;
  const typeAt = (direction: SQL) =>
    sql<string | null>`(select json_array(${typePrice}, ${typeCurrency}) from ${paidTypes} order by ${converted} is null, ${converted} ${direction}, ${typePrice} ${direction} limit 1)`;
  return {
    converted,
    cheapest: sql<number | null>`(select round(min(${converted})) from ${paidTypes})`,
    dearest: sql<number | null>`(select round(max(${converted})) from ${paidTypes})`,
    cheapestType: typeAt(sql`asc`),
    dearestType: typeAt(sql`desc`),
  };
}

const slotsOfSpecialist = sql`${slots} where ${sql`${slots}.${sql.identifier(slots.specialistId.name)}`} = ${specialistId}`;
const slotStart = sql.identifier(slots.startsAt.name);

/** The listed specialists matching everything but the cursor. */
function filters(query: SearchQuery, now: Date, words: WordMatch[], prices: PriceTerms, viewerCurrency: string): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    eq(specialists.published, true),
    eq(specialists.approval, "approved"),
    meetsListingRequirements,
    ...words.map((word) => word.any),
  ];
  if (query.specialty) {
    conditions.push(sql`exists (select 1 from json_each(${col(specialists.specialties)}) where value = ${query.specialty})`);
  }
  if (query.language) {
    conditions.push(sql`exists (select 1 from json_each(${col(specialists.languages)}) where value = ${query.language})`);
  }
  if (query.minPrice !== undefined || query.maxPrice !== undefined) {
    conditions.push(priceInRange(prices, viewerCurrency, query.minPrice, query.maxPrice));
  }
  if (query.minRating !== undefined) conditions.push(sql`${col(specialists.ratingAvg)} >= ${query.minRating}`);
  if (query.availableWithin !== undefined) {
    const from = now.getTime();
    const to = from + query.availableWithin * dayMs;
    conditions.push(sql`exists (select 1 from ${slotsOfSpecialist} and ${slotStart} >= ${from} and ${slotStart} < ${to})`);
  }
  return and(...conditions);
}

/** A paid session priced in [min, max] major units of the viewer's currency (or only free ones, when 0 is in range). */
function priceInRange(prices: PriceTerms, viewerCurrency: string, min: number | undefined, max: number | undefined): SQL {
  const scale = 10 ** currencyDigits(viewerCurrency);
  const inRange = and(
    min === undefined ? undefined : sql`${prices.converted} >= ${Math.round(min * scale)}`,
    max === undefined ? undefined : sql`${prices.converted} <= ${Math.round(max * scale)}`,
  );
  const freeOnly = min === undefined || min === 0 ? sql` or not ${hasPaidType}` : sql``;
  return sql`(exists (select 1 from ${paidTypes} and ${inRange})${freeOnly})`;
}

interface SortKey {
  expression: SQL;
  direction: "asc" | "desc";
}

function sortKeys(sort: SearchSort, words: WordMatch[], nextSlot: SQL, prices: PriceTerms): SortKey[] {
  switch (sort) {
    case "relevance": {
      // abs(0), not 0: SQLite reads a bare integer in ORDER BY as a column number.
      const score = words.length === 0 ? sql`abs(0)` : sql.join(words.map((word) => word.score), sql` + `);
      return [
        { expression: sql`(${score})`, direction: "desc" },
        { expression: col(specialists.displayName), direction: "asc" },
      ];
    }
    case "price":
      // Rounded to whole minor units, so the key survives the cursor's JSON round trip exactly.
      return [{ expression: sql`(case when ${hasPaidType} then coalesce(${prices.cheapest}, ${noPriceKnown}) else 0 end)`, direction: "asc" }];
    case "rating":
      return [
        // Rounded so the key survives the cursor's JSON round trip exactly (SQLite prints 15 digits).
        { expression: sql`round(coalesce(${col(specialists.ratingAvg)}, -1), 2)`, direction: "desc" },
        { expression: col(specialists.ratingCount), direction: "desc" },
      ];
    case "soonest":
      return [{ expression: sql`coalesce(${nextSlot}, ${noSlotYet})`, direction: "asc" }];
  }
}

/** Rows strictly after the cursor in (keys…, id asc) order. */
function afterCursor(keys: SortKey[], values: CursorKey, id: string): SQL {
  let condition = sql`${specialistId} > ${id}`;
  for (let index = keys.length - 1; index >= 0; index -= 1) {
    const { expression, direction } = keys[index]!;
    const value = values[index]!;
    const beyond = direction === "asc" ? sql`${expression} > ${value}` : sql`${expression} < ${value}`;
    condition = sql`(${beyond} or (${expression} = ${value} and ${condition}))`;
  }
  return condition;
}

/** One page of the directory for `query` (already validated by `searchQuerySchema`). */
export async function searchSpecialists(db: Database, query: SearchQuery, now: Date): Promise<SearchPage> {
  const words = searchWords(query.q).map(wordMatch);
  const nextSlot = sql<number | null>`(select min(${slotStart}) from ${slotsOfSpecialist} and ${slotStart} >= ${now.getTime()})`;
  const viewerCurrency = query.currency ?? "USD";
  const rates = await currentFxRates(db, now);
  const prices = priceTerms(rates, viewerCurrency);
  const where = filters(query, now, words, prices, viewerCurrency);
  const keys = sortKeys(query.sort, words, nextSlot, prices);
  const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor, query.sort);

  const rows = await db
    .select({
      id: specialists.id,
      slug: specialists.slug,
      displayName: specialists.displayName,
      headline: specialists.headline,
      specialties: specialists.specialties,
      languages: specialists.languages,
      timezone: specialists.timezone,
      ratingAvg: specialists.ratingAvg,
      ratingCount: specialists.ratingCount,
      hasFree: hasFreeType,
      cheapest: prices.cheapest,
      dearest: prices.dearest,
      cheapestType: prices.cheapestType,
      dearestType: prices.dearestType,
      nextSlot,
      keys: sql<string>`json_array(${sql.join(
        keys.map((key) => key.expression),
        sql`, `,
      )})`,
    })
    .from(specialists)
    .where(and(where, cursor ? afterCursor(keys, cursor.keys, cursor.id) : undefined))
    .orderBy(...keys.map((key) => (key.direction === "asc" ? asc(key.expression) : desc(key.expression))), asc(specialists.id))
    .limit(searchPageSize + 1);

  const page = rows.slice(0, searchPageSize);
  const last = page.at(-1);
  const nextCursor =
    rows.length > searchPageSize && last ? encodeCursor(query.sort, { keys: JSON.parse(last.keys) as CursorKey, id: last.id }) : null;
  const total = cursor ? null : rows.length <= searchPageSize ? rows.length : await db.$count(specialists, where);
  const [rated] = await db
    .select({ id: specialists.id })
    .from(specialists)
    .where(and(eq(specialists.published, true), eq(specialists.approval, "approved"), gt(specialists.ratingCount, 0)))
    .limit(1);

  return {
    results: page.map(({ hasFree, cheapest, dearest, cheapestType, dearestType, nextSlot: next, keys: _keys, ...row }) => ({
      ...row,
      prices: {
        free: Boolean(hasFree),
        paid:
          cheapestType === null || dearestType === null
            ? null
            : { min: listedPrice(cheapestType, cheapest), max: listedPrice(dearestType, dearest) },
      },
      nextAvailableAt: next === null ? null : new Date(Number(next)),
    })),
    ratingsExist: rated !== undefined,
    currency: viewerCurrency,
    ratesAsOf: rates.asOf,
    nextCursor,
    total,
  };
}

function listedPrice(type: string, viewerMinor: number | null): ListedPrice {
  const [amountMinor, currency] = JSON.parse(type) as [number, string];
  return { amountMinor, currency, viewerMinor: viewerMinor === null ? null : Number(viewerMinor) };
}
