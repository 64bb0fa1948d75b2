#Requires -Version 5.1
<#
.SYNOPSIS
Claude Code managed settings drift check (Windows), rendered by claude-code-rollout.
profile @@PROFILE@@, environment @@ENVIRONMENT@@, client @@CLIENT_VERSION@@

.DESCRIPTION
Exit 0 when every installed file (documents in C:\Program Files\ClaudeCode, helper scripts in
@@WINDOWS_HELPER_DIR@@) has the expected sha256 (and files this profile does not ship are
absent); exit 1 otherwise. Prints one line per file with the expected and the installed hash. Use it as the detection script of an Intune remediation whose
remediation script is install.ps1. Needs no elevation.

.PARAMETER Root
Check under this folder instead of C:\ (tests).
#>
[CmdletBinding()]
param(
    [string]$Root = ''
)
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

# @@PAYLOAD@@

function Get-FileSha256([string]$Path) {
    $sha = [Security.Cryptography.SHA256]::Create()
    try {
        $hash = $sha.ComputeHash([IO.File]::ReadAllBytes($Path))
        return ([BitConverter]::ToString($hash) -replace '-', '').ToLowerInvariant()
    } finally {
        $sha.Dispose()
    }
}

if ($Root) {
    $rootPath = (Resolve-Path -LiteralPath $Root).ProviderPath
    $ManagedDir = Join-Path $rootPath 'Program Files\ClaudeCode'
    $HelpersDir = Join-Path $rootPath '@@WINDOWS_HELPER_DIR_ON_DRIVE@@'
} else {
    $ManagedDir = 'C:\Program Files\ClaudeCode'
    $HelpersDir = '@@WINDOWS_HELPER_DIR@@'
}

$drift = 0
foreach ($file in $PayloadFiles) {
    if ($file.Target -eq 'helpers') { $live = Join-Path $HelpersDir $file.Name } else { $live = Join-Path $ManagedDir $file.Name }
    if (Test-Path -LiteralPath $live -PathType Leaf) { $installed = Get-FileSha256 $live } else { $installed = 'missing' }
    Write-Output "${live}: expected sha256 $($file.Sha256), installed $installed"
    if ($installed -ne $file.Sha256) { $drift = 1 }
}
foreach ($name in $AbsentFiles) {
    $live = Join-Path $ManagedDir $name
    if (Test-Path -LiteralPath $live) {
        Write-Output "${live}: expected absent, installed $(Get-FileSha256 $live)"
        $drift = 1
    }
}
exit $drift
