#!/usr/bin/env bash
# Make sure nginx is there for tests/test_deploy.py (`nginx -t` on the replicas' config); `make test` runs
# this first. As root with apt-get: Debian's nginx is installed when missing (it is not started: the
# test only checks the config). Otherwise it says how, and the test of the config text still runs.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure_nginx: no nginx found; installing Debian's nginx with apt-get (not started) for tests/test_deploy.py"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nginx >/dev/null
  # Debian's package may start its own service on port 80; the project never uses it.
  (command -v service >/dev/null 2>&1 && service nginx stop >/dev/null 2>&1) || true
  echo "ensure_nginx: installed $(command -v nginx || echo /usr/sbin/nginx)"
  exit 0
fi
echo "ensure_nginx: nginx is not installed and this is not root: 'sudo apt-get install -y nginx' lets tests/test_deploy.py run nginx -t"
