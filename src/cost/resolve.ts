/**
 * Picks prices out of the table for one Region, falling back to the fallback Region's price when the Region, or one
 * price in it, is missing, and keeping a note of every fallback so the estimate can say which prices it borrowed.
 */
import type { FullRegionPrices, Price, PriceTable, RegionPrices } from './price-types.js';

/** A price as used by one line: the table entry plus the Region it was taken from. */
export interface UsedPrice extends Price {
  readonly key: string;
  readonly region: string;
}

export class PriceResolver {
  /** The Region whose prices the estimate uses: the requested one if the table has it, else the fallback. */
  readonly region: string;
  readonly notes: string[] = [];
  private readonly own: RegionPrices;

  constructor(
    private readonly table: PriceTable,
    readonly requestedRegion: string,
  ) {
    const own = table.regions[requestedRegion];
    this.region = own ? requestedRegion : table.fallbackRegion;
    this.own = own ?? table.fallback;
    if (!own) {
      this.notes.push(
        `The price table has no prices for ${requestedRegion}: the estimate uses ${table.fallbackRegion} prices.`,
      );
    }
  }

  /**
   * The price under `key` (a field of the table, or `field.engine.name` for instance and node prices), from the
   * Region if it has it, else from the fallback Region with a note; undefined when neither has it.
   */
  find(
    key: string,
    label: string,
    pick: (prices: RegionPrices | FullRegionPrices) => Price | undefined,
  ): UsedPrice | undefined {
    const own = pick(this.own);
    if (own) return { ...own, key, region: this.region };
    const fallback = pick(this.table.fallback);
    if (!fallback) return undefined;
    const from = this.table.fallbackRegion;
    this.notes.push(`The price table has no ${this.region} price for ${label}: that line uses the ${from} price.`);
    return { ...fallback, key, region: this.table.fallbackRegion };
  }

  /** Like `find`, for a price every table has (the fallback Region is complete). */
  get<K extends keyof FullRegionPrices>(key: K, label: string): UsedPrice {
    const found = this.find(key, label, (prices) => prices[key] as Price | undefined);
    if (!found) throw new Error(`Price table incomplete: ${this.table.fallbackRegion} has no ${key}`);
    return found;
  }
}
