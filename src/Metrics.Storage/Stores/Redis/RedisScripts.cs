namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// The Lua scripts of the Redis store. Only fixed text lives here: key names travel as KEYS and every label value,
/// field name and number as ARGV, so no data ever becomes script text (and the script cache holds a handful of scripts).
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// Applies one chunk of a flush atomically and at most once.
    /// KEYS: [1] the instance's marker key, [2] the index set, [3] the metadata hash, [4..] per family part its data
    /// hash, its exemplar hash and its native-histogram hash (for a summary, its sketch hash). ARGV: [1] this chunk's
    /// marker, [2] the previous chunk's marker (empty for the first chunk of a batch), [3] expiry in milliseconds, then per family part: name, metadata JSON, write count, the
    /// number of arguments its runs take, the family's expiry in milliseconds, then its writes as runs of one operation each: the operation, the run's
    /// length, and per write the field and the value (see <see cref="ChunkArguments"/>). Operations: <c>i</c> add an
    /// integer, <c>I</c> add one integer to each field (the run length, the integer, then only the fields), <c>a</c>
    /// add, <c>s</c> set, <c>n</c> set if absent, <c>x</c> replace the field's exemplar in the exemplar hash (the value
    /// is the exemplar's JSON), <c>r</c> remove the field and its exemplar, <c>R</c> remove every instance's value of the
    /// field from a per-instance gauge hash (the fields that end with it: an instance's field is its id's prefix followed
    /// by the seed field, and a seed field <c>{suffix}:{labels json}</c> never ends with another whole seed field),
    /// <c>c</c> delete the family's hash, its exemplar hash and its native-histogram hash (its field is empty). Writes after a removal in the same
    /// chunk recreate their fields from zero.
    /// <c>h</c> add native-histogram series to the native hash (the run length counts series;
    /// per series its labels JSON, 1 when the series was removed since the previous flush (its stored fields are deleted
    /// first, and nothing is added when its count is 0) else 0, schema, zero threshold, zero count, count, sum, then the
    /// number of positive buckets and their key and count pairs, then the same for negative buckets). The native hash keeps per series
    /// <c>s:{labels}</c> the schema, <c>zt:{labels}</c> the widest zero threshold, <c>z:{labels}</c> the zero count,
    /// <c>c:{labels}</c> the count, <c>x:{labels}</c> the sum and <c>p{key}:{labels}</c> / <c>n{key}:{labels}</c> the
    /// bucket counts. The coarser schema wins: finer incoming keys are merged down before they are added (bucket
    /// <c>k</c> goes to <c>ceil(k / 2^d)</c>), and when the incoming schema is the coarser one the stored buckets of the
    /// series are merged down first.
    /// <c>q</c> adds a summary's sketches: like <c>h</c> after three more values (the slot of the window, the oldest slot
    /// to keep, the unix time in milliseconds the slot may be dropped at), into the part's third key, the sketch hash,
    /// with labels qualified by the slot (<c>{slot}:{labels}</c>); a removal removes the series from every slot. The
    /// hash's <c>slot</c> field holds the newest slot written: a newer one first deletes the fields of slots older than
    /// the oldest to keep, and the hash expires (PEXPIREAT) when the newest slot may be dropped.
    /// An integer add is a HINCRBY, which costs Redis half of what HINCRBYFLOAT does and stores the same text when it
    /// succeeds (both add exactly below 2^63 and write plain digits); a field HINCRBY refuses (a fraction, an exponent,
    /// an overflow, no number) gets the HINCRBYFLOAT it always got.
    /// Markers are fixed-width text, so string order is (sequence, chunk) order.
    /// Returns {1, rejected writes, refused family, its stored metadata, ...} when applied, {0, 0} when already
    /// applied, {-1, 0} when the previous chunk of the batch is missing (it was lost on the way), so that nothing is
    /// ever applied out of order. A family whose stored metadata declares another type, label names, buckets (native
    /// or not), states, quantiles and window, or gauge mode (absent means most recent, as <see cref="MetricMetadata.ToJson"/>
    /// writes it) is refused: none of its writes are made and its stored data and metadata stay as they are.
    /// A key that is neither a hash nor absent is left alone and a field write Redis refuses (a field that holds no
    /// number) is skipped; both are counted as rejected instead of aborting the script halfway.
    /// </summary>
    public const string ApplyChunk = """
        local last = redis.call('GET', KEYS[1])
        if last and last >= ARGV[1] then
          return {0, 0}
        end
        if ARGV[2] ~= '' and last ~= ARGV[2] then
          return {-1, 0}
        end
        local function shape(json)
          local m = cjson.decode(json)
          local parts = {m.type, 'm' .. string.lower(m.mode or 'mostrecent')}
          for _, label in ipairs(m.labels) do parts[#parts + 1] = 'l' .. label end
          for _, bound in ipairs(m.buckets) do parts[#parts + 1] = string.format('b%.17g', bound) end
          for _, state in ipairs(m.states or {}) do parts[#parts + 1] = 's' .. state end
          for _, quantile in ipairs(m.quantiles or {}) do parts[#parts + 1] = string.format('q%.17g', quantile) end
          if m.max_age_ms then parts[#parts + 1] = string.format('w%.17g/%.17g', m.max_age_ms, m.age_buckets or 0) end
          if m.native then parts[#parts + 1] = 'native' end
          return table.concat(parts, ',')
        end
        local function conflicts(stored, declared)
          if not stored or stored == declared then
            return false
          end
          local ok, storedShape = pcall(shape, stored)
          return ok and storedShape ~= shape(declared)
        end
        local ttl = ARGV[3]
        local rejected = 0
        local refused = {}
        local function reduce(key, by)
          if by == 0 then
            return key
          end
          return math.floor((key - 1) / 2 ^ by) + 1
        end
        local function mergeStored(native, labels, by)
          local moved = {}
          local entries = redis.call('HGETALL', native)
          for e = 1, #entries, 2 do
            local sign, key, rest = string.match(entries[e], '^([pn])(%-?%d+):(.*)$')
            if sign and rest == labels then
              redis.call('HDEL', native, entries[e])
              local target = sign .. string.format('%d', reduce(tonumber(key), by))
              moved[target] = (moved[target] or 0) + tonumber(entries[e + 1])
            end
          end
          for target, c in pairs(moved) do
            redis.call('HINCRBY', native, target .. ':' .. labels, c)
          end
        end
        local function removeNative(native, labels, pattern)
          for _, field in ipairs(redis.call('HKEYS', native)) do
            if string.match(field, pattern) == labels then
              redis.call('HDEL', native, field)
            end
          end
        end
        local function addNative(native, j, slot)
          local labels = ARGV[j]
          if ARGV[j + 1] == '1' then
            removeNative(native, labels, slot and '^%a+%-?%d*:%d+:(.*)$' or '^%a+%-?%d*:(.*)$')
            if ARGV[j + 5] == '0' then
              local positive = tonumber(ARGV[j + 7])
              return j + 9 + 2 * positive + 2 * tonumber(ARGV[j + 8 + 2 * positive]), 0
            end
          end
          if slot then
            labels = slot .. ':' .. labels
          end
          j = j + 1
          local schema = tonumber(ARGV[j + 1])
          local stored = tonumber(redis.call('HGET', native, 's:' .. labels))
          if stored and stored > schema then
            mergeStored(native, labels, stored - schema)
          end
          if not stored or stored > schema then
            redis.call('HSET', native, 's:' .. labels, schema)
            stored = schema
          end
          local storedThreshold = tonumber(redis.call('HGET', native, 'zt:' .. labels))
          if not storedThreshold or tonumber(ARGV[j + 2]) > storedThreshold then
            redis.call('HSET', native, 'zt:' .. labels, ARGV[j + 2])
          end
          redis.call('HINCRBY', native, 'z:' .. labels, ARGV[j + 3])
          redis.call('HINCRBY', native, 'c:' .. labels, ARGV[j + 4])
          local rejected = 0
          local reply = redis.pcall('HINCRBYFLOAT', native, 'x:' .. labels, ARGV[j + 5])
          if type(reply) == 'table' and reply.err then
            rejected = 1
          end
          j = j + 6
          for _, sign in ipairs({'p', 'n'}) do
            local m = tonumber(ARGV[j])
            j = j + 1
            for b = 1, m do
              local key = reduce(tonumber(ARGV[j]), schema - stored)
              redis.call('HINCRBY', native, sign .. string.format('%d', key) .. ':' .. labels, ARGV[j + 1])
              j = j + 2
            end
          end
          return j, rejected
        end
        local a = 4
        for k = 4, #KEYS, 3 do
          local key = KEYS[k]
          local exemplars = false
          local name = ARGV[a]
          local metadata = ARGV[a + 1]
          local count = tonumber(ARGV[a + 2])
          local familyTtl = ARGV[a + 4]
          a = a + 5
          local stop = a + tonumber(ARGV[a - 2])
          local kind = redis.call('TYPE', key).ok
          local stored = redis.call('HGET', KEYS[3], name)
          if conflicts(stored, metadata) then
            refused[#refused + 1] = name
            refused[#refused + 1] = stored
          elseif kind == 'hash' or kind == 'none' then
            local i = a
            while i < stop do
              local op = ARGV[i]
              local n = tonumber(ARGV[i + 1])
              if op == 'i' or op == 'I' then
                local shared = op == 'I'
                local first, step = i + 2, 2
                if shared then
                  first, step = i + 3, 1
                end
                local delta = ARGV[i + 2]
                local last = first + step * (n - 1)
                for j = first, last, step do
                  if not shared then
                    delta = ARGV[j + 1]
                  end
                  local reply = redis.pcall('HINCRBY', key, ARGV[j], delta)
                  if type(reply) == 'table' and reply.err then
                    reply = redis.pcall('HINCRBYFLOAT', key, ARGV[j], delta)
                    if type(reply) == 'table' and reply.err then
                      rejected = rejected + 1
                    end
                  end
                end
                i = last + step
              elseif op == 'r' or op == 'R' or op == 'c' then
                local last = i + 2 * n
                for j = i + 2, last, 2 do
                  local field = ARGV[j]
                  if op == 'c' then
                    redis.call('DEL', key, KEYS[k + 1], KEYS[k + 2])
                  elseif op == 'r' then
                    redis.call('HDEL', key, field)
                    redis.call('HDEL', KEYS[k + 1], field)
                  else
                    for _, stored in ipairs(redis.call('HKEYS', key)) do
                      if #stored > #field and string.sub(stored, -#field) == field then
                        redis.call('HDEL', key, stored)
                      end
                    end
                  end
                end
                i = last + 2
              elseif op == 'h' or op == 'q' then
                local native = KEYS[k + 2]
                local j = i + 2
                local slot, newest
                if op == 'q' then
                  slot = ARGV[j]
                  newest = tonumber(redis.call('HGET', native, 'slot'))
                  if not newest or tonumber(slot) > newest then
                    local oldest = tonumber(ARGV[j + 1])
                    for _, field in ipairs(redis.call('HKEYS', native)) do
                      local fieldSlot = string.match(field, '^%a+%-?%d*:(%d+):')
                      if fieldSlot and tonumber(fieldSlot) < oldest then
                        redis.call('HDEL', native, field)
                      end
                    end
                    redis.call('HSET', native, 'slot', slot)
                  end
                  j = j + 3
                end
                for _ = 1, n do
                  local failed
                  j, failed = addNative(native, j, slot)
                  rejected = rejected + failed
                end
                if not slot then
                  redis.call('PEXPIRE', native, familyTtl)
                elseif not newest or tonumber(slot) >= newest then
                  redis.call('PEXPIREAT', native, ARGV[i + 4])
                end
                i = j
              else
                local command, target = 'HINCRBYFLOAT', key
                if op == 's' then
                  command = 'HSET'
                elseif op == 'n' then
                  command = 'HSETNX'
                elseif op == 'x' then
                  command, target = 'HSET', KEYS[k + 1]
                  exemplars = true
                end
                local last = i + 2 * n
                for j = i + 2, last, 2 do
                  local reply = redis.pcall(command, target, ARGV[j], ARGV[j + 1])
                  if type(reply) == 'table' and reply.err then
                    rejected = rejected + 1
                  end
                end
                i = last + 2
              end
            end
            redis.call('PEXPIRE', key, familyTtl)
            if exemplars then
              redis.pcall('PEXPIRE', KEYS[k + 1], familyTtl)
            end
            redis.call('SADD', KEYS[2], name)
            redis.call('HSET', KEYS[3], name, metadata)
          else
            rejected = rejected + count
          end
          a = stop
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
        redis.call('PEXPIRE', KEYS[2], ttl)
        redis.call('PEXPIRE', KEYS[3], ttl)
        local reply = {1, rejected}
        for _, item in ipairs(refused) do reply[#reply + 1] = item end
        return reply
        """;

    /// <summary>
    /// Lists the slots a flush wrote to in the spread layout's slot set and refreshes its expiry.
    /// KEYS: [1] the slot set. ARGV: [1] expiry in milliseconds, [2..] the slots.
    /// </summary>
    public const string RegisterSlots = """
        for i = 2, #ARGV do
          redis.call('SADD', KEYS[1], ARGV[i])
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 1
        """;

    /// <summary>
    /// Forgets a family whose data hash has expired: removes it from the index and the metadata, but only when the
    /// hash is still absent, so a writer that just recreated it keeps its entries.
    /// KEYS: [1] the index set, [2] the metadata hash, [3] the family's data hash. ARGV: [1] the family name.
    /// </summary>
    public const string ForgetExpiredFamily = """
        if redis.call('EXISTS', KEYS[3]) == 0 then
          redis.call('SREM', KEYS[1], ARGV[1])
          redis.call('HDEL', KEYS[2], ARGV[1])
          return 1
        end
        return 0
        """;

    /// <summary>
    /// Records a heartbeat by the server's clock and lists dead instances.
    /// KEYS: [1] the instances hash. ARGV: [1] the instance id, [2] the instance timeout in seconds, [3] expiry in
    /// milliseconds, [4] the most dead instances to list.
    /// Returns {1 when the instance was known else 0, {dead instance ids}}.
    /// </summary>
    public const string Heartbeat = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
        local known = redis.call('HEXISTS', KEYS[1], ARGV[1])
        redis.call('HSET', KEYS[1], ARGV[1], string.format('%.6f', now))
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        local timeout = tonumber(ARGV[2])
        local limit = tonumber(ARGV[4])
        local dead = {}
        local entries = redis.call('HGETALL', KEYS[1])
        for i = 1, #entries, 2 do
          if #dead >= limit then
            break
          end
          local beat = tonumber(entries[i + 1])
          if beat == nil or now - beat > timeout then
            dead[#dead + 1] = entries[i]
          end
        end
        return {known, dead}
        """;

    /// <summary>
    /// Removes a dead instance: its fields in the given per-instance gauge hashes and its heartbeat, but only if it
    /// is still dead (it may have come back since it was listed).
    /// KEYS: [1] the instances hash, [2..] the hashes of the Live* gauges. ARGV: [1] the instance id, [2] the start of
    /// its fields, [3] the instance timeout in seconds.
    /// Returns 1 when removed, 0 when the instance is alive again.
    /// </summary>
    public const string ForgetInstance = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
        local beat = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
        if beat ~= nil and now - beat <= tonumber(ARGV[3]) then
          return 0
        end
        local start = ARGV[2]
        for k = 2, #KEYS do
          for _, field in ipairs(redis.call('HKEYS', KEYS[k])) do
            if string.sub(field, 1, #start) == start then
              redis.call('HDEL', KEYS[k], field)
            end
          end
        end
        redis.call('HDEL', KEYS[1], ARGV[1])
        return 1
        """;

    /// <summary>
    /// Reads the server's clock and every heartbeat at once. KEYS: [1] the instances hash.
    /// Returns {seconds, microseconds, {id, heartbeat, ...}}.
    /// </summary>
    public const string ReadInstances = """
        local t = redis.call('TIME')
        return {t[1], t[2], redis.call('HGETALL', KEYS[1])}
        """;

    /// <summary>
    /// Copies a hash atomically into a key of its own that expires, so that a large hash can be read in <c>HSCAN</c>
    /// pages of a copy no flush changes (a histogram's <c>_count</c> still equal to its <c>+Inf</c> bucket).
    /// KEYS: [1] the hash, [2] the copy (in the same slot). ARGV: [1] the copy's lifetime in milliseconds.
    /// Returns 1 when copied, 0 when the hash is gone.
    /// </summary>
    public const string Snapshot = """
        if redis.call('COPY', KEYS[1], KEYS[2], 'REPLACE') == 1 then
          redis.call('PEXPIRE', KEYS[2], ARGV[1])
          return 1
        end
        return 0
        """;
}
