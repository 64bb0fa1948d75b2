// The baseline program: as many bare custom resources as config `bench:resources` asks for, and
// nothing else. The bench child loads it exactly as synthesize loads index.ts (import under the
// mock runtime, then settle), so registrations run from the same module-loading call stack —
// Pulumi captures that stack for every resource, and its depth is part of the runtime's cost.
import * as pulumi from "@pulumi/pulumi";

/** A type token no provider owns: the registration path with no provider SDK code around it. */
export const BARE_TYPE = "bench:index:Bare";

class BareResource extends pulumi.CustomResource {
  constructor(name: string) {
    super(BARE_TYPE, name, {});
  }
}

const count = new pulumi.Config("bench").requireNumber("resources");
for (let i = 0; i < count; i++) new BareResource(`bare-${i}`);
