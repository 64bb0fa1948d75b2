#!/usr/bin/env bash
# Lists the stacks (stacks/Pulumi.<stack>.yaml) as a JSON array in $GITHUB_OUTPUT `names`, for a matrix.
# Stack names come from file names a pull request can add; they reach shell loops, matrices and the PR
# comment, so only synth's own stack-name characters pass (cli/stack.ts).
set -euo pipefail
names_of() { find stacks -maxdepth 1 -name 'Pulumi.*.yaml' | sed -E 's#^stacks/Pulumi\.(.+)\.yaml$#\1#'; }
bad="$(names_of | LC_ALL=C grep -Ev '^[A-Za-z0-9_-]{1,100}$' || true)"
if [ -n "$bad" ]; then
  echo "::error::stack file names may hold only letters, digits, - and _ between Pulumi. and .yaml; rename the offending stacks/Pulumi.<stack>.yaml"
  exit 1
fi
names="$(names_of | LC_ALL=C sort | jq -R . | jq -cs .)"
if [ "$names" = "[]" ]; then
  echo "::error::no stacks/Pulumi.<stack>.yaml: nothing to run"
  exit 1
fi
echo "stacks: $names"
echo "names=$names" >> "$GITHUB_OUTPUT"
