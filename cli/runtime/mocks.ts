import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../../policies/offline";
import { fakeGuid } from "./ids";
import { fakeInvoke } from "./invokes";

/**
 * Pulumi's mock runtime, recording every registration and invoke. Shared by `npm run synth` and
 * the tests, so both see the program exactly as a real `pulumi up` would register it.
 */

export type { RecordedResource };

export interface RecordedInvoke {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
}

export interface MockRuntime {
  readonly resources: RecordedResource[];
  readonly invokes: RecordedInvoke[];
  /** Per-token results that replace the defaults in invokes.ts. */
  readonly invokeResults: Map<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;
  /** Waits for every pending registration, then fails on errors the runtime would swallow. */
  settle(): Promise<void>;
  reset(): void;
}

export interface MockRuntimeOptions {
  readonly project?: string;
  readonly stack: string;
  /** `ns:key` → string, as the CLI would supply it. */
  readonly config?: Record<string, string>;
  readonly secretKeys?: readonly string[];
  /** Arrays to record into (tests keep one live array across re-installs). */
  readonly resources?: RecordedResource[];
  readonly invokes?: RecordedInvoke[];
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const ACCOUNT_ID = "123456789012";

export function isSecretValue(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && SECRET_SIG in value;
}

/** Replaces every secret value with "[secret]": what may be written to disk or printed. */
export function maskSecrets(value: unknown): unknown {
  if (isSecretValue(value)) return "[secret]";
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v)]));
  }
  return value;
}

/**
 * The errors the latest runtime swallowed. One process listener feeds it: a listener per install
 * would pile up (MaxListenersExceededWarning) and keep every earlier runtime's list alive.
 */
let swallowedByCurrent: unknown[] = [];

const recordUnhandledRejection = (reason: unknown) => swallowedByCurrent.push(reason);

function catchUnhandledRejections(swallowed: unknown[]): void {
  // Checked on every install, not once: a test runner may drop every listener between files
  // (mocha's parallel workers call removeAllListeners("unhandledRejection")).
  if (!process.listeners("unhandledRejection").includes(recordUnhandledRejection))
    process.on("unhandledRejection", recordUnhandledRejection);
  swallowedByCurrent = swallowed;
}

export async function installMockRuntime(options: MockRuntimeOptions): Promise<MockRuntime> {
  const project = options.project ?? "claude-code-rollout";
  const resources = options.resources ?? [];
  const invokes = options.invokes ?? [];
  const invokeResults = new Map<string, (inputs: Record<string, unknown>) => Record<string, unknown>>();
  const swallowed: unknown[] = [];
  catchUnhandledRejections(swallowed);

  const config = options.config ?? {};
  const region = config["aws:region"] ?? "eu-west-1";
  // The account the stack pins the provider to, so fake ARNs match what config-derived ARNs say.
  const accountId = (JSON.parse(config["aws:allowedAccountIds"] ?? "[]") as string[])[0] ?? ACCOUNT_ID;
  // The monitor hands newResource no parent; the registration request has it, and newResource
  // runs synchronously inside registerResource, so a hand-off variable is race-free.
  let pendingParent: string | null = null;
  let pendingAliases: string[] = [];

  pulumi.runtime.setAllConfig(config, [...(options.secretKeys ?? [])]);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const parent = pendingParent;
        const aliases = pendingAliases;
        pendingParent = null;
        pendingAliases = [];
        // The monitor's own URN scheme, so children's parent URNs match the recorded ones.
        const urn = (pulumi.runtime.getMonitor() as unknown as MonitorWithUrns).newUrn(
          parent ?? undefined,
          args.type,
          args.name,
        );
        resources.push({
          type: args.type,
          name: args.name,
          urn,
          parent,
          custom: args.custom ?? true,
          inputs: args.inputs,
          ...(aliases.length ? { aliases } : {}),
        });
        return {
          id: `${args.name}-id`,
          state: { ...args.inputs, ...fakeOutputs(args.type, args.name, args.inputs, region, accountId) },
        };
      },
      call(args) {
        invokes.push({ token: args.token, inputs: args.inputs });
        const custom = invokeResults.get(args.token);
        const result = custom
          ? custom(args.inputs)
          : fakeInvoke(args.token, args.inputs, { region, accountId, config });
        if (!result) {
          swallowed.push(new Error(`unmocked invoke ${args.token} — add it to cli/runtime/invokes.ts`));
          return {};
        }
        return result;
      },
    },
    project,
    options.stack,
    false,
  );

  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: Registration, cb: unknown): unknown;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    pendingParent = req.getParent() || null;
    // Named aliases only: the SDK adds a nameless one to every child, following its parent's aliases.
    pendingAliases = req
      .getAliasesList()
      .map((alias) => alias.getSpec()?.getName() ?? "")
      .filter((name) => name !== "");
    return register(req, cb);
  };

  return {
    resources,
    invokes,
    invokeResults,
    async settle() {
      await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
      await new Promise((resolve) => setImmediate(resolve));
      if (swallowed.length) {
        const first = swallowed.splice(0)[0];
        throw new Error(
          `Pulumi runtime error: ${first instanceof Error ? (first.stack ?? first.message) : String(first)}`,
        );
      }
    },
    reset() {
      resources.length = 0;
      invokes.length = 0;
      invokeResults.clear();
    },
  };
}

/** The part of the SDK's RegisterResourceRequest (protobuf) the recorder reads. */
interface Registration {
  getParent(): string;
  getAliasesList(): { getSpec(): { getName(): string } | undefined }[];
}

interface MonitorWithUrns {
  newUrn(parent: string | undefined, type: string, name: string): string;
}

/** Computed attributes the program reads from resources (ARNs, object ids, names). */
function fakeOutputs(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  region: string,
  accountId: string,
): Record<string, unknown> {
  const [pkg, module] = type.split(":");
  if (pkg === "aws") {
    const service = module.split("/")[0];
    const resourceName = (inputs.name as string | undefined) ?? (inputs.bucket as string | undefined) ?? name;
    const global = service === "iam" || service === "s3";
    return {
      arn: `arn:aws:${service}:${global ? "" : region}:${global && service === "s3" ? "" : accountId}:${service === "s3" ? "" : `${module.split("/")[1]?.toLowerCase() ?? service}/`}${resourceName}`,
      name: resourceName,
      ...(type === "aws:s3/bucket:Bucket" && {
        bucket: resourceName,
        bucketDomainName: `${resourceName}.s3.amazonaws.com`,
      }),
      ...(type === "aws:kms/key:Key" && { keyId: fakeGuid(name) }),
      ...(type.startsWith("aws:lb/loadBalancer") && {
        dnsName: `${name}.${region}.elb.amazonaws.com`,
        zoneId: "Z32O12XQLNTSW2",
      }),
    };
  }
  if (pkg === "azuread") {
    const objectId = fakeGuid(`${type}/${name}`);
    return { objectId, clientId: fakeGuid(`client/${name}`), id: objectId };
  }
  return {};
}
