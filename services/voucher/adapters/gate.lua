-- Claim: one atomic step over idempotency key, member count and stock.
-- KEYS: stock, members, meta, idem (absent when none); ARGV: member, voucher_id, campaign_id, idem ttl
-- meta is "<limit>|<generation>", "closed|<generation>" or "rebuilding|<generation>".
local meta = redis.call('GET', KEYS[3])
if not meta then return {'not_loaded'} end
local limit, generation = string.match(meta, '^([^|]+)|(.*)$')
if limit == 'rebuilding' then return {'not_loaded'} end
if limit == 'closed' then return {'closed'} end
if KEYS[4] then
  local prior = redis.call('GET', KEYS[4])
  if prior then return {'duplicate', prior} end
end
local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if held >= tonumber(limit) then return {'limit_reached'} end
local slot = redis.call('LPOP', KEYS[1])
if not slot then return {'sold_out'} end
local count = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
if KEYS[4] then
  redis.call('SET', KEYS[4], ARGV[3] .. '|' .. ARGV[2], 'EX', tonumber(ARGV[4]))
end
return {'ok', slot, generation, count}
