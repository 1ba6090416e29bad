/** What the interface VPC endpoints (--vpc-endpoints) cost, in words: shown beside the NAT choice and in infra/README.md. */
import { INTERFACE_ENDPOINTS } from '../aws/vpc-endpoints.js';
import { HOURS_PER_MONTH } from './lines.js';
import { formatRate, formatUsd, roundCents } from './money.js';
import { PRICES } from './prices.js';
import { PriceResolver } from './resolve.js';

/**
 * What --vpc-endpoints adds, by the hour and by the month: `Interface VPC endpoints (--vpc-endpoints): 5 endpoints
 * x 3 AZs x $0.01/hour = $0.15/hour, about $109.50/month; the S3 gateway endpoint is free and always there`.
 */
export function endpointCostWords(region: string, azCount: number): string {
  const price = new PriceResolver(PRICES, region).get('interfaceEndpointHour', 'interface VPC endpoints');
  const count = INTERFACE_ENDPOINTS.length;
  const hourly = count * azCount * price.usd;
  return `Interface VPC endpoints (--vpc-endpoints: ${INTERFACE_ENDPOINTS.map((e) => e.label).join(', ')}): ${count} endpoints x ${azCount} AZs x ${formatRate(price.usd)}/hour (${price.region}) = ${formatRate(hourly)}/hour, about ${formatUsd(roundCents(hourly * HOURS_PER_MONTH))}/month; the S3 gateway endpoint is free and always there`;
}
