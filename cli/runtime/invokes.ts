import { fakeGuid } from "./ids";

interface InvokeContext {
  readonly region: string;
  readonly accountId: string;
  readonly config: Record<string, string>;
}

/**
 * Offline answers for the data sources the program reads. Directory lookups answer with a GUID
 * derived from the name, so the same stack always synthesizes the same ids.
 */
export function fakeInvoke(
  token: string,
  inputs: Record<string, unknown>,
  ctx: InvokeContext,
): Record<string, unknown> | undefined {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: ctx.accountId,
        arn: `arn:aws:iam::${ctx.accountId}:role/deployer`,
        userId: "AROAEXAMPLE",
        id: ctx.accountId,
      };
    case "aws:index/getRegion:getRegion":
      return { region: ctx.region, name: ctx.region, id: ctx.region, description: ctx.region };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    case "azuread:index/getClientConfig:getClientConfig": {
      const tenantId =
        ctx.config["azuread:tenantId"] ?? ctx.config["claude-code-rollout:tenantId"] ?? fakeGuid("tenant");
      return { tenantId, clientId: fakeGuid("deployer"), objectId: fakeGuid("deployer-object"), id: tenantId };
    }
    case "azuread:index/getGroups:getGroups": {
      // A prefix query finds the one group of exactly that name: offline, every name is unique.
      const prefix = inputs.displayNamePrefix as string | undefined;
      const displayNames = (inputs.displayNames as string[] | undefined) ?? (prefix === undefined ? [] : [prefix]);
      const objectIds = displayNames.map((name) => fakeGuid(`directory-group/${name}`));
      return {
        displayNames,
        objectIds,
        id: objectIds.join(","),
        securityEnabled: inputs.securityEnabled,
        mailEnabled: false,
      };
    }
    default:
      return undefined;
  }
}
