#!/bin/sh
# Claude Code managed settings installer (macOS and Linux), rendered by claude-code-rollout.
#   profile @@PROFILE@@, environment @@ENVIRONMENT@@, client @@CLIENT_VERSION@@
#
# Usage: install.sh [--root DIR] [--rollback]
#   --root DIR   install under DIR instead of / (tests); still requires root
#   --rollback   swap every installed file back to the state before the last change
# Exit 0: installed, already up to date (a second run changes nothing), or rolled back.
# Exit 1: refused or failed, with one line on stderr; the installed files are left as they were.
#
# Documents go into the managed folder the client reads; the helper programs the settings name
# go into @@POSIX_HELPER_DIR@@ (root's, like its parent folder).
# Every embedded file is checked against its sha256 before anything is written, written to a
# temp file in its target folder, checked again, fsynced, given its mode and owner root, then
# renamed over the old one (atomic). The replaced version is kept next to it as NAME.previous
# (NAME.previous-absent when there was none), which --rollback restores.
umask 022

PROG=claude-code-install
ROLLOUT_PROFILE='@@PROFILE@@'
ROLLOUT_ENVIRONMENT='@@ENVIRONMENT@@'

# @@PAYLOAD@@

# The folder of file $1: the helper folder for helpers, the managed folder for everything else
# (files to remove included, which are all documents the client reads).
dir_of() {
  case " $helper_files " in
    *" $1 "*) printf '%s' "$helpers_dir" ;;
    *) printf '%s' "$managed_dir" ;;
  esac
}

live_of() {
  printf '%s/%s' "$(dir_of "$1")" "$1"
}

# The temp file of $1 (plus suffix $2) lives in its folder (same file system, so rename is
# atomic); names come from the validated payload names, never from user input.
tmp_of() {
  printf '%s/.%s%s.tmp-%s' "$(dir_of "$1")" "$1" "${2:-}" "$$"
}

cleanup() {
  [ -n "${managed_dir:-}" ] || return 0
  for name in $payload_files $absent_files; do
    rm -f "$(tmp_of "$name")" "$(tmp_of "$name" .previous)"
  done
}

die() {
  printf '%s: %s\n' "$PROG" "$1" >&2
  cleanup
  exit 1
}

trap cleanup EXIT
trap 'die "interrupted; every installed file is either unchanged or fully replaced"' INT TERM HUP

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$@" | cut -d ' ' -f 1
  else
    shasum -a 256 "$@" | cut -d ' ' -f 1
  fi
}

decode_payload() {
  payload_base64 "$1" | base64 "$decode_flag"
}

# Flushes one file (GNU sync FILE) or, where sync takes no operands (macOS), everything.
flush() {
  sync "$1" 2>/dev/null || sync
}

# Copies $1 to the flushed temp file of name $2 (suffix $3), keeping mode and owner.
stage_copy() {
  staged=$(tmp_of "$2" "${3:-}")
  rm -f "$staged" && cp -p "$1" "$staged" && flush "$staged"
}

# Creates folder $1 if needed and makes it root's with mode 0755, taking back one that is not.
secure_dir() {
  mkdir -p "$1" || die "cannot create $1"
  if ! { chown 0:0 "$1" && chmod 0755 "$1"; }; then
    die "cannot make $1 owned by root with mode 0755"
  fi
}

# Writes payload file $1 to its temp file, verified and flushed, with its final mode and owner.
stage_payload() {
  tmp=$(tmp_of "$1")
  rm -f "$tmp" || die "cannot remove the stale temp file $tmp"
  decode_payload "$1" >"$tmp" 2>/dev/null || die "cannot write $tmp (disk full or read-only?)"
  [ "$(sha256_of "$tmp")" = "$(payload_sha256 "$1")" ] ||
    die "$1: the bytes written to $tmp do not match the embedded sha256 (disk full or I/O error?)"
  chmod "$(payload_mode "$1")" "$tmp" || die "cannot set the mode of $tmp"
  chown 0:0 "$tmp" || die "cannot make root the owner of $tmp"
  flush "$tmp"
}

# Records the current state of $1 (its bytes, or that it is absent) as the rollback point.
keep_previous() {
  kept=$(live_of "$1")
  if [ -e "$kept" ]; then
    stage_copy "$kept" "$1" .previous || die "cannot back up $kept"
    mv -f "$(tmp_of "$1" .previous)" "$kept.previous" || die "cannot back up $kept"
    rm -f "$kept.previous-absent"
  else
    : >"$kept.previous-absent" || die "cannot record that $kept was absent"
    rm -f "$kept.previous"
  fi
}

is_current() {
  [ -f "$(live_of "$1")" ] && [ "$(sha256_of "$(live_of "$1")")" = "$(payload_sha256 "$1")" ]
}

flush_folders() {
  flush "$managed_dir"
  if [ -n "$helper_files" ]; then flush "$helpers_dir"; fi
}

