# tests/cli/evidence.sh - 佐证材料: a photo with GPS EXIF on a site is shown
# to the reviewer with its thumbnail, time and distance; one taken 5 km away
# or after the round is flagged; hostile uploads are refused by content (an
# HTML file named .jpg, a JPEG/HTML polyglot, a 20,000×20,000 PNG, a zip bomb
# in an XLSX), broken EXIF is ignored, and the server stays up; downloads are
# attachments that no browser runs; a plan may require evidence to approve.
. "$(dirname "$0")/lib.sh"
export MS_CLOCK=1703203200 # 2023-12-22T00:00:00Z: the 2023-12-25 round is open
export MINSHENG_DB=$T/e.db
ms init --demo >/dev/null
# the province's plan, the first loaded (the demo also holds 南昌's)
plan=$(sqlite3 "$MINSHENG_DB" "SELECT id FROM plan ORDER BY rowid LIMIT 1")

# --- the files: photos made by vips and tagged by exiftool, the hostile ones by make.py ---
vips gaussnoise "$T/noise.v" 640 480 && vips copy "$T/noise.v" "$T/base.jpg"
tag() { cp "$T/base.jpg" "$T/$1" && exiftool -q -overwrite_original -DateTimeOriginal="$2" \
	-GPSLatitude="$3" -GPSLatitudeRef=N -GPSLongitude="$4" -GPSLongitudeRef=E "$T/$1"; }
tag near.jpg "2023:12:20 10:30:00" 28.682 115.858        # at the site
tag far.jpg "2023:12:20 11:00:00" 28.727 115.858         # 0.045° north: 5.0 km
tag late.jpg "2024:01:05 09:00:00" 28.6821 115.8581      # at the site, after the round
python3 "$ROOT/tests/fixtures/evidence/make.py" "$T" "$T/base.jpg"
t_sh "the test photo carries GPS EXIF" '[ "$(exiftool -n -s3 -GPSLatitude "$T/near.jpg")" = 28.682 ]'

site=$(ms site add 10.aeds 360100 --name 八一广场AED --lat 28.682 --lon 115.858 --delivered 2023-12-20 | grep -o '[0-9]*' | head -1)
t_sh "a site with coordinates" '[ -n "$site" ]'

# --- the command line ---
t_grep "a photo with GPS EXIF is added to a site" 0 "^已添加佐证材料 1：near.jpg$" -- ms evidence add "$T/near.jpg" --site "$site"
t "its time and place are read from EXIF, 0 m from the site, not flagged" 0 "2023-12-20 10:30:00 0 false false" -- \
	sh -c "$MINSHENG --json evidence show 1 | jq -r '\"\(.taken_at) \(.distance_m) \(.far) \(.late)\"'"
