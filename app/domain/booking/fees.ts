/** The platform's share of a paid session: 20.00 %, in basis points (1 bp = 0.01 %). */
export const platformFeeBasisPoints = 2000;

const basisPointsPerWhole = 10_000;

/**
 * The platform fee for a price in minor units: price × 20 %, rounded half up, integers only.
 * Split into whole 10 000s and the rest so no intermediate product leaves the safe-integer range.
 */
export function platformFee(priceMinor: number): number {
  if (!Number.isSafeInteger(priceMinor) || priceMinor < 0) {
    throw new RangeError(`Price must be a non-negative integer in minor units, got ${priceMinor}`);
  }
  const wholes = Math.floor(priceMinor / basisPointsPerWhole);
  const rest = priceMinor % basisPointsPerWhole;
  return (
    wholes * platformFeeBasisPoints + Math.floor((rest * platformFeeBasisPoints + basisPointsPerWhole / 2) / basisPointsPerWhole)
  );
}
