if ($true) { # The whole script is this one statement, closed on its last line: a cut copy runs nothing.
#Requires -Version 5.1
<#
.SYNOPSIS
Claude Code managed settings drift check (Windows), rendered by claude-code-rollout.
profile @@PROFILE@@, environment @@ENVIRONMENT@@, client @@CLIENT_VERSION@@

.DESCRIPTION
Usage: detect.ps1 [-Root DIR]   (DIR: check under this folder instead of C:\, for tests)
Exit 0 when every installed file (documents in C:\Program Files\ClaudeCode, helper scripts in
@@WINDOWS_HELPER_DIR@@) has the expected sha256 and files this profile does not ship are
absent; exit 1 otherwise. Also drift, because the client would obey what someone else planted:
 - an entry in those folders (or a folder itself) that is a reparse point (link, junction), is
   owned by someone other than Administrators, SYSTEM or TrustedInstaller, or that anyone else
   may change;
 - a source the client ranks with or above the file: a drop-in in managed-settings.d, or a
   Settings value under HKLM or HKCU\SOFTWARE\Policies\ClaudeCode.
Prints one line per file with the expected and the installed hash, one line per other finding.
Use it as the detection script of an Intune remediation whose remediation script is
install.ps1. Needs no elevation.
#>
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

# @@PAYLOAD@@

$TrustedSids = @('S-1-5-32-544', 'S-1-5-18', 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464')
$WriteRights = [Security.AccessControl.FileSystemRights]'WriteData, AppendData, WriteExtendedAttributes, WriteAttributes, Delete, DeleteSubdirectoriesAndFiles, ChangePermissions, TakeOwnership'

function Get-FileSha256([string]$Path) {
    $sha = [Security.Cryptography.SHA256]::Create()
    try {
        $hash = $sha.ComputeHash([IO.File]::ReadAllBytes($Path))
        return ([BitConverter]::ToString($hash) -replace '-', '').ToLowerInvariant()
    } finally {
        $sha.Dispose()
    }
}

# Why $Path is not trusted ('' when it is): a reparse point, another owner, or write access for others.
function Get-Untrusted([string]$Path) {
    if ([IO.File]::GetAttributes($Path) -band [IO.FileAttributes]::ReparsePoint) { return 'a link or junction' }
    $acl = Get-Acl -LiteralPath $Path
    $owner = $acl.GetOwner([Security.Principal.SecurityIdentifier]).Value
    if ($TrustedSids -notcontains $owner) { return "owned by $owner" }
    foreach ($rule in $acl.GetAccessRules($true, $true, [Security.Principal.SecurityIdentifier])) {
        if ($rule.AccessControlType -ne 'Allow' -or ($rule.FileSystemRights -band $WriteRights) -eq 0) { continue }
        if ($TrustedSids -notcontains $rule.IdentityReference.Value) { return "writable by $($rule.IdentityReference.Value)" }
    }
    return ''
}

# Reports $Folder and every entry below it that is not trusted, without following links.
function Test-Tree([string]$Folder) {
    $why = Get-Untrusted $Folder
    if ($why) {
        Write-Output "${Folder}: $why; the client would trust what someone else can change"
        $script:drift = 1
        return
    }
    foreach ($entry in [IO.Directory]::GetFileSystemEntries($Folder)) {
        if ([IO.Directory]::Exists($entry) -and -not ([IO.File]::GetAttributes($entry) -band [IO.FileAttributes]::ReparsePoint)) {
            Test-Tree $entry
        } elseif ($why = Get-Untrusted $entry) {
            Write-Output "${entry}: $why; the client would trust what someone else can change"
            $script:drift = 1
        }
    }
}

$Root = ''
if ($args.Count -eq 2 -and $args[0] -eq '-Root') {
    $Root = [string]$args[1]
} elseif ($args.Count -ne 0) {
    [Console]::Error.WriteLine("claude-code-detect: unknown arguments (usage: detect.ps1 [-Root DIR])")
    exit 1
}
# @@WINDOWS_DIRS@@

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
# Drop-ins merge over managed-settings.json; a profile ships none.
$dropins = Join-Path $ManagedDir 'managed-settings.d'
if (Test-Path -LiteralPath $dropins) {
    foreach ($entry in [IO.Directory]::GetFileSystemEntries($dropins)) {
        Write-Output "${entry}: expected absent (a drop-in this profile does not ship; the client merges it over managed-settings.json)"
        $drift = 1
    }
}
# Whoever can change a folder can swap the files in it, so the folders count as much as the files.
$folders = @($ManagedDir)
if (@($PayloadFiles | Where-Object { $_.Target -eq 'helpers' }).Count -gt 0) { $folders += Split-Path -Parent $HelpersDir }
foreach ($folder in $folders) {
    if (Test-Path -LiteralPath $folder) { Test-Tree $folder }
}
# A Settings value in the machine policy key outranks the file; one in a user's (HKCU, read when
# no admin source exists) must not be there either. Every loaded user hive is checked, because
# Intune runs this as SYSTEM, whose HKCU is not the user's.
if (-not $Root) {
    $keys = @('Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Policies\ClaudeCode')
    $keys += @(Get-ChildItem -LiteralPath 'Registry::HKEY_USERS' -ErrorAction SilentlyContinue | ForEach-Object { "Registry::$($_.Name)\SOFTWARE\Policies\ClaudeCode" })
    foreach ($key in $keys) {
        $value = Get-ItemProperty -LiteralPath $key -Name 'Settings' -ErrorAction SilentlyContinue
        if ($null -ne $value) {
            Write-Output "$($key -replace '^Registry::', '')\Settings: expected absent (a registry policy the client reads instead of, or over, the installed file)"
            $drift = 1
        }
    }
}
exit $drift
}
