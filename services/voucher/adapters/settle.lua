-- After a claim committed: if a rebuild began since the claim passed the gate, the rebuild
-- may not have seen this voucher; take its slot out and count it for the member.
-- KEYS: stock, members, meta, taken; ARGV: generation seen, slot, member, member's count in the DB
local meta = redis.call('GET', KEYS[3])
if not meta then return 0 end  -- flushed: the next rebuild reads a database that has it
local state, generation = string.match(meta, '^([^|]+)|(.*)$')
if generation == ARGV[1] then return 0 end
if state == 'rebuilding' then redis.call('SADD', KEYS[4], ARGV[2]) end
redis.call('LREM', KEYS[1], 0, ARGV[2])
local held = tonumber(redis.call('HGET', KEYS[2], ARGV[3]) or '0')
if held < tonumber(ARGV[4]) then redis.call('HSET', KEYS[2], ARGV[3], ARGV[4]) end
return 1
