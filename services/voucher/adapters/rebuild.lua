-- Finish a rebuild with the state read from the database after it began.
-- KEYS: stock, members, meta, taken
-- ARGV: final meta, generation, number of free slots, slots..., member/count pairs...
if redis.call('GET', KEYS[3]) ~= 'rebuilding|' .. ARGV[2] then return -1 end  -- superseded
local n = tonumber(ARGV[3])
local batch = {}
for i = 4, 3 + n do
  if redis.call('SISMEMBER', KEYS[4], ARGV[i]) == 0 then
    batch[#batch + 1] = ARGV[i]
    if #batch == 1000 then redis.call('RPUSH', KEYS[1], unpack(batch)); batch = {} end
  end
end
if #batch > 0 then redis.call('RPUSH', KEYS[1], unpack(batch)) end
for i = 4 + n, #ARGV, 2 do
  local held = tonumber(redis.call('HGET', KEYS[2], ARGV[i]) or '0')
  if held < tonumber(ARGV[i + 1]) then redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
end
redis.call('SET', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[4])
return n
