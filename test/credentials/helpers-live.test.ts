import * as assert from "assert";
import { ChildProcess, spawnSync, SpawnSyncReturns } from "child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { HelperFile, renderHelpers } from "../../components/credentials";
import { BASE_TOOLS, binFolder, hasCommand, START_DEADLINE_MS, startMoto, startRefusingSts } from "./live-env";

// The POSIX helpers run for real: the AWS CLI against moto (STS, Secrets Manager) on loopback,
// with stub `az` (user sign-in) and `curl` (Entra's token endpoint) on a PATH the test controls.
// CI must have python3 with moto and the AWS CLI; elsewhere the suite is skipped when they are missing.
// The session name is bound to the token: the role's trust policy requires `sts:RoleSessionName` to
// equal the token's `sub` (test/credentials/policies.test.ts). moto does not evaluate trust policies,
// so these tests assert the session STS opened (get-caller-identity with the printed credentials)
// is named exactly after the token's `sub`, and that a token without a usable `sub` never reaches STS.

const TENANT = "3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b";
const APP_URI = `api://${TENANT}/claude-code-test-platform`;
const ROLE_ARN = "arn:aws:iam::123456789012:role/claude-code-test-platform";
const SECRET_ID = "claude-code-test/platform/machine-credential";
const EXPIRED_SECRET_ID = "claude-code-test/expired/machine-credential";
/** Entra's pairwise subject of the user for the profile's app (43 base64url characters). */
const USER_SUB = "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy7-82bb_Q";
/** The machine's service principal object id: the `sub` of a client-credentials token. */
const MACHINE_SUB = "9b2e4c71-5a3d-4f8e-b1c6-2d7e8f9a0b13";
const USER_TOKEN = jwt({
  aud: "6c1f0a55-0d3b-4c8e-9a44-0b6f1f5b2e21",
  iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
  name: "Alice Smith",
  preferred_username: "alice.smith@contoso.example",
  sub: USER_SUB,
});
const MACHINE_TOKEN = jwt({ aud: "6c1f0a55-0d3b-4c8e-9a44-0b6f1f5b2e21", oid: MACHINE_SUB, sub: MACHINE_SUB });
const CLIENT_SECRET = "Qx8~client-secret.value_1";
const REQUIRED = ["python3", "aws", "jq"];
const missing = REQUIRED.filter((tool) => !hasCommand(tool));

const AZ_STUB = `#!/bin/sh
printf '%s\\n' "$*" >> "$STUB_LOG"
case "$1 $2" in
  "account get-access-token")
    if [ "$STUB_AZ" = refused ]; then
      echo "ERROR: AADSTS50105: Your administrator has configured the application to block users unless they are specifically granted access." >&2
      echo "Trace ID: 7d3c" >&2
      exit 1
    fi
    printf '%s\\n' "$STUB_USER_TOKEN" ;;
  *) echo "unexpected az $*" >&2; exit 2 ;;
esac
`;

const CURL_STUB = `#!/bin/sh
printf '%s\\n' "$*" >> "$STUB_LOG"
secret=$(cat)
if [ "$secret" = "$STUB_CLIENT_SECRET" ]; then
  printf '{"token_type":"Bearer","expires_in":3599,"access_token":"%s"}' "$STUB_MACHINE_TOKEN"
else
  printf '{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\\\\r\\\\nTrace ID: 91ab"}'
fi
`;

