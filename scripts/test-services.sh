#!/usr/bin/env bash
# Installs (from Debian) and starts what the tests need, on loopback only:
#   - a throw-away PostgreSQL 15 cluster (exports EGOV_TEST_PG)
#   - Debian's chromium for the Playwright browser tests (exports EGOV_CHROMIUM)
#   - poppler-utils and zbar-tools, with which the form tests read back the PDFs and their QR codes
#   - Debian's nginx, which the two-node tests run as an unprivileged process in front of two hosts (its system
#     service is neither started by the install nor needed: see egov_apt_install)
# Sourced by test.sh; `egov_services_stop` removes the cluster.
set -euo pipefail

egov_apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> Installing ${missing[*]} from Debian"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null || true
  # Packages with a system service (nginx, postgresql) must not start it: it would take port 80 (or fail the install
  # when port 80 is taken) and the tests run their own instances. A policy-rc.d that answers 101 ("action forbidden")
  # stops invoke-rc.d and deb-systemd-invoke from starting anything; an existing one (containers) is left as it is.
  local policy=/usr/sbin/policy-rc.d added_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# Written by Egov scripts/test-services.sh for the duration of one apt-get install.\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"; added_policy=1
  fi
  local status=0
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
  [ -n "$added_policy" ] && $sudo rm -f "$policy"
  return $status
}

egov_services_start() {
  egov_apt_install postgresql chromium fonts-noto-core poppler-utils zbar-tools nginx
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  EGOV_PG_DIR=$(mktemp -d /tmp/egov-pg.XXXXXX)
  EGOV_PG_PORT=${EGOV_PG_PORT:-55432}
  while (echo > /dev/tcp/127.0.0.1/$EGOV_PG_PORT) >/dev/null 2>&1; do EGOV_PG_PORT=$((EGOV_PG_PORT + 1)); done
  local run=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$EGOV_PG_DIR"; run=(runuser -u postgres --); fi
  local password; password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
  echo "$password" > "$EGOV_PG_DIR.pw"; chmod 644 "$EGOV_PG_DIR.pw"
  "${run[@]}" "$bin/initdb" -D "$EGOV_PG_DIR/data" -U egov --pwfile="$EGOV_PG_DIR.pw" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$EGOV_PG_DIR.pw"
  "${run[@]}" "$bin/pg_ctl" -D "$EGOV_PG_DIR/data" -l "$EGOV_PG_DIR/log" -w \
    -o "-h 127.0.0.1 -p $EGOV_PG_PORT -k $EGOV_PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  export EGOV_PG_DIR EGOV_PG_BIN="$bin"
  export EGOV_TEST_PG="Host=127.0.0.1;Port=$EGOV_PG_PORT;Username=egov;Password=$password;Database=postgres"
  export EGOV_CHROMIUM=${EGOV_CHROMIUM:-/usr/bin/chromium}
  export EGOV_NGINX=${EGOV_NGINX:-/usr/sbin/nginx}
  export PATH="$bin:$PATH"
  echo "==> PostgreSQL on 127.0.0.1:$EGOV_PG_PORT (throw-away cluster in $EGOV_PG_DIR)"
}

egov_services_stop() {
  [ -n "${EGOV_PG_DIR:-}" ] || return 0
  local run=(); [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$EGOV_PG_BIN/pg_ctl" -D "$EGOV_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$EGOV_PG_DIR"
}