ms evidence add "$T/far.jpg" --site "$site" >/dev/null
t "a photo taken 5 km away is flagged far" 0 "true 5004" -- sh -c "$MINSHENG --json evidence show 2 | jq -r '\"\(.far) \(.distance_m)\"'"
t_grep "show gives the upload time on the clerk's clock (00:00Z is 08:00 in Beijing)" 0 "^上传：[^，]+，2023-12-22 08:00（北京时间）$" -- ms evidence show 1
t_grep "show says how far" 0 "^提示：拍摄地距点位 5.0 公里，超出范围$" -- ms evidence show 2
ms evidence add "$T/late.jpg" --site "$site" >/dev/null
t "a photo taken after the round that counts the site is flagged late" 0 "false true" -- sh -c "$MINSHENG --json evidence show 3 | jq -r '\"\(.far) \(.late)\"'"
t_grep "an HTML file named .jpg is refused by its content" 1 "内容不是其中之一" -- ms evidence add "$T/page.jpg" --site "$site"
t_grep "a JPEG with a page after it (a polyglot) is refused" 1 "夹带网页或脚本代码" -- ms evidence add "$T/polyglot.jpg" --site "$site"
t_grep "a 20,000×20,000 PNG is refused from its header, before decoding" 1 "20000×20000 像素，超过 5000 万像素上限" -- ms evidence add "$T/huge.png" --site "$site"
t_grep "an XLSX holding a zip bomb is refused" 1 "疑为压缩炸弹" -- ms evidence add "$T/bomb.xlsx" --site "$site"
t_grep "a zip that is no Office file is refused" 1 "不是 Office 文档" -- ms evidence add "$T/other.zip" --site "$site"
t_grep "the declared type must agree with the content" 1 "声明的类型 image/png 与文件内容（image/jpeg）不符" -- ms evidence add "$T/near.jpg" --site "$site" --type image/png
t_grep "broken EXIF is ignored: the photo is taken, without time or place" 0 "^已添加佐证材料" -- ms evidence add "$T/broken-exif.jpg" --site "$site"
t "… and shows none" 0 "null null" -- sh -c "$MINSHENG --json evidence list --site $site | jq -r '.[] | select(.name == \"broken-exif.jpg\") | \"\(.taken_at) \(.gps)\"'"
t_grep "a PDF is taken" 0 "^已添加佐证材料" -- ms evidence add "$T/acceptance.pdf" --report 10.aeds/360100/2023-12-25
t_grep "a DOCX is told from an XLSX by its [Content_Types].xml" 0 "wordprocessingml" -- sh -c "$MINSHENG evidence add '$T/plan.docx' --report 10.aeds/360100/2023-12-25 && $MINSHENG evidence list --report 10.aeds/360100/2023-12-25"
ms bulletin --round 2023-12-25 -o "$T/b.xlsx" >/dev/null 2>&1
t_grep "a real workbook is taken as an XLSX" 0 "spreadsheetml" -- sh -c "$MINSHENG evidence add '$T/b.xlsx' --report 10.aeds/360100/2023-12-25 >/dev/null && $MINSHENG --json evidence list --report 10.aeds/360100/2023-12-25 | jq -r '.[].type'"
t_grep "a report that does not exist gets nothing" 1 "还没有报告" -- ms evidence add "$T/near.jpg" --report 10.aeds/360102/2023-12-25
t_grep "a report's round must be one of the plan's" 1 "\[--report\]" -- ms evidence add "$T/near.jpg" --report 10.aeds/360100/2023-01-01
t "the same bytes are stored once (content-addressed)" 0 "1" -- sqlite3 "$MINSHENG_DB" "SELECT COUNT(*) FROM evidence_file WHERE sha256 = (SELECT sha256 FROM evidence WHERE id = 1)"
ms evidence add "$T/near.jpg" --report 10.aeds/360100/2023-12-25 >/dev/null
t "… even when linked twice" 0 "2 1" -- sqlite3 -separator ' ' "$MINSHENG_DB" "SELECT COUNT(*), COUNT(DISTINCT sha256) FROM evidence WHERE name = 'near.jpg'"
t "each link is journaled in its transaction" 0 "$(sqlite3 "$MINSHENG_DB" 'SELECT COUNT(*) FROM evidence')" -- sqlite3 "$MINSHENG_DB" "SELECT COUNT(*) FROM journal WHERE action = 'evidence.add'"
ms evidence get 1 --thumb -o "$T/thumb.jpg" >/dev/null
t_sh "the thumbnail is a JPEG of at most 320 pixels" '[ "$(exiftool -s3 -ImageWidth "$T/thumb.jpg")" -le 320 ] && [ "$(head -c 2 "$T/thumb.jpg" | od -An -tx1 | tr -d " ")" = ffd8 ]'
t "… without EXIF: no GPS, no time" 0 "" -- exiftool -s3 -GPSLatitude -DateTimeOriginal "$T/thumb.jpg"
ms evidence get 1 --public -o "$T/public.jpg" >/dev/null
t "the public copy has no GPS either" 0 "" -- exiftool -s3 -GPSLatitude -GPSPosition "$T/public.jpg"
ms evidence get 1 -o "$T/orig.jpg" >/dev/null
t_sh "the original comes back byte for byte" 'cmp -s "$T/orig.jpg" "$T/near.jpg"'
sqlite3 "$MINSHENG_DB" "INSERT INTO setting (key, value) VALUES ('evidence.max_mb.$plan', '1')"
head -c 1200000 /dev/urandom > "$T/big.pdf.tmp" && { printf '%%PDF-1.4\n'; cat "$T/big.pdf.tmp"; } > "$T/big.pdf"
t_grep "a file past the plan's cap is refused" 1 "超过 1 MB 上限" -- ms evidence add "$T/big.pdf" --site "$site"
sqlite3 "$MINSHENG_DB" "DELETE FROM setting WHERE key = 'evidence.max_mb.$plan'"

