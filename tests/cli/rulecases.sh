# tests/cli/rulecases.sh - runs the rule cases a policy officer can read
# (tests/rules/*.cases, format in docs/RULES-CASES.md): each block is one
# case, its inputs become `minsheng calc` options, and every `expect` line
# is checked against the --json result (or the error for `expect error`).
. "$(dirname "$0")/lib.sh"

run_case() { # FILE LINE NAME CALC ARGS... ; expectations in $EXPECTS (one "field<TAB>value" per line)
	local file=$1 line=$2 name=$3 calc=$4
	shift 4
	local out err rc field want got bad=""
	out=$("$MINSHENG" calc "$calc" "$@" --json 2>"$T/.err")
	rc=$?
	err=$(cat "$T/.err")
	while IFS=$'\t' read -r field want; do
		[ -n "$field" ] || continue
		if [ "$field" = error ]; then
			if [ $rc -eq 0 ]; then
				bad+="expected an error containing '$want', got success; "
			elif [[ "$err" != *"$want"* ]]; then
				bad+="expected an error containing '$want', got: $err; "
			fi
			continue
		fi
		if [ $rc -ne 0 ]; then
			bad+="failed: $err; "
			break
		fi
		got=$(printf '%s' "$out" | jq -r --arg f "$field" '.[$f] | if . == null then "(none)" else tostring end')
		[ "$got" = "$want" ] || bad+="$field: expected $want, got $got; "
	done <<< "$EXPECTS"
	if [ -z "$bad" ]; then
		_ok "$(basename "$file"):$line $name"
	else
		_notok "$(basename "$file"):$line $name" "$bad"
	fi
}

for file in "$ROOT"/tests/rules/*.cases; do
	n=0
	name="" calc="" source="" start=0 args=() EXPECTS=""
	flush() {
		if [ -n "$name$calc${#args[@]}" ] && [ $start -gt 0 ]; then
			if [ -z "$calc" ] || [ -z "$source" ] || [ -z "$EXPECTS" ] || [ -z "$name" ]; then
				_notok "$(basename "$file"):$start malformed case" \
					"every case needs case:, calc:, source: and at least one expect line"
			else
				run_case "$file" "$start" "$name" "$calc" "${args[@]}"
			fi
		fi
		name="" calc="" source="" start=0 args=() EXPECTS=""
	}
	while IFS= read -r raw || [ -n "$raw" ]; do
		n=$((n + 1))
		l=${raw%$'\r'}
		case "$l" in
		'#'*) continue ;;
		'') flush; continue ;;
		esac
		[ $start -eq 0 ] && start=$n
		key=${l%%:*}
		val=${l#*:}
		val=${val# }
		case "$key" in
		case) name=$val ;;
		calc) calc=$val ;;
		source) source=$val ;;
		param) args+=(--param "$val") ;;
		"expect "*) EXPECTS+="${key#expect }"$'\t'"$val"$'\n' ;;
		*)
			if [ "$key" = "$l" ]; then
				_notok "$(basename "$file"):$n" "not a 'key: value' line: $l"
			else
				args+=("--$key" "$val")
			fi
			;;
		esac
	done < "$file"
	flush
done

done_testing
