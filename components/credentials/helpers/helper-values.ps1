$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$TenantId = '@@TENANT_ID@@'
$AppUri = '@@APP_URI@@'
$RoleArn = '@@ROLE_ARN@@'
$Region = '@@REGION@@'
$SessionSeconds = '@@SESSION_SECONDS@@'
