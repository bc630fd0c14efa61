namespace Chronos.Storage.Redis;

// The batch append and the turn: one script each, all checks before the first write (a Lua script that stops keeps
// what it wrote, so nothing may be refused after writing starts).
internal static partial class RedisScripts
{
    /// <summary>
    /// Appends a batch of events to one session's ledger, all or nothing, in the session's slot. KEYS[1] the session's
    /// index set, KEYS[2] its counter, KEYS[3..n+2] the event records. ARGV: n, expected last number (-1: not fenced),
    /// the largest number, seq field, entry field, first supplied number (0: the store numbers them), '1' when a batch
    /// whose ids are all stored is a retry (else a stored id is refused), then per event: id, m, m field/value pairs.
    /// Members and numbers as in <see cref="AppendEvent"/>; a batch that stores events publishes on the counter's name
    /// as <see cref="AppendEvent"/> does. Returns {'ok', first number}, {'exists', hash...} (every id
    /// stored: the retry's answer), {'mixed', 0|1 per event}, {'dup', id} (turn), {'conflict', last}, {'taken', i},
    /// {'exhausted', last} or {'noperm', command}.
    /// </summary>
    public const string AppendEvents = AppendEventsFunctions + """
        local st = append_parse(KEYS, ARGV)
        local failure = append_check(KEYS, ARGV, st)
        if failure then return failure end
        return append_apply(KEYS, ARGV, st)
        """;

    /// <summary><see cref="AppendEvents"/> as functions over a KEYS/ARGV pair, for <see cref="CommitTurn"/>.</summary>
    public const string AppendEventsFunctions = """
        local function append_parse(KEYS, ARGV)
          local st = {n = tonumber(ARGV[1]), ev = {}}
          local p = 8
          for i = 1, st.n do
            local m = tonumber(ARGV[p + 1])
            st.ev[i] = {ARGV[p], p + 2, m}
            p = p + 2 + 2 * m
          end
          return st
        end
        local function append_check(KEYS, ARGV, st)
          local stored = 0
          local flags = {'mixed'}
          for i = 1, st.n do
            local found = redis.call('EXISTS', KEYS[2 + i])
            if found == 1 and ARGV[7] ~= '1' then return {'dup', st.ev[i][1]} end
            stored = stored + found
            flags[#flags + 1] = found
          end
          if stored == st.n and st.n > 0 then
            local r = {'exists'}
            for i = 1, st.n do r[#r + 1] = redis.call('HGETALL', KEYS[2 + i]) end
            return r
          end
          if stored > 0 then return flags end
          local checks = {{'SET', KEYS[2], '1'}, {'ZADD', KEYS[1], '0', 'm'}}
          if st.n > 0 then checks[#checks + 1] = {'HSET', KEYS[3], 'f', 'v'} end
          for _, c in ipairs(checks) do
            if redis.acl_check_cmd and not redis.acl_check_cmd(unpack(c)) then return {'noperm', c[1]} end
          end
          local lastText = redis.call('GET', KEYS[2]) or '0'
          st.last = tonumber(lastText)
          if tonumber(ARGV[2]) >= 0 and st.last ~= tonumber(ARGV[2]) then return {'conflict', lastText} end
          st.first = tonumber(ARGV[6])
          if st.first == 0 then
            if st.last + st.n > tonumber(ARGV[3]) then return {'exhausted', lastText} end
            st.first = st.last + 1
          else
            for i = 1, st.n do
              local prefix = '8' .. string.format('%015X', st.first + i - 1) .. '\1'
              if redis.call('ZRANGE', KEYS[1], '[' .. prefix, '[' .. prefix .. '\255', 'BYLEX', 'LIMIT', 0, 1)[1] then return {'taken', i} end
            end
          end
          return nil
        end
        local function append_apply(KEYS, ARGV, st)
          if st.n == 0 then return {'ok', '0'} end
          local top = st.first + st.n - 1
          if top > st.last then redis.call('SET', KEYS[2], string.format('%.0f', top)) end
          for i = 1, st.n do
            local seq = st.first + i - 1
            local e = st.ev[i]
            local member = '8' .. string.format('%015X', seq) .. '\1' .. e[1]
            redis.call('ZADD', KEYS[1], 0, member)
            if e[3] > 0 then redis.call('HSET', KEYS[2 + i], unpack(ARGV, e[2], e[2] + 2 * e[3] - 1)) end
            redis.call('HSET', KEYS[2 + i], ARGV[4], string.format('%.0f', seq), ARGV[5], string.len(KEYS[1]) .. ':' .. KEYS[1] .. member)
          end
          redis.pcall('PUBLISH', KEYS[2], '')
          return {'ok', string.format('%.0f', st.first)}
        end

        """;

