-- Exact GCRA decisions, several per call (those that arrived while the previous call was in flight), in arrival order, each
-- all-or-nothing over its own limits: the decision part of gcra.lua, with the same arithmetic as Engine/Gcra.cs.
-- The call's numbers (ARGV, see gcra-common.lua):
--   L, then per limit: interval ticks, capacity ticks, TTL in milliseconds;
--   S, then per shape (a list of limits with a cost): cost, number of limits n, then n limit numbers (1-based, into the above);
--   then, when S > 1, per decision: its shape number (1-based). With one shape every decision has it.
-- KEYS: every decision's keys (one per limit of its shape, in that order), in decision order.
-- Keys are read with one MGET and written once each at the end (their last value and TTL), as Redis sees nothing of the call
-- until it returns.
-- Returns, per decision, flattened: the reported limit's 1-based index when the decision has more than one limit, then that
-- limit's level + 1 (ticks the TAT runs ahead of now), negated when refused; the caller derives remaining, reset and retry.
--- @include "gcra-common.lua"
-- Limit l's interval, capacity and TTL are h[3l - 1], h[3l] and h[3l + 1].
local a = 3 * h[1] + 2
local shape_count = h[a]
-- Shape s is h[shapes[s]] (cost), h[shapes[s] + 1] (n), then its n limit numbers.
local shapes = {}
a = a + 1
for s = 1, shape_count do
  shapes[s] = a
  a = a + 2 + h[a + 1]
end
-- The numbers after the shapes (#ARGV[1] - 1 in all) are the decisions' shape numbers.
local decisions = shape_count == 1 and #KEYS / h[shapes[1] + 1] or #ARGV[1] - a

local stored = call('MGET', unpack(KEYS))
-- Keys written by an earlier decision of this call: their TAT and TTL now.
local tats, holds = {}, {}
local result, r, k = {}, 0, 0
local levels = {}
local at = shapes[1]
for d = 1, decisions do
  if shape_count > 1 then
    at = shapes[h[a + d - 1]]
  end
  local cost, n = h[at], h[at + 1]
  local refused = false
  for i = 1, n do
    local l = h[at + 1 + i]
    local level = level_of(tats[KEYS[k + i]] or stored[k + i])
    local new_level = level + cost * h[3 * l - 1]
    if new_level > h[3 * l] then
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
    -- The reported limit: the one with the fewest requests remaining (no comparison with a single limit).
    local best, best_remaining = 1, nil
    for i = 1, n do
      local l = h[at + 1 + i]
      local level = levels[i]
      if cost > 0 then
        local key, ttl = KEYS[k + i], h[3 * l + 1]
        tats[key], holds[key] = now + level, hold_ms(level, ttl)
      end
      if n > 1 then
        local remaining = floor((h[3 * l] - level) / h[3 * l - 1])
        if best_remaining == nil or remaining < best_remaining then
          best, best_remaining = i, remaining
        end
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
for key, tat in pairs(tats) do
  call('PSETEX', key, holds[key], tat)
end
return result
