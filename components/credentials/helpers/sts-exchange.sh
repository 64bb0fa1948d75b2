[ -n "$session" ] || fail "the Entra token for $app_uri has no subject (sub) that can name the AWS session$relogin_hint"

# The token goes through a pipe (printf is a shell builtin), never through argv or a file.
credentials=$(printf '%s' "$token" | aws sts assume-role-with-web-identity \
  --no-sign-request \
  --region "$region" \
  --role-arn "$role_arn" \
  --role-session-name="$session" \
  --duration-seconds "$session_seconds" \
  --web-identity-token file:///dev/stdin \
  --query '{Credentials:{AccessKeyId:Credentials.AccessKeyId,SecretAccessKey:Credentials.SecretAccessKey,SessionToken:Credentials.SessionToken,Expiration:Credentials.Expiration}}' \
  --output json 2>"$errors") \
  || fail "AWS STS refused the $token_kind token for $role_arn: $(first_error)"
unset token

printf '%s\n' "$credentials"
