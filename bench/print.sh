#!/usr/bin/env bash
# bench/print.sh - how the 通报 prints, as an office would print it: the demo
# bulletin's and the evaluation's workbooks converted to PDF by LibreOffice
# (soffice --headless --convert-to pdf), with the type size as printed; the
# issued bulletin's 公文 HTML printed by headless Chromium; for each, the page
# count and sizes (poppler's pdfinfo) and a PNG of every page (pdftoppm).
# Not a test: LibreOffice is heavy, so it is installed by bench/deps.sh, not
# by scripts/deps.sh.
# Usage: bench/print.sh [OUTDIR]   (MINSHENG=build/minsheng by default)
set -euo pipefail
cd "$(dirname "$0")/.."
MINSHENG=$(realpath "${MINSHENG:-build/minsheng}")
OUT=$(realpath -m "${1:-build/print}")
for c in soffice pdfinfo pdftoppm chromium; do
	command -v $c >/dev/null || { echo "bench/print.sh: needs $c (bench/deps.sh)" >&2; exit 2; }
done
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT"
export MS_CLOCK=1688947200 MINSHENG_DB=$OUT/demo.db MINSHENG_DATA=${MINSHENG_DATA:-$OLDPWD/data}
"$MINSHENG" init --demo >/dev/null
"$MINSHENG" bulletin --round 2023-06-30 -o bulletin.xlsx 2>/dev/null
"$MINSHENG" evaluate -o evaluation.xlsx >/dev/null 2>&1
"$MINSHENG" bulletin issue --round 2023-06-30 --number "赣民实办〔2023〕1号" >/dev/null
"$MINSHENG" bulletin show 1 -o gongwen.html 2>/dev/null
soffice --headless --convert-to pdf bulletin.xlsx evaluation.xlsx >/dev/null 2>&1
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --user-data-dir="$OUT/chrome" \
	--print-to-pdf="$OUT/gongwen.pdf" "file://$OUT/gongwen.html" >/dev/null 2>&1
# the type as printed, page by page: the commonest word height (pdftotext -bbox) over 1.3, a
# 10 pt line at 100% being 13 pt high
type_sizes() {
	pdftotext -bbox "$1" - | python3 -c '
import collections, re, sys
pages = sys.stdin.read().split("<page ")[1:]
out = []
for p in pages:
    h = collections.Counter(round(float(b) - float(a), 1) for a, b in re.findall(r"yMin=\"([\d.]+)\" xMax=\"[\d.]+\" yMax=\"([\d.]+)\"", p))
    out.append("%.1f" % (h.most_common(1)[0][0] / 1.3) if h else "-")
print(" ".join(out))'
}
for f in bulletin evaluation; do
	echo "$f.pdf: type as printed, pt per page: $(type_sizes $f.pdf)"
done
for f in bulletin evaluation gongwen; do
	n=$(pdfinfo $f.pdf | awk '/^Pages:/ {print $2}')
	sizes=$(pdfinfo -f 1 -l "$n" $f.pdf | awk '/^Page .* size:/ {print ($4 > $6 ? "landscape" : "portrait")}' | sort | uniq -c |
		awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}')
	mkdir -p png-$f && pdftoppm -r 80 -png $f.pdf png-$f/page
	echo "$f.pdf: $n A4 pages ($sizes); PNGs in $OUT/png-$f/"
done
