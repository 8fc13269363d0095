#!/bin/sh
# One encrypted backup into $PARASOL_BACKUP_DIR (default /var/lib/parasol/backups),
# then keeps the newest $PARASOL_BACKUP_KEEP (default 14) and deletes the rest.
# Run by parasol-backup.service; "parasol doctor" checks that the newest is fresh.
set -eu
dir="${PARASOL_BACKUP_DIR:-/var/lib/parasol/backups}"
keep="${PARASOL_BACKUP_KEEP:-14}"
node="${PARASOL_NODE:-/opt/node/bin/node}"
main="${PARASOL_MAIN:-/opt/parasol/dist/cli/main.js}"
mkdir -p "$dir"
chmod 700 "$dir"
out="$dir/parasol-$(date -u +%Y-%m-%dT%H%M%SZ).pbak"
"$node" --max-semi-space-size=4 "$main" backup create --out "$out"
"$node" --max-semi-space-size=4 "$main" backup verify "$out" >/dev/null
# Rotation: newest first, everything after the first $keep goes.
ls -1t "$dir"/parasol-*.pbak 2>/dev/null | tail -n +"$((keep + 1))" | while read -r old; do rm -f -- "$old"; done
echo "backups kept: $(ls -1 "$dir"/parasol-*.pbak | wc -l)"
