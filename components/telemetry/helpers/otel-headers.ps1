# Claude Code otelHeadersHelper (Windows): prints the OTLP request headers as JSON, carrying the
# signed-in user's own short-lived Entra access token for the profile's app. The collector verifies
# the token and stamps the identity and profile (its audience) on every record: nothing here is trusted.
# Usage: otel-headers.ps1 <identifier URI of the profile's app, api://...>
param([string]$Resource = '')
$ErrorActionPreference = 'Stop'

function Fail([string]$Message, [int]$Code) {
    [Console]::Error.WriteLine("otel-headers: $Message")
    exit $Code
}

if ($Resource -notmatch '^api://.+') {
    Fail "expected the profile app's identifier URI (api://...) as the only argument" 2
}

$az = Get-Command -Name 'az' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
if (-not $az) {
    Fail "the Azure CLI (az) is not installed; install it and run 'az login'" 1
}

$token = & $az.Source account get-access-token --resource $Resource --query accessToken --output tsv
if ($LASTEXITCODE -ne 0 -or -not $token) {
    Fail "no token for $Resource; run 'az login' (the collector rejects telemetry until then)" 1
}
$token = "$token".Trim()

# A JWT is base64url segments joined by dots: anything else would break the JSON below.
if ($token -notmatch '^[A-Za-z0-9._-]+$') {
    Fail 'the Azure CLI returned something that is not an access token' 1
}

[Console]::Out.Write('{"Authorization":"Bearer ' + $token + '"}' + "`n")
exit 0
