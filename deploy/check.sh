#!/usr/bin/env bash
# Checks deploy/ on this machine, following docs/deploy.md where a CI machine
# can: systemd-analyze verify on the units; parasol init and the unit's own
# command line with the settings of deploy/parasol.env; nginx (the Debian
# package) with deploy/nginx/parasol.conf and a self-signed certificate in
# front of it; a report made through the proxy must get a receipt, and
# neither nginx's logs nor Parasol's may hold the client's address; the
# backup script with rotation, then "parasol doctor" must find nothing wrong;
# tor --verify-config on deploy/tor/torrc.
#
# Paths of the guide (/opt/parasol, /opt/node, /var/lib/parasol, /etc/...)
# are moved under a temporary folder, and ports moved up, so that it runs
# beside anything else; every process it starts is stopped on exit.
# Run as root (it installs nginx and tor with apt-get where they are missing).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT_BASE="${PARASOL_CHECK_PORT_BASE:-28000}"
REPORTER_PORT=$((PORT_BASE + 80)) STAFF_PORT=$((PORT_BASE + 81)) HTTPS_PORT=$((PORT_BASE + 443)) HTTP_PORT=$((PORT_BASE + 88))
CLIENT=127.0.0.2   # the "reporter's" address: it must appear in no log
work=$(mktemp -d "${TMPDIR:-/tmp}/parasol-deploy-check.XXXXXX")
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "deploy check FAILED: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

# --- tools -----------------------------------------------------------------
missing=()
[ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -x /usr/sbin/tor ] || missing+=(tor)
command -v openssl >/dev/null || missing+=(openssl)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  # Debian starts the packaged nginx and tor on install; this check runs its own and leaves
  # nothing running, so services are not started (policy-rc.d, the Debian way to say so).
  policy_made=
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_made=1; fi
  installed=0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } || installed=1
  if [ -n "$policy_made" ]; then rm -f /usr/sbin/policy-rc.d; fi
  [ "$installed" = 0 ] || fail "could not install ${missing[*]}"
fi
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt 24 ]; then . scripts/node24.sh >/dev/null; fi
NODE=$(command -v node)

# --- guide step: build ------------------------------------------------------
npm run build --silent >/dev/null || fail "npm run build"
[ -f dist/cli/main.js ] || fail "no dist/cli/main.js after the build"

# Paths of the guide, moved under $work.
relocate() {
  sed -e "s#/opt/parasol#$ROOT#g" -e "s#/opt/node/bin/node#$NODE#g" \
      -e "s#/var/lib/parasol#$work/var/lib/parasol#g" -e "s#/etc/parasol#$work/etc/parasol#g" \
      -e "s#/var/lib/tor#$work/var/lib/tor#g" -e "s#/var/log/nginx#$work/log#g" \
      -e "s#127.0.0.1:8080#127.0.0.1:$REPORTER_PORT#g" -e "s#127.0.0.1:8081#127.0.0.1:$STAFF_PORT#g" \
      -e "s#_PORT=8080#_PORT=$REPORTER_PORT#" -e "s#_PORT=8081#_PORT=$STAFF_PORT#" "$1"
}

# --- systemd units ----------------------------------------------------------
mkdir -p "$work/units" "$work/etc/parasol" "$work/log"
for u in parasol.service parasol-backup.service parasol-backup.timer; do relocate "deploy/$u" > "$work/units/$u"; done
if command -v systemd-analyze >/dev/null; then
  out=$(cd "$work/units" && systemd-analyze verify parasol.service parasol-backup.service parasol-backup.timer 2>&1) || fail "systemd-analyze verify: $out"
  # Warnings about this machine (no running systemd) are fine; any about our units are not.
  if echo "$out" | grep -E 'parasol[^ ]*\.(service|timer):' | grep -v 'Failed to .*cgroup' ; then fail "systemd-analyze verify warns about the units"; fi
  ok "systemd-analyze verify: parasol.service, parasol-backup.service, parasol-backup.timer"
else
  echo "note: systemd-analyze is not installed; the units were not verified"
fi
for d in NoNewPrivileges=true ProtectSystem=strict ReadWritePaths=/var/lib/parasol PrivateTmp=true MemoryMax= UMask=0077; do
  grep -q "^$d" deploy/parasol.service || fail "parasol.service lacks $d"
done

