import * as assert from "assert";
import { CollectorConfigData, runLogsPipeline } from "./collector-sim";
import { filterMatches } from "./filter-pattern";
import { parseStatement } from "./ottl";

// The simulation the two-ring test relies on refuses what it does not model, instead of passing it by.
describe("collector simulation (test helper): strict about what it models", () => {
  const claims = { iss: "https://issuer.example/v2.0", oid: "u1", roles: ["r1", "r2"], groups: ["g"] };
  const pipeline = (processors: Record<string, object>, provider: object = {}): CollectorConfigData => ({
    extensions: {
      oidc: { providers: [{ issuer_url: claims.iss, ignore_audience: true, username_claim: "oid", ...provider }] },
    },
    processors,
    service: { pipelines: { logs: { processors: Object.keys(processors) } } },
  });
  const run = (config: CollectorConfigData, requestClaims: Record<string, unknown> = claims) =>
    runLogsPipeline(config, { claims: requestClaims, resource: {}, records: [{ body: "b", attributes: {} }] });

  it("takes a string claim by name, a JSON array claim not at all, the groups_claim (here roles) joined with ';'", () => {
    const stamp = (from_context: string) => ({ key: from_context, action: "insert", from_context });
    const config = pipeline(
      { "resource/x": { attributes: ["auth.oid", "auth.groups", "auth.roles", "auth.membership"].map(stamp) } },
      { groups_claim: "roles" },
    );
    assert.deepStrictEqual(run(config), {
      exported: [{ body: "b", attributes: {}, resource: { "auth.oid": "u1", "auth.membership": "r1;r2" } }],
    });
    // The token lacks the configured groups_claim: refused, whatever other claims it has.
    const { roles, ...withoutRoles } = claims;
    assert.deepStrictEqual(roles, ["r1", "r2"]);
    assert.deepStrictEqual(run(config, withoutRoles), { refused: "groups claim not found" });
    assert.deepStrictEqual(run(config, { ...claims, iss: "https://other/v2.0" }), {
      refused: "no OIDC provider configured for the issuer",
    });
  });

  it("throws on processors, actions, statements and patterns outside the modelled subset", () => {
    assert.throws(() => run(pipeline({ "routing/x": {} })), /sim: processor routing\/x is not modelled/);
    assert.throws(
      () => run(pipeline({ "attributes/x": { actions: [{ key: "k", action: "upsert", value: "v" }] } })),
      /sim: action upsert is not modelled/,
    );
    assert.throws(() => parseStatement('keep_keys(log.attributes, "k")'), /OTTL: unknown function keep_keys/);
    assert.throws(() => parseStatement('set(log.attributes["k"], "v") where log.attributes["n"] > 3'), /OTTL/);
    assert.throws(() => filterMatches('{ $.body = "claude_*" }', {}), /wildcards are not modelled/);
    assert.throws(() => filterMatches("{ $.n > 3 }", {}), /filter pattern/);
  });

  it("matches a filter pattern only on the exact string at the selector", () => {
    const record = { body: "e", attributes: { s: "drift", list: ["drift"] } };
    assert.equal(filterMatches('{ $.body = "e" && ($.attributes.s = "x" || $.attributes.s = "drift") }', record), true);
    assert.equal(filterMatches('{ $.attributes.list = "drift" }', record), false);
    assert.equal(filterMatches('{ $.attributes.missing = "drift" }', record), false);
  });
});
