namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// The Lua scripts of the Redis store. Only fixed text lives here: key names travel as KEYS and every label value,
/// field name and number as ARGV, so no data ever becomes script text (and the script cache holds two scripts).
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// Applies one chunk of a flush atomically and at most once.
    /// KEYS: [1] the instance's marker key, [2] the index set, [3] the metadata hash, [4..] one data hash per family
    /// part. ARGV: [1] this chunk's marker, [2] the previous chunk's marker (empty for the first chunk of a batch),
    /// [3] expiry in milliseconds, then per family part: name, metadata JSON, the numbers of adds, sets and
    /// sets-if-absent, then the field and the value of each add, then of each set, then of each set-if-absent
    /// (grouped so that no write carries an operation argument: every argument costs server time).
    /// Markers are fixed-width text, so string order is (sequence, chunk) order.
    /// Returns {1, rejected writes} when applied, {0, 0} when already applied, {-1, 0} when the previous chunk of
    /// the batch is missing (it was lost on the way), so that nothing is ever applied out of order.
    /// A key that is neither a hash nor absent is left alone and a field write Redis refuses (a field that holds no
    /// number, or an add whose result is not finite, as HINCRBYFLOAT refuses) is skipped; both are counted as rejected
    /// instead of aborting the script halfway.
    /// Adds are not one HINCRBYFLOAT each (about 2 µs of server time per field, most of a large flush): a part's added
    /// fields are read with HMGET, summed in Lua (doubles, like the writer) and written back with one HSET. A sum is
    /// written as the shortest of %.15g and %.17g that reads back as the same double, which Redis, the seed's
    /// float() and this library parse alike. A flush writes each field at most once per batch, so doing a part's
    /// adds together after its sets does not reorder writes to one field.
    /// </summary>
    public const string ApplyChunk = """
        local last = redis.call('GET', KEYS[1])
        if last and last >= ARGV[1] then
          return {0, 0}
        end
        if ARGV[2] ~= '' and last ~= ARGV[2] then
          return {-1, 0}
        end
        local function add(key, fields, amounts)
          local refused = 0
          for first = 1, #fields, 1000 do
            local final = math.min(first + 999, #fields)
            local stored = redis.call('HMGET', key, unpack(fields, first, final))
            local sums = {}
            for j = first, final do
              local old = stored[j - first + 1]
              local sum = 0
              if old then
                sum = tonumber(old)
              end
              if sum then
                sum = sum + tonumber(amounts[j])
              end
              if sum and sum == sum and sum ~= math.huge and sum ~= -math.huge then
                local text = string.format('%.15g', sum)
                if tonumber(text) ~= sum then
                  text = string.format('%.17g', sum)
                end
                sums[#sums + 1] = fields[j]
                sums[#sums + 1] = text
              else
                refused = refused + 1
              end
            end
            if #sums > 0 then
              redis.call('HSET', key, unpack(sums))
            end
          end
          return refused
        end
        local ttl = ARGV[3]
        local rejected = 0
        local a = 4
        for k = 4, #KEYS do
          local key = KEYS[k]
          local name = ARGV[a]
          local metadata = ARGV[a + 1]
          local adds = tonumber(ARGV[a + 2])
          local sets = tonumber(ARGV[a + 3])
          local count = adds + sets + tonumber(ARGV[a + 4])
          a = a + 5
          local kind = redis.call('TYPE', key).ok
          if kind == 'hash' or kind == 'none' then
            local fields = {}
            local amounts = {}
            for i = 1, adds do
              fields[i] = ARGV[a + 2 * i - 2]
              amounts[i] = ARGV[a + 2 * i - 1]
            end
            for i = a + 2 * adds, a + 2 * (count - 1), 2 do
              local reply
              if i < a + 2 * (adds + sets) then
                reply = redis.pcall('HSET', key, ARGV[i], ARGV[i + 1])
              else
                reply = redis.pcall('HSETNX', key, ARGV[i], ARGV[i + 1])
              end
              if type(reply) == 'table' and reply.err then
                rejected = rejected + 1
              end
            end
            rejected = rejected + add(key, fields, amounts)
            redis.call('PEXPIRE', key, ttl)
            redis.call('SADD', KEYS[2], name)
            redis.call('HSET', KEYS[3], name, metadata)
          else
            rejected = rejected + count
          end
          a = a + 2 * count
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
        redis.call('PEXPIRE', KEYS[2], ttl)
        redis.call('PEXPIRE', KEYS[3], ttl)
        return {1, rejected}
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
}
