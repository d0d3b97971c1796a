-- GCRA over several limits, all-or-nothing, in one call. Same arithmetic as Engine/Gcra.cs.
-- KEYS[i]: one key per limit. ARGV[1]: cost; then per limit: interval ticks, capacity ticks, TTL in milliseconds.
-- Times are 100 ns ticks since 2024-01-01 (small enough for Lua's doubles), read from the server so every replica agrees.
-- Returns {allowed (1/0), index of the reported limit, remaining, reset ticks, retry ticks}.
local t = redis.call('TIME')
local now = (tonumber(t[1]) - 1704067200) * 10000000 + tonumber(t[2]) * 10 + 1
local cost = tonumber(ARGV[1])
local levels = {}
for i = 1, #KEYS do
  local interval = tonumber(ARGV[i * 3 - 1])
  local capacity = tonumber(ARGV[i * 3])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  local level = math.max(tat - now, 0)
  local new_level = level + cost * interval
  if new_level > capacity then
    return {0, i, math.floor((capacity - level) / interval), level, new_level - capacity}
  end
  levels[i] = new_level
end
local best, best_remaining, best_reset = 1, nil, 0
for i = 1, #KEYS do
  local interval = tonumber(ARGV[i * 3 - 1])
  local capacity = tonumber(ARGV[i * 3])
  local ttl = tonumber(ARGV[i * 3 + 1])
  if cost > 0 then
    redis.call('SET', KEYS[i], string.format('%.0f', now + levels[i]), 'PX', math.max(ttl, math.ceil(levels[i] / 10000)))
  end
  local remaining = math.floor((capacity - levels[i]) / interval)
  if best_remaining == nil or remaining < best_remaining then
    best, best_remaining, best_reset = i, remaining, levels[i]
  end
end
return {1, best, best_remaining, best_reset, 0}
