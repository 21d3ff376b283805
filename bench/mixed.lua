-- bench/mixed.lua - wrk's mixed load for bench/web.sh: of every 10 requests,
-- 7 reads (4 anonymous GET /api/v1/status, 2 GET /report with a reporter's
-- session cookie, 1 GET /review with a lead's) and 3 writes (POST
-- /api/v1/reports with the bearer token of one of the 11 cities, its own
-- report of 10.aeds for the 2023-12-25 round, the value counting up).
-- Arguments (after --): STATUS_PATH REPORTER_COOKIE LEAD_COOKIE TOKEN...
-- done() prints "acked N refused M other K": N answers 201 (a write
-- acknowledged), M POSTs refused (any answer but 201 to a write cannot
-- be told apart from a read's, so refused counts every non-2xx), K 200s.
local threads = {}
function setup(thread)
	thread:set("id", #threads)
	table.insert(threads, thread)
end

local cities = { "360100", "360200", "360300", "360400", "360500", "360600",
	"360700", "360800", "360900", "361000", "361100" }
local status_path, cookie_rep, cookie_lead
local tokens = {}
local n = 0

function init(args)
	acked, refused, other = 0, 0, 0
	status_path, cookie_rep, cookie_lead = args[1], args[2], args[3]
	for i = 4, #args do tokens[#tokens + 1] = args[i] end
end

function request()
	n = n + 1
	local k = n % 10
	if k < 4 then
		return wrk.format("GET", status_path)
	elseif k < 6 then
		return wrk.format("GET", "/report?round=2023-12-25", { ["Cookie"] = "ms_session=" .. cookie_rep })
	elseif k < 7 then
		return wrk.format("GET", "/review?round=2023-12-25", { ["Cookie"] = "ms_session=" .. cookie_lead })
	end
	local c = (n + id * 7) % #tokens + 1
	local v = 70 + (id * 1000000 + n) % 900000
	return wrk.format("POST", "/api/v1/reports", {
		["Authorization"] = "Bearer " .. tokens[c],
		["Content-Type"] = "application/x-www-form-urlencoded" },
		"indicator=10.aeds&org=" .. cities[c] .. "&round=2023-12-25&value=" .. v ..
		"%E5%8F%B0&narrative=%E5%8E%8B%E5%8A%9B%E6%B5%8B%E8%AF%95")
end

function response(status, headers, body)
	if status == 201 then acked = acked + 1
	elseif status == 200 then other = other + 1
	else refused = refused + 1 end
end

function done(summary, latency, requests)
	local a, r, o = 0, 0, 0
	for _, t in ipairs(threads) do a = a + t:get("acked"); r = r + t:get("refused"); o = o + t:get("other") end
	io.write(string.format("acked %d refused %d other %d\n", a, r, o))
end
