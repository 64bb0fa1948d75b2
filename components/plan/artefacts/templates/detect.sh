#!/bin/sh
# Claude Code managed settings drift check (macOS and Linux), rendered by claude-code-rollout.
#   profile @@PROFILE@@, environment @@ENVIRONMENT@@, client @@CLIENT_VERSION@@
#
# Usage: detect.sh [--root DIR]
# Exit 0 when every installed file (documents in the managed folder, helpers in
# @@POSIX_HELPER_DIR@@) has the expected sha256, mode and owner root, those folders are root's
# with mode 0755, and files this profile does not ship are absent; exit 1 otherwise, or on an
# unsupported OS. Also drift, because the client would obey what anyone could plant there:
#  - any entry in those folders that is not root's, is writable by others, or is a link;
#  - a folder from / down to them that anyone but root can write (the client walks them too);
#  - a source the client ranks with or above the file: a drop-in in managed-settings.d, or on
#    macOS a configuration profile for com.anthropic.claudecode (/Library/Managed Preferences);
#  - on Linux, a missing bwrap or socat: the sandbox the settings turn on fails closed without them.
# Prints one line per file with the expected and the installed hash, one line per other finding,
# then a Jamf extension attribute line: <result>match</result> or <result>drift</result>. Intune
# remediations and Jamf policies run install.sh when this exits 1. Needs no root.

PROG=claude-code-detect

# @@PAYLOAD@@

# Each helper below sets a variable instead of printing: no subshell per call, as forks are slow.

# Sets $installed to the sha256 of file $1.
sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    installed=$(sha256sum "$1")
  else
    installed=$(shasum -a 256 "$1")
  fi
  installed=${installed%% *}
}

# Sets $live to the path of file $1: in the helper folder for helpers, the managed folder for everything else.
live_path() {
  case " $helper_files " in
    *" $1 "*) live="$helpers_dir/$1" ;;
    *) live="$managed_dir/$1" ;;
  esac
}

# Sets $perms to the mode of a file or folder as ls shows it (e.g. -rw-r--r--) and its numeric owner.
mode_and_owner() {
  # shellcheck disable=SC2012 # ls -ln is the portable way to read mode and uid on Linux and macOS
  perms=$(ls -lnd "$1")
  set -f
  # shellcheck disable=SC2086 # split into ls's fields on purpose (globbing is off)
  set -- $perms
  set +f
  # The first ten characters of the mode: macOS appends @ or + for extended attributes and ACLs.
  perms="${1%"${1#??????????}"} $3"
}

# Reports drift when folder $1 exists but is not root's with mode 0755 (a missing one shows as
# missing files).
check_folder() {
  [ -d "$1" ] || return 0
  mode_and_owner "$1"
  if [ "$perms" != 'drwxr-xr-x 0' ]; then
    printf '%s: expected mode and owner uid drwxr-xr-x 0, installed %s\n' "$1" "$perms"
    drift=1
  fi
}

# Reports drift for every entry below the given folders that anyone but root can change, or
# that points elsewhere: links, special files, not root's, writable by group or others.
check_entries() {
  found=$(find "$@" -mindepth 1 \( -type l -o ! \( -type f -o -type d \) -o ! -user 0 -o -perm -0020 -o -perm -0002 \) \
    -prune -print 2>/dev/null)
  if [ -n "$found" ]; then
    printf '%s\n' "$found" | sed 's/$/: not root'"'"'s, writable by others, or a link: the client would trust what anyone can change/'
    drift=1
  fi
}

# @@ANCESTORS@@

# Reports drift for a folder from the root down to each given folder (excluded) that anyone but
# root can write: whoever can, can swap everything below it.
check_ancestors() {
  found=$(untrusted_ancestors "$@" | sed 's|/\.$||' | sort -u)
  if [ -n "$found" ]; then
    printf '%s\n' "$found" | sed 's/$/: a folder above the managed files that anyone but root can write/'
    drift=1
  fi
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

system=$(uname -s)
case $system in
  Linux) managed_dir="$root/etc/claude-code" ;;
  Darwin) managed_dir="$root/Library/Application Support/ClaudeCode" ;;
  *)
    printf "%s: unsupported operating system '%s'\n<result>drift</result>\n" "$PROG" "$system"
    exit 1
    ;;
esac
helpers_dir="$root@@POSIX_HELPER_DIR@@"

drift=0
for name in $payload_files; do
  live_path "$name"
  payload_facts "$name"
  if [ -f "$live" ]; then
    sha256_of "$live"
    mode_and_owner "$live"
  else
    installed=missing
    perms=missing
  fi
  case $expected_mode in
    0755) wanted='-rwxr-xr-x 0' ;;
    *) wanted='-rw-r--r-- 0' ;;
  esac
  printf '%s: expected sha256 %s, installed %s\n' "$live" "$expected_sha256" "$installed"
  if [ "$installed" != "$expected_sha256" ]; then
    drift=1
  elif [ "$perms" != "$wanted" ]; then
    printf '%s: expected mode and owner uid %s, installed %s\n' "$live" "$wanted" "$perms"
    drift=1
  fi
done
for name in $absent_files; do
  live_path "$name"
  if [ -e "$live" ]; then
    sha256_of "$live"
    printf '%s: expected absent, installed %s\n' "$live" "$installed"
    drift=1
  fi
done
# Drop-ins merge over managed-settings.json; a profile ships none.
for entry in "$managed_dir/managed-settings.d"/* "$managed_dir/managed-settings.d"/.[!.]* "$managed_dir/managed-settings.d"/..?*; do
  if [ -e "$entry" ] || [ -L "$entry" ]; then
    printf '%s: expected absent (a drop-in this profile does not ship; the client merges it over managed-settings.json)\n' "$entry"
    drift=1
  fi
done
# Whoever can write a folder can swap the files in it, so the folders count as much as the files.
check_folder "$managed_dir"
if [ -n "$helper_files" ]; then
  check_folder "${helpers_dir%/*}"
  check_folder "$helpers_dir"
  set -- "$managed_dir" "${helpers_dir%/*}"
else
  set -- "$managed_dir"
fi
for folder; do
  if [ -d "$folder" ]; then check_entries "$folder"; fi
done
check_ancestors "$@"

case $system in
  Darwin)
    # A configuration profile (MDM) for the client's preference domain outranks the file.
    for plist in "$root/Library/Managed Preferences/com.anthropic.claudecode.plist" "$root/Library/Managed Preferences"/*/com.anthropic.claudecode.plist; do
      if [ -e "$plist" ]; then
        printf '%s: expected absent (a configuration profile for com.anthropic.claudecode outranks the installed file)\n' "$plist"
        drift=1
      fi
    done
    ;;
  Linux)
    for tool in bwrap socat; do
      if ! command -v "$tool" >/dev/null 2>&1; then
        printf '%s: not found on PATH (the Linux sandbox the settings turn on needs bubblewrap and socat; install.sh installs them)\n' "$tool"
        drift=1
      fi
    done
    ;;
esac

if [ "$drift" -eq 0 ]; then
  echo '<result>match</result>'
else
  echo '<result>drift</result>'
fi
exit "$drift"
