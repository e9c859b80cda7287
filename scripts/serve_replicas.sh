#!/usr/bin/env bash
# Two (or more) Streamlit replicas of the dashboard behind nginx, on this machine (issue 15, point 3).
#
#   scripts/serve_replicas.sh                      serve at http://127.0.0.1:8080 until Ctrl-C / SIGTERM
#   scripts/serve_replicas.sh --config-only DIR    only write DIR/nginx.conf (and its folders), then exit
#
# Settings (environment):
#   PORT=8080                 where nginx listens
#   LISTEN_ADDRESS=127.0.0.1  nginx's address (0.0.0.0 to serve the office network)
#   REPLICAS=2                how many `streamlit run` processes
#   REPLICA_BASE_PORT=8601    replica n listens on 127.0.0.1:(REPLICA_BASE_PORT + n - 1)
#   KC_DATA_DIR=data/         the data folder all replicas read (shared, read-only to them)
#   KC_COOKIE_SECRET          the cookie secret every replica shares; when unset, it is read from
#   KC_COOKIE_SECRET_FILE     (default ~/.config/kc-dashboard/cookie_secret, outside git), generated there
#                             once (mode 600) when missing
#   KC_RUN_DIR                nginx's prefix (its config, pid, logs, temp files) and the replicas' logs
#                             and pid files (default ${TMPDIR:-/tmp}/kc-replicas-$UID); /etc/nginx is
#                             never read or written
#   KC_APP_DIR=.              the folder whose app.py (and pages/, .streamlit/) the replicas serve: a
#                             release folder of its own, so edits in a working copy do not reach them
#   PYTHON=.venv/bin/python
#
# What it does: installs Debian's nginx with apt-get if there is none and it runs as root (otherwise it
# says how and stops); builds the data's Parquet copy once, so the replicas only read the data folder;
# starts the replicas on loopback, waits until each answers /_stcore/health; writes nginx's config from
# deploy/nginx.conf.template, checks it (nginx -t) and runs nginx in the foreground of this script. Ctrl-C
# or SIGTERM stops nginx and every replica. A replica that dies is not restarted (nginx sends its browsers
# to the others); on real servers a service manager restarts it (deploy/README.md).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

PORT="${PORT:-8080}"
LISTEN_ADDRESS="${LISTEN_ADDRESS:-127.0.0.1}"
REPLICAS="${REPLICAS:-2}"
REPLICA_BASE_PORT="${REPLICA_BASE_PORT:-8601}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
RUN_DIR="${KC_RUN_DIR:-${TMPDIR:-/tmp}/kc-replicas-$(id -u)}"
APP_DIR="$(cd "${KC_APP_DIR:-$ROOT}" && pwd)"
export KC_DATA_DIR="${KC_DATA_DIR:-$APP_DIR/data}"

say() { echo "serve_replicas: $*" >&2; }

render_config() {  # render_config PREFIX: write PREFIX/nginx.conf for the replicas' ports
  local prefix="$1" servers="" health="" n port
  mkdir -p "$prefix/logs" "$prefix/tmp"
  chmod 755 "$prefix" "$prefix/tmp"  # nginx's worker (nobody, under root) writes its temp files here
  for n in $(seq 1 "$REPLICAS"); do
    port=$((REPLICA_BASE_PORT + n - 1))
    servers+="        server 127.0.0.1:${port} max_fails=2 fail_timeout=10s;"$'\n'
    health+="        location = /replica/${n}/_stcore/health { proxy_pass http://127.0.0.1:${port}/_stcore/health; }"$'\n'
  done
  "$PYTHON" - "$ROOT/deploy/nginx.conf.template" "$prefix/nginx.conf" "$prefix" \
    "$LISTEN_ADDRESS:$PORT" "$servers" "$health" <<'PYEOF'
import sys
template, out, prefix, listen, servers, health = sys.argv[1:]
text = open(template, encoding="utf-8").read()
for key, value in {"@PREFIX@": prefix, "@LISTEN@": listen, "@SERVERS@": servers.rstrip("\n"),
                   "@HEALTH@": health.rstrip("\n")}.items():
    text = text.replace(key, value)
open(out, "w", encoding="utf-8").write(text)
PYEOF
}

