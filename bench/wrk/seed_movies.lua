-- GET /v1/movies on the demo catalogue (the API's own seed, not the 1M dataset): country US/GB/DE/BR/JP,
-- a genre (1..14) half the time, sort year|-year, page 1..5 uniform. For bench/run.sh's seed-scale figure.
--   wrk -t2 -c32 -d10s -s bench/wrk/seed_movies.lua http://127.0.0.1:5098 -- seed=42
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")
local countries = { "US", "GB", "DE", "BR", "JP" }

function setup(thread) common.setup(thread) end
function init(args) common.init(args) end

function request()
  local path = "/v1/movies?country=" .. countries[math.random(1, #countries)]
  if math.random(0, 1) == 1 then path = path .. "&genre=" .. math.random(1, 14) end
  path = path .. "&sort=" .. (math.random(0, 1) == 1 and "year" or "-year")
  path = path .. "&page=" .. math.random(1, 5) .. "&page_size=20"
  return wrk.format("GET", path)
end

function response(status) common.count(status) end

function done() common.done({ [200] = true }) end
