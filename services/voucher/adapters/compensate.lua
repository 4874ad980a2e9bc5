-- Undo a claim whose database write failed.
-- KEYS: stock, members, meta, idem (absent when none)
-- ARGV: member, slot, put slot back (1/0), idem value, generation the claim passed,
--       the member's vouchers in the database (the count never goes below them)
if KEYS[4] and redis.call('GET', KEYS[4]) == ARGV[4] then redis.call('DEL', KEYS[4]) end
local meta = redis.call('GET', KEYS[3])
if not meta or string.match(meta, '^[^|]+|(.*)$') ~= ARGV[5] then
  return 0  -- rebuilt since: the database, which never had this claim, is already the truth
end
if ARGV[3] == '1' then
  redis.call('LREM', KEYS[1], 0, ARGV[2])  -- never twice in the list
  redis.call('RPUSH', KEYS[1], ARGV[2])
end
local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
redis.call('HSET', KEYS[2], ARGV[1], math.max(held - 1, tonumber(ARGV[6]), 0))
return 1
