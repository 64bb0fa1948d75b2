import { z } from "zod";
import { sortedUnique } from "./text";

/**
 * The org's network-domain catalogue (`networkDomains`): profiles name entries in `intent.network`,
 * and the compiler turns them into the sandbox allowlist. One reviewed list, so a profile cannot
 * slip an arbitrary host into its egress.
 */

const DOMAIN_ENTRY_NAME = /^[a-z][a-z0-9-]{0,40}$/;

/**
 * A host as sandbox.network.allowedDomains takes it: a DNS name, optionally with a leading `*.` and a
 * `:port`. A bare `*` or a wildcard over a public suffix alone (`*.com`) would open egress to everyone.
 */
const HOST = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(:[0-9]{1,5})?$/;

const networkDomainSchema = z.strictObject({
  domains: z
    .array(
      z
        .string()
        .regex(
          HOST,
          'expected a lowercase host such as "registry.npmjs.org" or "*.githubusercontent.com" (no scheme, path or bare "*")',
        ),
    )
    .min(1, "list at least one domain"),
  purpose: z.string().min(1).describe("why profiles need these hosts; shown in reviews"),
});

export const networkDomainsSchema = z
  .record(
    z.string().regex(DOMAIN_ENTRY_NAME, "catalogue names are lowercase letters, digits and -"),
    networkDomainSchema,
  )
  .default({})
  .describe("the org's domain catalogue; profiles pick entries by name in intent.network");

export type NetworkDomains = z.output<typeof networkDomainsSchema>;

/** The hosts behind catalogue names, sorted and unique; unknown names are the loader's concern. */
export function domainsOf(catalogue: NetworkDomains, names: readonly string[]): string[] {
  return sortedUnique(names.flatMap((name) => catalogue[name]?.domains ?? []));
}
