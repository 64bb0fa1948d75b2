import * as assert from "assert";
import { matchDisplayName } from "../../components/identity/display-name-match";

describe("identity: a display name from the assignments names exactly one group", () => {
  const A = "11111111-1111-4111-8111-111111111111";
  const B = "22222222-2222-4222-8222-222222222222";

  it("takes the one exact match, ignoring letter case and longer names a prefix query returns", () => {
    assert.equal(
      matchDisplayName(
        "Eng - Backend",
        { displayNames: ["Eng - Backend Leads", "eng - backend"], objectIds: [B, A] },
        "assignments[0].group",
      ),
      A,
    );
  });

  it("refuses a name several groups share, listing their ids and asking for one", () => {
    assert.throws(
      () =>
        matchDisplayName(
          "SRE On-Call",
          { displayNames: ["SRE On-Call", "SRE on-call"], objectIds: [B, A] },
          "assignments[3].group",
        ),
      {
        message: `assignments[3].group "SRE On-Call": 2 security groups share this name (${A}, ${B}) — replace the name with the object id of the one you mean`,
      },
    );
  });

  it("refuses a name no group has", () => {
    assert.throws(
      () =>
        matchDisplayName(
          "Data Science",
          { displayNames: ["Data Science EMEA"], objectIds: [A] },
          "assignments[5].group",
        ),
      {
        message:
          'assignments[5].group "Data Science": no security group of that name in the tenant — correct the name, or give the group\'s object id',
      },
    );
  });
});
