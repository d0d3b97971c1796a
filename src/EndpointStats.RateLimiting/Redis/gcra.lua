-- GCRA over several limits, all-or-nothing, in one call. Same arithmetic as Engine/Gcra.cs.
-- KEYS[i]: one key per limit.
-- The call's numbers (ARGV, see gcra-common.lua): cost, lease units wanted (0: none), lease lifetime in ticks, units handed
-- back from an ended lease, then per limit: interval ticks, capacity ticks, TTL in milliseconds.
-- Returns a decision as decide.lua does (the reported limit's 1-based index when there is more than one limit, then its
-- level + 1 in ticks, negated when refused), or {0, level of limit 1, level of limit 2, ...} (levels before the lease, in
-- ticks) when a lease was granted.
--- @include "gcra-common.lua"
-- Limit i's interval, capacity and TTL are h[3i + 2], h[3i + 3] and h[3i + 4].
local cost, lease, lifetime, returned = h[1], h[2], h[3], h[4]
local n = #KEYS

-- A number argument reaches Redis with every digit (these are integers below 2^53): no string.format needed.
local function store(i, level)
  call('PSETEX', KEYS[i], hold_ms(level, h[i * 3 + 4]), now + level)
end

-- Levels (how far each TAT runs ahead of now), after giving back what an ended lease did not use.
local stored = call('MGET', unpack(KEYS))
local levels = {}
for i = 1, n do
  local level = level_of(stored[i])
  if returned > 0 and level > 0 then
    level = level - returned * h[i * 3 + 2]
    if level < 0 then
      level = 0
    end
    store(i, level)
  end
  levels[i] = level
end

-- A lease is recorded as if all its units arrived at the end of its lifetime, and only while every limit stays at most half
-- full afterwards, so a lease never lets through more than per-request decisions would.
if lease > 0 then
  local fits = true
  for i = 1, n do
    if (math.max(levels[i], lifetime) + lease * h[i * 3 + 2]) * 2 > h[i * 3 + 3] then
      fits = false
      break
    end
  end
  if fits then
    local result = {0}
    for i = 1, n do
      store(i, math.max(levels[i], lifetime) + lease * h[i * 3 + 2])
      result[i + 1] = levels[i]
    end
    return result
  end
end

for i = 1, n do
  local new_level = levels[i] + cost * h[i * 3 + 2]
  if new_level > h[i * 3 + 3] then
    if n > 1 then
      return {i, -levels[i] - 1}
    end
    return {-levels[i] - 1}
  end
  levels[i] = new_level
end
local best, best_remaining = 1, nil
for i = 1, n do
  if cost > 0 then
    store(i, levels[i])
  end
  local remaining = floor((h[i * 3 + 3] - levels[i]) / h[i * 3 + 2])
  if best_remaining == nil or remaining < best_remaining then
    best, best_remaining = i, remaining
  end
end
if n > 1 then
  return {best, levels[best] + 1}
end
return {levels[best] + 1}
