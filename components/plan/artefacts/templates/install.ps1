if ($true) { # The whole script is this one statement, closed on its last line (see below).
#Requires -Version 5.1
<#
.SYNOPSIS
Claude Code managed settings installer (Windows), rendered by claude-code-rollout.
profile @@PROFILE@@, environment @@ENVIRONMENT@@, client @@CLIENT_VERSION@@

.DESCRIPTION
Usage: install.ps1 [-Root DIR] [-Rollback]
  -Root DIR   install under DIR instead of C:\ (tests); still requires Administrator
  -Rollback   swap every installed file back to the state before the last change
Exit 0: installed, already up to date (a second run changes nothing), or rolled back.
Exit 1: refused or failed, with one line on stderr; the installed files are left as they were.

Installs the embedded documents into C:\Program Files\ClaudeCode (the literal path the client
reads; also right from a 32-bit host, where $env:ProgramFiles points elsewhere) and the helper
scripts the settings name into @@WINDOWS_HELPER_DIR@@.
PowerShell parses the whole file before running any of it, and everything is inside this one
if-block, so a download cut short fails to parse and runs nothing.
Steps, under a machine-wide mutex (one installer at a time; Windows releases it when its holder
dies):
 1. take the folders back: the managed ACL (owner Administrators; Administrators and SYSTEM full
    control, Users read and execute; inheritance disabled), refusing a folder that is a reparse
    point; inside them every reparse point (link, junction) and every entry owned by someone
    else or writable by anyone but Administrators and SYSTEM is removed, never followed;
 2. finish a change a stopped run committed (its journal), remove stale staged files;
 3. check every embedded sha256, then stage every new file and every rollback point as a new
    file (never opened through an existing one) next to its target, verified, flushed, with the
    managed ACL, and check each file to be replaced can be (not read-only, not in use);
 4. commit: write the journal of moves, then run it. A failure before the commit leaves every
    live file as it was; a stop after it is finished by the next run. The replaced version is
    kept as NAME.previous (an empty NAME.previous-absent when there was none), which -Rollback
    restores the same way.
#>
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$RolloutProfile = '@@PROFILE@@'
$RolloutEnvironment = '@@ENVIRONMENT@@'

# @@PAYLOAD@@

$Administrators = New-Object Security.Principal.SecurityIdentifier('S-1-5-32-544')
$LocalSystem = New-Object Security.Principal.SecurityIdentifier('S-1-5-18')
$BuiltinUsers = New-Object Security.Principal.SecurityIdentifier('S-1-5-32-545')
# Who may own or write what the client reads: Administrators, SYSTEM, TrustedInstaller.
$TrustedSids = @('S-1-5-32-544', 'S-1-5-18', 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464')
$WriteRights = [Security.AccessControl.FileSystemRights]'WriteData, AppendData, WriteExtendedAttributes, WriteAttributes, Delete, DeleteSubdirectoriesAndFiles, ChangePermissions, TakeOwnership'

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

# Staged files sit next to their target (same volume, so the move is a rename): '' is the new
# content, 'previous' the new rollback point, 'previous-absent' the marker that there was none.
function Get-StagedPath([string]$Name, [string]$Kind = '') {
    if ($Kind) { return Join-Path (Get-FolderOf $Name) ".$Name.$Kind-staged" }
    return Join-Path (Get-FolderOf $Name) ".$Name.staged"
}

function Test-ReparsePoint([string]$Path) {
    return [bool]([IO.File]::GetAttributes($Path) -band [IO.FileAttributes]::ReparsePoint)
}

# True when only Administrators, SYSTEM or TrustedInstaller own $Path and may change it.
function Test-Trusted([string]$Path) {
    $acl = Get-Acl -LiteralPath $Path
    $owner = $acl.GetOwner([Security.Principal.SecurityIdentifier]).Value
    if ($TrustedSids -notcontains $owner) { return $false }
    foreach ($rule in $acl.GetAccessRules($true, $true, [Security.Principal.SecurityIdentifier])) {
        if ($rule.AccessControlType -ne 'Allow' -or ($rule.FileSystemRights -band $WriteRights) -eq 0) { continue }
        if ($TrustedSids -notcontains $rule.IdentityReference.Value) { return $false }
    }
    return $true
}

# Deletes $Path without following it: a reparse point loses only its link, a folder its tree.
function Remove-Entry([string]$Path) {
    $isFolder = [bool]([IO.File]::GetAttributes($Path) -band [IO.FileAttributes]::Directory)
    if ($isFolder -and -not (Test-ReparsePoint $Path)) {
        foreach ($entry in [IO.Directory]::GetFileSystemEntries($Path)) { Remove-Entry $entry }
    }
    [IO.File]::SetAttributes($Path, [IO.FileAttributes]::Normal)
    if ($isFolder) { [IO.Directory]::Delete($Path, $false) } else { [IO.File]::Delete($Path) }
}

# Removes every entry below $Folder that is a reparse point or that someone else owns or may change.
function Remove-Untrusted([string]$Folder) {
    foreach ($entry in [IO.Directory]::GetFileSystemEntries($Folder)) {
        if ((Test-ReparsePoint $entry) -or -not (Test-Trusted $entry)) {
            Remove-Entry $entry
        } elseif ([IO.Directory]::Exists($entry)) {
            Remove-Untrusted $entry
        }
    }
}

# Creates the folder if needed, gives it the managed ACL and removes what others put in it.
function Protect-Folder([string]$Path) {
    if ((Test-Path -LiteralPath $Path) -and (Test-ReparsePoint $Path)) {
        Stop-Install "$Path is a link or junction; replace it with a folder; nothing written"
    }
    if (-not (Test-Path -LiteralPath $Path)) { New-Item -ItemType Directory -Path $Path -Force | Out-Null }
    Set-Acl -LiteralPath $Path -AclObject (New-ManagedAcl $true)
    Remove-Untrusted $Path
}

# Writes a new file (CreateNew: never through an existing file or link), flushed, managed ACL.
function Write-Staged([string]$Path, [byte[]]$Bytes) {
    $stream = New-Object IO.FileStream($Path, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write, [IO.FileShare]::None)
    try {
        $stream.Write($Bytes, 0, $Bytes.Length)
        $stream.Flush($true)
    } finally {
        $stream.Dispose()
    }
    Set-Acl -LiteralPath $Path -AclObject (New-ManagedAcl $false)
    if ((Get-FileSha256 $Path) -ne (Get-Sha256Hex $Bytes)) { throw "the bytes written to $Path differ (disk full or I/O error?)" }
}

# Fails unless $Path, which the commit replaces or removes, can be: not a link, not read-only,
# not open elsewhere.
function Assert-Replaceable([string]$Path) {
    if (-not (Test-Path -LiteralPath $Path)) { return }
    if ((Test-ReparsePoint $Path) -or [IO.Directory]::Exists($Path)) { Stop-Install "$Path is not a regular file; remove it; nothing changed" }
    try {
        if ([IO.File]::GetAttributes($Path) -band [IO.FileAttributes]::ReadOnly) { throw 'read-only' }
        [IO.File]::Open($Path, [IO.FileMode]::Open, [IO.FileAccess]::ReadWrite, [IO.FileShare]::None).Dispose()
    } catch {
        Stop-Install "cannot replace $Path (read-only or in use?); nothing changed"
    }
}

# The same for every file below folder $Path (the drop-in folder, removed whole), links not followed.
function Assert-RemovableTree([string]$Path) {
    foreach ($entry in [IO.Directory]::GetFileSystemEntries($Path)) {
        if ([IO.Directory]::Exists($entry) -and -not (Test-ReparsePoint $entry)) { Assert-RemovableTree $entry } else { Assert-Replaceable $entry }
    }
}

function Remove-Staged {
    foreach ($name in @($PayloadFiles | ForEach-Object { $_.Name }) + $AbsentFiles) {
        foreach ($kind in @('', 'previous', 'previous-absent')) {
            $path = Get-StagedPath $name $kind
            if (Test-Path -LiteralPath $path) { Remove-Entry $path }
        }
    }
    if (Test-Path -LiteralPath "$Journal.staged") { Remove-Entry "$Journal.staged" }
}

# Runs one journal line; each is idempotent, so a run stopped part-way is finished by the next.
function Invoke-JournalLine([string]$Op, [string]$Name) {
    $live = Get-LivePath $Name
    switch -Exact ($Op) {
        'keep' { Move-Staged (Get-StagedPath $Name 'previous') "$live.previous"; Remove-IfThere "$live.previous-absent" }
        'keep-absent' { Move-Staged (Get-StagedPath $Name 'previous-absent') "$live.previous-absent"; Remove-IfThere "$live.previous" }
        'forget' { Remove-IfThere "$live.previous"; Remove-IfThere "$live.previous-absent" }
        'put' { Move-Staged (Get-StagedPath $Name) $live }
        'drop' { Remove-IfThere $live }
        'drop-dropins' { Remove-IfThere $Dropins }
    }
}

function Move-Staged([string]$Source, [string]$Destination) {
    if (-not (Test-Path -LiteralPath $Source)) { return }
    if (Test-Path -LiteralPath $Destination) { [IO.File]::Replace($Source, $Destination, $null) } else { [IO.File]::Move($Source, $Destination) }
}

function Remove-IfThere([string]$Path) {
    if (Test-Path -LiteralPath $Path) { Remove-Entry $Path }
}

# Finishes a committed journal; returns what it did ('install' or 'rollback', '' for none).
function Complete-Journal {
    if (-not (Test-Path -LiteralPath $Journal -PathType Leaf)) { return '' }
    $kind = ''
    $known = @($PayloadFiles | ForEach-Object { $_.Name }) + $AbsentFiles + @('-')
    foreach ($line in [IO.File]::ReadAllLines($Journal)) {
        $op, $name = $line -split ' ', 2
        if ($op -eq 'kind') { $kind = $name; continue }
        if ($known -notcontains $name) { continue }
        Invoke-JournalLine $op $name
    }
    Remove-Entry $Journal
    return $kind
}

# Checks every path the journal lines replace or remove, writes the journal (the commit point), runs it.
function Submit-Journal([string[]]$Lines) {
    foreach ($line in $Lines) {
        $op, $name = $line -split ' ', 2
        if ($op -eq 'kind') { continue }
        $live = Get-LivePath $name
        if ('keep', 'keep-absent', 'forget' -contains $op) {
            Assert-Replaceable "$live.previous"
            Assert-Replaceable "$live.previous-absent"
        } elseif ('put', 'drop' -contains $op) {
            Assert-Replaceable $live
        } elseif ($op -eq 'drop-dropins') {
            Assert-RemovableTree $Dropins
        }
    }
    Write-Staged "$Journal.staged" ([Text.Encoding]::ASCII.GetBytes(($Lines -join "`n") + "`n"))
    [IO.File]::Move("$Journal.staged", $Journal)
    Complete-Journal | Out-Null
}

# Stages the rollback points of $Names (their bytes, or that they are absent); returns journal lines.
function Save-Previous([string[]]$Names) {
    foreach ($name in $Names) {
        $live = Get-LivePath $name
        if (Test-Path -LiteralPath $live) {
            Write-Staged (Get-StagedPath $name 'previous') ([IO.File]::ReadAllBytes($live))
            "keep $name"
        } else {
            Write-Staged (Get-StagedPath $name 'previous-absent') ([byte[]]@())
            "keep-absent $name"
        }
    }
}

function Install-Payload {
    $changed = @()
    foreach ($file in $PayloadFiles) {
        $live = Get-LivePath $file.Name
        if ((Test-Path -LiteralPath $live -PathType Leaf) -and (Get-FileSha256 $live) -eq $file.Sha256) {
            Set-Acl -LiteralPath $live -AclObject (New-ManagedAcl $false)
        } else {
            $changed += $file.Name
        }
    }
    $removed = @($AbsentFiles | Where-Object { Test-Path -LiteralPath (Get-LivePath $_) })
    # Drop-ins merge over managed-settings.json: a profile ships none, so any there go.
    $purge = (Test-Path -LiteralPath $Dropins) -and @(Get-ChildItem -LiteralPath $Dropins -Force).Count -gt 0

    if ($changed.Count -eq 0 -and $removed.Count -eq 0 -and -not $purge) {
        Write-Output "claude-code-install: profile $RolloutProfile ($RolloutEnvironment) is already installed in $Folders; nothing changed"
        return
    }
    foreach ($name in $changed) {
        $file = $PayloadFiles | Where-Object { $_.Name -eq $name }
        Write-Staged (Get-StagedPath $name) ([Convert]::FromBase64String($file.Base64))
    }
    # Rollback undoes this change set only: files it leaves alone lose older rollback points.
    $lines = @('kind install') + @(Save-Previous ($changed + $removed))
    foreach ($name in @($PayloadFiles | ForEach-Object { $_.Name }) + $AbsentFiles) {
        if ($changed -notcontains $name -and $removed -notcontains $name) { $lines += "forget $name" }
    }
    $lines += @($removed | ForEach-Object { "drop $_" })
    if ($purge) { $lines += 'drop-dropins -' }
    # managed-settings.json last: what it names is in place first.
    $lines += @($changed | ForEach-Object { "put $_" })
    Submit-Journal $lines
    $settingsSha256 = ($PayloadFiles | Where-Object { $_.Name -eq 'managed-settings.json' }).Sha256
    Write-Output "claude-code-install: installed profile $RolloutProfile ($RolloutEnvironment) in $Folders; managed-settings.json sha256 $settingsSha256"
}

# Rolls back to the rollback points, keeping the current state as the new ones, so a second
# rollback undoes the first. Restorations first (helpers before managed-settings.json), the
# removal of files the last change added last: the settings never name a missing helper.
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
    foreach ($name in $restores) { Write-Staged (Get-StagedPath $name) ([IO.File]::ReadAllBytes("$(Get-LivePath $name).previous")) }
    $present = @($removals | Where-Object { Test-Path -LiteralPath (Get-LivePath $_) })
    $lines = @('kind rollback') + @(Save-Previous ($restores + $present))
    $lines += @($removals | Where-Object { $present -notcontains $_ } | ForEach-Object { "forget $_" })
    $lines += @($restores | ForEach-Object { "put $_" }) + @($present | ForEach-Object { "drop $_" })
    Submit-Journal $lines
    Write-Output "claude-code-install: rolled back $(($restores + $removals) -join ' ') in $Folders"
}

$Root = ''
$Rollback = $false
for ($i = 0; $i -lt $args.Count; $i++) {
    switch -Exact ([string]$args[$i]) {
        '-Root' {
            if ($i + 1 -ge $args.Count) { Stop-Install '-Root needs a folder' }
            $i++
            $Root = [string]$args[$i]
        }
        '-Rollback' { $Rollback = $true }
        default { Stop-Install "unknown argument '$($args[$i])' (usage: install.ps1 [-Root DIR] [-Rollback])" }
    }
}
if ([Environment]::OSVersion.Platform -ne [PlatformID]::Win32NT) {
    Stop-Install "unsupported operating system '$([Environment]::OSVersion.Platform)': this installer is for Windows (use install.sh on macOS and Linux)"
}
# @@WINDOWS_DIRS@@
$Dropins = Join-Path $ManagedDir 'managed-settings.d'
$Journal = Join-Path $ManagedDir '.claude-code-install.journal'
$HelperFiles = @($PayloadFiles | Where-Object { $_.Target -eq 'helpers' })
if ($HelperFiles.Count -gt 0) { $Folders = "$ManagedDir and $HelpersDir" } else { $Folders = $ManagedDir }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    Stop-Install "must run as Administrator (elevated, or as SYSTEM) to write $Folders; nothing written"
}
foreach ($file in $PayloadFiles) {
    if ((Get-Sha256Hex ([Convert]::FromBase64String($file.Base64))) -ne $file.Sha256) {
        Stop-Install "$($file.Name): embedded content does not match its sha256 (the script was altered); nothing written"
    }
}

