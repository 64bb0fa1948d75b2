#Requires -Version 5.1
<#
.SYNOPSIS
Claude Code managed settings installer (Windows), rendered by claude-code-rollout.
profile @@PROFILE@@, environment @@ENVIRONMENT@@, client @@CLIENT_VERSION@@

.DESCRIPTION
Installs the embedded documents into C:\Program Files\ClaudeCode (the literal path the client
reads; also right from a 32-bit host, where $env:ProgramFiles points elsewhere) and the helper
scripts the settings name into @@WINDOWS_HELPER_DIR@@.
Every embedded file is checked against its sha256 before anything is written, written to a temp
file in its target folder, checked again, flushed to disk, given the managed ACL (owner
Administrators; Administrators and SYSTEM full control, Users read and execute; inheritance
disabled) and then moved over the old one. The replaced version is kept next to it as
NAME.previous (NAME.previous-absent when there was none), which -Rollback restores.
Exit 0: installed, already up to date (a second run changes nothing), or rolled back.
Exit 1: refused or failed, with one line on stderr; the installed files are left as they were.

.PARAMETER Root
Install under this folder instead of C:\ (tests); still requires Administrator.

.PARAMETER Rollback
Swap every installed file back to the state before the last change.
#>
[CmdletBinding()]
param(
    [string]$Root = '',
    [switch]$Rollback
)
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$RolloutProfile = '@@PROFILE@@'
$RolloutEnvironment = '@@ENVIRONMENT@@'

# @@PAYLOAD@@

$Administrators = New-Object Security.Principal.SecurityIdentifier('S-1-5-32-544')
$LocalSystem = New-Object Security.Principal.SecurityIdentifier('S-1-5-18')
$BuiltinUsers = New-Object Security.Principal.SecurityIdentifier('S-1-5-32-545')

function Stop-Install([string]$Message) {
    [Console]::Error.WriteLine("claude-code-install: $Message")
    exit 1
}

function Get-Sha256Hex([byte[]]$Bytes) {
    $sha = [Security.Cryptography.SHA256]::Create()
    try {
        return ([BitConverter]::ToString($sha.ComputeHash($Bytes)) -replace '-', '').ToLowerInvariant()
    } finally {
        $sha.Dispose()
    }
}

function Get-FileSha256([string]$Path) {
    return Get-Sha256Hex ([IO.File]::ReadAllBytes($Path))
}

# SIDs, not names: "Administrators" is translated on non-English Windows.
function New-ManagedAcl([bool]$ForFolder) {
    if ($ForFolder) {
        $acl = New-Object Security.AccessControl.DirectorySecurity
        $inheritance = [Security.AccessControl.InheritanceFlags]'ContainerInherit, ObjectInherit'
    } else {
        $acl = New-Object Security.AccessControl.FileSecurity
        $inheritance = [Security.AccessControl.InheritanceFlags]::None
    }
    $acl.SetAccessRuleProtection($true, $false)
    $acl.SetOwner($Administrators)
    $acl.AddAccessRule((New-Object Security.AccessControl.FileSystemAccessRule($Administrators, 'FullControl', $inheritance, 'None', 'Allow')))
    $acl.AddAccessRule((New-Object Security.AccessControl.FileSystemAccessRule($LocalSystem, 'FullControl', $inheritance, 'None', 'Allow')))
    $acl.AddAccessRule((New-Object Security.AccessControl.FileSystemAccessRule($BuiltinUsers, 'ReadAndExecute', $inheritance, 'None', 'Allow')))
    return $acl
}

# The folder of $Name: the helper folder for helpers, the managed folder for everything else
# (files to remove included, which are all documents the client reads).
function Get-FolderOf([string]$Name) {
    foreach ($file in $PayloadFiles) {
        if ($file.Name -eq $Name -and $file.Target -eq 'helpers') { return $HelpersDir }
    }
    return $ManagedDir
}

function Get-LivePath([string]$Name) {
    return Join-Path (Get-FolderOf $Name) $Name
}

# Temp files live in their file's folder (same volume, so the move is a rename).
function Get-TempPath([string]$Name, [string]$Suffix = '') {
    return Join-Path (Get-FolderOf $Name) ".$Name$Suffix.tmp-$PID"
}

