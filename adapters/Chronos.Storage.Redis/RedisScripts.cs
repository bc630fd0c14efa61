namespace Chronos.Storage.Redis;

/// <summary>
/// The server-side Lua of the adapter, run with EVALSHA/EVAL through <c>ScriptEvaluate</c> and KEYS/ARGV (not
/// <c>LuaScript.Prepare</c>, which binds parameters by reflection). Every script touches keys of one hash tag only.
/// An index entry field of a record holds <c>len(key) ':' key member</c>: where the record is currently indexed.
/// </summary>
internal static partial class RedisScripts
{
    /// <summary>
    /// Insert/upsert/conditional update of one record and its partition-local index entries, all or nothing.
    /// KEYS[1] record, KEYS[2..] the record's new local index sets (in index order).
    /// ARGV: mode (insert|upsert|update), version field, expected version, n, n field/value pairs (hash fields incl.
    /// index entry fields), count, then per index: entry field, entry, local flag, unique prefix ('' if none), member;
    /// last, the record's expiry in Unix milliseconds (0: none), set with PEXPIREAT in the same script as the write.
    /// Returns {'ok', previous entries of non-local indexes that changed...} or {'dup', field} / {'missing'} / {'stale'} /
    /// {'noperm', command} (the user's ACL refuses one of the writes: checked first, so nothing is written), followed on
    /// failure by the stored entries of the non-local indexes.
    /// </summary>
    public const string Write = WriteFunctions + """
        local st = write_parse(KEYS, ARGV)
        local failure = write_check(KEYS, ARGV, st)
        if failure then return failure end
        return write_apply(KEYS, ARGV, st)
        """;

    /// <summary>
    /// <see cref="Write"/> as Lua functions over a KEYS/ARGV pair given as parameters (so the turn script runs several
    /// writes): parse, check (every refusal, before anything is written), apply (cannot fail once checked).
    /// </summary>
    public const string WriteFunctions = """
        local function write_parse(KEYS, ARGV)
          local st = {mode = ARGV[1], exists = redis.call('EXISTS', KEYS[1]) == 1, n = tonumber(ARGV[4]), idx = {}}
          local p = 5 + 2 * st.n
          st.count = tonumber(ARGV[p])
          p = p + 1
          local k = 2
          for i = 1, st.count do
            local e = {ARGV[p], ARGV[p + 1], nil, ARGV[p + 4], ARGV[p + 3]}
            if ARGV[p + 2] == '1' then e[3] = KEYS[k]; k = k + 1 end
            st.idx[i] = e
            p = p + 5
          end
          st.expire = tonumber(ARGV[p]) or 0
          return st
        end
        local function write_failed(KEYS, st, status, detail)
          local r = {status, detail}
          for i = 1, st.count do
            if not st.idx[i][3] then r[#r + 1] = redis.call('HGET', KEYS[1], st.idx[i][1]) or '' end
          end
          return r
        end
        local function write_check(KEYS, ARGV, st)
          local checks = {{'DEL', KEYS[1]}, {'HSET', KEYS[1], 'f', 'v'}}
          if st.expire > 0 then checks[#checks + 1] = {'PEXPIREAT', KEYS[1], '1'} end
          for i = 2, #KEYS do
            checks[#checks + 1] = {'ZADD', KEYS[i], '0', 'm'}
            checks[#checks + 1] = {'ZREM', KEYS[i], 'm'}
          end
          for _, c in ipairs(checks) do
            if redis.acl_check_cmd and not redis.acl_check_cmd(unpack(c)) then return write_failed(KEYS, st, 'noperm', c[1]) end
          end
          if st.mode == 'insert' and st.exists then return write_failed(KEYS, st, 'dup', '') end
          if st.mode == 'update' then
            if not st.exists then return write_failed(KEYS, st, 'missing', '') end
            if redis.call('HGET', KEYS[1], ARGV[2]) ~= ARGV[3] then return write_failed(KEYS, st, 'stale', '') end
          end
          for i = 1, st.count do
            local e = st.idx[i]
            if e[3] and e[5] ~= '' then
              local found = redis.call('ZRANGE', e[3], '[' .. e[5], '[' .. e[5] .. '\255', 'BYLEX', 'LIMIT', 0, 1)[1]
              if found and found ~= e[4] then return write_failed(KEYS, st, 'dup', e[1]) end
            end
          end
          return nil
        end
        local function write_apply(KEYS, ARGV, st)
          local result = {'ok'}
          for i = 1, st.count do
            local e = st.idx[i]
            local previous = redis.call('HGET', KEYS[1], e[1])
            if previous and previous ~= e[2] then
              if e[3] then
                local c = string.find(previous, ':', 1, true)
                local len = tonumber(string.sub(previous, 1, c - 1))
                redis.call('ZREM', string.sub(previous, c + 1, c + len), string.sub(previous, c + len + 1))
              else
                result[#result + 1] = previous
              end
            end
            if e[3] then redis.call('ZADD', e[3], 0, e[4]) end
          end
          redis.call('DEL', KEYS[1])
          redis.call('HSET', KEYS[1], unpack(ARGV, 5, 4 + 2 * st.n))
          if st.expire > 0 then redis.call('PEXPIREAT', KEYS[1], st.expire) end
          return result
        end

        """;

