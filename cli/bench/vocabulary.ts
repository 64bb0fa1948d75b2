/**
 * Words the synthetic organisation is made of: realistic directory group names, profile names,
 * permission rules and MCP servers. Every rule here passes the client grammar (components/config/
 * rules.ts), and no allow is covered by an ask or deny here or in the prod baseline, so generated
 * profiles compile without dead-rule warnings.
 */

/** Profile roles; with more profiles than roles, names become `<team>-<role>`. */
export const ROLES = [
  "contractor",
  "developer",
  "security-reviewer",
  "platform",
  "data-scientist",
  "sre",
  "qa",
  "release-manager",
  "support-engineer",
  "ml-engineer",
] as const;

export const TEAMS = [
  "payments",
  "search",
  "mobile",
  "identity",
  "ledger",
  "growth",
  "infra",
  "checkout",
  "catalog",
  "risk",
  "analytics",
  "messaging",
] as const;

/** Directory group names are `<department> - <team> - <function>[ - <site>]`. */
export const DEPARTMENTS = ["Eng", "Data", "Security", "Platform", "Product", "IT", "Finance Eng", "Vendors"] as const;
export const GROUP_TEAMS = [
  "Payments",
  "Search",
  "Mobile",
  "Identity",
  "Ledger",
  "Growth",
  "Infra",
  "Checkout",
  "Catalog",
  "Risk",
  "Analytics",
  "Messaging",
  "Billing",
  "Fraud",
  "Notifications",
  "Onboarding",
  "Pricing",
  "Maps",
  "Media",
  "Ads",
] as const;
export const FUNCTIONS = [
  "Backend",
  "Frontend",
  "QA",
  "SRE On-Call",
  "Leads",
  "Interns",
  "Contractors",
  "Architects",
] as const;
export const SITES = ["EMEA", "AMER", "APAC", "Dublin", "Berlin", "Austin", "Bangalore", "Remote"] as const;

/** Commands profiles approve; `*` follows each, as in `Bash(npm test *)`. */
export const ALLOW_COMMANDS = [
  "npm test",
  "npm run lint",
  "npm run build",
  "npm run typecheck",
  "yarn test",
  "pnpm test",
  "git status",
  "git diff",
  "git log",
  "git add",
  "git commit",
  "git switch",
  "make test",
  "make lint",
  "go test",
  "go vet",
  "cargo test",
  "cargo clippy",
  "pytest",
  "ruff check",
  "mypy",
  "gradle test",
  "mvn verify",
  "terraform plan",
  "terraform fmt",
  "terraform validate",
  "kubectl get",
  "kubectl describe",
  "kubectl logs",
  "helm template",
  "docker build",
  "semgrep scan",
  "trivy fs",
  "gitleaks detect",
  "jq",
  "ls",
  "tree",
  "dbt test",
  "bazel test",
] as const;
/** Commands that must ask first. */
export const ASK_COMMANDS = [
  "git push",
  "terraform apply",
  "kubectl apply",
  "kubectl rollout",
  "helm upgrade",
  "docker push",
  "npm publish",
  "gh pr merge",
  "dbt run",
  "aws s3 cp",
] as const;
/** Commands that are never allowed. */
export const DENY_COMMANDS = [
  "terraform destroy",
  "kubectl delete",
  "helm uninstall",
  "rm -rf",
  "git push --force",
  "aws iam",
  "gcloud auth",
  "nc",
  "docker run --privileged",
  "dd",
] as const;

/** Source folders for Read/Edit allows; `./<area>/<module>/**`. */
export const SOURCE_AREAS = ["src", "lib", "apps", "packages", "services", "docs", "tests"] as const;
export const MODULES = [
  "api",
  "web",
  "core",
  "auth",
  "billing",
  "search",
  "ui",
  "worker",
  "shared",
  "cli",
  "sdk",
  "jobs",
] as const;
/** Documentation hosts profiles may fetch. */
export const DOC_HOSTS = [
  "docs.python.org",
  "developer.mozilla.org",
  "go.dev",
  "docs.rs",
  "kubernetes.io",
  "registry.terraform.io",
  "docs.aws.amazon.com",
  "learn.microsoft.com",
  "nodejs.org",
  "react.dev",
] as const;
/** Hosts nobody may fetch (paste and file-drop sites). */
export const DENY_HOSTS = ["transfer.sh", "file.io", "0x0.st", "ghostbin.com", "hastebin.com", "termbin.com"] as const;

/** Extra MCP servers for the catalogue; remote unless listed in STDIO_SERVERS. */
export const MCP_SERVERS = [
  "confluence",
  "sentry",
  "datadog",
  "linear",
  "pagerduty",
  "grafana",
  "snowflake",
  "notion",
  "figma",
  "gitlab",
  "buildkite",
  "backstage",
  "vault-docs",
  "opsgenie",
  "servicenow",
  "looker",
] as const;
export const STDIO_SERVERS: ReadonlySet<string> = new Set(["backstage", "vault-docs"]);
