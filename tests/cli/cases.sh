# tests/cli/cases.sh - runs the rule cases a policy officer can read and
# check by hand: every tests/cases/*.cases file (or the files named on the
# command line). The format is in docs/RULES-CASES.md; in short, one case per
# block of lines, blocks separated by blank lines, `#` lines are comments:
#
#   case: NAME                the case's name (required)
#   calc: loan|dibao|...      the calculator (required)
#   FIELD: VALUE              an input: becomes `--FIELD VALUE`
#   param: KEY=VALUE          a parameter for this case: `--param KEY=VALUE`
#   expect FIELD: VALUE       the --json result's FIELD must read VALUE
#   expect error: TEXT        the command must fail (exit 1 or 2), TEXT in stderr
#   source: TEXT              the rule's words or document (required)
#
# Each case is one `minsheng calc … --json` run; one jq run per file reads the
# figures (jq starts slower than minsheng runs a case). A failing case
# is reported as FILE:LINE NAME with each expected and actual value; a block
# without case/calc/source/expect, or a line that is not `key: value`, fails.
# Either colon, ':' or '：', ends the key.
_from=$PWD
. "$(dirname "$0")/lib.sh"

# REPLY=$1 without leading and trailing blanks (a CR included); no subshell
_trim() {
	REPLY=${1#"${1%%[![:space:]]*}"}
	REPLY=${REPLY%"${REPLY##*[![:space:]]}"}
}

# the state of the block being read
_reset() {
	c_line=0 c_name="" c_calc="" c_source="" c_bad=""
	c_args=() c_fields=() c_wants=() c_error="" c_has_error=0
}

# notes a problem with the block's lines
_bad() { c_bad+=${c_bad:+$'\x1f'}$1; }

# the cases of one file, reported in order once the file is read: r_state is
# ok, bad (r_msg holds the lines to show) or json (its output is in
# $T/out.K, checked by one jq run for the whole file in _report)
_new_file() {
	r_label=() r_state=() r_msg=() r_fields=() r_wants=() r_cmd=()
	nc=0
}

# runs the block read so far (if any)
_flush() {
	local label out err rc problems=() k=$nc
	local IFS=$'\x1f'

	[ "$c_line" -gt 0 ] || return 0
	nc=$((nc + 1))
	label="$c_file:$c_line ${c_name:-(unnamed case)}"
	r_label[k]=$label
	[ -n "$c_name" ] || problems+=("no 'case:' line (案例名称缺失)")
	[ -n "$c_calc" ] || problems+=("no 'calc:' line (未写计算器)")
	[ -n "$c_source" ] || problems+=("no 'source:' line (未写依据)")
	[ ${#c_fields[@]} -gt 0 ] || [ $c_has_error -eq 1 ] || problems+=("no 'expect' line (未写预期结果)")
	if [ $c_has_error -eq 1 ] && [ ${#c_fields[@]} -gt 0 ]; then
		problems+=("'expect error' cannot be combined with expected figures")
	fi
	[ -z "$c_bad" ] || problems+=("$c_bad")
	if [ ${#problems[@]} -gt 0 ]; then
		r_label[k]="$label: malformed case (格式错误)"
		r_state[k]=bad
		r_msg[k]="${problems[*]}"
		_reset
		return 0
	fi

	"$MINSHENG" calc "$c_calc" "${c_args[@]}" --json >"$T/out.$k" 2>"$T/.stderr"
	rc=$?
	err="" out=""
	read -r -d '' err <"$T/.stderr"
	err=${err%$'\n'}
	r_state[k]=bad
	if [ $c_has_error -eq 1 ]; then
		if [ $rc -ne 1 ] && [ $rc -ne 2 ]; then
			out=$(jq -c 'del(.input, .trace)' "$T/out.$k" 2>/dev/null) ||
				read -r -N 300 out <"$T/out.$k"
			r_msg[k]="expected an error containing: $c_error"$'\x1f'"got exit $rc: $out"
		elif [[ "$err" != *"$c_error"* ]]; then
			r_msg[k]="expected an error containing: $c_error"$'\x1f'"got (exit $rc): ${err%%$'\n'usage:*}"
		else
			r_state[k]=ok
		fi
	elif [ $rc -ne 0 ]; then
		r_msg[k]="expected a result, got exit $rc: ${err%%$'\n'usage:*}"
	else
		r_state[k]=json
		r_fields[k]="${c_fields[*]}"
		r_wants[k]="${c_wants[*]}"
		printf -v out ' %s' "${c_args[@]}"
		r_cmd[k]="minsheng calc $c_calc$out --json"
	fi
	_reset
}

# jq program: for each "K<TAB>FIELD" line of $spec, the field's value as text
# ("(absent)" when there is none), one line each, in order
_JQ='($spec | split("\n") | map(select(length > 0) | split("\t"))) as $want
	| [inputs] as $outs
	| $want[] | . as [$k, $f] | $outs[$k | tonumber] as $o
	| if ($o | type) == "object" and ($o | has($f))
	  then ($o[$f] | tostring | gsub("\n"; "\\n")) else "(absent)" end'

# SPLIT=( the parts of $1 between \x1f separators ), newlines and empty parts kept
_split() {
	local s=$1
	SPLIT=()
	while [[ $s == *$'\x1f'* ]]; do
		SPLIT+=("${s%%$'\x1f'*}")
		s=${s#*$'\x1f'}
	done
	SPLIT+=("$s")
}

# reads every json case's expected fields with one jq run into HAVE (one line
# per field, in case order); on failure marks the cases whose output is not
# JSON as bad and tries once more with the rest
_read_outputs() {
	local k j spec files got

	for _ in 1 2; do
		spec="" files=() HAVE=()
		for ((k = 0; k < nc; k++)); do
			[ "${r_state[k]}" = json ] || continue
			_split "${r_fields[k]}"
			for j in "${SPLIT[@]}"; do spec+="${#files[@]}"$'\t'"$j"$'\n'; done
			files+=("$T/out.$k")
		done
		[ ${#files[@]} -gt 0 ] || return 0
		if got=$(jq -rn --arg spec "$spec" "$_JQ" "${files[@]}" 2>"$T/.jqerr"); then
			mapfile -t HAVE <<<"$got"
			return 0
		fi
		for ((k = 0; k < nc; k++)); do
			[ "${r_state[k]}" = json ] || continue
			if ! jq -e . "$T/out.$k" >/dev/null 2>&1; then
				r_state[k]=bad
				r_msg[k]="the output is not JSON: $(head -c 300 "$T/out.$k")"
			fi
		done
	done
	# jq failed and every output is JSON: report jq's own complaint
	for ((k = 0; k < nc; k++)); do
		[ "${r_state[k]}" = json ] || continue
		r_state[k]=bad
		r_msg[k]="jq could not read the output: $(cat "$T/.jqerr")"
	done
}

# checks the outputs of one file and reports every case, in file order
_report() {
	local k j p=0 fields wants problems

	_read_outputs
	for ((k = 0; k < nc; k++)); do
		case ${r_state[k]} in
		ok) _ok "${r_label[k]}" ;;
		bad)
			_split "${r_msg[k]}"
			_notok "${r_label[k]}" "${SPLIT[@]}"
			;;
		json)
			_split "${r_fields[k]}"
			fields=("${SPLIT[@]}")
			_split "${r_wants[k]}"
			wants=("${SPLIT[@]}")
			problems=()
			for j in "${!fields[@]}"; do
				if [ "${HAVE[p + j]-(absent)}" != "${wants[j]}" ]; then
					problems+=("${fields[j]}: expected ${wants[j]}, got ${HAVE[p + j]-(absent)}")
				fi
			done
			p=$((p + ${#fields[@]}))
			if [ ${#problems[@]} -gt 0 ]; then
				_notok "${r_label[k]}" "${problems[@]}" "command: ${r_cmd[k]}"
			else
				_ok "${r_label[k]}"
			fi
			;;
		esac
	done
	rm -f "$T"/out.*
}

files=()
if [ $# -gt 0 ]; then
	for f in "$@"; do
		case $f in /*) files+=("$f") ;; *) files+=("$_from/$f") ;; esac
	done
else
	for f in "$ROOT"/tests/cases/*.cases; do
		[ -e "$f" ] && files+=("$f")
	done
fi
[ ${#files[@]} -gt 0 ] || _notok "case files" "no tests/cases/*.cases files found"

for f in "${files[@]}"; do
	if [ ! -r "$f" ]; then
		_notok "$f" "cannot read the file"
		continue
	fi
	c_file=${f#"$ROOT"/}
	n=0
	_new_file
	_reset
	while IFS= read -r raw || [ -n "$raw" ]; do
		n=$((n + 1))
		_trim "$raw"
		l=$REPLY
		case $l in
		'') _flush; continue ;;
		'#'*) continue ;;
		esac
		[ "$c_line" -gt 0 ] || c_line=$n
		# the key ends at the first ':' or '：', whichever comes first
		k1=${l%%:*} k2=${l%%：*}
		if [ "$k1" = "$l" ] && [ "$k2" = "$l" ]; then
			_bad "line $n is not 'key: value': $l"
			continue
		fi
		if [ ${#k2} -lt ${#k1} ]; then key=$k2; val=${l#*：}; else key=$k1; val=${l#*:}; fi
		_trim "$key"
		key=$REPLY
		_trim "$val"
		val=$REPLY
		case $key in
		case)
			[ -z "$c_name" ] || _bad "line $n: a second 'case:' in one block (blank line missing?)"
			[ -n "$c_name" ] || c_name=$val
			;;
		calc)
			[ -z "$c_calc" ] || _bad "line $n: a second 'calc:' in one block"
			c_calc=$val
			;;
		source) c_source+=$val ;;
		param)
			case $val in
			?*=*) c_args+=(--param "$val") ;;
			*) _bad "line $n: param needs KEY=VALUE: $l" ;;
			esac
			;;
		'expect error')
			[ -n "$val" ] || _bad "line $n: 'expect error' needs the text the message must contain"
			[ $c_has_error -eq 0 ] || _bad "line $n: a second 'expect error'"
			c_has_error=1
			c_error=$val
			;;
		'expect '*)
			_trim "${key#expect }"
			case $REPLY in
			*[!A-Za-z0-9_]* | '') _bad "line $n: '$REPLY' is not a result field" ;;
			*)
				c_fields+=("$REPLY")
				c_wants+=("$val")
				;;
			esac
			;;
		expect) _bad "line $n: write 'expect FIELD: VALUE'" ;;
		*)
			case $key in
			*[!a-z0-9_-]* | '') _bad "line $n: '$key' is not an input name" ;;
			*) c_args+=("--$key" "$val") ;;
			esac
			;;
		esac
	done <"$f"
	_flush
	_report
done

done_testing