# --- over HTTP: the reporter uploads, the reviewer sees ---
serve_start
pid=$SERVE_PID
RB="Authorization: Bearer $(ms user token nanchang)"
AB="Authorization: Bearer $(ms user token admin)"
up() { curl -s --max-time 30 -o /dev/null -w '%{http_code}' -H "$RB" "$@"; }
t "POST /api/v1/sites/{id}/evidence takes a photo (multipart)" 0 "201" -- up -F "file=@$T/near.jpg;type=image/jpeg" "${URL}api/v1/sites/$site/evidence"
t "… or its bytes as the body" 0 "201" -- up -H 'Content-Type: image/jpeg' --data-binary "@$T/far.jpg" "${URL}api/v1/sites/$site/evidence"
t "an HTML file named .jpg: 415" 0 "415" -- up -F "file=@$T/page.jpg;type=image/jpeg" "${URL}api/v1/sites/$site/evidence"
t "a polyglot JPEG: 415" 0 "415" -- up -F "file=@$T/polyglot.jpg;type=image/jpeg" "${URL}api/v1/sites/$site/evidence"
t "a JPEG declared as a PNG: 415" 0 "415" -- up -F "file=@$T/near.jpg;type=image/png" "${URL}api/v1/sites/$site/evidence"
t "a 20,000×20,000 PNG: 413" 0 "413" -- up -H 'Content-Type: image/png' --data-binary "@$T/huge.png" "${URL}api/v1/sites/$site/evidence"
t "a zip bomb in an XLSX: 413" 0 "413" -- up -F "file=@$T/bomb.xlsx;type=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" "${URL}api/v1/reports/10.aeds/360100/2023-12-25/evidence"
t "the report's evidence over the API" 0 "201" -- up -F "file=@$T/acceptance.pdf;type=application/pdf" "${URL}api/v1/reports/10.aeds/360100/2023-12-25/evidence"
t "another region's reporter may not" 0 "403" -- up -F "file=@$T/acceptance.pdf" "${URL}api/v1/reports/10.aeds/360400/2023-12-25/evidence"
t "broken EXIF over HTTP: taken, never a crash" 0 "201" -- up -F "file=@$T/broken-exif.jpg" "${URL}api/v1/sites/$site/evidence"
t "the server is alive after all of it" 0 "ok" -- sh -c "curl -s '${URL}healthz' | jq -r .status"
t "the list over the API, with the flags" 0 "true" -- sh -c "curl -s -H '$AB' '${URL}api/v1/sites/$site/evidence' | jq -r '[.[] | select(.far)] | length > 1'"
t "the list needs a login" 0 "401" -- sh -c "curl -s -o /dev/null -w '%{http_code}' '${URL}api/v1/evidence?site=$site'"
curl -s -D "$T/h.txt" -o /dev/null -H "$AB" "${URL}api/v1/evidence/1"
t_grep "a download is an attachment" 0 '^Content-Disposition: attachment; filename="evidence-1.jpg"' -- tr -d '\r' < "$T/h.txt"
t_grep "… that the browser may not sniff" 0 '^X-Content-Type-Options: nosniff' -- tr -d '\r' < "$T/h.txt"
t_grep "… nor run: CSP sandbox" 0 '^Content-Security-Policy: .*sandbox' -- tr -d '\r' < "$T/h.txt"
t_grep "… with the type its content has" 0 '^Content-Type: image/jpeg' -- tr -d '\r' < "$T/h.txt"
t "the original needs a login" 0 "401" -- sh -c "curl -s -o /dev/null -w '%{http_code}' '${URL}api/v1/evidence/1'"
t "a public copy before the report is approved: 404" 0 "404" -- sh -c "curl -s -o /dev/null -w '%{http_code}' '${URL}api/v1/evidence/1/public'"
curl -s -H "$AB" "${URL}review?round=2023-12-25" > "$T/review.html"
t_grep "审核 shows the site photo's thumbnail" 0 '<img src="/api/v1/evidence/1/thumb"' -- cat "$T/review.html"
t_grep "… its time" 0 '拍摄：2023-12-20 10:30:00' -- cat "$T/review.html"
t_grep "… the distance to the site" 0 '距点位：0 米' -- cat "$T/review.html"
t_grep "… and flags the one taken 5 km away" 0 '⚠ 拍摄地距点位 5.0 公里，超出范围' -- cat "$T/review.html"
t_grep "… and the one taken after the round" 0 '拍摄于 2024-01-05，晚于报送节点 2023-12-25' -- cat "$T/review.html"
curl -s -H "$RB" "${URL}evidence?site=$site" > "$T/page.html"
t_grep "the evidence page has the upload form (multipart)" 0 'enctype="multipart/form-data"' -- cat "$T/page.html"
t_grep "… which says personal data is the uploader's" 0 '个人信息由上传人负责' -- cat "$T/page.html"
curl -s -H "$RB" "${URL}report?round=2023-12-25" > "$T/report.html"
t_grep "报送 links to a report's evidence" 0 'href="/evidence\?indicator=4\.disabled_orphan_care_subsidy&amp;org=360100&amp;round=2023-12-25"' -- cat "$T/report.html"
# the upload form, as a browser sends it: a cookie session, the CSRF field in the multipart body
hdr=$(curl -s -D - -o "$T/login.json" -H 'Content-Type: application/json' -d '{"name":"nanchang","password":"minsheng2023"}' "${URL}api/v1/login" | tr -d '\r')
COOKIE=$(printf '%s' "$hdr" | sed -n 's/^Set-Cookie: \(ms_session=[0-9a-f]*\);.*/\1/p')
CSRF=$(jq -r .csrf "$T/login.json")
form() { curl -s -o "$T/form.html" -w '%{http_code} %{redirect_url}' -b "$COOKIE" -H 'Accept: text/html' "$@" "${URL}evidence"; }
t_grep "the form uploads a photo and goes back to the page (303)" 0 "^303 .*/evidence\?site=$site&added=1$" -- form -F "csrf=$CSRF" -F "site=$site" -F "file=@$T/near.jpg;type=image/jpeg"
t "without the CSRF field: 403" 0 "403 " -- form -F "site=$site" -F "file=@$T/near.jpg;type=image/jpeg"
t "an HTML file through the form: 415, the page again with the reason" 0 "415 " -- form -F "csrf=$CSRF" -F "site=$site" -F "file=@$T/page.jpg;type=image/jpeg"
t_grep "… said beside the form" 0 '内容不是其中之一' -- cat "$T/form.html"
t "a file on a page that takes none: 415" 0 "415" -- sh -c "curl -s -o /dev/null -w '%{http_code}' -b '$COOKIE' -F 'csrf=$CSRF' -F 'file=@$T/near.jpg' '${URL}report'"
t "a thumbnail is served to a login" 0 "200 image/jpeg" -- sh -c "curl -s -o /dev/null -w '%{http_code} %{content_type}' -H '$AB' '${URL}api/v1/evidence/1/thumb'"

