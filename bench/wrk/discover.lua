-- GET /v1/movies with the discovery filters, drawn as bench/LoadGen draws them (Scenarios.Discover): a country by
-- traffic weight; 1-3 distinct genres (1..20), with genre_match=all on half the lists of two or more; an excluded
-- genre (not one of those) on 30%; a year range on 30% (year_from uniform 1950..2015, year_to 0-20 years later);
-- leaving_within_days or arrived_within_days (1..90, half each) on 20%;
-- q on 40%: four times in five one of the 100 most frequent title words, else one of the rarest (words=FILE: a
-- line per word, "frequent WORD" or "rare WORD", written by bench/run.sh from the loaded dataset); sort: relevance
-- (the default) with q, else year, -year, leaving or arrived, a quarter each; page Zipf(1.5) over 1..50, page_size 20.
--   wrk -t2 -c16 -d10s -s bench/wrk/discover.lua http://127.0.0.1:5099 -- seed=42 words=bench/.data/words.txt
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

function setup(thread) common.setup(thread) end
function init(args) common.init(args) end

local frequent, rare
local function load_words()
  frequent, rare = {}, {}
  local file = common.opts.words or (dir .. "../.data/words.txt")
  local f = io.open(file, "r")
  if not f then error("no word file " .. file .. " (a line per word: \"frequent WORD\" or \"rare WORD\")") end
  for line in f:lines() do
    local kind, word = line:match("^(%a+)%s+(%S+)")
    if kind == "frequent" then frequent[#frequent + 1] = word elseif kind == "rare" then rare[#rare + 1] = word end
  end
  f:close()
  if #frequent == 0 or #rare == 0 then error("the word file " .. file .. " needs frequent and rare words") end
end

function request()
  if not frequent then load_words() end
  local path = "/v1/movies?country=" .. common.country()
  local count, genres, seen = math.random(1, 3), {}, {}
  while #genres < count do
    local g = math.random(1, 20)
    if not seen[g] then seen[g] = true; genres[#genres + 1] = g end
  end
  path = path .. "&genre=" .. table.concat(genres, ",")
  if count > 1 and math.random(0, 1) == 1 then path = path .. "&genre_match=all" end
  if math.random(1, 10) <= 3 then
    local x
    repeat x = math.random(1, 20) until not seen[x]
    path = path .. "&exclude_genre=" .. x
  end
  if math.random(1, 10) <= 3 then
    local from = math.random(1950, 2015)
    path = path .. "&year_from=" .. from .. "&year_to=" .. (from + math.random(0, 20))
  end
  if math.random(1, 10) <= 2 then
    path = path .. (math.random(0, 1) == 1 and "&leaving_within_days=" or "&arrived_within_days=") .. math.random(1, 90)
  end
  if math.random(1, 10) <= 4 then
    local list = math.random(1, 5) <= 4 and frequent or rare
    path = path .. "&q=" .. list[math.random(1, #list)]
  else
    local sorts = { "year", "-year", "leaving", "arrived" }
    path = path .. "&sort=" .. sorts[math.random(1, #sorts)]
  end
  path = path .. "&page=" .. common.zipf(50, 1.5) .. "&page_size=20"
  return wrk.format("GET", path)
end

function response(status) common.count(status) end

function done() common.done({ [200] = true }) end
