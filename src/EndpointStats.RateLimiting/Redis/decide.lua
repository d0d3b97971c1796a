-- Exact GCRA decisions, several per call (those that arrived while the previous call was in flight), in arrival order, each
-- all-or-nothing over its own limits: the decision part of gcra.lua, with the same arithmetic as Engine/Gcra.cs.
-- ARGV[1]: number of decisions; then per decision: its number of limits n, its cost, then per limit: interval ticks, capacity
-- ticks, TTL in milliseconds. KEYS: every decision's keys (n each), in the same order.
-- Times are 100 ns ticks since 2024-01-01, read from the server (one TIME for the whole call).
-- Returns, per decision, {allowed (1/0), index of the reported limit, remaining, reset ticks, retry ticks}, flattened.
local call, num, floor, ceil, fmt = redis.call, tonumber, math.floor, math.ceil, string.format
local t = call('TIME')
local now = (num(t[1]) - 1704067200) * 10000000 + num(t[2]) * 10 + 1
local result = {}
local r = 0
local a = 2
local k = 0
local levels = {}
for _ = 1, num(ARGV[1]) do
  local n = num(ARGV[a])
  local cost = num(ARGV[a + 1])
  a = a + 2
  local refused = false
  for i = 1, n do
    local interval = num(ARGV[a + i * 3 - 3])
    local capacity = num(ARGV[a + i * 3 - 2])
    local level = (num(call('GET', KEYS[k + i]) or 0)) - now
    if level < 0 then
      level = 0
    end
    local new_level = level + cost * interval
    if new_level > capacity then
      result[r + 1], result[r + 2], result[r + 3] = 0, i, floor((capacity - level) / interval)
      result[r + 4], result[r + 5] = level, new_level - capacity
      refused = true
      break
    end
    levels[i] = new_level
  end
  if not refused then
    local best, best_remaining, best_reset = 1, nil, 0
    for i = 1, n do
      local interval = num(ARGV[a + i * 3 - 3])
      local level = levels[i]
      if cost > 0 then
        local ttl = num(ARGV[a + i * 3 - 1])
        local hold = ceil(level / 10000)
        call('SET', KEYS[k + i], fmt('%.0f', now + level), 'PX', hold > ttl and hold or ttl)
      end
      local remaining = floor((num(ARGV[a + i * 3 - 2]) - level) / interval)
      if best_remaining == nil or remaining < best_remaining then
        best, best_remaining, best_reset = i, remaining, level
      end
    end
    result[r + 1], result[r + 2], result[r + 3], result[r + 4], result[r + 5] = 1, best, best_remaining, best_reset, 0
  end
  r = r + 5
  a = a + n * 3
  k = k + n
end
return result