# Global\ needs SeCreateGlobalPrivilege, which a standard user lacks: no one else can hold it.
$mutex = New-Object Threading.Mutex($false, 'Global\claude-code-rollout-install')
try {
    try {
        $held = $mutex.WaitOne([TimeSpan]::FromMinutes(10))
    } catch [Threading.AbandonedMutexException] {
        # Its holder died; the journal below finishes what it committed.
        $held = $true
    }
    if (-not $held) { Stop-Install "another installer holds the lock for 10 minutes; nothing written" }
    try {
        Protect-Folder $ManagedDir
        if ($HelperFiles.Count -gt 0) {
            # Its parent too: whoever can write there can swap the whole helper folder.
            Protect-Folder (Split-Path -Parent $HelpersDir)
            Protect-Folder $HelpersDir
        }
        $finished = Complete-Journal
        Remove-Staged
        if ($Rollback -and $finished -eq 'rollback') {
            Write-Output "claude-code-install: finished the rollback a stopped run had committed in $Folders"
        } elseif ($Rollback) {
            Invoke-Rollback
        } else {
            Install-Payload
        }
    } catch {
        Stop-Install "failed: $($_.Exception.Message); nothing changed, unless $Journal is left, which the next run finishes"
    } finally {
        if (-not (Test-Path -LiteralPath $Journal)) { Remove-Staged }
        $mutex.ReleaseMutex()
    }
} finally {
    $mutex.Dispose()
}
exit 0
}
