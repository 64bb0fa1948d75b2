#!/bin/sh
# Claude Code managed settings installer (macOS and Linux), rendered by claude-code-rollout.
#   profile @@PROFILE@@, environment @@ENVIRONMENT@@, client @@CLIENT_VERSION@@
#
# Usage: install.sh [--root DIR] [--rollback]
#   --root DIR   install under DIR instead of / (tests); still requires root
#   --rollback   swap every managed file back to the state before the last change
# Exit 0: installed, already up to date (a second run changes nothing), or rolled back.
# Exit 1: refused or failed, with one line on stderr; the installed files are left as they were.
#
# Every embedded file is checked against its sha256 before anything is written, written to a
# temp file in the managed folder, checked again, fsynced, given its mode and owner root, then
# renamed over the old one (atomic). The replaced version is kept as NAME.previous
# (NAME.previous-absent when there was none), which --rollback restores.
umask 022

PROG=claude-code-install
ROLLOUT_PROFILE='@@PROFILE@@'
ROLLOUT_ENVIRONMENT='@@ENVIRONMENT@@'

# @@PAYLOAD@@

# Temp files live in the managed folder (same file system, so rename is atomic); their names
# come from the validated payload names, never from user input.
tmp_of() {
  printf '%s/.%s.tmp-%s' "$dir" "$1" "$$"
}

cleanup() {
  [ -n "${dir:-}" ] || return 0
  for name in $payload_files $absent_files; do
    rm -f "$(tmp_of "$name")" "$(tmp_of "$name.previous")"
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

# Copies $1 to the flushed temp file of name $2, keeping mode and owner.
stage_copy() {
  rm -f "$(tmp_of "$2")" && cp -p "$1" "$(tmp_of "$2")" && flush "$(tmp_of "$2")"
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
  if [ -e "$dir/$1" ]; then
    stage_copy "$dir/$1" "$1.previous" || die "cannot back up $dir/$1"
    mv -f "$(tmp_of "$1.previous")" "$dir/$1.previous" || die "cannot back up $dir/$1"
    rm -f "$dir/$1.previous-absent"
  else
    : >"$dir/$1.previous-absent" || die "cannot record that $dir/$1 was absent"
    rm -f "$dir/$1.previous"
  fi
}

is_current() {
  [ -f "$dir/$1" ] && [ "$(sha256_of "$dir/$1")" = "$(payload_sha256 "$1")" ]
}

install_payload() {
  for name in $payload_files; do
    [ "$(decode_payload "$name" | sha256_of)" = "$(payload_sha256 "$name")" ] ||
      die "$name: embedded content does not match its sha256 (the script was altered); nothing written"
  done

  mkdir -p "$dir" || die "cannot create $dir"
  if ! { chown 0:0 "$dir" && chmod 0755 "$dir"; }; then
    die "cannot make $dir owned by root with mode 0755"
  fi

  replaced=''
  for name in $payload_files; do
    if is_current "$name"; then
      if ! { chmod "$(payload_mode "$name")" "$dir/$name" && chown 0:0 "$dir/$name"; }; then
        die "cannot reset the mode and owner of $dir/$name"
      fi
    else
      stage_payload "$name"
      replaced="$replaced $name"
    fi
  done
  removed=''
  for name in $absent_files; do
    if [ -e "$dir/$name" ]; then removed="$removed $name"; fi
  done

  if [ -z "$replaced$removed" ]; then
    printf '%s: profile %s (%s) is already installed in %s; nothing changed\n' \
      "$PROG" "$ROLLOUT_PROFILE" "$ROLLOUT_ENVIRONMENT" "$dir"
    return 0
  fi

  # Rollback undoes this change set only: files it leaves alone lose older rollback points.
  for name in $payload_files $absent_files; do
    case " $replaced $removed " in
      *" $name "*) ;;
      *) rm -f "$dir/$name.previous" "$dir/$name.previous-absent" ;;
    esac
  done
  # Every new file is staged and verified: only renames are left (managed-settings.json last).
  for name in $removed; do
    keep_previous "$name"
    rm -f "$dir/$name" || die "cannot remove $dir/$name"
  done
  for name in $replaced; do
    keep_previous "$name"
    mv -f "$(tmp_of "$name")" "$dir/$name" || die "cannot rename $(tmp_of "$name") to $dir/$name"
  done
  flush "$dir"
  printf '%s: installed profile %s (%s) in %s; managed-settings.json sha256 %s\n' \
    "$PROG" "$ROLLOUT_PROFILE" "$ROLLOUT_ENVIRONMENT" "$dir" "$(payload_sha256 managed-settings.json)"
}

# Swaps $1 with its rollback point, so a second rollback undoes the first.
swap_with_previous() {
  if [ -f "$dir/$1.previous" ]; then
    stage_copy "$dir/$1.previous" "$1" || die "cannot stage $dir/$1.previous"
    if [ -e "$dir/$1" ]; then
      stage_copy "$dir/$1" "$1.previous" || die "cannot stage $dir/$1"
      mv -f "$(tmp_of "$1")" "$dir/$1" || die "cannot restore $dir/$1"
      mv -f "$(tmp_of "$1.previous")" "$dir/$1.previous" || die "cannot keep $dir/$1 as $1.previous"
    else
      mv -f "$(tmp_of "$1")" "$dir/$1" || die "cannot restore $dir/$1"
      : >"$dir/$1.previous-absent" || die "cannot record that $dir/$1 was absent"
      rm -f "$dir/$1.previous"
    fi
  elif [ -e "$dir/$1.previous-absent" ]; then
    if [ -e "$dir/$1" ]; then
      mv -f "$dir/$1" "$dir/$1.previous" || die "cannot move $dir/$1 aside"
    fi
    rm -f "$dir/$1.previous-absent"
  else
    return 1
  fi
}

rollback() {
  swapped=''
  for name in $payload_files $absent_files; do
    if swap_with_previous "$name"; then swapped="$swapped $name"; fi
  done
  [ -n "$swapped" ] || die "nothing to roll back in $dir (no .previous files)"
  flush "$dir"
  printf '%s: rolled back%s in %s\n' "$PROG" "$swapped" "$dir"
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
    dir="$root/etc/claude-code"
    decode_flag=-d
    ;;
  Darwin)
    dir="$root/Library/Application Support/ClaudeCode"
    decode_flag=--decode
    ;;
  *) die "unsupported operating system '$(uname -s)': this installer is for Linux and macOS (use install.ps1 on Windows)" ;;
esac

[ "$(id -u)" -eq 0 ] || die "must run as root (uid 0) to write $dir; nothing written"
command -v sha256sum >/dev/null 2>&1 || command -v shasum >/dev/null 2>&1 ||
  die "neither sha256sum nor shasum found; nothing written"
command -v base64 >/dev/null 2>&1 || die "base64 not found; nothing written"

$action
