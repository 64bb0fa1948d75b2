#!/bin/sh
# Claude Code managed settings drift check (macOS and Linux), rendered by claude-code-rollout.
#   profile @@PROFILE@@, environment @@ENVIRONMENT@@, client @@CLIENT_VERSION@@
#
# Usage: detect.sh [--root DIR]
# Exit 0 when every managed file has the expected sha256, mode and owner root (and files this
# profile does not ship are absent); exit 1 otherwise, or on an unsupported OS.
# Prints one line per file with the expected and the installed hash, then a Jamf extension
# attribute line: <result>match</result> or <result>drift</result>. Intune remediations and
# Jamf policies run install.sh when this exits 1. Needs no root.

PROG=claude-code-detect

# @@PAYLOAD@@

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

# Prints the installed file's mode as ls shows it (e.g. -rw-r--r--) and its numeric owner.
mode_and_owner() {
  # shellcheck disable=SC2012 # ls -ln is the portable way to read mode and uid on Linux and macOS
  ls -ln "$1" | awk '{ print substr($1, 1, 10), $3 }'
}

expected_mode_and_owner() {
  case $1 in
    0755) echo '-rwxr-xr-x 0' ;;
    *) echo '-rw-r--r-- 0' ;;
  esac
}

root=''
while [ $# -gt 0 ]; do
  case $1 in
    --root)
      [ $# -ge 2 ] || { printf '%s: --root needs a directory\n' "$PROG" >&2; exit 1; }
      root=$2
      shift 2
      ;;
    *) printf "%s: unknown argument '%s' (usage: detect.sh [--root DIR])\n" "$PROG" "$1" >&2; exit 1 ;;
  esac
done

case $(uname -s) in
  Linux) dir="$root/etc/claude-code" ;;
  Darwin) dir="$root/Library/Application Support/ClaudeCode" ;;
  *)
    printf "%s: unsupported operating system '%s'\n<result>drift</result>\n" "$PROG" "$(uname -s)"
    exit 1
    ;;
esac

drift=0
for name in $payload_files; do
  expected=$(payload_sha256 "$name")
  if [ -f "$dir/$name" ]; then
    installed=$(sha256_of "$dir/$name")
    perms=$(mode_and_owner "$dir/$name")
  else
    installed=missing
    perms=missing
  fi
  wanted=$(expected_mode_and_owner "$(payload_mode "$name")")
  printf '%s/%s: expected sha256 %s, installed %s\n' "$dir" "$name" "$expected" "$installed"
  if [ "$installed" != "$expected" ]; then
    drift=1
  elif [ "$perms" != "$wanted" ]; then
    printf '%s/%s: expected mode and owner uid %s, installed %s\n' "$dir" "$name" "$wanted" "$perms"
    drift=1
  fi
done
for name in $absent_files; do
  if [ -e "$dir/$name" ]; then
    printf '%s/%s: expected absent, installed %s\n' "$dir" "$name" "$(sha256_of "$dir/$name")"
    drift=1
  fi
done

if [ "$drift" -eq 0 ]; then
  echo '<result>match</result>'
else
  echo '<result>drift</result>'
fi
exit "$drift"
