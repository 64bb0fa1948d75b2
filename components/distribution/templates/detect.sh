#!/bin/sh
# Claude Code managed settings drift check (macOS and Linux), rendered by claude-code-rollout.
#   profile @@PROFILE@@, environment @@ENVIRONMENT@@, client @@CLIENT_VERSION@@
#
# Usage: detect.sh [--root DIR]
# Exit 0 when every installed file (documents in the managed folder, helpers in
# @@POSIX_HELPER_DIR@@) has the expected sha256, mode and owner root, those folders are root's
# with mode 0755, and files this profile does not ship are absent; exit 1 otherwise, or on an
# unsupported OS.
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

# The folder of file $1: the helper folder for helpers, the managed folder for everything else.
dir_of() {
  case " $helper_files " in
    *" $1 "*) printf '%s' "$helpers_dir" ;;
    *) printf '%s' "$managed_dir" ;;
  esac
}

# Prints the mode of a file or folder as ls shows it (e.g. -rw-r--r--) and its numeric owner.
mode_and_owner() {
  # shellcheck disable=SC2012 # ls -ln is the portable way to read mode and uid on Linux and macOS
  ls -lnd "$1" | awk '{ print substr($1, 1, 10), $3 }'
}

# Reports drift when folder $1 exists but is not root's with mode 0755 (a missing one shows as
# missing files).
check_folder() {
  if [ -d "$1" ] && [ "$(mode_and_owner "$1")" != 'drwxr-xr-x 0' ]; then
    printf '%s: expected mode and owner uid drwxr-xr-x 0, installed %s\n' "$1" "$(mode_and_owner "$1")"
    drift=1
  fi
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
  Linux) managed_dir="$root/etc/claude-code" ;;
  Darwin) managed_dir="$root/Library/Application Support/ClaudeCode" ;;
  *)
    printf "%s: unsupported operating system '%s'\n<result>drift</result>\n" "$PROG" "$(uname -s)"
    exit 1
    ;;
esac
helpers_dir="$root@@POSIX_HELPER_DIR@@"

drift=0
for name in $payload_files; do
  live="$(dir_of "$name")/$name"
  expected=$(payload_sha256 "$name")
  if [ -f "$live" ]; then
    installed=$(sha256_of "$live")
    perms=$(mode_and_owner "$live")
  else
    installed=missing
    perms=missing
  fi
  wanted=$(expected_mode_and_owner "$(payload_mode "$name")")
  printf '%s: expected sha256 %s, installed %s\n' "$live" "$expected" "$installed"
  if [ "$installed" != "$expected" ]; then
    drift=1
  elif [ "$perms" != "$wanted" ]; then
    printf '%s: expected mode and owner uid %s, installed %s\n' "$live" "$wanted" "$perms"
    drift=1
  fi
done
for name in $absent_files; do
  live="$(dir_of "$name")/$name"
  if [ -e "$live" ]; then
    printf '%s: expected absent, installed %s\n' "$live" "$(sha256_of "$live")"
    drift=1
  fi
done
# Whoever can write a folder can swap the files in it, so the folders count as much as the files.
check_folder "$managed_dir"
if [ -n "$helper_files" ]; then
  check_folder "${helpers_dir%/*}"
  check_folder "$helpers_dir"
fi

if [ "$drift" -eq 0 ]; then
  echo '<result>match</result>'
else
  echo '<result>drift</result>'
fi
exit "$drift"
