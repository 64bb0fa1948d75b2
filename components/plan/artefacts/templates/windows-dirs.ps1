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
