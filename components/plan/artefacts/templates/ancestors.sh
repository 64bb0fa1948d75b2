# Prints those of the given folders (followed through links) that anyone but root can change:
# owner not uid 0, or writable by group or others. One find for all: forks are slow.
not_root_only() {
  find "$@" -prune \( ! -user 0 -o -perm -0020 -o -perm -0002 \) -print
}

# Prints, as FOLDER/., each folder from the root down to one of the given folders (excluded)
# that anyone but root can change: whoever can, can swap everything below it.
untrusted_ancestors() {
  for target; do
    shift
    below=${target#"$root"}
    folder=${root:-/}
    while :; do
      if [ -e "$folder" ]; then set -- "$@" "${folder%/}/."; fi
      below=${below#/}
      case $below in
        */*) folder="${folder%/}/${below%%/*}"; below=/${below#*/} ;;
        *) break ;;
      esac
    done
  done
  not_root_only "$@"
}
