import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renderPolicy, secretResourcePolicy, vaultKeyPolicy } from "./iam-documents";

/** One secret the vault keeps. */
export interface VaultSecret {
  /** Secrets Manager name, e.g. `claude-code-prod/platform/machine-credential`. */
  readonly name: string;
  readonly description: string;
  /** The value: must be a secret Output; it is written write-only, so it never enters the state. */
  readonly value: pulumi.Output<string>;
  /** Bump to write a new value (write-only values cannot be diffed). */
  readonly version: pulumi.Input<number>;
  /**
   * The only principals that may read it; the config path that names them, for errors. A role this
   * program creates is passed as its ARN output, so the policies naming it wait until it exists.
   */
  readonly readers: { readonly arns: readonly pulumi.Input<string>[]; readonly configPath: string };
  /** Last day the value is valid (YYYY-MM-DD), tagged `expires` so reviews and policies see it. */
  readonly expires?: string;
  /** A third party issues the value and an operator supplies it: tagged `credential-source: operator` (secret-rotation). */
  readonly operatorSupplied?: boolean;
}

export interface VaultArgs {
  /** Stack name, e.g. "prod". */
  readonly environment: string;
  /** Region of the key and the secrets; the headless helper reads them there. */
  readonly region: string;
  /**
   * The roles that administer the secrets (credentials.vaultAdministratorArns): every deployer and
   * break-glass role. From config, never the caller, so the policy is the same whoever runs the up.
   */
  readonly administratorArns: readonly string[];
  /** Secrets by stable key (the key names the child resources). */
  readonly secrets: Readonly<Record<string, VaultSecret>>;
}

/**
 * Secrets Manager with a dedicated customer-managed key (rotation on). Each secret's resource
 * policy names its only readers; the key lets them decrypt only through Secrets Manager.
 */
export class Vault extends pulumi.ComponentResource {
  static readonly __pulumiType = "claude-code-rollout:credentials:Vault";

  /** ARN of the vault key. */
  public readonly keyArn: pulumi.Output<string>;
  /** Secret key → secret ARN. */
  public readonly secretArns: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: VaultArgs, opts?: pulumi.ComponentResourceOptions) {
    super(Vault.__pulumiType, name, {}, opts);
    const entries = Object.entries(args.secrets).sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [, secret] of entries) {
      if (!secret.readers.arns.length) {
        throw new Error(
          `${secret.readers.configPath}: nobody may read ${secret.name} — name the IAM role(s) that need it, e.g. [arn:aws:iam::123456789012:role/ci-runner]`,
        );
      }
    }
    if (!args.administratorArns.length)
      throw new Error("Vault: administratorArns is empty — the plan requires credentials.vaultAdministratorArns");
    const caller = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const region = args.region;
    const allReaders = entries.flatMap(([, secret]) => secret.readers.arns);

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `claude-code-rollout ${args.environment}: encrypts the vault (machine credentials, pipeline tokens)`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: pulumi
          .all([caller.accountId, partition, allReaders])
          .apply(([accountId, p, readerArns]) =>
            renderPolicy(vaultKeyPolicy({ accountId, partition: p, region, readerArns })),
          ),
        region,
      },
      { parent: this },
    );
    new aws.kms.Alias(
      `${name}-key-alias`,
      { name: `alias/claude-code-${args.environment}-vault`, targetKeyId: key.keyId, region },
      { parent: this },
    );

    const secretArns: Record<string, pulumi.Output<string>> = {};
    for (const [secretKey, spec] of entries) {
      const secret = new aws.secretsmanager.Secret(
        `${name}-${secretKey}`,
        {
          name: spec.name,
          description: spec.description,
          kmsKeyId: key.arn,
          recoveryWindowInDays: 7,
          policy: pulumi
            .all([caller.accountId, partition, spec.readers.arns])
            .apply(([accountId, p, readerArns]) =>
              renderPolicy(
                secretResourcePolicy({ accountId, partition: p, readerArns, deployerArns: args.administratorArns }),
              ),
            ),
          tags: {
            "managed-by": "claude-code-rollout",
            ...(spec.expires && { expires: spec.expires }),
            ...(spec.operatorSupplied && { "credential-source": "operator" }),
          },
          region,
        },
        { parent: this },
      );
      new aws.secretsmanager.SecretVersion(
        `${name}-${secretKey}-value`,
        {
          secretId: secret.id,
          secretStringWo: pulumi.secret(spec.value),
          secretStringWoVersion: spec.version,
          region,
        },
        { parent: this },
      );
      secretArns[secretKey] = secret.arn;
    }

    this.keyArn = key.arn;
    this.secretArns = secretArns;
    this.registerOutputs({ keyArn: this.keyArn, secretArns: this.secretArns });
  }
}
