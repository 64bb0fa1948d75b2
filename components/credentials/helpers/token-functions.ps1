function First-Line([object]$Text) {
    $line = ("$Text" -split "`r?`n" | Where-Object { $_.Trim() } | Select-Object -First 1)
    if ($null -eq $line) { return 'no details' }
    if ($line.Length -gt 300) { return $line.Substring(0, 300) }
    return $line
}

function Get-TokenSubject([string]$Jwt) {
    try {
        $parts = $Jwt.Split('.')
        if ($parts.Count -ne 3) { return $null }
        $payload = $parts[1].Replace('-', '+').Replace('_', '/')
        $payload += '=' * ((4 - $payload.Length % 4) % 4)
        $subject = ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($payload)) | ConvertFrom-Json).sub
        if ($subject -is [string] -and $subject -cmatch '\A[A-Za-z0-9_-]{2,64}\z') { return $subject }
    } catch { }
    return $null
}
