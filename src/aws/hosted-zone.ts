/**
 * `--check-aws` with a domain: the hosted zone named by --hosted-zone-id must exist in the account, be public, and
 * hold the domain (the zone of example.com holds shop.example.com), or the certificate never validates and the
 * first deploy hangs on it. Read-only and advisory like the stack checks; the client is injected (tests mock it).
 * The generator imports this module only under --check-aws, so the Route 53 SDK is not loaded otherwise.
 */
import { GetHostedZoneCommand } from '@aws-sdk/client-route-53';
import type { Route53Client } from '@aws-sdk/client-route-53';
import { isCredentialError } from './check-aws.js';
import type { CheckFinding } from './check-aws.js';

export async function checkHostedZone(client: Route53Client, domain: string, zoneId: string): Promise<CheckFinding[]> {
  const subject = `hosted zone ${zoneId}`;
  try {
    const { HostedZone: zone } = await client.send(new GetHostedZoneCommand({ Id: zoneId }));
    const name = (zone?.Name ?? '').replace(/\.$/, '').toLowerCase();
    if (zone?.Config?.PrivateZone) {
      return [{ level: 'error', subject, message: `${name} is a private zone: the certificate and ${domain} need a public one` }];
    }
    if (domain !== name && !domain.endsWith(`.${name}`)) {
      return [{ level: 'error', subject, message: `is ${name}, which does not hold ${domain}: pass the ID of the zone of ${domain} or a parent domain` }];
    }
    return [{ level: 'note', subject, message: `is ${name} and holds ${domain}` }];
  } catch (e) {
    if (isCredentialError(e)) {
      return [{ level: 'note', subject: 'AWS', message: 'no usable AWS credentials; the hosted zone was not looked up' }];
    }
    if (e instanceof Error && e.name === 'NoSuchHostedZone') {
      return [{ level: 'error', subject, message: 'does not exist in this account: create the zone, or pass the ID Route 53 shows for it' }];
    }
    return [{ level: 'warning', subject, message: `could not be looked up: ${e instanceof Error ? e.message : String(e)}` }];
  }
}
