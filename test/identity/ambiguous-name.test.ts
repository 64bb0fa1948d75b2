import * as assert from "assert";
import * as path from "path";
import { installMockRuntime } from "../../cli/runtime/mocks";
import { fakeGuid } from "../../cli/runtime/ids";
import { variant } from "../plan/stacks";

// Two groups in the directory with one display name cannot be told apart by name. Only the directory
// knows, so the plan cannot catch it: the whole program (index.ts under the mock runtime, as
// `pulumi preview` runs it) must fail at the lookup, naming the assignment and asking for the object id.

const PROGRAM = path.resolve(__dirname, "..", "..", "index.ts");
const GET_GROUPS = "azuread:index/getGroups:getGroups";
const TWIN_A = "a1a1a1a1-1111-4111-8111-111111111111";
const TWIN_B = "b2b2b2b2-2222-4222-8222-222222222222";

describe("identity through the whole program: a display name two directory groups share", function () {
  this.timeout(180_000);

  it("fails the preview at that assignment, listing both ids and asking for the object id", async () => {
    const stack = variant("prod");
    const runtime = await installMockRuntime({
      stack: stack.stack,
      config: { ...stack.config },
      secretKeys: stack.secretKeys,
    });
    const asked: string[] = [];
    runtime.invokeResults.set(GET_GROUPS, (inputs) => {
      const prefix = inputs.displayNamePrefix as string;
      asked.push(prefix);
      // The directory: "SRE On-Call" twice (one spelled in lower case), plus a longer name the prefix also finds.
      const groups: [string, string][] =
        prefix === "SRE On-Call"
          ? [
              ["SRE On-Call", TWIN_B],
              ["SRE On-Call Leads", fakeGuid("leads")],
              ["sre on-call", TWIN_A],
            ]
          : [[prefix, fakeGuid(`directory-group/${prefix}`)]];
      return {
        displayNames: groups.map(([name]) => name),
        objectIds: groups.map(([, id]) => id),
        id: prefix,
        securityEnabled: true,
        mailEnabled: false,
      };
    });
    delete require.cache[require.resolve(PROGRAM)];
    await import(PROGRAM);
    await assert.rejects(runtime.settle(), (error: Error) => {
      assert.match(
        error.message,
        new RegExp(
          escape(
            `assignments[9].group "SRE On-Call": 2 security groups share this name (${TWIN_A}, ${TWIN_B}) — replace the name with the object id of the one you mean`,
          ),
        ),
      );
      return true;
    });
    assert.ok(asked.includes("SRE On-Call"), `the lookups asked for: ${asked.join(", ")}`);
    runtime.reset();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
