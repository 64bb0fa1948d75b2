#!/bin/sh
# Claude Code otelHeadersHelper (macOS, Linux): prints the OTLP request headers as JSON, carrying the
# signed-in user's own short-lived Entra access token for the profile's app. The collector verifies
# the token and stamps the identity and profile (its audience) on every record: nothing here is trusted.
# Usage: otel-headers <identifier URI of the profile's app, api://...>
set -eu

resource=${1:-}
case $resource in
  api://?*) ;;
  *) echo "otel-headers: expected the profile app's identifier URI (api://...) as the only argument" >&2; exit 2 ;;
esac

# Shells started by the client may lack the interactive PATH; look where the Azure CLI installs.
PATH=$PATH:/opt/homebrew/bin:/usr/local/bin:/usr/bin
if ! command -v az >/dev/null 2>&1; then
  echo "otel-headers: the Azure CLI (az) is not installed; install it and run 'az login'" >&2
  exit 1
fi

if ! token=$(az account get-access-token --resource "$resource" --query accessToken --output tsv); then
  echo "otel-headers: no token for $resource; run 'az login' (the collector rejects telemetry until then)" >&2
  exit 1
fi

# A JWT is base64url segments joined by dots: anything else would break the JSON below.
case $token in
  '' | *[!A-Za-z0-9._-]*) echo "otel-headers: the Azure CLI returned something that is not an access token" >&2; exit 1 ;;
esac

printf '{"Authorization":"Bearer %s"}\n' "$token"
