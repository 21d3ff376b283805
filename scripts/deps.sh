#!/usr/bin/env bash
# Installs the Debian packages minsheng's build and tests need, only those missing.
# Idempotent; safe to run on every `make run` / `make test`.
set -eu

pkgs=(
	gcc make pkg-config meson ninja-build     # the build
	libsqlite3-dev libjansson-dev libsodium-dev libxlsxwriter-dev libmicrohttpd-dev curl # the libraries we link; curl for the web tests
	libpq-dev                                 # the PostgreSQL client library (the second store backend)
	libcurl4-openssl-dev                      # 催报: e-mail over SMTP(S) and webhooks over HTTP(S) (src/follow/send.c)
	libzip-dev libexpat1-dev zlib1g-dev       # reading uploaded .xlsx 报送表 (the zip, the XML; zlib: fuzz_xlsx builds zips)
	libvips-dev libexif-dev                   # evidence (佐证材料): thumbnails, EXIF, XLSX/DOCX inspection
	libvips-tools libimage-exiftool-perl      # tests/cli/evidence.sh makes and tags its photos (vips, exiftool)
	postgresql                                # tests/cli/pg.sh starts a throwaway cluster (initdb, pg_ctl)
	libcmocka-dev                             # unit tests
	clang libclang-rt-14-dev                  # libFuzzer targets, smoke-run by make test
	python3 jq sqlite3 man-db                 # test helpers; man -l renders docs/minsheng.1
	chromium nodejs                           # browser tests (tests/cli/browser.sh)
	fonts-noto-cjk                            # Chinese glyphs in the browser tests' screenshots
	poppler-utils                             # tests/cli/gongwen.sh reads the printed 公文 (pdfinfo, pdftotext)
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
command -v npm >/dev/null 2>&1 || missing+=(npm) # Debian's nodejs comes without it

if [ ${#missing[@]} -ne 0 ]; then
	echo "deps.sh: installing ${missing[*]}" >&2
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# the browser tests' npm packages, as tests/web/package-lock.json pins them:
# installed when node_modules is missing or older than the lock file
web="$(dirname "$0")/../tests/web"
if [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
	echo "deps.sh: npm ci in tests/web" >&2
	(cd "$web" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
