-- Start a rebuild: claims wait, and claims committing meanwhile note their slots in `taken`.
-- KEYS: stock, members, meta, taken; ARGV: generation, seconds before an unfinished rebuild lapses
redis.call('DEL', KEYS[1], KEYS[2], KEYS[4])
redis.call('SET', KEYS[3], 'rebuilding|' .. ARGV[1], 'EX', tonumber(ARGV[2]))
return 1
