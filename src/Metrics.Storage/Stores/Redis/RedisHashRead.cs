using StackExchange.Redis;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// Reads one hash whole and at one moment (a flush is applied to a hash all at once or not at all). A small hash is one
/// <c>HGETALL</c>. A large one is copied atomically (<see cref="RedisScripts.Snapshot"/>) and the copy read in
/// <c>HSCAN</c> pages, then deleted: the client never holds the whole reply of a large family at once, which for a
/// 200 000-series family is hundreds of megabytes of reply objects (<c>Scrape_200k_Series_Redis</c>). A Redis that
/// cannot copy (before 6.2, an ACL without <c>+copy</c>, memory full) gets the <c>HGETALL</c>.
/// </summary>
internal static class RedisHashRead
{
    /// <summary>Fields per <c>HSCAN</c> page: a page's entries stay below the large object heap.</summary>
    public const int PageSize = 1000;

    // A copy left behind by a read that stopped (the process ended) expires after this.
    private const long SnapshotLifetimeMilliseconds = 60_000;

    /// <summary>
    /// Calls <paramref name="each"/> with every field of hash <paramref name="key"/>, read from a copy in pages when it
    /// has more than <paramref name="pagedAbove"/> fields, after telling <paramref name="size"/> how many it has.
    /// Nothing for a missing key; a key that is not a hash throws (<c>WRONGTYPE</c>).
    /// </summary>
    public static async Task ReadAsync(IDatabase database, RedisKey key, int pagedAbove, Action<HashEntry> each, Action<int>? size = null)
    {
        var length = await database.HashLengthAsync(key).ConfigureAwait(false);
        if (length == 0)
        {
            return;
        }

        size?.Invoke((int)Math.Min(length, int.MaxValue));

        if (length > pagedAbove && SnapshotKey(key) is { } snapshot && await TrySnapshotAsync(database, key, snapshot).ConfigureAwait(false))
        {
            try
            {
                await foreach (var entry in database.HashScanAsync(snapshot, pageSize: PageSize).ConfigureAwait(false))
                {
                    each(entry);
                }
            }
            finally
            {
                database.KeyDelete(snapshot, CommandFlags.FireAndForget);
            }

            return;
        }

        foreach (var entry in await database.HashGetAllAsync(key).ConfigureAwait(false))
        {
            each(entry);
        }
    }

    /// <summary>
    /// A key for a copy of <paramref name="key"/>: starting with it (so the ACL key pattern of the prefix covers it) and in
    /// its cluster slot (its hash tag, or the whole key as the copy's hash tag). Null for a key with braces but no hash
    /// tag, which no copy can share a slot with.
    /// </summary>
    private static RedisKey? SnapshotKey(RedisKey key)
    {
        var name = (string)key!;
        var copy = name + ":dm:snapshot:" + Guid.NewGuid().ToString("N");
        if (RedisHashSlot.HasHashTag(name))
        {
            return copy;
        }

        return name.AsSpan().ContainsAny('{', '}') ? null : copy + "{" + name + "}";
    }

    /// <summary>
    /// True when the hash was copied; false when it is gone, or Redis cannot copy (no <c>COPY</c> before 6.2, an ACL
    /// without it, memory full): then it is read whole. Any other refusal is a failure of the read.
    /// </summary>
    private static async Task<bool> TrySnapshotAsync(IDatabase database, RedisKey key, RedisKey snapshot)
    {
        try
        {
            var copied = await database.ScriptEvaluateAsync(RedisScripts.Snapshot, [key, snapshot], [SnapshotLifetimeMilliseconds])
                .ConfigureAwait(false);
            return (long)copied == 1;
        }
        catch (RedisServerException e) when (CannotCopy(e.Message))
        {
            return false;
        }
    }

    private static bool CannotCopy(string error) =>
        error.Contains("NOPERM", StringComparison.Ordinal)
        || error.Contains("OOM", StringComparison.Ordinal)
        || error.Contains("unknown redis command", StringComparison.OrdinalIgnoreCase)
        || error.Contains("unknown command", StringComparison.OrdinalIgnoreCase);
}
