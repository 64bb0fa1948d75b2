#!/bin/sh
{
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
# The whole script is this one brace group, closed on its last line: the shell reads all of it
# before running anything, so a download cut short is a syntax error and changes nothing.
# Steps, each under a lock (one installer at a time):
#  1. take the folders back: root's, mode 0755, and every entry in them that is not root's, is
#     writable by others, is a link or a special file is removed, never trusted;
#  2. finish a change a killed run committed (its journal), remove stale staged files;
#  3. stage every new file and every rollback point as a verified, flushed, root-owned file
#     next to its target, and check each file to be replaced can be (not immutable);
#  4. commit: write the journal of renames, then run it. Only renames and removals are left,
#     so a failure before the commit leaves every live file as it was, and a kill after it is
#     finished by the next run. The replaced version is kept as NAME.previous (an empty
#     NAME.previous-absent when there was none), which --rollback restores the same way.
umask 022

PROG=claude-code-install
ROLLOUT_PROFILE='@@PROFILE@@'
ROLLOUT_ENVIRONMENT='@@ENVIRONMENT@@'

# @@PAYLOAD@@

# Sets the paths of file $1 (no subshell: forks are slow): $dir, its folder (the helper folder
# for helpers, the managed folder for everything else, files to remove included, which are all
# documents the client reads); $live; and the staged files next to it (same file system, so
# rename is atomic): $staged, its new content; $staged_previous, its new rollback point;
# $staged_absent, the marker that it had none. Names come from the validated payload names; the
# staged ones start with '.', which no payload name does.
at() {
  case " $helper_files " in
    *" $1 "*) dir=$helpers_dir ;;
    *) dir=$managed_dir ;;
  esac
  live="$dir/$1"
  staged="$dir/.$1.staged"
  staged_previous="$dir/.$1.previous-staged"
  staged_absent="$dir/.$1.previous-absent-staged"
}

release_lock() {
  if [ "${locked:-0}" = 1 ] && [ "$(lock_holder "$lock")" = "$$" ]; then rm -f "$lock"; fi
  locked=0
}

# Staged files are only removed under the lock: they may be another run's.
cleanup() {
  if [ "${staging:-0}" = 1 ] && [ ! -e "$journal" ]; then remove_staged; fi
  release_lock
}

die() {
  printf '%s: %s\n' "$PROG" "$1" >&2
  cleanup
  exit 1
}

trap cleanup EXIT
trap 'die "interrupted; nothing changed, or the next run finishes the committed change"' INT TERM HUP

# The "HASH  NAME" lines of the given files or, given none, the "HASH  -" line of standard input.
sha256_lines() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$@"
  else
    shasum -a 256 "$@"
  fi
}

# Flushes the given files (GNU sync FILE...) or, where sync takes no operands (macOS), everything.
flush() {
  sync "$@" 2>/dev/null || sync
}

# @@ANCESTORS@@