if [ "${1:-}" = "--config-only" ]; then
  prefix="$(mkdir -p "${2:?usage: $0 --config-only DIR}" && cd "$2" && pwd)"
  render_config "$prefix"
  echo "$prefix/nginx.conf"
  exit 0
fi

# nginx: Debian's package. The binary is in /usr/sbin, which a user's PATH may lack.
NGINX="$(command -v nginx || true)"
[ -n "$NGINX" ] || { [ -x /usr/sbin/nginx ] && NGINX=/usr/sbin/nginx; } || true
if [ -z "$NGINX" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "no nginx found; installing Debian's nginx with apt-get (this script uses its own config under"
    say "$RUN_DIR; Debian's own service, if the package starts it, serves its default site on port 80)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq nginx >/dev/null
    NGINX=/usr/sbin/nginx
  else
    say "nginx is not installed. Install Debian's package, then run this again:"
    say "    sudo apt-get install -y nginx"
    exit 1
  fi
fi

# The cookie secret all replicas share (Streamlit signs its cookies with it, st.login's among them).
if [ -z "${KC_COOKIE_SECRET:-}" ]; then
  secret_file="${KC_COOKIE_SECRET_FILE:-$HOME/.config/kc-dashboard/cookie_secret}"
  if [ ! -s "$secret_file" ]; then
    mkdir -p "$(dirname "$secret_file")"
    (umask 077 && "$PYTHON" -c "import secrets; print(secrets.token_hex(32))" >"$secret_file")
    say "generated a cookie secret in $secret_file (keep it; give every server the same one)"
  fi
  KC_COOKIE_SECRET="$(cat "$secret_file")"
fi

mkdir -p "$RUN_DIR"
pids=()
nginx_pid=""
stop() {
  trap - INT TERM EXIT
  say "stopping nginx and the replicas"
  [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}" $nginx_pid; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$RUN_DIR"/replica-*.pid
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cd "$APP_DIR"
# The data's Parquet copy, built once here, so the replicas find it fresh and only read (a read-only data
# folder works too: then each replica reads the CSV, only slower).
"$PYTHON" -c "import kc_metrics; kc_metrics.load_dataset()" \
  || { say "the data in $KC_DATA_DIR does not validate: run make check-data"; exit 1; }

for n in $(seq 1 "$REPLICAS"); do
  port=$((REPLICA_BASE_PORT + n - 1))
  STREAMLIT_SERVER_COOKIE_SECRET="$KC_COOKIE_SECRET" "$PYTHON" -m streamlit run app.py \
    --server.headless true --server.address 127.0.0.1 --server.port "$port" \
    --browser.gatherUsageStats false >"$RUN_DIR/replica-$n.log" 2>&1 &
  pids+=("$!")
  echo "$!" >"$RUN_DIR/replica-$n.pid"
  say "replica $n: pid $!, http://127.0.0.1:$port (log $RUN_DIR/replica-$n.log)"
done
for n in $(seq 1 "$REPLICAS"); do
  port=$((REPLICA_BASE_PORT + n - 1))
  for _ in $(seq 1 120); do
    [ "$("$PYTHON" -c "import urllib.request as u; print(u.urlopen('http://127.0.0.1:$port/_stcore/health', timeout=2).read().decode())" 2>/dev/null)" = ok ] && break
    kill -0 "${pids[$((n - 1))]}" 2>/dev/null || { say "replica $n stopped: see $RUN_DIR/replica-$n.log"; exit 1; }
    sleep 0.5
  done
done

render_config "$RUN_DIR"
"$NGINX" -t -q -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -e stderr
"$NGINX" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -e stderr &
nginx_pid="$!"
echo "$nginx_pid" >"$RUN_DIR/nginx-master.pid"
say "nginx: pid $nginx_pid, serving http://$LISTEN_ADDRESS:$PORT (logs $RUN_DIR/logs); Ctrl-C stops all"
wait "$nginx_pid"
