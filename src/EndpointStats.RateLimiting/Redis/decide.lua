-- Exact GCRA decisions, several per call (those that arrived while the previous call was in flight), in arrival order, each
-- all-or-nothing over its own limits: the decision part of gcra.lua, with the same arithmetic as Engine/Gcra.cs.
-- ARGV, so that each decision costs one argument: first the call's distinct limits, then its shapes, then the decisions.
--   L, then per limit: interval ticks, capacity ticks, TTL in milliseconds;
--   S, then per shape (a list of limits with a cost): cost, number of limits n, then n limit numbers (1-based, into the above);
--   then per decision, to the end: its shape number (1-based).
-- KEYS: every decision's keys (one per limit of its shape, in that order), in decision order.
-- Times are 100 ns ticks since 2024-01-01, read from the server (one TIME for the whole call). Keys are read with one MGET and
-- written once each at the end (their last value and TTL), as Redis sees nothing of the call until it returns.
-- Returns, per decision, flattened: the reported limit's 1-based index when the decision has more than one limit, then that
-- limit's level + 1 (ticks the TAT runs ahead of now), negated when refused; the caller derives remaining, reset and retry.
local call, num, floor, ceil = redis.call, tonumber, math.floor, math.ceil
local t = call('TIME')
local now = (num(t[1]) - 1704067200) * 10000000 + num(t[2]) * 10 + 1
local intervals, capacities, ttls = {}, {}, {}
local a = 2
for l = 1, num(ARGV[1]) do
  intervals[l], capacities[l], ttls[l] = num(ARGV[a]), num(ARGV[a + 1]), num(ARGV[a + 2])
  a = a + 3
end
local costs, shapes = {}, {}
local shape_count = num(ARGV[a])
a = a + 1
for s = 1, shape_count do
  local n = num(ARGV[a + 1])
  local limits = {}
  for i = 1, n do
    limits[i] = num(ARGV[a + 1 + i])
  end
  costs[s], shapes[s] = num(ARGV[a]), limits
  a = a + 2 + n
end

local stored = call('MGET', unpack(KEYS))
-- Keys written by an earlier decision of this call: their TAT and TTL now, and the order they were first written in.
local tats, holds, written, w = {}, {}, {}, 0
local result, r, k = {}, 0, 0
local levels = {}
for d = a, #ARGV do
  local shape = num(ARGV[d])
  local limits, cost = shapes[shape], costs[shape]
  local n = #limits
  local refused = false
  for i = 1, n do
    local l = limits[i]
    local level = (tats[KEYS[k + i]] or num(stored[k + i]) or 0) - now
    if level < 0 then
      level = 0
    end
    local new_level = level + cost * intervals[l]
    if new_level > capacities[l] then
      if n > 1 then
        r = r + 1
        result[r] = i
      end
      r = r + 1
      result[r] = -level - 1
      refused = true
      break
    end
    levels[i] = new_level
  end
  if not refused then
    local best, best_remaining = 1, nil
    for i = 1, n do
      local l = limits[i]
      local level = levels[i]
      if cost > 0 then
        local key = KEYS[k + i]
        if not tats[key] then
          w = w + 1
          written[w] = key
        end
        local hold = ceil(level / 10000)
        tats[key], holds[key] = now + level, hold > ttls[l] and hold or ttls[l]
      end
      local remaining = floor((capacities[l] - level) / intervals[l])
      if best_remaining == nil or remaining < best_remaining then
        best, best_remaining = i, remaining
      end
    end
    if n > 1 then
      r = r + 1
      result[r] = best
    end
    r = r + 1
    result[r] = levels[best] + 1
  end
  k = k + n
end
-- A number argument reaches Redis with every digit (these are integers below 2^53): no string.format needed.
for j = 1, w do
  local key = written[j]
  call('PSETEX', key, holds[key], tats[key])
end
return result