    /// <summary>
    /// Writes a hash unless the key exists (a record moved by a migration that a newer write may already have replaced),
    /// with the moved record's expiry in the same step, so a copy never outlives its record. KEYS[1] the hash. ARGV[1]
    /// the expiry (Unix milliseconds, 0 for none), then field/value pairs. Returns 1 when written.
    /// </summary>
    public const string CopyHashIfAbsent = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], unpack(ARGV, 2))
        local at = tonumber(ARGV[1])
        if at > 0 then redis.call('PEXPIREAT', KEYS[1], at) end
        return 1
        """;

    /// <summary>
    /// Deletes one record and its partition-local index entries. KEYS[1] record. ARGV: per index, entry field and
    /// local flag. Returns {deleted (0|1), entries of non-local indexes...}.
    /// </summary>
    public const string Delete = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
        local result = {1}
        for i = 1, #ARGV, 2 do
          local entry = redis.call('HGET', KEYS[1], ARGV[i])
          if entry then
            if ARGV[i + 1] == '1' then
              local c = string.find(entry, ':', 1, true)
              local len = tonumber(string.sub(entry, 1, c - 1))
              redis.call('ZREM', string.sub(entry, c + 1, c + len), string.sub(entry, c + len + 1))
            else
              result[#result + 1] = entry
            end
          end
        end
        redis.call('DEL', KEYS[1])
        return result
        """;

    /// <summary>Deletes a locator only while it still points at the given partition. KEYS[1] locator, ARGV[1] partition.</summary>
    public const string DeleteLocator = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>
    /// Appends an event to a session's ledger atomically. KEYS[1] event record, KEYS[2] the session's index set,
    /// KEYS[3] the session's counter. ARGV: seq (0 = assign), id, seq field, entry field, n, the largest sequence number,
    /// the expected last sequence number (-1 = not fenced; the counter is the session's highest number), n field/value pairs.
    /// The member is the <c>SortKeyEncoding</c> of the int64 sequence number, then the id; the adapter checks at
    /// startup that the generated layout of the index is exactly that. The script must assign the number itself, so it
    /// repeats the encoding of a positive int64: 16 upper-case hex digits of (value XOR 2^63), i.e. '8' and 15 digits
    /// below 2^60, then the U+0001 terminator (RedisAppendEncodingTests pins the two together).
    /// Lua numbers are doubles: every number here is at most <see cref="StorageLimits.MaxSeqNum"/> (2^53 - 1; the engine
    /// refuses larger ones, ARGV[6] carries the limit), so each is exact, and it is written back as its decimal digits
    /// ('%.0f', never Lua's 14-digit '%.14g'). The counter is checked before INCR, so a full ledger changes nothing.
    /// A script stopped by an error keeps what it wrote before it, so every write is first checked against the user's
    /// ACL (<c>redis.acl_check_cmd</c>, Redis 7; Redis 6 has no such call and skips the check): a user who may not run one of them changes nothing.
    /// An append that stores its event publishes an empty message on the channel named like the counter key (KEYS[3]),
    /// which wakes the session's watchers (<c>RedisStorage.Watch</c>): from the script, so the wake-up is sent exactly
    /// when the append is applied and no second command leaves the client; with <c>pcall</c>, so an ACL that refuses
    /// PUBLISH costs the watchers their push (they poll), never the append.
    /// Returns {'exists', stored hash...} (idempotent re-append, checked first so a retried fenced append gets its event),
    /// {'conflict', last} (the ledger no longer ends at the expected number), {'taken'} (caller's number in use),
    /// {'exhausted', last} (no number after the limit), {'noperm', command} (the ACL refuses a write), or {'ok', seq}.
    /// </summary>
    public const string AppendEvent = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return {'exists', redis.call('HGETALL', KEYS[1])} end
        for _, c in ipairs({{'INCR', KEYS[3]}, {'SET', KEYS[3], '1'}, {'ZADD', KEYS[2], '0', 'm'}, {'HSET', KEYS[1], 'f', 'v'}}) do
          if redis.acl_check_cmd and not redis.acl_check_cmd(unpack(c)) then return {'noperm', c[1]} end
        end
        local seq = tonumber(ARGV[1])
        local last = redis.call('GET', KEYS[3]) or '0'
        if tonumber(ARGV[7]) >= 0 and tonumber(last) ~= tonumber(ARGV[7]) then return {'conflict', last} end
        if seq == 0 then
          if tonumber(last) >= tonumber(ARGV[6]) then return {'exhausted', last} end
          seq = redis.call('INCR', KEYS[3])
        else
          local prefix = '8' .. string.format('%015X', seq) .. '\1'
          if redis.call('ZRANGE', KEYS[2], '[' .. prefix, '[' .. prefix .. '\255', 'BYLEX', 'LIMIT', 0, 1)[1] then return {'taken'} end
          if seq > tonumber(last) then redis.call('SET', KEYS[3], string.format('%.0f', seq)) end
        end
        local digits = string.format('%.0f', seq)
        local member = '8' .. string.format('%015X', seq) .. '\1' .. ARGV[2]
        redis.call('ZADD', KEYS[2], 0, member)
        local n = tonumber(ARGV[5])
        if n > 0 then redis.call('HSET', KEYS[1], unpack(ARGV, 8, 7 + 2 * n)) end
        redis.call('HSET', KEYS[1], ARGV[3], digits, ARGV[4], string.len(KEYS[2]) .. ':' .. KEYS[2] .. member)
        redis.pcall('PUBLISH', KEYS[3], '')
        return {'ok', digits}
        """;

    /// <summary>
    /// Records an entity's schema version unless the store is newer. KEYS[1] schema hash. ARGV: storage name, version,
    /// spec hash. Returns the version that was stored before (0 if none).
    /// </summary>
    public const string Migrate = """
        local stored = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
        if stored <= tonumber(ARGV[2]) then
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], ARGV[1] .. ':hash', ARGV[3])
        end
        return stored
        """;
}
