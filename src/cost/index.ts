/** The monthly cost estimate: inputs, price table, the estimate and its helpers. */
export { estimateCost, topLines, compareNatModes, type CostEstimate } from './estimate.js';
export { HOURS_PER_MONTH, natGatewayCount, type CostLine } from './lines.js';
export {
  DEFAULT_USAGE,
  checkCostInputs,
  type CacheInput,
  type CostInputs,
  type CpuArch,
  type DbInput,
  type NatMode,
  type ServiceInput,
} from './inputs.js';
export { PRICES, US_EAST_1 } from './prices.js';
export { roundCents, formatUsd } from './money.js';
export type { Price, PriceTable, FullRegionPrices, RegionPrices, DbEngine, CacheEngine } from './price-types.js';
export type { UsedPrice } from './resolve.js';
