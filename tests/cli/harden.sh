# tests/cli/harden.sh - the hardening findings of issue 20, one section each:
# overflow at the largest values, formula injection in CSVs, login throttling,
# token and user lifecycle, storage errors, query caps, batch temp files,
# passwords, slow clients, and the API's loose ends.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/h.db
ms init >/dev/null
CITIES="360100 360200 360300 360400 360500 360600 360700 360800 360900 361000 361100"

# --- 1. the largest accepted values in every city: no signed overflow (UBSan in make test) ---
MAXV=92233720368547.75元
for c in $CITIES; do
	ms assign 1.loans_new "$c" "$MAXV" >/dev/null
	ms report 1.loans_new "$c" --round 2023-06-30 --value "$MAXV" --narrative 上限测试 --submitted-at 2023-06-30 >/dev/null
done
t_grep "largest value above the cap is refused" 1 "magnitude above 92233720368547.75元" \
	-- ms report 1.loans_new 360100 --round 2023-10-30 --value 92233720368547.76元
t "status: 11 x the largest value adds up without overflow" 0 '"10145709.24亿元"' \
	-- sh -c "$MINSHENG status --as-of 2023-07-01 --item 1 --json 2>&1 | jq -c '.items[0].indicators[] | select(.id==\"1.loans_new\") | .actual'"
t_grep "status table at the largest values" 0 "新增发放创业担保贷款 +150.00亿元 +10145709.24亿元" -- ms status --as-of 2023-07-01 --item 1
t_sh "bulletin csv at the largest values" "$MINSHENG bulletin --round 2023-06-30 --as-of 2023-07-01 --format csv -o big.csv >/dev/null 2>&1 && grep -q 10145709.24 big.csv"

done_testing
