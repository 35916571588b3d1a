# Shared by bench/run and bench/workloads/* (sourced): where things are, and
# the few helpers every workload needs.
#
# Workloads print progress on stderr and their results on stdout, one line
# each, tab-separated, for bench/lib/report to gather into one table:
#   workload  better  mta  value  note
# `better` is "hi" when a higher value is better (rates), "lo" when lower is
# better (memory), "-" when the row is no comparison (the disk's limit).

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$bench/.." && pwd)"
build="${BUILD:-$root/build}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
export CORVID_BIN="${CORVID_BIN:-$build/corvid}"
smtp_load="$build/bench/smtp_load"
fsync_bench="$build/bench/fsync_bench"
# The MTAs under test, in table order; each is a script in bench/mta/.
mtas="${BENCH_MTAS:-corvid exim postfix}"

say() { echo "bench: $*" >&2; }

# emit WORKLOAD BETTER MTA VALUE [NOTE]
emit() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "${5:-}"; }

# A TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# median of the arguments (numbers)
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# kv KEY LINE: the value of KEY=... in a "k=v k=v" line
kv() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }

# A fresh directory for one MTA run: under BENCH_TMP, which Exim's user must
# be able to traverse (mktemp's 0700 would keep it out).
run_dir() {
  local base="${BENCH_TMP:-/var/tmp/corvid-bench/runs}"
  mkdir -p "$base"
  chmod 755 "$base" "$(dirname "$base")" 2>/dev/null || true
  local d
  d="$(mktemp -d "$base/$1.XXXXXX")"
  chmod 755 "$d"
  echo "$d"
}

# start_mta MTA DIR PORT [RELAY_PORT]: start one MTA (relaying to
# 127.0.0.1:RELAY_PORT if given) and remember it, so that an interrupted
# workload still stops it (and removes its directory) on exit.
started=()
start_mta() {
  started+=("$1:$2")
  "$bench/mta/$1" start "${@:2}" >&2
}
stop_started() {
  local e
  for e in ${started[@]+"${started[@]}"}; do
    "$bench/mta/${e%%:*}" stop "${e#*:}" 2>/dev/null || true
    rm -rf "${e#*:}"
  done
}
trap stop_started EXIT

# wait_quiet: before a measurement, with no MTA of ours running, wait until
# the machine is idle (CPU use under BENCH_QUIET_PERCENT, 15) for up to
# BENCH_QUIET_WAIT seconds (120). Returns 1 if it never was; `busy_note`
# then says how busy, for the row's notes. Someone else's test suite on a
# 2-core machine halves any rate measured here.
wait_quiet() {
  local limit="${BENCH_QUIET_PERCENT:-15}" deadline=$((SECONDS + ${BENCH_QUIET_WAIT:-120})) pct
  busy_note=""
  while :; do
    pct="$("$bench/lib/busy" 1)"
    [ "$pct" -lt "$limit" ] && return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      busy_note="machine busy: ${pct}% CPU used by others before this row"
      say "$busy_note"
      return 1
    fi
    say "waiting for the machine to be idle (${pct}% CPU in use by other processes)"
    sleep 4
  done
}
