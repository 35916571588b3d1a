# Starting and stopping one MTA daemon under test (sourced by bench/mta/*).
# Each daemon runs in a session and process group of its own, so stopping it
# ends exactly the processes it started (Exim's per-connection children,
# Postfix's smtpd/cleanup/...), by that group's id and nothing else.

# daemon_start DIR CMD ARGS...: start CMD in the background, pid in DIR/daemon.pid.
daemon_start() {
  local dir="$1"; shift
  # setsid execs in place here (a non-interactive shell's job is no group
  # leader), so $! is the daemon's pid and also its process group id.
  setsid "$@" </dev/null >>"$dir/daemon.log" 2>&1 &
  echo $! >"$dir/daemon.pid"
}

# wait_port PORT DIR: until 127.0.0.1:PORT accepts, failing if the daemon died.
wait_port() {
  local port="$1" dir="$2" pid i
  pid="$(cat "$dir/daemon.pid")"
  for i in $(seq 1 200); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "daemon in $dir exited early:" >&2; tail -n 20 "$dir/daemon.log" >&2; return 1
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "nothing listens on 127.0.0.1:$port after 10s" >&2; return 1
}

# daemon_stop DIR [PGID...]: TERM the daemon's process group (and the other
# groups named, for a daemon that makes a session of its own, as Postfix's
# master does), KILL what is left after 30s (10,000 children take a while).
daemon_stop() {
  local dir="$1"; shift
  local groups=("$@") g i alive
  [ -f "$dir/daemon.pid" ] && groups+=("$(cat "$dir/daemon.pid")")
  [ "${#groups[@]}" -gt 0 ] || return 0
  for g in "${groups[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
  for i in $(seq 1 300); do
    alive=0
    for g in "${groups[@]}"; do kill -0 -- "-$g" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for g in "${groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
  rm -f "$dir/daemon.pid"
}
