set -u

tenant_id='@@TENANT_ID@@'
app_uri='@@APP_URI@@'
role_arn='@@ROLE_ARN@@'
region='@@REGION@@'
session_seconds='@@SESSION_SECONDS@@'