    /// <summary>
    /// A whole turn in one script. ARGV[1] the number of parts, ARGV[2] '1' on a cluster (below), then per part: kind,
    /// its key count, its argument count; then every part's arguments, and KEYS every part's keys, in part order.
    /// Kinds: 'w' a <see cref="Write"/>, 'a' an <see cref="AppendEvents"/>, 'x' extra keys (single node only): ARGV[1]
    /// the number of locators, then one value per key (a locator's partition, then members of non-local index sets),
    /// then per locator its record's expiry in Unix ms (0: none; else PEXPIREAT).
    /// Every part is checked first (a locator naming another partition refuses with 'located'); only then is anything
    /// written. On a single node the entries of non-local indexes that a write replaced are removed here; on a cluster
    /// (every key of the script in the session's slot, no 'x' part) they are returned for the caller to remove after.
    /// Returns {'ok', first event number, replaced entries...} or {'refused', part, reply}.
    /// </summary>
    public const string CommitTurn = WriteFunctions + AppendEventsFunctions + """
        local np = tonumber(ARGV[1])
        local returnReplaced = ARGV[2] == '1'
        local parts = {}
        local k, a = 1, 3 + 3 * np
        for i = 1, np do
          local h = 3 + 3 * (i - 1)
          local nk, na = tonumber(ARGV[h + 1]), tonumber(ARGV[h + 2])
          local pk, pa = {}, {}
          for j = 1, nk do pk[j] = KEYS[k + j - 1] end
          for j = 1, na do pa[j] = ARGV[a + j - 1] end
          parts[i] = {ARGV[h], pk, pa}
          k = k + nk
          a = a + na
        end
        for i, p in ipairs(parts) do
          local failure
          if p[1] == 'w' then
            p[4] = write_parse(p[2], p[3])
            failure = write_check(p[2], p[3], p[4])
          elseif p[1] == 'a' then
            p[4] = append_parse(p[2], p[3])
            failure = append_check(p[2], p[3], p[4])
          else
            local nl = tonumber(p[3][1])
            for j = 1, #p[2] do
              local key = p[2][j]
              local c = j <= nl and {'SET', key, '1'} or {'ZADD', key, '0', 'm'}
              if redis.acl_check_cmd and not redis.acl_check_cmd(unpack(c)) then failure = {'noperm', c[1]}; break end
              if j <= nl then
                local v = redis.call('GET', key)
                if v and v ~= p[3][1 + j] then failure = {'located', key}; break end
              end
            end
          end
          if failure then return {'refused', i, failure} end
        end
        local result = {'ok', '0'}
        for _, p in ipairs(parts) do
          if p[1] == 'w' then
            local r = write_apply(p[2], p[3], p[4])
            for j = 2, #r do
              local entry = r[j]
              if returnReplaced then
                result[#result + 1] = entry
              else
                local c = string.find(entry, ':', 1, true)
                local len = tonumber(string.sub(entry, 1, c - 1))
                redis.call('ZREM', string.sub(entry, c + 1, c + len), string.sub(entry, c + len + 1))
              end
            end
          elseif p[1] == 'a' then
            result[2] = append_apply(p[2], p[3], p[4])[2]
          else
            local nl = tonumber(p[3][1])
            for j = 1, #p[2] do
              if j <= nl then
                redis.call('SET', p[2][j], p[3][1 + j])
                local expire = tonumber(p[3][1 + #p[2] + j])
                if expire > 0 then redis.call('PEXPIREAT', p[2][j], expire) end
              else
                redis.call('ZADD', p[2][j], 0, p[3][1 + j])
              end
            end
          end
        end
        return result
        """;
}
