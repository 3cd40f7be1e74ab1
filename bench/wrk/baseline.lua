-- GET /bench/baseline: a fixed 20-movie page, no database (the API started with Benchmark__BaselineEndpoint=true,
-- which bench/api.sh does by default). This machine's HTTP + JSON ceiling, the "H" of bench/run.sh.
--   wrk -t2 -c32 -d10s -s bench/wrk/baseline.lua http://127.0.0.1:5099
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

function setup(thread) common.setup(thread) end
function init(args) common.init(args) end

function request()
  return wrk.format("GET", "/bench/baseline")
end

function response(status) common.count(status) end

function done() common.done({ [200] = true }) end
