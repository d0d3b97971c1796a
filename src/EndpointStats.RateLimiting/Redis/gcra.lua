-- GCRA over several limits, all-or-nothing, in one call. Same arithmetic as Engine/Gcra.cs.
-- KEYS[i]: one key per limit.
-- ARGV[1]: cost; ARGV[2]: lease units wanted (0: none); ARGV[3]: lease lifetime in ticks; ARGV[4]: units handed back from an
-- ended lease; then per limit: interval ticks, capacity ticks, TTL in milliseconds.
-- Times are 100 ns ticks since 2024-01-01 (small enough for Lua's doubles), read from the server so every replica agrees.
-- Returns a decision as decide.lua does (the reported limit's 1-based index when there is more than one limit, then its
-- level + 1 in ticks, negated when refused), or {0, level of limit 1, level of limit 2, ...} (levels before the lease, in
-- ticks) when a lease was granted.
local t = redis.call('TIME')
local now = (tonumber(t[1]) - 1704067200) * 10000000 + tonumber(t[2]) * 10 + 1
local cost = tonumber(ARGV[1])
local lease = tonumber(ARGV[2])
local lifetime = tonumber(ARGV[3])
local returned = tonumber(ARGV[4])
local n = #KEYS

local function store(i, level)
  local ttl = tonumber(ARGV[i * 3 + 4])
  -- A number argument reaches Redis with every digit (these are integers below 2^53).
  redis.call('PSETEX', KEYS[i], math.max(ttl, math.ceil(level / 10000)), now + level)
end

-- Levels (how far each TAT runs ahead of now), after giving back what an ended lease did not use.
local levels = {}
for i = 1, n do
  local interval = tonumber(ARGV[i * 3 + 2])
  local raw = redis.call('GET', KEYS[i])
  local level = math.max((tonumber(raw or '0')) - now, 0)
  if returned > 0 and raw then
    level = math.max(level - returned * interval, 0)
    store(i, level)
  end
  levels[i] = level
end

-- A lease is recorded as if all its units arrived at the end of its lifetime, and only while every limit stays at most half
-- full afterwards, so a lease never lets through more than per-request decisions would.
if lease > 0 then
  local fits = true
  for i = 1, n do
    local interval = tonumber(ARGV[i * 3 + 2])
    local capacity = tonumber(ARGV[i * 3 + 3])
    if (math.max(levels[i], lifetime) + lease * interval) * 2 > capacity then
      fits = false
      break
    end
  end
  if fits then
    local result = {0}
    for i = 1, n do
      local interval = tonumber(ARGV[i * 3 + 2])
      store(i, math.max(levels[i], lifetime) + lease * interval)
      result[i + 1] = levels[i]
    end
    return result
  end
end

for i = 1, n do
  local interval = tonumber(ARGV[i * 3 + 2])
  local capacity = tonumber(ARGV[i * 3 + 3])
  local new_level = levels[i] + cost * interval
  if new_level > capacity then
    if n > 1 then
      return {i, -levels[i] - 1}
    end
    return {-levels[i] - 1}
  end
  levels[i] = new_level
end
local best, best_remaining = 1, nil
for i = 1, n do
  local interval = tonumber(ARGV[i * 3 + 2])
  local capacity = tonumber(ARGV[i * 3 + 3])
  if cost > 0 then
    store(i, levels[i])
  end
  local remaining = math.floor((capacity - levels[i]) / interval)
  if best_remaining == nil or remaining < best_remaining then
    best, best_remaining = i, remaining
  end
end
if n > 1 then
  return {best, levels[best] + 1}
end
return {levels[best] + 1}