# --- a plan may require evidence before approval ---
sqlite3 "$MINSHENG_DB" "INSERT INTO setting (key, value) VALUES ('evidence.required.$plan', '10.aeds')"
t_grep "approval without evidence is refused" 1 "要求“配备自动体外除颤器（AED）”附佐证材料" -- ms approve 10.aeds 360400 --round 2023-12-25
t_grep "another indicator is not held" 0 "" -- ms approve 1.loans_new 360400 --round 2023-12-25
t_grep "with evidence it passes" 0 "" -- ms approve 10.aeds 360100 --round 2023-12-25
t "once approved, the site photo is public (公示), without EXIF" 0 "200" -- sh -c "curl -s -o '$T/pub.jpg' -w '%{http_code}' '${URL}api/v1/evidence/1/public'"
t "… no GPS in it" 0 "" -- exiftool -s3 -GPSLatitude "$T/pub.jpg"
curl -s "${URL}item/10" > "$T/item.html"
t_grep "the public item page shows the approved site photo (公示)" 0 '<img src="/api/v1/evidence/1/public"' -- cat "$T/item.html"
t_sh "… and no original, no thumbnail, no EXIF time or place" '! grep -qE "/api/v1/evidence/[0-9]+\"|/thumb|拍摄：|距点位" "$T/item.html"'
t_grep "an approved report takes no more evidence" 1 "已审核通过" -- ms evidence add "$T/near.jpg" --report 10.aeds/360100/2023-12-25

kill -TERM $pid
wait $pid
t_sh "the server stops cleanly" "[ $? -eq 0 ]"
done_testing
