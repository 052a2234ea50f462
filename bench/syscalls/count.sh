#!/usr/bin/env bash
# System calls per open of a profile (or per profile of a fleet migration), raw better-sqlite3
# against the engine: each loop runs under `strace -c`, and the same script doing nothing
# ("none") is subtracted, so what is left is what N operations cost. Needs strace (Linux).
# Usage: bash bench/syscalls/count.sh [N]          opens
#        bash bench/syscalls/count.sh fleet [N]    profiles migrated
set -euo pipefail
cd "$(dirname "$0")/../.."
loop=open-loop
if [[ "${1:-}" == fleet ]]; then loop=fleet-loop; shift; fi
n="${1:-200}"
command -v strace >/dev/null || { echo "strace is not installed: apt-get install strace" >&2; exit 1; }
counts() { # mode → "syscall calls" lines
  strace -f -c -U name,calls -o "/tmp/ownlist-strace-$1.txt" npx tsx "bench/syscalls/$loop.ts" "$1" "$n" 2>/dev/null
  awk 'NR > 2 && $1 !~ /^-/ && $1 != "total" && NF == 2 { print $1, $2 }' "/tmp/ownlist-strace-$1.txt"
}
declare -A none raw engine
while read -r s c; do none[$s]=$c; done < <(counts none)
while read -r s c; do raw[$s]=$c; done < <(counts raw)
while read -r s c; do engine[$s]=$c; done < <(counts engine)
printf '%-16s %10s %10s\n' "per operation" raw engine
total_raw=0; total_engine=0
for s in $(printf '%s\n' "${!raw[@]}" "${!engine[@]}" | sort -u); do
  r=$(( ${raw[$s]:-0} - ${none[$s]:-0} )); e=$(( ${engine[$s]:-0} - ${none[$s]:-0} ))
  (( r < n / 2 && e < n / 2 )) && continue # not part of an open (noise of the runtime)
  awk -v s="$s" -v r="$r" -v e="$e" -v n="$n" 'BEGIN { printf "%-16s %10.1f %10.1f\n", s, r / n, e / n }'
  total_raw=$(( total_raw + r )); total_engine=$(( total_engine + e ))
done
awk -v r="$total_raw" -v e="$total_engine" -v n="$n" 'BEGIN { printf "%-16s %10.1f %10.1f\n", "total", r / n, e / n }'