# Tools run as root come only from PATH folders that are absolute and that only root can change:
# a folder someone else can write could hand root any program.
trust_path() {
  old_ifs=$IFS
  IFS=:
  # shellcheck disable=SC2086 # split on ':' on purpose
  set -- $PATH
  IFS=$old_ifs
  for folder; do
    shift
    case $folder in /*) if [ -d "$folder" ]; then set -- "$@" "$folder/."; fi ;; esac
  done
  trusted=''
  if [ $# -gt 0 ]; then
    untrusted=$(not_root_only "$@")
    for folder; do
      case "
$untrusted
" in
        *"
$folder
"*) ;;
        *) trusted="$trusted${trusted:+:}${folder%/.}" ;;
      esac
    done
  fi
  PATH=$trusted
  export PATH
}

# Refuses when a folder from the root down to one of the given folders (excluded) can be changed
# by anyone but root, which the client checks too.
check_ancestors() {
  untrusted=$(untrusted_ancestors "$@")
  if [ -n "$untrusted" ]; then
    untrusted=${untrusted%%"
"*}
    die "${untrusted%/.} is not root's or is writable by others, so anyone could swap what is below it; fix that folder first; nothing written"
  fi
}

# One installer at a time: the lock is a symbolic link naming its holder's pid, created
# atomically next to the managed folder in a folder only root can write. A lock whose holder
# died (killed) is taken over: renamed away first, so only one waiter takes it; if what was
# renamed turns out to be another waiter's new lock, it is put back.
lock_holder() {
  # shellcheck disable=SC2012 # ls is the portable way to read a link target on Linux and macOS
  target=$(ls -ld "$1" 2>/dev/null) || return 0
  case $target in
    *" -> pid-"*) printf '%s' "${target##* -> pid-}" ;;
  esac
}

acquire_lock() {
  # Where flock(1) exists (Linux), waiters queue in the kernel instead of polling, and the link
  # below is then free at once unless a killed run left it. Mode 0600: no one else can open the
  # file, so no one else can hold it.
  if command -v flock >/dev/null 2>&1; then
    umask 077
    { exec 9>>"$lock.flock"; } 2>/dev/null || die "cannot open $lock.flock; nothing written"
    umask 022
    flock -w 600 9 || die "another installer has held $lock.flock for 10 minutes; nothing written"
  fi
  waited=0
  until ln -s "pid-$$" "$lock" 2>/dev/null; do
    waited=$((waited + 1))
    # Who holds it is read every fifth second only: waiting stays cheap for many waiters.
    if [ $((waited % 5)) -ne 1 ]; then sleep 1; continue; fi
    holder=$(lock_holder "$lock")
    # Stale only if the link still names a dead holder after it was seen dead: a holder removes
    # its link before it exits, so one that exited cleanly in between no longer shows.
    if [ -n "$holder" ] && ! kill -0 "$holder" 2>/dev/null && [ "$(lock_holder "$lock")" = "$holder" ]; then
      if mv -f "$lock" "$lock.stale-$$" 2>/dev/null; then
        # Moved a live lock taken in between: put it back.
        moved=$(lock_holder "$lock.stale-$$")
        if [ "$moved" != "$holder" ]; then ln -s "pid-$moved" "$lock" 2>/dev/null; fi
        rm -f "$lock.stale-$$"
      fi
      continue
    fi
    [ "$waited" -le 600 ] || die "another installer (pid $holder) has held $lock for 10 minutes; nothing written"
    sleep 1
  done
  locked=1
  [ "$(lock_holder "$lock")" = "$$" ] || die "$lock is not a lock link (a folder?); remove it; nothing written"
}

# Makes the folders root's with mode 0755 (creating them if needed), then removes every entry
# below them that root did not make or that others can change: links, special files, entries
# owned by another user, or writable by group or others.
take_back() {
  for folder; do
    if [ -L "$folder" ]; then die "$folder is a symbolic link; replace it with a folder; nothing written"; fi
    if [ -e "$folder" ] && [ ! -d "$folder" ]; then die "$folder is not a folder; remove it; nothing written"; fi
    if [ ! -d "$folder" ]; then mkdir "$folder" 2>/dev/null || die "cannot create $folder"; fi
    # Before the next folder down, so that one is made in a folder only root can change.
    if ! { chown 0:0 "$folder" && chmod 0755 "$folder"; } 2>/dev/null; then
      die "cannot make $folder owned by root with mode 0755"
    fi
  done
  find "$@" -mindepth 1 \( -type l -o ! \( -type f -o -type d \) -o ! -user 0 -o -perm -0020 -o -perm -0002 \) \
    -prune -exec rm -rf {} + 2>/dev/null ||
    die "cannot remove the entries in $* that are not root's"
}

take_back_folders() {
  if [ -z "$helper_files" ]; then
    take_back "$managed_dir"
    return
  fi
  # The helper folder's parent too: whoever can write there can swap the whole helper folder.
  if [ ! -d "${helpers_dir%/*/*}" ]; then mkdir -p "${helpers_dir%/*/*}" 2>/dev/null || die "cannot create ${helpers_dir%/*/*}"; fi
  take_back "$managed_dir" "${helpers_dir%/*}" "$helpers_dir"
}

