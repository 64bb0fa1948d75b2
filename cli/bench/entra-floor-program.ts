// The provider floor: as many resources as config `bench:resources` asks for, registered flat and
// alternately as the two Entra resources each assigned group costs (its nesting into the profile
// group, its app-role assignment), with literal inputs. Nothing else: no config, compile, components
// or outputs of ours. Loaded like bare-program.ts. What it costs above the bare baseline is what the
// provider resources themselves cost the Pulumi runtime (every declared input and output property
// is a promise chain), which no program that registers them can save.
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";

const PROFILE_GROUP = "00000000-0000-4000-8000-000000000001";
const SERVICE_PRINCIPAL = "00000000-0000-4000-8000-000000000002";

const count = new pulumi.Config("bench").requireNumber("resources");
for (let i = 0; i < count; i++) {
  const member = `00000000-0000-4000-9000-${String(Math.floor(i / 2)).padStart(12, "0")}`;
  if (i % 2 === 0) {
    new azuread.GroupMember(`member-${i}`, { groupObjectId: PROFILE_GROUP, memberObjectId: member });
  } else {
    new azuread.AppRoleAssignment(`assignment-${i}`, {
      appRoleId: `00000000-0000-4000-a000-${String(i).padStart(12, "0")}`,
      principalObjectId: member,
      resourceObjectId: SERVICE_PRINCIPAL,
    });
  }
}
