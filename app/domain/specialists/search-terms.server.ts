import { sql, type Placeholder, type SQL } from "drizzle-orm";
import { specialistListings, specialistListingTerms } from "../../../db/schema";

// Text search reads specialist_listing_terms (docs/decisions/0036-search-terms-index.md): one row
// per (listing, word) with the fields the word is in as a weight, kept by migration 0016's triggers.

const terms = specialistListingTerms;
/** "specialist_listings"."id": drizzle leaves select-list columns bare, which breaks correlated subqueries. */
const listingId = sql`${specialistListings}.${sql.identifier(specialistListings.id.name)}`;
/** Above every character a term can hold, so `[word, word || top)` holds every term starting with word. */
const top = sql`char(1114111)`;

/**
 * The words of the text query (letters and digits, lower-cased), at most eight; each must match
 * (AND). Everything else separates words, so nothing typed acts as syntax.
 */
export function searchWords(text: string | undefined): string[] {
  return [...new Set((text ?? "").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 8);
}

/** The terms a word stands for, as an index range: exactly the word, or (the last word, still being typed) any term it starts. */
export interface TermRange {
  from: SQL;
  to: SQL;
}

const within = (range: TermRange, column: SQL = sql`${terms.term}`) => sql`${column} >= ${range.from} and ${column} < ${range.to}`;

/**
 * The query's words against the terms index. Each word is folded by the database's tokenizer, the
 * one the triggers split the text with (so "José" finds "Jose"). The rarest word, by a count
 * capped at `enough`, leads: its rows are the candidates when they are few.
 */
export function termSearch(words: (string | Placeholder)[], enough: number | Placeholder) {
  const ranges = words.map((word, index): TermRange => {
    // Its first token: the rare letter the tokenizer treats as a separator only shortens the word.
    const folded = sql`(select token from specialist_listing_tokenizer where input = ${word} limit 1)`;
    // No term holds a character below a space, so [word, word || ' ') is the word alone.
    return { from: folded, to: index === words.length - 1 ? sql`(${folded} || ${top})` : sql`(${folded} || ' ')` };
  });
  const rowsOf = (range: TermRange) => sql`(select count(*) from (select 1 from ${terms} where ${within(range)} limit ${enough}))`;
  const rarest =
    ranges.length === 1
      ? undefined
      : sql`(select column1 from (values ${sql.join(
          ranges.map((range, index) => sql`(${index}, ${rowsOf(range)})`),
          sql`, `,
        )}) order by column2, column1 limit 1)`;
  const pick = (end: keyof TermRange) =>
    rarest === undefined
      ? ranges[0]![end]
      : sql`(case ${rarest} ${sql.join(
          ranges.map((range, index) => sql`when ${index} then ${range[end]}`),
          sql` `,
        )} end)`;
  const lead: TermRange = { from: pick("from"), to: pick("to") };
  const wordWeight = (range: TermRange, listing: SQL) =>
    sql`coalesce((select max(${terms.weight}) from ${terms} where ${terms.listingId} = ${listing} and ${within(range)}), 0)`;

  /** Every word is in the text of the listing with this id. */
  const matchesFor = (id: SQL) =>
    sql`(${sql.join(
      ranges.map((range) => sql`exists (select 1 from ${terms} where ${terms.listingId} = ${id} and ${within(range)})`),
      sql` and `,
    )})`;

  return {
    /** Every word is in the listing's text. */
    matches: matchesFor(listingId),
    /** Every word is in the text of the listing with this id; none to check with one word (the lead term is it). */
    leadMatchesFor: (id: SQL) => (ranges.length === 1 ? undefined : matchesFor(id)),
    /** A term of the rarest word, in this column (read them to count the matches from the narrow side; a listing may have several). */
    leadTermIn: (column: SQL) => within(lead, column),
    /** The listings having the rarest word: a superset of the matches, read instead of walking an order when few. */
    candidates: sql`${listingId} in (select ${terms.listingId} from ${terms} where ${within(lead)})`,
    /** The rarest word is in fewer than `enough` listings (so are the matches). */
    few: sql`${rowsOf(lead)} < ${enough}`,
    /**
     * Best match: per word, the weight of its best term in the listing (name 8, headline 4,
     * specialty 2, bio 1, added up for the fields it is in); the words' weights add up.
     */
    score: sql<number>`(${sql.join(
      ranges.map((range) => wordWeight(range, listingId)),
      sql` + `,
    )})`,
    /** The one word's range, for the ranked read of best match; undefined with more words. */
    single: ranges.length === 1 ? ranges[0] : undefined,
  };
}

export type TermSearch = ReturnType<typeof termSearch>;

/** How many distinct terms one word's range may hold for the ranked read to merge them. */
export const rankedTermsAtMost = 8;

/**
 * The range's `position`-th distinct term (from 0; null past its last), found by one index seek per
 * term before it. The ranked read merges one index range per term; past `rankedTermsAtMost` terms
 * it gives way to scoring.
 */
export function rangeTerm(range: TermRange, position: number): SQL {
  return sql`(with recursive walk(term, position) as (
      select min(term), 0 from ${terms} where term >= ${range.from} and term < ${range.to}
      union all
      select (select min(term) from ${terms} where term > walk.term and term < ${range.to}), walk.position + 1
      from walk where walk.term is not null and walk.position < ${position})
    select term from walk where position = ${position})`;
}

/**
 * A listing's row under `term` is its best under the range (ties: the first term), so the ranked
 * read lists each listing once, at the weight the score gives it.
 */
export function bestTermOfRange(range: TermRange): SQL {
  return sql`not exists (select 1 from ${terms} other where other.listing_id = ${terms.listingId} and ${within(range, sql`other.term`)}
    and (other.weight > ${terms.weight} or (other.weight = ${terms.weight} and other.term < ${terms.term})))`;
}