function Remove-Temps {
    foreach ($name in @($PayloadFiles | ForEach-Object { $_.Name }) + $AbsentFiles) {
        foreach ($tmp in @((Get-TempPath $name), (Get-TempPath $name '.previous'))) {
            if (Test-Path -LiteralPath $tmp) { Remove-Item -LiteralPath $tmp -Force }
        }
    }
}

# Creates the folder if needed and gives it the managed ACL, taking back one that had another.
function Protect-Folder([string]$Path) {
    if (-not (Test-Path -LiteralPath $Path)) { New-Item -ItemType Directory -Path $Path -Force | Out-Null }
    Set-Acl -LiteralPath $Path -AclObject (New-ManagedAcl $true)
}

function Write-Staged([string]$Path, [byte[]]$Bytes) {
    if (Test-Path -LiteralPath $Path) { Remove-Item -LiteralPath $Path -Force }
    $stream = New-Object IO.FileStream($Path, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write, [IO.FileShare]::None)
    try {
        $stream.Write($Bytes, 0, $Bytes.Length)
        $stream.Flush($true)
    } finally {
        $stream.Dispose()
    }
    Set-Acl -LiteralPath $Path -AclObject (New-ManagedAcl $false)
}

function Move-Over([string]$Source, [string]$Destination) {
    if (Test-Path -LiteralPath $Destination) {
        [IO.File]::Replace($Source, $Destination, $null)
    } else {
        [IO.File]::Move($Source, $Destination)
    }
    Set-Acl -LiteralPath $Destination -AclObject (New-ManagedAcl $false)
}

# Records the current state of $Name (its bytes, or that it is absent) as the rollback point.
function Save-Previous([string]$Name) {
    $live = Get-LivePath $Name
    if (Test-Path -LiteralPath $live) {
        $tmp = Get-TempPath $Name '.previous'
        Write-Staged $tmp ([IO.File]::ReadAllBytes($live))
        Move-Over $tmp "$live.previous"
        Remove-Item -LiteralPath "$live.previous-absent" -Force -ErrorAction SilentlyContinue
    } else {
        Write-Staged "$live.previous-absent" ([byte[]]@())
        Remove-Item -LiteralPath "$live.previous" -Force -ErrorAction SilentlyContinue
    }
}

function Install-Payload {
    $bytesByName = @{}
    foreach ($file in $PayloadFiles) {
        $bytes = [Convert]::FromBase64String($file.Base64)
        if ((Get-Sha256Hex $bytes) -ne $file.Sha256) {
            Stop-Install "$($file.Name): embedded content does not match its sha256 (the script was altered); nothing written"
        }
        $bytesByName[$file.Name] = $bytes
    }

    Protect-Folder $ManagedDir
    if ($HelperFiles.Count -gt 0) {
        # Its parent too: whoever can write there can swap the whole helper folder.
        Protect-Folder (Split-Path -Parent $HelpersDir)
        Protect-Folder $HelpersDir
    }

    $replaced = @()
    foreach ($file in $PayloadFiles) {
        $live = Get-LivePath $file.Name
        if ((Test-Path -LiteralPath $live -PathType Leaf) -and (Get-FileSha256 $live) -eq $file.Sha256) {
            Set-Acl -LiteralPath $live -AclObject (New-ManagedAcl $false)
            continue
        }
        $tmp = Get-TempPath $file.Name
        Write-Staged $tmp $bytesByName[$file.Name]
        if ((Get-FileSha256 $tmp) -ne $file.Sha256) {
            Stop-Install "$($file.Name): the bytes written to $tmp do not match the embedded sha256 (disk full or I/O error?)"
        }
        $replaced += $file.Name
    }
    $removed = @($AbsentFiles | Where-Object { Test-Path -LiteralPath (Get-LivePath $_) })

    if ($replaced.Count -eq 0 -and $removed.Count -eq 0) {
        Write-Output "claude-code-install: profile $RolloutProfile ($RolloutEnvironment) is already installed in $Folders; nothing changed"
        return
    }

    # Rollback undoes this change set only: files it leaves alone lose older rollback points.
    foreach ($name in @($PayloadFiles | ForEach-Object { $_.Name }) + $AbsentFiles) {
        if ($replaced -contains $name -or $removed -contains $name) { continue }
        foreach ($point in @('.previous', '.previous-absent')) {
            Remove-Item -LiteralPath "$(Get-LivePath $name)$point" -Force -ErrorAction SilentlyContinue
        }
    }
    # Every new file is staged and verified: only renames are left (managed-settings.json last).
    foreach ($name in $removed) {
        Save-Previous $name
        Remove-Item -LiteralPath (Get-LivePath $name) -Force
    }
    foreach ($name in $replaced) {
        Save-Previous $name
        Move-Over (Get-TempPath $name) (Get-LivePath $name)
    }
    $settingsSha256 = ($PayloadFiles | Where-Object { $_.Name -eq 'managed-settings.json' }).Sha256
    Write-Output "claude-code-install: installed profile $RolloutProfile ($RolloutEnvironment) in $Folders; managed-settings.json sha256 $settingsSha256"
}

