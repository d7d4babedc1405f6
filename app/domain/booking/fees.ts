/** The platform's default share of a paid session: 20.00 %, in basis points (1 bp = 0.01 %); PLATFORM_FEE_BPS overrides it. */
export const platformFeeBasisPoints = 2000;

const basisPointsPerWhole = 10_000;

/**
 * The platform fee for a price in minor units: price × rate, rounded half up, integers only.
 * Split into whole 10 000s and the rest so no intermediate product leaves the safe-integer range.
 */
export function platformFee(priceMinor: number, basisPoints = platformFeeBasisPoints): number {
  if (!Number.isSafeInteger(priceMinor) || priceMinor < 0) {
    throw new RangeError(`Price must be a non-negative integer in minor units, got ${priceMinor}`);
  }
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > basisPointsPerWhole) {
    throw new RangeError(`The fee must be 0–10000 basis points, got ${basisPoints}`);
  }
  const wholes = Math.floor(priceMinor / basisPointsPerWhole);
  const rest = priceMinor % basisPointsPerWhole;
  return wholes * basisPoints + Math.floor((rest * basisPoints + basisPointsPerWhole / 2) / basisPointsPerWhole);
}
