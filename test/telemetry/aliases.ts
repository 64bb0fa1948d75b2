import * as pulumi from "@pulumi/pulumi";

/** The part of a registration request this reads (the SDK's protobuf RegisterResourceRequest). */
interface Registration {
  getType(): string;
  getName(): string;
  getAliasesList(): { getSpec(): { getName(): string } | undefined; getUrn(): string }[];
}

/**
 * Records, per `type::name`, the names of the aliases each resource registers with (the old names an
 * existing stack knows it by). Call after installMocks(): it wraps the current mock monitor.
 */
export function recordAliases(): (type: string, name: string) => string[] {
  const aliases = new Map<string, string[]>();
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: Registration, cb: unknown): unknown;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    aliases.set(
      `${req.getType()}::${req.getName()}`,
      // Named aliases only: the SDK adds a nameless one per child that follows its parent's aliases.
      req
        .getAliasesList()
        .map((alias) => alias.getSpec()?.getName() ?? alias.getUrn())
        .filter((name) => name !== ""),
    );
    return register(req, cb);
  };
  return (type, name) => {
    const found = aliases.get(`${type}::${name}`);
    if (!found) throw new Error(`no registration of ${type} named ${name}`);
    return found;
  };
}
