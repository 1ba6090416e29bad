/**
 * Rounding and formatting for the estimate.
 *
 * The rounding rule: each line's monthly amount is computed unrounded, then rounded to the cent, half up (0.005 ->
 * 0.01). The total is the sum of the rounded lines, so the table a reader sees adds up exactly. Amounts are rounded
 * after trimming binary floating-point noise to 12 significant digits (730 x 0.045 is 32.849999999999994 in binary;
 * it is 32.85).
 */
export function roundCents(usd: number): number {
  const cents = Number((usd * 100).toPrecision(12));
  return Math.round(cents) / 100;
}

/** Sum of amounts already in cents, without floating-point drift. */
export function sumCents(amounts: readonly number[]): number {
  return amounts.reduce((sum, usd) => sum + Math.round(usd * 100), 0) / 100;
}

const USD = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const QUANTITY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/** `$1,234.50` */
export function formatUsd(usd: number): string {
  return `$${USD.format(usd)}`;
}

/** `1,460`, `0.25`: quantities in line descriptions. */
export function formatQuantity(value: number): string {
  return QUANTITY.format(Number(value.toPrecision(12)));
}

/** A unit price as published, without rounding but with at least two decimals: `$0.004445`, `$0.40`. */
export function formatRate(usd: number): string {
  const exact = String(Number(usd.toPrecision(12)));
  const decimals = exact.split('.')[1]?.length ?? 0;
  return `$${decimals < 2 ? usd.toFixed(2) : exact}`;
}
