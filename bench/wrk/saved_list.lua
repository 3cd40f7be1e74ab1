-- GET /v1/users/{id}/saved-movies with that user's bearer token (from bench/.tokens): one request in ten
-- from a heavy user (ids 1-100) if the file has any; country by traffic weight; sort date_added|-date_added;
-- page Zipf(1.5) over 1..50.
--   wrk -t2 -c16 -d10s -s bench/wrk/saved_list.lua http://127.0.0.1:5099 -- seed=42 tokens=bench/.tokens
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

function setup(thread) common.setup(thread) end
function init(args) common.init(args) end

function request()
  local user = common.user()
  local path = string.format("/v1/users/%d/saved-movies?country=%s&sort=%s&page=%d&page_size=20",
    user.id, common.country(), math.random(0, 1) == 1 and "date_added" or "-date_added", common.zipf(50, 1.5))
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. user.token })
end

function response(status) common.count(status) end

function done() common.done({ [200] = true }) end