# Staged files are only ever removed under the lock: they may be another run's.
remove_staged() {
  set -- "$journal.staged"
  for name in $payload_files $absent_files; do
    at "$name"
    set -- "$@" "$staged" "$staged_previous" "$staged_absent" "$dir/.claude-code-install.probe"
  done
  # Temp files of installers before the journal (.NAME.tmp-PID), in folders this profile owns.
  if [ -n "$helper_files" ]; then set -- "$@" "$helpers_dir"/.*.tmp-*; fi
  rm -f "$@" "$managed_dir"/.*.tmp-*
}

# Sets $sums to the "HASH  PATH" lines of the given files, one process for all (forks are slow).
sum_files() {
  [ $# -gt 0 ] || die "no file to check (a bug in this installer)"
  sums=$(sha256_lines "$@") || die "cannot read $* (I/O error?)"
}

# Sets $sum to the hash of file $1 in $sums.
sum_of() {
  sum=''
  while read -r hash path; do
    if [ "$path" = "$1" ]; then sum=$hash; fi
  done <<SUMS
$sums
SUMS
}

# Stages the new content of the payload files $changed: each written next to its target,
# verified against the embedded sha256, given its final mode and owner root.
stage_payload() {
  [ -n "$changed" ] || return 0
  set --
  helpers=''
  documents=''
  for name in $changed; do
    at "$name"
    { decode_payload "$name" >"$staged"; } 2>/dev/null || die "cannot write $staged (disk full or read-only?)"
    set -- "$@" "$staged"
  done
  sum_files "$@"
  for name in $changed; do
    at "$name"
    sum_of "$staged"
    payload_facts "$name"
    [ "$sum" = "$expected_sha256" ] ||
      die "$name: the bytes written to $staged do not match the embedded sha256 (disk full or I/O error?)"
  done
  chown 0:0 "$@" 2>/dev/null || die "cannot make root the owner of $*"
  for name in $changed; do
    at "$name"
    payload_facts "$name"
    if [ "$expected_mode" = 0755 ]; then helpers="$helpers $name"; else documents="$documents $name"; fi
  done
  set_mode 0755 "$helpers"
  set_mode 0644 "$documents"
}

# Gives the staged files of the names $2 mode $1.
set_mode() {
  mode=$1
  names=$2
  set --
  for name in $names; do
    at "$name"
    set -- "$@" "$staged"
  done
  if [ $# -gt 0 ]; then chmod "$mode" "$@" 2>/dev/null || die "cannot set the mode of $*"; fi
}

# Stages the rollback points of files $1 (their bytes, or that they are absent) and, for
# rollback, the files $2 from their rollback points; adds the journal lines of the former.
stage_previous() {
  restore_names=$2
  keep_names=$1
  set --
  for name in $keep_names; do
    at "$name"
    if [ -e "$live" ]; then
      cp -p "$live" "$staged_previous" 2>/dev/null || die "cannot copy $live to $staged_previous (disk full or read-only?)"
      set -- "$@" "$live" "$staged_previous"
      ops="${ops}keep $name
"
    else
      { : >"$staged_absent"; } 2>/dev/null || die "cannot write $staged_absent (disk full or read-only?)"
      ops="${ops}keep-absent $name
"
    fi
  done
  for name in $restore_names; do
    at "$name"
    cp -p "$live.previous" "$staged" 2>/dev/null || die "cannot copy $live.previous to $staged (disk full or read-only?)"
    set -- "$@" "$live.previous" "$staged"
  done
  [ $# -gt 0 ] || return 0
  sum_files "$@"
  while [ $# -gt 0 ]; do
    sum_of "$1"
    copied=$sum
    sum_of "$2"
    if [ -z "$copied" ] || [ "$copied" != "$sum" ]; then die "the copy $2 of $1 differs from it (disk full or I/O error?)"; fi
    shift 2
  done
}

# Fails unless file $1, which the commit replaces or removes, can be: an immutable or
# append-only file cannot be hard-linked either, so the probe finds it before anything changes.
check_replaceable() {
  [ -e "$1" ] || [ -L "$1" ] || return 0
  if [ -L "$1" ] || [ ! -f "$1" ]; then die "$1 is not a regular file; remove it; nothing changed"; fi
  if ! ln -f "$1" "${1%/*}/.claude-code-install.probe" 2>/dev/null; then
    die "cannot replace $1 (immutable, append-only, or on a read-only file system?); nothing changed"
  fi
}

# The same for folder $1 and everything in it (the drop-in folder, removed whole).
check_removable() {
  if ! mkdir "$1/.claude-code-install.probe" 2>/dev/null; then
    die "cannot remove $1 (immutable, or on a read-only file system?); nothing changed"
  fi
  rmdir "$1/.claude-code-install.probe"
  for entry in "$1"/* "$1"/.[!.]* "$1"/..?*; do
    if [ -d "$entry" ]; then
      check_removable "$entry"
    elif [ -e "$entry" ] || [ -L "$entry" ]; then
      # Removed at once: a failure further down must not leave it in a folder the cleanup skips.
      check_replaceable "$entry"
      rm -f "$1/.claude-code-install.probe"
    fi
  done
}

# Checks every path the journal text $1 replaces or removes, before it is committed.
check_journal() {
  while read -r op name; do
    at "$name"
    case $op in
      keep|keep-absent|forget) check_replaceable "$live.previous"; check_replaceable "$live.previous-absent" ;;
      put|drop) check_replaceable "$live" ;;
      kind) ;;
      drop-dropins) check_removable "$dropins" ;;
    esac
  done <<JOURNAL
$1
JOURNAL
  # One probe name per folder (ln -f replaces it): removed once; on failure with the staged files.
  if [ -n "$helper_files" ]; then set -- "$helpers_dir/.claude-code-install.probe"; else set --; fi
  rm -f "$managed_dir/.claude-code-install.probe" "$@"
}

# Runs one journal line; each is idempotent, so a run killed part-way is finished by the next.
apply() {
  at "$2"
  case $1 in
    keep)
      if [ -e "$staged_previous" ]; then mv -f "$staged_previous" "$live.previous" || return 1; fi
      if [ -e "$live.previous-absent" ]; then rm -f "$live.previous-absent"; fi
      ;;
    keep-absent)
      if [ -e "$staged_absent" ]; then mv -f "$staged_absent" "$live.previous-absent" || return 1; fi
      if [ -e "$live.previous" ]; then rm -f "$live.previous"; fi
      ;;
    forget) if [ -e "$live.previous" ] || [ -e "$live.previous-absent" ]; then rm -f "$live.previous" "$live.previous-absent"; fi ;;
    put) if [ -e "$staged" ]; then mv -f "$staged" "$live"; fi ;;
    drop) if [ -e "$live" ]; then rm -f "$live"; fi ;;
    drop-dropins) if [ -e "$dropins" ]; then rm -rf "$dropins"; fi ;;
  esac
}

# Commits the journal text $1 (one "op name" per line): every staged file flushed, the journal
# written and flushed under a temp name, renamed into place (the commit point), then run.
commit() {
  check_journal "$1"
  set -- "$1" "$journal.staged"
  for name in $payload_files $absent_files; do
    at "$name"
    for path in "$staged" "$staged_previous" "$staged_absent"; do
      if [ -e "$path" ]; then set -- "$@" "$path"; fi
    done
  done
  { printf '%s' "$1" >"$journal.staged"; } 2>/dev/null || die "cannot write $journal.staged (disk full or read-only?); nothing changed"
  shift
  flush "$@"
  mv -f "$journal.staged" "$journal" 2>/dev/null || die "cannot commit $journal; nothing changed"
  finish_journal
  staging=0
}

# Known journal lines only: the journal sits in a folder only root can write, and names are
# checked against this payload's anyway. Sets $finished to what the journal did (install or
# rollback), so a rollback run after a killed rollback does not roll back twice.
finish_journal() {
  finished=''
  [ -f "$journal" ] || return 0
  while read -r op name; do
    if [ "$op" = kind ]; then finished=$name; continue; fi
    case " $payload_files $absent_files - " in *" $name "*) ;; *) continue ;; esac
    apply "$op" "$name" 2>/dev/null || die "cannot $op $name; run the installer again to finish ($journal lists what is left)"
  done <"$journal"
  rm -f "$journal"
  flush_folders
}

flush_folders() {
  if [ -n "$helper_files" ]; then flush "$managed_dir" "$helpers_dir"; else flush "$managed_dir"; fi
}

# The Linux sandbox the settings turn on (bubblewrap and socat) fails closed without its tools:
# install them with the system package manager, or refuse before anything is written.
ensure_sandbox_tools() {
  missing=''
  for tool in bwrap socat; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
  done
  [ -n "$missing" ] || return 0
  if command -v apt-get >/dev/null 2>&1; then
    manager=apt-get
    set -- env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends bubblewrap socat
  elif command -v dnf >/dev/null 2>&1; then
    manager=dnf
    set -- dnf install -y bubblewrap socat
  elif command -v zypper >/dev/null 2>&1; then
    manager=zypper
    set -- zypper --non-interactive install bubblewrap socat
  else
    die "the Linux sandbox needs bubblewrap and socat (missing:$missing) and no apt-get, dnf or zypper is on PATH to install them; install them, then run this again; nothing written"
  fi
  "$@" >/dev/null 2>&1 ||
    die "the Linux sandbox needs bubblewrap and socat (missing:$missing) and '$*' failed; run it to see why; nothing written"
  for tool in bwrap socat; do
    command -v "$tool" >/dev/null 2>&1 ||
      die "'$*' succeeded but $tool is still not on PATH; the Linux sandbox needs it; nothing written"
  done
  printf '%s: installed bubblewrap and socat (missing:%s) with %s\n' "$PROG" "$missing" "$manager"
}

install_payload() {
  # What changes: one sha256 run over the live files there are.
  set --
  for name in $payload_files; do
    at "$name"
    if [ -f "$live" ]; then set -- "$@" "$live"; fi
  done
  sums=''
  if [ $# -gt 0 ]; then sum_files "$@"; fi
  changed=''
  for name in $payload_files; do
    at "$name"
    sum_of "$live"
    payload_facts "$name"
    if [ -n "$sum" ] && [ "$sum" = "$expected_sha256" ]; then
      # Unchanged bytes, but a mode changed by hand is reset.
      if ! { chmod "$expected_mode" "$live" && chown 0:0 "$live"; } 2>/dev/null; then die "cannot reset the mode and owner of $live"; fi
    else
      changed="$changed $name"
    fi
  done
  removed=''
  for name in $absent_files; do
    at "$name"
    if [ -e "$live" ] || [ -L "$live" ]; then removed="$removed $name"; fi
  done
  # Drop-ins merge over managed-settings.json: a profile ships none, so any there go.
  purge=''
  for entry in "$dropins"/* "$dropins"/.[!.]* "$dropins"/..?*; do
    if [ -e "$entry" ]; then purge="drop-dropins -"; fi
  done

  if [ -z "$changed$removed$purge" ]; then
    printf '%s: profile %s (%s) is already installed in %s; nothing changed\n' \
      "$PROG" "$ROLLOUT_PROFILE" "$ROLLOUT_ENVIRONMENT" "$folders"
    return 0
  fi

  stage_payload
  # Rollback undoes this change set only: files it leaves alone lose older rollback points
  # (unless only drop-ins go, which rollback does not bring back).
  ops=''
  stage_previous "$changed $removed" ''
  for name in $payload_files $absent_files; do
    case " $changed $removed " in
      *" $name "*) ;;
      *) if [ -n "$changed$removed" ]; then ops="${ops}forget $name
"; fi ;;
    esac
  done
  for name in $removed; do ops="${ops}drop $name
"; done
  if [ -n "$purge" ]; then ops="$ops$purge
"; fi
  # managed-settings.json last: what it names is in place first.
  for name in $changed; do ops="${ops}put $name
"; done
  commit "kind install
$ops"
  payload_facts managed-settings.json
  printf '%s: installed profile %s (%s) in %s; managed-settings.json sha256 %s\n' \
    "$PROG" "$ROLLOUT_PROFILE" "$ROLLOUT_ENVIRONMENT" "$folders" "$expected_sha256"
}

has_rollback_point() {
  for name in $absent_files $payload_files; do
    at "$name"
    if [ -e "$live.previous" ] || [ -e "$live.previous-absent" ]; then return 0; fi
  done
  return 1
}

# Rolls back to the rollback points, keeping the current state as the new ones, so a second
# rollback undoes the first. Restorations first (helpers before managed-settings.json), the
# removal of files the last change added last: the settings never name a missing helper.
rollback() {
  restores=''
  removals=''
  for name in $absent_files $payload_files; do
    at "$name"
    if [ -f "$live.previous" ]; then
      restores="$restores $name"
    elif [ -e "$live.previous-absent" ]; then
      removals="$removals $name"
    fi
  done
  [ -n "$restores$removals" ] || die "nothing to roll back in $folders (no .previous files)"
  kept=''
  ops=''
  puts=''
  for name in $restores; do
    kept="$kept $name"
    puts="${puts}put $name
"
  done
  for name in $removals; do
    at "$name"
    if [ -e "$live" ]; then
      kept="$kept $name"
      puts="${puts}drop $name
"
    else
      ops="${ops}forget $name
"
    fi
  done
  stage_previous "$kept" "$restores"
  commit "kind rollback
$ops$puts"
  printf '%s: rolled back%s%s in %s\n' "$PROG" "$restores" "$removals" "$folders"
}

main() {
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

  system=$(uname -s)
  case $system in
    Linux)
      managed_dir="$root/etc/claude-code"
      decode_flag=-d
      ;;
    Darwin)
      managed_dir="$root/Library/Application Support/ClaudeCode"
      decode_flag=--decode
      ;;
    *) die "unsupported operating system '$system': this installer is for Linux and macOS (use install.ps1 on Windows)" ;;
  esac
  # The same on macOS and Linux: the compiled settings name helpers by this absolute path.
  helpers_dir="$root@@POSIX_HELPER_DIR@@"
  dropins="$managed_dir/managed-settings.d"
  journal="$managed_dir/.claude-code-install.journal"
  lock="$managed_dir.install-lock"
  folders=$managed_dir
  if [ -n "$helper_files" ]; then folders="$managed_dir and $helpers_dir"; fi

  [ "$(id -u)" -eq 0 ] || die "must run as root (uid 0) to write $folders; nothing written"
  trust_path
  command -v sha256sum >/dev/null 2>&1 || command -v shasum >/dev/null 2>&1 ||
    die "neither sha256sum nor shasum found in root's folders on PATH; nothing written"
  command -v base64 >/dev/null 2>&1 || die "base64 not found in root's folders on PATH; nothing written"
  # One "HASH  -" line per embedded file, in payload order, from one subshell: forks are slow.
  embedded=$(for name in $payload_files; do decode_payload "$name" | sha256_lines; done)
  for name in $payload_files; do
    payload_facts "$name"
    case $embedded in
      "$expected_sha256  -"*) embedded=${embedded#*"
"} ;;
      *) die "$name: embedded content does not match its sha256 (the script was altered); nothing written" ;;
    esac
  done
  if [ -n "$helper_files" ]; then check_ancestors "$managed_dir" "${helpers_dir%/*}"; else check_ancestors "$managed_dir"; fi
  if [ "$system" = Linux ] && [ "$action" = install_payload ]; then ensure_sandbox_tools; fi

  if [ "$action" = rollback ] && ! has_rollback_point; then die "nothing to roll back in $folders (no .previous files)"; fi
  if [ ! -d "${managed_dir%/*}" ]; then mkdir -p "${managed_dir%/*}" 2>/dev/null || die "cannot create ${managed_dir%/*}"; fi
  acquire_lock
  take_back_folders
  finish_journal
  remove_staged
  staging=1
  if [ "$action" = rollback ] && [ "$finished" = rollback ]; then
    printf '%s: finished the rollback a stopped run had committed in %s\n' "$PROG" "$folders"
  elif [ "$action" = rollback ]; then
    rollback
  else
    install_payload
  fi
}

main "$@"
exit
}
