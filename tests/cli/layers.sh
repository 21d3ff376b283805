# tests/cli/layers.sh - the shape of the house, checked: the include rules of
# docs/ARCHITECTURE.md (no upward includes, no cycles between directories), no
# command-line words in the services' strings, no god files or god functions,
# nothing that points outside the repository. Reads the source; runs no binary.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

# --- (a) includes ---
# What each directory of src/ may include of ours, from ARCHITECTURE.md's table
# (main = src/main.c). A directory not listed here fails: add it to both.
declare -A may=(
	[core]="core"
	[store]="core store"
	[plan]="core store plan"
	[rules]="core store plan rules"
	[auth]="core store auth"
	[notice]="core store plan notice"
	[ledger]="core store plan rules ledger"
	[report]="core store plan rules ledger report"
	[eval]="core store plan rules ledger report eval"
	[follow]="core store plan rules ledger report follow"
	[vote]="core store plan rules ledger report eval vote"
	[web]="core store plan rules auth notice ledger report eval follow vote web"
	[cmd]="core store plan rules auth notice ledger report eval follow vote web cmd"
	[main]="core store plan rules auth notice ledger report eval follow vote web cmd main"
)

# every `#include "…"` as "FROMDIR TODIR FILE:LINE" (a bare "x.h" is the file's own directory)
includes() {
	local f d
	find src -name '*.[ch]' | sort | while read -r f; do
		d=${f#src/}
		d=${d%%/*}
		[ "$d" = main.c ] && d=main
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
			sed 's/^\([0-9]*\):.*"\(.*\)".*/\1 \2/' |
			while read -r line inc; do
				inc=${inc#./}
				while [ "${inc#../}" != "$inc" ]; do inc=${inc#../}; done
				case $inc in
				*/*) echo "$d ${inc%%/*} $f:$line" ;;
				*) echo "$d $d $f:$line" ;;
				esac
			done
	done
}
includes > "$T/inc"
t_sh "includes: found some" '[ "$(wc -l < "$T/inc")" -gt 100 ]'

bad=$(while read -r from to where; do
	[ -n "${may[$from]+x}" ] || { echo "$where: src/$from/ is not in the table (ARCHITECTURE.md and layers.sh)"; continue; }
	case " ${may[$from]} " in *" $to "*) ;; *) echo "$where: $from/ includes $to/" ;; esac
done < "$T/inc")
t_sh "core/ includes nothing of ours but core/" '! printf "%s\n" "$bad" | grep -q ": core/ includes"'
t_sh "store/ includes only core/ and store/" '! printf "%s\n" "$bad" | grep -q ": store/ includes"'
t_sh "no service includes a front end (cmd/, web/, main.c)" \
	'! printf "%s\n" "$bad" | grep -Eq ": (plan|rules|auth|notice|ledger|report|eval|follow|vote)/ includes (cmd|web|main)/"'
t_sh "no front end is included below it (web/ never includes cmd/)" '! printf "%s\n" "$bad" | grep -Eq ": web/ includes (cmd|main)/"'
if [ -z "$bad" ]; then
	_ok "every include is one ARCHITECTURE.md's table allows (a service only those below it)"
else
	_notok "every include is one ARCHITECTURE.md's table allows (a service only those below it)" "$bad"
fi

# no cycle between directories: tsort of the directory graph
loops=$(awk '$1 != $2 { print $2, $1 }' "$T/inc" | sort -u | tsort 2>&1 > /dev/null)
if [ -z "$loops" ]; then _ok "no include cycle between directories"; else _notok "no include cycle between directories" "$loops"; fi

# the libraries stay where ARCHITECTURE.md puts them
sys_in() { grep -rln "^[[:space:]]*#[[:space:]]*include[[:space:]]*<$1>" src | grep -v "$2" || true; }
t "<sqlite3.h> only in store/db_sqlite.c (the SQLite backend)" 0 "" -- sys_in 'sqlite3\.h' '^src/store/db_sqlite\.c$'
t "<libpq-fe.h> only in store/db_pg.c (the PostgreSQL backend)" 0 "" -- sys_in 'libpq-fe\.h' '^src/store/db_pg\.c$'
t "<microhttpd.h> only in web/" 0 "" -- sys_in 'microhttpd\.h' '^src/web/'
t "<xlsxwriter.h> only in report/" 0 "" -- sys_in 'xlsxwriter\.h' '^src/report/'
t "<curl/curl.h> only in follow/send.c (reminders by SMTP and webhook)" 0 "" -- sys_in 'curl/curl\.h' '^src/follow/send\.c$'
t "<zip.h> only in report/xlsx_read.c and ledger/evidence_check.c (uploaded .xlsx, evidence zips)" 0 "" \
	-- sh -c "grep -rln '^[[:space:]]*#[[:space:]]*include[[:space:]]*<zip\.h>' src | grep -Ev '^src/(report/xlsx_read|ledger/evidence_check)\.c$' || true"
t "<expat.h> only in report/xlsx_read.c" 0 "" -- sys_in 'expat\.h' '^src/report/xlsx_read\.c$'
t_sh "and it is there (the two checks above see it)" '[ "$(grep -c "^#include <\(zip\|expat\)\.h>" src/report/xlsx_read.c)" = 2 ]'
t "<vips/vips.h> only in ledger/evidence_image.c (thumbnails)" 0 "" -- sys_in 'vips/vips\.h' '^src/ledger/evidence_image\.c$'
t "<libexif/…> only in ledger/evidence_check.c (EXIF)" 0 "" \
	-- sh -c "grep -rln '^[[:space:]]*#[[:space:]]*include[[:space:]]*<libexif/' src | grep -v '^src/ledger/evidence_check\.c$' || true"
t "core/ includes no library but libc, jansson and libsodium" 0 "" \
	-- sh -c "grep -rhn '^[[:space:]]*#[[:space:]]*include[[:space:]]*<' src/core | grep -E '<(sqlite3|libpq-fe|microhttpd|xlsxwriter)\.h>' || true"

# --- (b) the services speak the domain: no command-line words in their strings ---
# (the front ends add the hint from err.field; see ms_err_field in core/err.h)
find src -name '*.[ch]' -not -path 'src/cmd/*' -not -path src/main.c | sort |
	xargs python3 scripts/c-strings.py > "$T/lits"
t_sh "string literals below src/cmd/: found some" '[ "$(wc -l < "$T/lits")" -gt 1000 ]'
cmds='init|plan|org|param|calc|batch|simulate|assign|report|site|actuals|approve|return|status|bulletin|serve|survey|evaluate|notice|user|round|remind|duban|journal|history|help|version|proposal|candidate|vote'
flags=$(grep -E -- '--[a-z]' "$T/lits")
if [ -z "$flags" ]; then
	_ok "no --flag in a string literal outside src/cmd/ and src/main.c"
else
	_notok "no --flag in a string literal outside src/cmd/ and src/main.c" \
		"$(printf '%s\n' "$flags" | wc -l) literals:" "$(printf '%s\n' "$flags" | cut -c1-160 | head -40)"
fi
named=$(grep -E "minsheng ($cmds)([^a-z_]|\$)" "$T/lits")
if [ -z "$named" ]; then
	_ok "no 'minsheng COMMAND' in a string literal outside src/cmd/ and src/main.c"
else
	_notok "no 'minsheng COMMAND' in a string literal outside src/cmd/ and src/main.c" \
		"$(printf '%s\n' "$named" | wc -l) literals:" "$(printf '%s\n' "$named" | cut -c1-160 | head -40)"
fi

# --- (c) no god files, no god functions ---
big=$(find src -name '*.c' -print0 | xargs -0 wc -l | awk '$2 != "total" && $1 > 1200 { print $1, $2 }' | sort -rn)
if [ -z "$big" ]; then _ok "no .c file in src/ over 1,200 lines"; else _notok "no .c file in src/ over 1,200 lines" "$big"; fi
long=$(find src -name '*.c' -print0 | xargs -0 awk -f scripts/funclen.awk | awk '$1 > 150' | sort -rn)
t_sh "scripts/funclen.awk measures functions" '[ "$(find src -name "*.c" -print0 | xargs -0 awk -f scripts/funclen.awk | wc -l)" -gt 200 ]'
if [ -z "$long" ]; then _ok "no function in src/ over 150 lines"; else _notok "no function in src/ over 150 lines" "$long"; fi

# --- (d) the repository is whole: nothing refers to files outside it ---
if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
	files() { git ls-files -z --cached --others --exclude-standard; }
else
	files() { find . -type f -not -path './.git/*' -not -path './build*' -print0; }
fi
# (the patterns are written so that this file does not match itself)
outside=$(files | xargs -0 grep -nIE '\.\./shared|(^|[^A-Za-z0-9_.-])/wor[k]/' 2> /dev/null | cut -c1-160)
if [ -z "$outside" ]; then
	_ok "nothing in the repository refers to files outside it (the shared docs, the work folder)"
else
	_notok "nothing in the repository refers to files outside it (the shared docs, the work folder)" "$outside"
fi

done_testing
