-- Shared by the wrk scripts: per-thread deterministic draws with the same distributions as
-- bench/pgbench/*.sql and bench/LoadGen. Script arguments (after `--`): seed=42 movies=1000000
-- users=100000 tokens=<file> (default bench/.tokens: a line per user, "user_id token").
local M = {}
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"

-- Traffic weight per country, per mille.
M.countries = {
  {"US", 250}, {"GB", 90}, {"DE", 70}, {"BR", 70}, {"IN", 60}, {"FR", 50}, {"JP", 50}, {"CA", 50},
  {"MX", 40}, {"ES", 30}, {"IT", 30}, {"AU", 30}, {"KR", 20}, {"NL", 20}, {"PL", 20},
  {"SE", 10}, {"AR", 10}, {"NO", 10}, {"DK", 10}, {"BE", 10}, {"FI", 10}, {"IE", 10}, {"AT", 10}, {"CH", 10},
  {"PT", 5}, {"NZ", 5}, {"ZA", 5}, {"SG", 5}, {"TR", 5}, {"IS", 5},
}

M.opts = { seed = 42, movies = 1000000, users = 100000, tokens = dir .. "../.tokens" }

function M.init(args)
  for _, a in ipairs(args or {}) do
    local k, v = a:match("^(%w+)=(.*)$")
    if k then M.opts[k] = tonumber(v) or v end
  end
  -- wrk runs each thread in its own Lua state; `tid` is set by M.setup, so each thread has its own stream.
  math.randomseed(M.opts.seed * 1000 + (tid or 0))
end

-- Call from setup(thread): numbers the threads and keeps them for M.done.
local threads, next_tid = {}, 0
function M.setup(thread)
  next_tid = next_tid + 1
  thread:set("tid", next_tid)
  threads[#threads + 1] = thread
end
M.threads = threads

function M.country()
  local r = math.random(1, 1000)
  for _, c in ipairs(M.countries) do
    r = r - c[2]
    if r <= 0 then return c[1] end
  end
  return "US"
end

-- Zipf(s) over 1..n: P(k) proportional to 1/k^s, like pgbench's random_zipfian.
local cdfs = {}
function M.zipf(n, s)
  local key = n .. ":" .. s
  local cdf = cdfs[key]
  if not cdf then
    cdf = {}
    local total = 0
    for k = 1, n do total = total + k ^ -s; cdf[k] = total end
    for k = 1, n do cdf[k] = cdf[k] / total end
    cdfs[key] = cdf
  end
  local x, lo, hi = math.random(), 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < x then lo = mid + 1 else hi = mid end
  end
  return lo
end

-- Tokens, split into heavy users (ids 1-100) and the rest; one request in ten goes to a heavy user.
local heavy, light
function M.user()
  if not heavy then
    heavy, light = {}, {}
    local f = io.open(M.opts.tokens, "r")
    if not f then error("no token file " .. M.opts.tokens .. " (a line per user: \"user_id token\")") end
    for line in f:lines() do
      local id, token = line:match("^%s*(%d+)%s+(%S+)")
      if id then
        local list = tonumber(id) <= 100 and heavy or light
        list[#list + 1] = { id = tonumber(id), token = token }
      end
    end
    f:close()
    if #heavy + #light == 0 then error("no tokens in " .. M.opts.tokens) end
  end
  local list = ((math.random(1, 10) == 1 and #heavy > 0) or #light == 0) and heavy or light
  return list[math.random(1, #list)]
end

-- Status counts per thread, summed by M.done (only for scripts that define response()).
statuses = {}
function M.count(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function M.done(ok)
  local sums, good, total = {}, 0, 0
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("statuses") or {}) do
      sums[status] = (sums[status] or 0) + n
    end
  end
  local codes = {}
  for status, n in pairs(sums) do
    codes[#codes + 1] = status
    total = total + n
    if ok[status] then good = good + n end
  end
  table.sort(codes)
  io.write("status counts:")
  for _, status in ipairs(codes) do io.write(string.format(" %d=%d", status, sums[status])) end
  io.write(string.format("\nsuccess (%s): %d of %d\n", table.concat(M.keys(ok), "/"), good, total))
end

function M.keys(t)
  local out = {}
  for k in pairs(t) do out[#out + 1] = tostring(k) end
  table.sort(out)
  return out
end

return M
