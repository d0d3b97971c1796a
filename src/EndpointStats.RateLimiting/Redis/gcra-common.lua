-- Shared by decide.lua and gcra.lua, which include it (EmbeddedScript puts it in place of their include line when it loads
-- them): the server's time, the call's numbers and the GCRA rules both scripts apply, with the arithmetic of Engine/Gcra.cs.
-- ARGV[1]: the struct format of ARGV[2] ('<' and one 'd' per number); ARGV[2]: the call's numbers, packed as little-endian
-- doubles (exact for these integers, all below 2^53), so that Redis parses them in one C call.
-- Times are 100 ns ticks since 2024-01-01 (small enough for Lua's doubles), read from the server (one TIME per call), so
-- that every replica agrees.
local call, floor, ceil = redis.call, math.floor, math.ceil
local t = call('TIME')
local now = (t[1] - 1704067200) * 10000000 + t[2] * 10 + 1
local h = { struct.unpack(ARGV[1], ARGV[2]) }

-- How far a TAT runs ahead of now, in ticks (0 once it is behind). A stored value that is not a number (written by
-- something else sharing the Redis) reads as an empty key, which the next allowed decision overwrites.
local function level_of(tat)
  tat = tonumber(tat)
  local level = tat and tat - now or 0
  return level > 0 and level or 0
end

-- A written key's TTL in milliseconds: the limit's own (its period), longer only when a burst keeps the state further ahead.
local function hold_ms(level, ttl)
  return level > ttl * 10000 and ceil(level / 10000) or ttl
end