# --- guide step: settings, data folder, parasol init --------------------------
relocate deploy/parasol.env > "$work/etc/parasol/parasol.env"
install -d -m 0700 "$work/var/lib/parasol" "$work/var/lib/parasol/data"
set -a; . "$work/etc/parasol/parasol.env"; set +a
# The check is not about Argon2id cost; the unit's command line is.
export PARASOL_INSECURE_FAST_KDF=1
execstart=$(sed -n 's/^ExecStart=//p' "$work/units/parasol.service")
# The guide's /usr/local/bin/parasol, run as root here (no parasol user is made on this machine).
relocate deploy/parasol > "$work/parasol" && chmod +x "$work/parasol"
export PARASOL_ENV_FILE="$work/etc/parasol/parasol.env" PARASOL_RUN_AS=
parasol() { "$work/parasol" "$@"; }
parasol init --organisation "Deploy Check" > "$work/init.out" 2>&1 || { cat "$work/init.out"; fail "parasol init"; }
grep -q 'One-time admin set-up link' "$work/init.out" || fail "parasol init printed no set-up link"
ok "parasol init --organisation \"Deploy Check\""

# --- the unit's command line --------------------------------------------------
(umask 077 && cd "$ROOT" && exec $execstart) > "$work/parasol.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$REPORTER_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "http://127.0.0.1:$REPORTER_PORT/healthz" >/dev/null || { cat "$work/parasol.log"; fail "Parasol did not answer on 127.0.0.1:$REPORTER_PORT"; }
ok "Parasol runs with the unit's command line: $execstart"

# --- nginx with a self-signed certificate ---------------------------------------
mkdir -p "$work/nginx" "$work/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=report.example.org" \
  -keyout "$work/tls/privkey.pem" -out "$work/tls/fullchain.pem" >/dev/null 2>&1 || fail "openssl"
relocate deploy/nginx/parasol.conf \
  | sed -e "s#/etc/letsencrypt/live/report.example.org#$work/tls#g" \
        -e "s#listen 443 #listen 127.0.0.1:$HTTPS_PORT #" -e "s#listen 80;#listen 127.0.0.1:$HTTP_PORT;#" \
        -e '/listen \[::\]/d' > "$work/nginx/parasol.conf"
# A main configuration like Debian's: a global access log, which the site must switch off.
cat > "$work/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/log/error.log info;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log $work/log/access.log;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  include $work/nginx/parasol.conf;
}
NGINX
/usr/sbin/nginx -t -q -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>"$work/nginx-t.out" || { cat "$work/nginx-t.out"; fail "nginx -t"; }
ok "nginx -t accepts deploy/nginx/parasol.conf"
/usr/sbin/nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>>"$work/log/stderr.log" &
pids+=($!)
base="https://127.0.0.1:$HTTPS_PORT"
for _ in $(seq 1 40); do curl -ksS --interface "$CLIENT" -o /dev/null "$base/healthz" 2>/dev/null && break; sleep 0.25; done

# --- a report through the proxy ---------------------------------------------------
c() { curl -ksS --interface "$CLIENT" -H 'Host: report.example.org' -b "$work/jar" -c "$work/jar" "$@"; }
form=$(c "$base/report?lang=en") || fail "GET /report through nginx"
csrf=$(printf '%s' "$form" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n1)
[ -n "$csrf" ] || fail "no CSRF token in the report form through nginx"
area=$(printf '%s' "$form" | grep -o '<option value="[^"][^"]*"' | head -n1 | sed 's/.*value="\([^"]*\)"/\1/' || true)
[ -n "$area" ] || fail "no place to choose in the report form through nginx"
page=$(c "$base/report" --data-urlencode "_csrf=$csrf" --data-urlencode lang=en --data-urlencode "area=$area" \
  --data-urlencode incident_date=2026-03-14 --data-urlencode category=robbery --data-urlencode perpetrator=client \
  --data-urlencode "description=Deploy check report" --data-urlencode support=yes --data-urlencode warn=no \
  --data-urlencode statistics=yes --data-urlencode police=none) || fail "POST /report through nginx"
receipt=$(printf '%s' "$page" | grep -o 'data-receipt="[0-9]\{24\}"' | head -n1 || true)
[ -n "$receipt" ] || { printf '%s' "$page" | head -c 3000; fail "the report made through nginx got no receipt"; }
ok "a report made through nginx over HTTPS got a receipt"
code=$(curl -ksS --interface "$CLIENT" -o /dev/null -w '%{http_code}' -H 'Host: report.example.org' -H 'Content-Encoding: gzip' --data 'x=1' "$base/report")
[ "$code" = 415 ] || fail "a compressed request body got $code, not 415"
# A report with a file through the proxy: a receipt, and no byte of the file in nginx's temporary files.
printf 'FILE-THROUGH-NGINX-%s' "$(head -c 300000 /dev/urandom | base64 -w0)" > "$work/evidence.txt"
page=$(c "$base/report" -F "_csrf=$csrf" -F lang=en -F "area=$area" -F incident_date=2026-03-14 -F category=robbery \
  -F perpetrator=client -F "description=Deploy check report with a file" -F support=yes -F warn=no -F statistics=yes \
  -F police=none -F "attachments=@$work/evidence.txt;type=text/plain") || fail "POST /report with a file through nginx"