install_payload() {
  for name in $payload_files; do
    [ "$(decode_payload "$name" | sha256_of)" = "$(payload_sha256 "$name")" ] ||
      die "$name: embedded content does not match its sha256 (the script was altered); nothing written"
  done

  secure_dir "$managed_dir"
  if [ -n "$helper_files" ]; then
    # Its parent too: whoever can write there can swap the whole helper folder.
    secure_dir "${helpers_dir%/*}"
    secure_dir "$helpers_dir"
  fi

  replaced=''
  for name in $payload_files; do
    if is_current "$name"; then
      if ! { chmod "$(payload_mode "$name")" "$(live_of "$name")" && chown 0:0 "$(live_of "$name")"; }; then
        die "cannot reset the mode and owner of $(live_of "$name")"
      fi
    else
      stage_payload "$name"
      replaced="$replaced $name"
    fi
  done
  removed=''
  for name in $absent_files; do
    if [ -e "$(live_of "$name")" ]; then removed="$removed $name"; fi
  done

  if [ -z "$replaced$removed" ]; then
    printf '%s: profile %s (%s) is already installed in %s; nothing changed\n' \
      "$PROG" "$ROLLOUT_PROFILE" "$ROLLOUT_ENVIRONMENT" "$folders"
    return 0
  fi

  # Rollback undoes this change set only: files it leaves alone lose older rollback points.
  for name in $payload_files $absent_files; do
    case " $replaced $removed " in
      *" $name "*) ;;
      *) rm -f "$(live_of "$name").previous" "$(live_of "$name").previous-absent" ;;
    esac
  done
  # Every new file is staged and verified: only renames are left (managed-settings.json last).
  for name in $removed; do
    keep_previous "$name"
    rm -f "$(live_of "$name")" || die "cannot remove $(live_of "$name")"
  done
  for name in $replaced; do
    keep_previous "$name"
    mv -f "$(tmp_of "$name")" "$(live_of "$name")" || die "cannot rename $(tmp_of "$name") to $(live_of "$name")"
  done
  flush_folders
  printf '%s: installed profile %s (%s) in %s; managed-settings.json sha256 %s\n' \
    "$PROG" "$ROLLOUT_PROFILE" "$ROLLOUT_ENVIRONMENT" "$folders" "$(payload_sha256 managed-settings.json)"
}

# Puts the rollback point of $1 back in place and keeps the current bytes (or their absence) as
# the new rollback point, so a second rollback undoes the first.
restore_previous() {
  live=$(live_of "$1")
  stage_copy "$live.previous" "$1" || die "cannot stage $live.previous"
  if [ -e "$live" ]; then
    stage_copy "$live" "$1" .previous || die "cannot stage $live"
    mv -f "$(tmp_of "$1")" "$live" || die "cannot restore $live"
    mv -f "$(tmp_of "$1" .previous)" "$live.previous" || die "cannot keep $live as $1.previous"
  else
    mv -f "$(tmp_of "$1")" "$live" || die "cannot restore $live"
    : >"$live.previous-absent" || die "cannot record that $live was absent"
    rm -f "$live.previous"
  fi
}

# Takes away $1, which the last change created, keeping it as the rollback point.
remove_to_previous() {
  live=$(live_of "$1")
  if [ -e "$live" ]; then
    mv -f "$live" "$live.previous" || die "cannot move $live aside"
  fi
  rm -f "$live.previous-absent"
}

rollback() {
  restores=''
  removals=''
  for name in $absent_files $payload_files; do
    if [ -f "$(live_of "$name").previous" ]; then
      restores="$restores $name"
    elif [ -e "$(live_of "$name").previous-absent" ]; then
      removals="$removals $name"
    fi
  done
  [ -n "$restores$removals" ] || die "nothing to roll back in $folders (no .previous files)"
  # Restorations first, helpers before managed-settings.json, removals last: the settings on
  # disk never name a helper that is not there.
  swapped=''
  for name in $restores; do
    restore_previous "$name"
    swapped="$swapped $name"
  done
  for name in $removals; do
    remove_to_previous "$name"
    swapped="$swapped $name"
  done
  flush_folders
  printf '%s: rolled back%s in %s\n' "$PROG" "$swapped" "$folders"
}

root=''
action=install_payload
while [ $# -gt 0 ]; do
  case $1 in
    --root)
      [ $# -ge 2 ] || die "--root needs a directory"
      root=$2
      shift 2
      ;;
    --rollback)
      action=rollback
      shift
      ;;
    *) die "unknown argument '$1' (usage: install.sh [--root DIR] [--rollback])" ;;
  esac
done

case $(uname -s) in
  Linux)
    managed_dir="$root/etc/claude-code"
    decode_flag=-d
    ;;
  Darwin)
    managed_dir="$root/Library/Application Support/ClaudeCode"
    decode_flag=--decode
    ;;
  *) die "unsupported operating system '$(uname -s)': this installer is for Linux and macOS (use install.ps1 on Windows)" ;;
esac
# The same on macOS and Linux: the compiled settings name helpers by this absolute path.
helpers_dir="$root@@POSIX_HELPER_DIR@@"
folders=$managed_dir
if [ -n "$helper_files" ]; then folders="$managed_dir and $helpers_dir"; fi

[ "$(id -u)" -eq 0 ] || die "must run as root (uid 0) to write $folders; nothing written"
command -v sha256sum >/dev/null 2>&1 || command -v shasum >/dev/null 2>&1 ||
  die "neither sha256sum nor shasum found; nothing written"
command -v base64 >/dev/null 2>&1 || die "base64 not found; nothing written"

$action
