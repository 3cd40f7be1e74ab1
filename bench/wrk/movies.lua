-- GET /v1/movies: country by traffic weight, a genre (1..20) half the time, sort year|-year, page Zipf(1.5) 1..500.
--   wrk -t2 -c16 -d10s -s bench/wrk/movies.lua http://127.0.0.1:5099 -- seed=42
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

function setup(thread) common.setup(thread) end
function init(args) common.init(args) end

function request()
  local path = "/v1/movies?country=" .. common.country()
  if math.random(0, 1) == 1 then path = path .. "&genre=" .. math.random(1, 20) end
  path = path .. "&sort=" .. (math.random(0, 1) == 1 and "year" or "-year")
  path = path .. "&page=" .. common.zipf(500, 1.5) .. "&page_size=20"
  return wrk.format("GET", path)
end

function response(status) common.count(status) end

function done() common.done({ [200] = true }) end
