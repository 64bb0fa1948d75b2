// Assembles the pack only: constructing a PolicyPack starts a gRPC server, so nothing imports this file.
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./rules";

new PolicyPack("claude-code-rollout-guardrails", {
  description: "Guardrails for claude-code-rollout: managed-settings content and the infrastructure that publishes it.",
  policies: allPolicies,
});