# Puts the rollback point of $Name back in place and keeps the current bytes (or their absence)
# as the new rollback point, so a second rollback undoes the first.
function Restore-Previous([string]$Name) {
    $live = Get-LivePath $Name
    $restored = Get-TempPath $Name
    Write-Staged $restored ([IO.File]::ReadAllBytes("$live.previous"))
    if (Test-Path -LiteralPath $live) {
        $kept = Get-TempPath $Name '.previous'
        Write-Staged $kept ([IO.File]::ReadAllBytes($live))
        Move-Over $restored $live
        Move-Over $kept "$live.previous"
    } else {
        Move-Over $restored $live
        Write-Staged "$live.previous-absent" ([byte[]]@())
        Remove-Item -LiteralPath "$live.previous" -Force
    }
}

# Takes away $Name, which the last change created, keeping it as the rollback point.
function Remove-ToPrevious([string]$Name) {
    $live = Get-LivePath $Name
    if (Test-Path -LiteralPath $live) { Move-Over $live "$live.previous" }
    Remove-Item -LiteralPath "$live.previous-absent" -Force
}

function Invoke-Rollback {
    $restores = @()
    $removals = @()
    foreach ($name in @($AbsentFiles) + @($PayloadFiles | ForEach-Object { $_.Name })) {
        $live = Get-LivePath $name
        if (Test-Path -LiteralPath "$live.previous" -PathType Leaf) {
            $restores += $name
        } elseif (Test-Path -LiteralPath "$live.previous-absent") {
            $removals += $name
        }
    }
    if ($restores.Count -eq 0 -and $removals.Count -eq 0) { Stop-Install "nothing to roll back in $Folders (no .previous files)" }
    # Restorations first, helpers before managed-settings.json, removals last: the settings on
    # disk never name a helper that is not there.
    $swapped = @()
    foreach ($name in $restores) { Restore-Previous $name; $swapped += $name }
    foreach ($name in $removals) { Remove-ToPrevious $name; $swapped += $name }
    Write-Output "claude-code-install: rolled back $($swapped -join ' ') in $Folders"
}

if ([Environment]::OSVersion.Platform -ne [PlatformID]::Win32NT) {
    Stop-Install "unsupported operating system '$([Environment]::OSVersion.Platform)': this installer is for Windows (use install.sh on macOS and Linux)"
}
if ($Root) {
    # .NET resolves relative paths against the process folder, not the PowerShell location.
    $rootPath = (Resolve-Path -LiteralPath $Root).ProviderPath
    $ManagedDir = Join-Path $rootPath 'Program Files\ClaudeCode'
    $HelpersDir = Join-Path $rootPath '@@WINDOWS_HELPER_DIR_ON_DRIVE@@'
} else {
    $ManagedDir = 'C:\Program Files\ClaudeCode'
    # The compiled settings name helpers by this absolute path.
    $HelpersDir = '@@WINDOWS_HELPER_DIR@@'
}
$HelperFiles = @($PayloadFiles | Where-Object { $_.Target -eq 'helpers' })
if ($HelperFiles.Count -gt 0) { $Folders = "$ManagedDir and $HelpersDir" } else { $Folders = $ManagedDir }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    Stop-Install "must run as Administrator (elevated, or as SYSTEM) to write $Folders; nothing written"
}

try {
    if ($Rollback) { Invoke-Rollback } else { Install-Payload }
} catch {
    Stop-Install "failed: $($_.Exception.Message); the installed files are unchanged or fully replaced, never partial"
} finally {
    Remove-Temps
}
exit 0
