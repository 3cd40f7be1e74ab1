-- POST /v1/users/{id}/saved-movies {"movie_id": N, "country": "XX"} with the user's bearer token (bench/.tokens);
-- user as in saved_list.lua, movie uniform over 1..movies, country by traffic weight. 201, 409 (already
-- saved) and 422 (not available there) all count as success; the summary prints the status counts.
-- Saves accumulate: bench/sql/reset_saves.sql removes them.
--   wrk -t2 -c16 -d10s -s bench/wrk/save.lua http://127.0.0.1:5099 -- seed=42 tokens=bench/.tokens
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

function setup(thread) common.setup(thread) end
function init(args) common.init(args) end

function request()
  local user = common.user()
  local body = string.format('{"movie_id": %d, "country": "%s"}', math.random(1, common.opts.movies), common.country())
  return wrk.format("POST", "/v1/users/" .. user.id .. "/saved-movies",
    { ["Authorization"] = "Bearer " .. user.token, ["Content-Type"] = "application/json" }, body)
end

function response(status) common.count(status) end

function done() common.done({ [201] = true, [409] = true, [422] = true }) end
