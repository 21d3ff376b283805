#!/usr/bin/env bash
# bench/deps.sh - what the benchmarks compare against: pandas, mawk, GNU time, bc,
# sqlite3; wrk and nginx (light) for the web benchmark; LibreOffice Calc and
# poppler-utils for bench/print.sh.
set -euo pipefail
need=()
/usr/bin/python3 -c 'import pandas' 2>/dev/null || need+=(python3-pandas)
command -v mawk >/dev/null || need+=(mawk)
[ -x /usr/bin/time ] || need+=(time)
command -v bc >/dev/null || need+=(bc)
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
# bench/print.sh: LibreOffice Calc prints the workbook, poppler counts the pages
command -v soffice >/dev/null || need+=(libreoffice-calc)
command -v pdfinfo >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
	echo "bench/deps.sh: installing ${need[*]}"
	if [ "$(id -u)" -eq 0 ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
	else
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
	fi
fi
