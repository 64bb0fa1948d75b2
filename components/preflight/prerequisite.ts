// One prerequisite of the first `pulumi up`: what, why, and where in the stack file it comes from.

export type PrerequisiteKind =
  "principal" | "existing resource" | "Microsoft Graph permission" | "licence" | "AWS permission" | "secret";

/** One thing the first `pulumi up` needs, and why. */
export interface Prerequisite {
  readonly kind: PrerequisiteKind;
  /** What must exist or be granted, e.g. an ARN or a permission name. */
  readonly item: string;
  /** Why the first up fails, or locks someone out, without it. */
  readonly reason: string;
  /** The stack-file key it comes from, when one does. */
  readonly configPath?: string;
}
