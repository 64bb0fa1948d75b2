$session = Get-TokenSubject $token
if (-not $session) { Fail "the Entra token for $AppUri has no subject (sub) that can name the AWS session$ReloginHint" }

# Same endpoint overrides as the AWS CLI and SDKs honour.
$endpoint = if ($env:AWS_ENDPOINT_URL_STS) { $env:AWS_ENDPOINT_URL_STS } elseif ($env:AWS_ENDPOINT_URL) { $env:AWS_ENDPOINT_URL } else { "https://sts.$Region.amazonaws.com" }
$body = @{
    Action           = 'AssumeRoleWithWebIdentity'
    Version          = '2011-06-15'
    RoleArn          = $RoleArn
    RoleSessionName  = $session
    DurationSeconds  = $SessionSeconds
    WebIdentityToken = $token
}
try {
    $response = Invoke-RestMethod -Method Post -Uri "$endpoint/" -Body $body -ContentType 'application/x-www-form-urlencoded' -UseBasicParsing
} catch {
    $detail = if ($_.ErrorDetails -and $_.ErrorDetails.Message) { $_.ErrorDetails.Message } else { $_.Exception.Message }
    $code = [regex]::Match("$detail", '<Code>([^<]+)</Code>').Groups[1].Value
    $message = [regex]::Match("$detail", '<Message>([^<]+)</Message>').Groups[1].Value
    Fail "AWS STS refused the $TokenKind token for ${RoleArn}: $(if ($code) { "($code) $message" } else { First-Line $detail })"
} finally {
    Remove-Variable -Name 'token', 'body' -ErrorAction SilentlyContinue
}

$c = $response.AssumeRoleWithWebIdentityResponse.AssumeRoleWithWebIdentityResult.Credentials
if (-not $c -or -not $c.AccessKeyId) { Fail "AWS STS answered without credentials" }
[ordered]@{ Credentials = [ordered]@{
    AccessKeyId     = $c.AccessKeyId
    SecretAccessKey = $c.SecretAccessKey
    SessionToken    = $c.SessionToken
    Expiration      = $c.Expiration
} } | ConvertTo-Json -Compress
