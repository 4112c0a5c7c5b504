#!/usr/bin/env bash
# Conformance of fake-genesys with the official Python SDK (PureCloudPlatformClientV2).
#
#   crates/fake-genesys/conformance/run.sh [pytest args...]
#
# Creates a venv under the cargo target dir (reused across runs), installs requirements.txt, builds and starts
# the fake on a free port (--port 0; the port is read from its "listening on" line), runs test_sdk.py with
# pytest against it, and stops the fake. Exit status: pytest's.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
venv="$target/fake-genesys-conformance/venv"
work="$target/fake-genesys-conformance"
mkdir -p "$work"

# 1. Python environment.
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! cmp -s "$here/requirements.txt" "$stamp"; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
    cp "$here/requirements.txt" "$stamp"
fi

# 2. The fake.
if [ -n "${FAKE_GENESYS_BIN:-}" ]; then
    bin="$FAKE_GENESYS_BIN"
else
    (cd "$root" && cargo build --quiet -p fake-genesys --bin fake-genesys)
    bin="$target/debug/fake-genesys"
fi
out="$work/fake.stdout"
err="$work/fake.stderr"
: >"$out"
"$bin" --port 0 >"$out" 2>"$err" &
pid=$!
cleanup() {
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
trap cleanup EXIT

url=""
for _ in $(seq 1 300); do
    line="$(head -n 1 "$out" 2>/dev/null || true)"
    case "$line" in
        "fake-genesys listening on "*) url="${line#fake-genesys listening on }"; break ;;
    esac
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "conformance: fake-genesys exited before listening:" >&2
        cat "$err" >&2
        exit 1
    fi
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "conformance: fake-genesys did not print its listening line within 30 s" >&2
    exit 1
fi
echo "conformance: fake-genesys at $url"

# 3. The tests. The SDK watches its config directory (~/.genesyscloudpython, or the nearest existing parent,
# recursively) from import on: give it an empty home so it does not watch the real one.
sdk_home="$work/home"
mkdir -p "$sdk_home/.genesyscloudpython"
set +e
HOME="$sdk_home" FAKE_GENESYS_URL="$url" "$venv/bin/python" -m pytest -q -p no:cacheprovider "$here/test_sdk.py" "$@"
status=$?
set -e
exit "$status"
