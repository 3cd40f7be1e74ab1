-- GET /v1/movies/{id}: id uniform over 1..movies.
--   wrk -t2 -c16 -d10s -s bench/wrk/movie_detail.lua http://127.0.0.1:5099 -- seed=42 movies=1000000
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

function setup(thread) common.setup(thread) end
function init(args) common.init(args) end

function request()
  return wrk.format("GET", "/v1/movies/" .. math.random(1, common.opts.movies))
end

function response(status) common.count(status) end

function done() common.done({ [200] = true }) end
