-- Exact GCRA decisions, several per call (those that arrived while the previous call was in flight), in arrival order, each
-- all-or-nothing over its own limits: the decision part of gcra.lua, with the same arithmetic as Engine/Gcra.cs.
-- ARGV[1]: number of decisions; then per decision: its number of limits n, its cost, then per limit: interval ticks, capacity
-- ticks, TTL in milliseconds. KEYS: every decision's keys (n each), in the same order.
-- Times are 100 ns ticks since 2024-01-01, read from the server (one TIME for the whole call).
-- Returns, per decision, {allowed (1/0), index of the reported limit, remaining, reset ticks, retry ticks}, flattened.
local t = redis.call('TIME')
local now = (tonumber(t[1]) - 1704067200) * 10000000 + tonumber(t[2]) * 10 + 1
local result = {}
local a = 2
local k = 0
for d = 1, tonumber(ARGV[1]) do
  local n = tonumber(ARGV[a])
  local cost = tonumber(ARGV[a + 1])
  a = a + 2
  local levels = {}
  local refused = false
  for i = 1, n do
    local interval = tonumber(ARGV[a + i * 3 - 3])
    local capacity = tonumber(ARGV[a + i * 3 - 2])
    local level = math.max(tonumber(redis.call('GET', KEYS[k + i]) or '0') - now, 0)
    local new_level = level + cost * interval
    if new_level > capacity then
      local r = #result
      result[r + 1], result[r + 2], result[r + 3] = 0, i, math.floor((capacity - level) / interval)
      result[r + 4], result[r + 5] = level, new_level - capacity
      refused = true
      break
    end
    levels[i] = new_level
  end
  if not refused then
    local best, best_remaining, best_reset = 1, nil, 0
    for i = 1, n do
      local interval = tonumber(ARGV[a + i * 3 - 3])
      local capacity = tonumber(ARGV[a + i * 3 - 2])
      local level = levels[i]
      if cost > 0 then
        local ttl = tonumber(ARGV[a + i * 3 - 1])
        redis.call('SET', KEYS[k + i], string.format('%.0f', now + level), 'PX', math.max(ttl, math.ceil(level / 10000)))
      end
      local remaining = math.floor((capacity - level) / interval)
      if best_remaining == nil or remaining < best_remaining then
        best, best_remaining, best_reset = i, remaining, level
      end
    end
    local r = #result
    result[r + 1], result[r + 2], result[r + 3], result[r + 4], result[r + 5] = 1, best, best_remaining, best_reset, 0
  end
  a = a + n * 3
  k = k + n
end
return result
