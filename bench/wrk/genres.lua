-- GET /v1/genres (page 1, page_size 20).
--   wrk -t2 -c16 -d10s -s bench/wrk/genres.lua http://127.0.0.1:5099
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

function setup(thread) common.setup(thread) end
function init(args) common.init(args) end

function request()
  return wrk.format("GET", "/v1/genres")
end

function response(status) common.count(status) end

function done() common.done({ [200] = true }) end