(missing.length && !process.env.CI ? describe.skip : describe)(
  `credentials: helpers against moto${missing.length ? ` (missing: ${missing.join(", ")})` : ""}`,
  function () {
    // A bound for a hang, not a speed limit: the two test doubles' start deadlines, plus two minutes for the AWS CLI runs.
    this.timeout(2 * START_DEADLINE_MS + 120_000);
    let work = "";
    let moto: { url: string; process: ChildProcess };
    let refusingSts: { url: string; process: ChildProcess };
    let helpers: Record<string, string>;

    before(async () => {
      work = mkdtempSync(join(tmpdir(), "credential-helpers-"));
      [moto, refusingSts] = await Promise.all([startMoto(), startRefusingSts()]);
      const rendered = renderHelpers({
        environment: "test",
        profile: "platform",
        tenantId: TENANT,
        appUri: APP_URI,
        roleArn: ROLE_ARN,
        region: "eu-west-1",
        sessionSeconds: 3600,
        machine: { secretId: SECRET_ID, vaultRegion: "eu-west-1" },
      });
      helpers = install(join(work, "bin"), rendered.posix);
      const future = new Date(Date.now() + 10 * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
      putSecret(SECRET_ID, {
        tenantId: TENANT,
        clientId: "6c1f0a55-0d3b-4c8e-9a44-0b6f1f5b2e21",
        clientSecret: CLIENT_SECRET,
        expiresAt: future,
      });
      putSecret(EXPIRED_SECRET_ID, {
        tenantId: TENANT,
        clientId: "6c1f0a55-0d3b-4c8e-9a44-0b6f1f5b2e21",
        clientSecret: CLIENT_SECRET,
        expiresAt: "2025-01-31T00:00:00Z",
      });
    });

    after(() => {
      moto?.process.kill();
      refusingSts?.process.kill();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    /** Runs a helper with a fresh, empty HOME and TMPDIR and only the given tools on PATH. */
    function runHelper(
      helper: string,
      options: {
        tools?: readonly string[];
        stubs?: Record<string, string>;
        env?: Record<string, string>;
        shell?: string;
      } = {},
    ) {
      const case_ = mkdtempSync(join(work, "case-"));
      const home = join(case_, "home");
      const tmp = join(case_, "tmp");
      mkdirSync(home);
      mkdirSync(tmp);
      const path = binFolder(
        join(case_, "path"),
        options.tools ?? [...BASE_TOOLS, "aws", "jq"],
        options.stubs ?? { az: AZ_STUB, curl: CURL_STUB },
      );
      const log = join(case_, "stub.log");
      writeFileSync(log, "");
      const result = spawnSync(options.shell ?? helpers[helper], options.shell ? [helpers[helper]] : [], {
        encoding: "utf8",
        env: {
          PATH: path,
          HOME: home,
          TMPDIR: tmp,
          AWS_ENDPOINT_URL: moto.url,
          AWS_ACCESS_KEY_ID: "runner",
          AWS_SECRET_ACCESS_KEY: "runner-secret",
          STUB_LOG: log,
          STUB_AZ: "ok",
          STUB_USER_TOKEN: USER_TOKEN,
          STUB_MACHINE_TOKEN: MACHINE_TOKEN,
          STUB_CLIENT_SECRET: CLIENT_SECRET,
          ...options.env,
        },
      });
      const leftovers = [...readdirSync(home), ...readdirSync(tmp)];
      return { ...result, stubLog: readFileSync(log, "utf8"), leftovers };
    }

    /** The headless helper rendered for another vault entry. */
    function headlessFor(secretId: string): string {
      const files = renderHelpers({
        environment: "test",
        profile: "platform",
        tenantId: TENANT,
        appUri: APP_URI,
        roleArn: ROLE_ARN,
        region: "eu-west-1",
        sessionSeconds: 3600,
        machine: { secretId, vaultRegion: "eu-west-1" },
      }).posix;
      return install(mkdtempSync(join(work, "bin-")), files)["aws-credential-export-headless"];
    }

    function putSecret(id: string, value: Record<string, string>) {
      const created = spawnSync(
        "aws",
        [
          "secretsmanager",
          "create-secret",
          "--region",
          "eu-west-1",
          "--name",
          id,
          "--secret-string",
          JSON.stringify(value),
        ],
        {
          encoding: "utf8",
          env: {
            ...process.env,
            AWS_ENDPOINT_URL: moto.url,
            AWS_ACCESS_KEY_ID: "admin",
            AWS_SECRET_ACCESS_KEY: "admin-secret",
          },
        },
      );
      assert.equal(created.status, 0, created.stderr);
    }

    /** The ARN of the STS session whose credentials a helper printed, as moto recorded it. */
    function sessionArn(result: SpawnSyncReturns<string>): string {
      const { Credentials: c } = JSON.parse(result.stdout);
      const identity = spawnSync("aws", ["sts", "get-caller-identity", "--region", "eu-west-1", "--output", "json"], {
        encoding: "utf8",
        env: {
          ...process.env,
          AWS_ENDPOINT_URL: moto.url,
          AWS_ACCESS_KEY_ID: c.AccessKeyId,
          AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
          AWS_SESSION_TOKEN: c.SessionToken,
        },
      });
      assert.equal(identity.status, 0, identity.stderr);
      return JSON.parse(identity.stdout).Arn;
    }

    function assertCredentials(result: SpawnSyncReturns<string>) {
      assert.equal(result.stderr, "");
      assert.equal(result.status, 0);
      const output = JSON.parse(result.stdout);
      assert.deepEqual(Object.keys(output), ["Credentials"]);
      assert.deepEqual(Object.keys(output.Credentials), [
        "AccessKeyId",
        "SecretAccessKey",
        "SessionToken",
        "Expiration",
      ]);
      assert.match(output.Credentials.AccessKeyId, /^ASIA[A-Z0-9]{16}$/);
      assert.ok(output.Credentials.SecretAccessKey.length >= 40 && output.Credentials.SessionToken.length >= 100);
      assert.ok(
        Number.isFinite(Date.parse(output.Credentials.Expiration)),
        "Expiration is a date the client can parse",
      );
    }

    /** One line on stderr, the exact reason, no stdout, non-zero exit. */
    function assertFailure(result: SpawnSyncReturns<string>, reason: string | RegExp) {
      assert.equal(result.stdout, "");
      assert.equal(result.status, 1);
      assert.equal(result.stderr.split("\n").length, 2, `expected one line, got: ${result.stderr}`);
      if (typeof reason === "string") assert.equal(result.stderr, `${reason}\n`);
      else assert.match(result.stderr.trimEnd(), reason);
    }

    describe("aws-credential-export (signed-in user)", () => {
      it("prints STS credentials for the user's Entra token, under dash and bash", () => {
        for (const shell of ["dash", "bash"]) {
          const result = runHelper("aws-credential-export", { shell, tools: [...BASE_TOOLS, shell, "aws"] });
          assertCredentials(result);
          assert.equal(
            result.stubLog,
            `account get-access-token --tenant ${TENANT} --resource ${APP_URI} --query accessToken --output tsv\n`,
          );
          assert.equal(sessionArn(result), `${SESSION_PREFIX}/${USER_SUB}`);
          assert.ok(!result.stdout.includes(USER_TOKEN), "the token is echoed");
          assert.deepEqual(result.leftovers, [], "files were left in HOME or TMPDIR");
        }
      });

      it("names the missing Azure CLI", () => {
        assertFailure(
          runHelper("aws-credential-export", { tools: [...BASE_TOOLS, "aws"], stubs: {} }),
          `aws-credential-export: the Azure CLI (az) is not installed; install it and run: az login --tenant ${TENANT}`,
        );
      });

      it("names the missing AWS CLI", () => {
        assertFailure(
          runHelper("aws-credential-export", { tools: [...BASE_TOOLS], stubs: { az: AZ_STUB } }),
          "aws-credential-export: the AWS CLI (aws) is not installed; install it to exchange the sign-in for AWS credentials",
        );
      });

      it("explains a refused sign-in (user not in the profile's groups) in one line", () => {
        assertFailure(
          runHelper("aws-credential-export", { env: { STUB_AZ: "refused" } }),
          `aws-credential-export: no Entra token for ${APP_URI} (run: az login --tenant ${TENANT}; if you are signed in, you are not in a group assigned to profile platform): ERROR: AADSTS50105: Your administrator has configured the application to block users unless they are specifically granted access.`,
        );
      });

      it("explains a token STS rejects, without echoing the token", () => {
        const result = runHelper("aws-credential-export", { env: { AWS_ENDPOINT_URL: refusingSts.url } });
        assertFailure(
          result,
          `aws-credential-export: AWS STS refused the Entra token for ${ROLE_ARN}: An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience`,
        );
        assert.ok(!result.stderr.includes(USER_TOKEN));
      });

      it("names the session after the token's own sub, whatever other claims say", () => {
        // A display name the user can edit, shaped to look like a second sub claim.
        const token = jwt({
          name: 'Mallory","sub":"victim',
          sub: USER_SUB,
          preferred_username: "victim@contoso.example",
        });
        const result = runHelper("aws-credential-export", { env: { STUB_USER_TOKEN: token } });
        assertCredentials(result);
        assert.equal(sessionArn(result), `${SESSION_PREFIX}/${USER_SUB}`);
      });

      it("passes a sub that starts with a dash as the session name, not as an option", () => {
        // base64url subjects start with "-" one time in 64.
        const sub = "-Kq3vN8xYbZ0c1d2E3f4G5h6I7j8K9l0M1n2O3p4Q5r";
        const result = runHelper("aws-credential-export", { env: { STUB_USER_TOKEN: jwt({ sub }) } });
        assertCredentials(result);
        assert.equal(sessionArn(result), `${SESSION_PREFIX}/${sub}`);
      });

      it("refuses a token whose sub cannot name a session, before asking STS", () => {
        const tokens: Record<string, string> = {
          "no sub claim": jwt({ aud: "a", oid: MACHINE_SUB }),
          "a sub with a space": jwt({ sub: "alice smith" }),
          "a sub that is a command": jwt({ sub: "$(id)" }),
          "a sub with a line break": jwt({ sub: `${USER_SUB}\nx` }),
          "a sub of one character": jwt({ sub: "a" }),
          "a sub longer than a session name": jwt({ sub: "A".repeat(65) }),
          "a sub that is a number": jwt({ sub: 42 }),
          "a payload that is not base64url JSON": "eyJ0eXAiOiJKV1QifQ.user-token-payload.signature",
          "not three parts": USER_TOKEN.split(".").slice(0, 2).join("."),
        };
        for (const [what, token] of Object.entries(tokens)) {
          // STS would answer with its own error: the exact message shows the helper stopped first.
          const result = runHelper("aws-credential-export", {
            env: { STUB_USER_TOKEN: token, AWS_ENDPOINT_URL: refusingSts.url },
          });
          assert.equal(
            result.stderr,
            `aws-credential-export: the Entra token for ${APP_URI} has no subject (sub) that can name the AWS session; sign in again: az login --tenant ${TENANT}\n`,
            what,
          );
          assert.equal(result.status, 1, what);
          assert.equal(result.stdout, "", what);
        }
      });

      it("hands over to the headless helper on CI runners", () => {
        const result = runHelper("aws-credential-export", {
          env: { CLAUDE_CODE_ROLLOUT_CREDENTIALS: "machine" },
          tools: [...BASE_TOOLS, "aws", "jq"],
        });
        assertCredentials(result);
        assert.equal(sessionArn(result), `${SESSION_PREFIX}/${MACHINE_SUB}`);
      });
    });

    describe("aws-credential-export-headless (machine credential from the vault)", () => {
      it("prints STS credentials from the client-credentials flow; the secret never touches argv", () => {
        const result = runHelper("aws-credential-export-headless");
        assertCredentials(result);
        assert.equal(
          result.stubLog,
          `--silent --show-error --max-time 30 --data-urlencode grant_type=client_credentials --data-urlencode client_id=6c1f0a55-0d3b-4c8e-9a44-0b6f1f5b2e21 --data-urlencode scope=${APP_URI}/.default --data-urlencode client_secret@- https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token\n`,
        );
        for (const secret of [CLIENT_SECRET, MACHINE_TOKEN])
          assert.ok(!result.stdout.includes(secret) && !result.stubLog.includes(secret));
        assert.deepEqual(result.leftovers, []);
        assert.equal(sessionArn(result), `${SESSION_PREFIX}/${MACHINE_SUB}`);
      });

      it("refuses a machine token without a usable sub, before asking STS", () => {
        for (const token of [jwt({ oid: MACHINE_SUB }), jwt({ sub: "machine platform" }), "not-a-jwt"]) {
          const result = runHelper("aws-credential-export-headless", {
            env: { STUB_MACHINE_TOKEN: token, AWS_ENDPOINT_URL_STS: refusingSts.url },
          });
          assertFailure(
            result,
            `aws-credential-export-headless: the Entra token for ${APP_URI} has no subject (sub) that can name the AWS session`,
          );
        }
      });

      it("refuses an expired machine credential", () => {
        helpers["expired-headless"] = headlessFor(EXPIRED_SECRET_ID);
        assertFailure(
          runHelper("expired-headless"),
          `aws-credential-export-headless: the machine credential in ${EXPIRED_SECRET_ID} expired at 2025-01-31T00:00:00Z; the scheduled pulumi up should have replaced it - run it`,
        );
      });

      it("explains a client secret Entra rejects", () => {
        const result = runHelper("aws-credential-export-headless", { env: { STUB_CLIENT_SECRET: "rotated-already" } });
        assertFailure(
          result,
          "aws-credential-export-headless: Entra ID refused the machine credential: invalid_client: AADSTS7000215: Invalid client secret provided.",
        );
        assert.ok(!result.stderr.includes(CLIENT_SECRET));
      });

      it("explains a machine credential it cannot read", () => {
        helpers["missing-headless"] = headlessFor("claude-code-test/missing/machine-credential");
        assertFailure(
          runHelper("missing-headless"),
          "aws-credential-export-headless: cannot read the machine credential claude-code-test/missing/machine-credential (is this runner's AWS role one of credentials.automationReaderArns?): An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can't find the specified secret.",
        );
      });

      it("names a missing tool", () => {
        assertFailure(
          runHelper("aws-credential-export-headless", { tools: [...BASE_TOOLS, "aws"] }),
          "aws-credential-export-headless: jq is not installed; the machine credential flow needs aws, curl and jq",
        );
      });
    });
  },
);

/** A token shaped as Entra issues it (header.payload.signature, base64url JSON); the signature is STS's to check. */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ typ: "JWT", alg: "RS256", kid: "test" })}.${part(claims)}.c2lnbmF0dXJl`;
}

/** Sessions of the profile's role; the session name follows the last slash. */
const SESSION_PREFIX = "arn:aws:sts::123456789012:assumed-role/claude-code-test-platform";

/** Writes helper files as distribution installs them (same names, mode 0755); returns name → path. */
function install(dir: string, files: readonly HelperFile[]): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  return Object.fromEntries(
    files.map((file) => {
      writeFileSync(join(dir, file.name), file.content, { mode: 0o755 });
      return [file.name, join(dir, file.name)];
    }),
  );
}
