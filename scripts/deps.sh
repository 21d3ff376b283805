#!/usr/bin/env bash
# Installs the Debian packages minsheng's build and tests need, only those missing.
# Idempotent; safe to run on every `make run` / `make test`.
set -eu

pkgs=(
	gcc make pkg-config meson ninja-build     # the build
	libsqlite3-dev libjansson-dev libsodium-dev libxlsxwriter-dev libmicrohttpd-dev curl # the libraries we link; curl for the web tests
	libcmocka-dev                             # unit tests
	clang libclang-rt-14-dev                  # libFuzzer targets, smoke-run by make test
	python3 jq sqlite3                        # test helpers
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps.sh: installing ${missing[*]}" >&2
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