printf '%s' "$page" | grep -q 'data-receipt="[0-9]\{24\}"' || { printf '%s' "$page" | head -c 3000; fail "the report with a file made through nginx got no receipt"; }
if grep -rl "FILE-THROUGH-NGINX" "$work/nginx" 2>/dev/null; then fail "nginx wrote an upload to its temporary files"; fi
ok "a report with a 400 KB file through nginx got a receipt, and nginx kept none of it on disk"
code=$(head -c 22500000 /dev/zero | tr '\0' a | curl -ksS --interface "$CLIENT" -o /dev/null -w '%{http_code}' -H 'Host: report.example.org' --data-binary @- "$base/report" || true)
[ "$code" = 413 ] || fail "a 22 MB body (over the 21 MiB upload limit) got $code, not 413"
code=$(curl -sS --interface "$CLIENT" -o /dev/null -w '%{http_code}' -H 'Host: report.example.org' "http://127.0.0.1:$HTTP_PORT/report")
[ "$code" = 301 ] || fail "plain HTTP got $code, not a redirect to HTTPS"
ok "nginx refuses compressed and oversized bodies and redirects plain HTTP"
curl -ksS --interface "$CLIENT" -H 'Host: report.example.org' -D "$work/headers" -o /dev/null "$base/report?lang=en"
grep -i '^set-cookie:' "$work/headers" | grep -qi '; *secure' || fail "cookies through nginx lack the Secure flag (PARASOL_SECURE_COOKIES)"
ok "cookies carry the Secure flag"

# --- no client address in any log ---------------------------------------------------
kill -QUIT "${pids[1]}" 2>/dev/null || true; wait "${pids[1]}" 2>/dev/null || true
if grep -rl "$CLIENT" "$work/log" "$work/parasol.log" 2>/dev/null; then fail "a log holds the client's address $CLIENT"; fi
[ ! -s "$work/log/access.log" ] || fail "nginx wrote an access log for the reporter host"
ok "neither nginx's logs nor Parasol's hold the client's address"

# --- backups on the timer's script, with rotation; then parasol doctor -----------------
export PARASOL_NODE="$NODE" PARASOL_MAIN="$ROOT/dist/cli/main.js" PARASOL_BACKUP_KEEP=2
for _ in 1 2 3; do (umask 077 && deploy/backup.sh) >>"$work/backup.log" 2>&1 || { cat "$work/backup.log"; fail "deploy/backup.sh"; }; sleep 1; done
n=$(ls -1 "$PARASOL_BACKUP_DIR"/parasol-*.pbak | wc -l)
[ "$n" = 2 ] || fail "backup rotation kept $n archives, not 2"
ok "deploy/backup.sh makes a verified backup and keeps the newest PARASOL_BACKUP_KEEP"
parasol doctor --url https://report.example.org/ > "$work/doctor.out" 2>&1 || { cat "$work/doctor.out"; fail "parasol doctor found problems on the installation of the guide"; }
ok "parasol doctor: all is well"

# --- the upgrade procedure: stop, backup, install, migrate, start, verify ----------------
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
curl -fsS "http://127.0.0.1:$REPORTER_PORT/healthz" >/dev/null 2>&1 && fail "Parasol still answers after stop"
(umask 077 && deploy/backup.sh) >>"$work/backup.log" 2>&1 || fail "backup before the upgrade"
npm run build --silent >/dev/null || fail "npm run build (upgrade)"
parasol migrate > "$work/migrate.out" 2>&1 || { cat "$work/migrate.out"; fail "parasol migrate"; }
(umask 077 && cd "$ROOT" && exec $execstart) >> "$work/parasol.log" 2>&1 &
pids[0]=$!
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$REPORTER_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "http://127.0.0.1:$REPORTER_PORT/healthz" >/dev/null || fail "Parasol did not come back after the upgrade"
parasol audit verify > "$work/audit.out" 2>&1 || { cat "$work/audit.out"; fail "parasol audit verify after the upgrade"; }
parasol doctor --url https://report.example.org/ > "$work/doctor.out" 2>&1 || { cat "$work/doctor.out"; fail "parasol doctor after the upgrade"; }
ok "upgrade procedure: stop, backup, build, migrate, start, audit verify and doctor pass"

# --- tor --------------------------------------------------------------------------
install -d -m 0700 "$work/var/lib/tor" "$work/var/lib/tor/parasol-reporter" "$work/var/lib/tor/parasol-staff"
relocate deploy/tor/torrc > "$work/torrc"
/usr/sbin/tor --verify-config -f "$work/torrc" > "$work/tor.out" 2>&1 || { cat "$work/tor.out"; fail "tor --verify-config"; }
for o in HiddenServicePoWDefensesEnabled HiddenServiceEnableIntroDoSDefense; do
  [ "$(grep -c "^$o 1" deploy/tor/torrc)" = 2 ] || fail "torrc: $o is not on for both onion services"
done
ok "tor --verify-config accepts deploy/tor/torrc"
echo "deploy check passed"
