using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Prometheus.Distributed.Stores.Sqlite;

/// <summary>
/// A store in one SQLite file shared by every process of a host, in the seed's <c>metrics</c> table.
/// Each call takes a pooled connection of its own, so calls from several threads and processes run side by side;
/// SQLite's locks (WAL, <c>BEGIN IMMEDIATE</c>, a busy timeout) order the writers. Each flush also prunes a bounded
/// slice (<see cref="SqlitePruner"/>): families idle longer than the retention, when one is set, and flush markers of
/// instances that stopped writing.
/// </summary>
internal sealed class SqliteMetricStore : IMetricStore
{
    private const int NotADatabase = 26;
    private const int Corrupt = 11;

    private readonly string path;
    private readonly string connectionString;
    private readonly string connectionPragmas;
    private readonly TimeSpan? retention;
    private readonly TimeSpan markerRetention;
    private volatile bool schemaReady;
    private long nextAdoption;
    private volatile bool disposed;

    /// <summary>Remembers the settings; the file is opened (and created) on first use.</summary>
    public SqliteMetricStore(SqliteStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.Path);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BusyTimeout, TimeSpan.Zero);
        path = Path.GetFullPath(settings.Path);
        retention = settings.Retention;
        markerRetention = settings.MarkerRetention;
        var timeoutMilliseconds = (int)Math.Min(int.MaxValue, Math.Ceiling(settings.BusyTimeout.TotalMilliseconds));

        // Per connection: wait for other writers natively; in WAL mode NORMAL sync is corruption-safe and a commit
        // needs no fsync (only a power loss can drop the last commits, never a process crash).
        connectionPragmas = string.Create(
            CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {timeoutMilliseconds}; PRAGMA synchronous = NORMAL");
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Min(int.MaxValue, Math.Ceiling(settings.BusyTimeout.TotalSeconds)),
        }.ToString();
    }

    /// <inheritdoc/>
    /// <exception cref="MetadataConflictException">Families declared differently in the file were refused.</exception>
    public async Task ApplyAsync(FlushBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                using var applier = new SqliteBatchApplier(connection, transaction);
                if (await applier.ApplyAsync(batch, cancellationToken).ConfigureAwait(false))
                {
                    var adopt = retention is not null && Stopwatch.GetTimestamp() >= Interlocked.Read(ref nextAdoption);
                    await SqlitePruner.PruneFamiliesAsync(connection, transaction, retention, adopt, cancellationToken).ConfigureAwait(false);

                    transaction.Commit();
                    if (adopt)
                    {
                        Interlocked.Exchange(ref nextAdoption, Stopwatch.GetTimestamp() + AdoptionInterval(retention!.Value));
                    }
                }

                if (applier.Conflicts.Count > 0)
                {
                    throw new MetadataConflictException(applier.Conflicts);
                }
            }
            catch (SqliteException e)
            {
                throw Describe(e);
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>One pooled connection and one read transaction for the whole read (see <see cref="SqliteFamilyReader"/>).</remarks>
    public async IAsyncEnumerable<StoredFamily> ReadFamiliesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var families = SqliteFamilyReader.ReadFamiliesAsync(connection, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (families.ConfigureAwait(false))
            {
                while (true)
                {
                    try
                    {
                        if (!await families.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    catch (SqliteException e)
                    {
                        throw Describe(e);
                    }

                    yield return families.Current;
                }
            }
        }
    }

    /// <inheritdoc/>
    public async Task<bool> HeartbeatAsync(string instanceId, TimeSpan instanceTimeout, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                var known = await SqliteInstanceRegistry.HeartbeatAsync(
                    connection, transaction, instanceId, instanceTimeout, cancellationToken).ConfigureAwait(false);
                await SqlitePruner.PruneMarkersAsync(connection, transaction, markerRetention, cancellationToken).ConfigureAwait(false);
                transaction.Commit();
                return known;
            }
            catch (SqliteException e)
            {
                throw Describe(e);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<InstanceHeartbeat>> ReadInstancesAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                return await SqliteInstanceRegistry.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException e)
            {
                throw Describe(e);
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>Takes the write lock and gives it back at once, without waiting for another writer to let go of it.</remarks>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                using (var noWait = connection.CreateCommand())
                {
                    noWait.CommandText = "PRAGMA busy_timeout = 0";
                    await noWait.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using var transaction = connection.BeginTransaction(deferred: false);
                transaction.Rollback();
            }
            catch (SqliteException e)
            {
                throw Describe(e);
            }
        }
    }

    /// <summary>Closes this file's pooled connections, so the file can be moved or deleted.</summary>
    public ValueTask DisposeAsync()
    {
        disposed = true;
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// How often families no flush recorded (the seed's) are looked for: a full index scan, so at most every minute, or
    /// every retention when that is shorter, which bounds how late such a family is pruned.
    /// </summary>
    private static long AdoptionInterval(TimeSpan retention) =>
        (long)(Math.Min(retention.TotalSeconds, 60) * Stopwatch.Frequency);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!schemaReady)
        {
            var folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = connectionPragmas;
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!schemaReady)
            {
                await SqliteSchema.CreateAsync(connection, cancellationToken).ConfigureAwait(false);
                schemaReady = true;
            }

            return connection;
        }
        catch (Exception e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            if (e is SqliteException sqlite)
            {
                throw Describe(sqlite);
            }

            throw;
        }
    }

    private Exception Describe(SqliteException e) => e.SqliteErrorCode is NotADatabase or Corrupt
        ? new InvalidDataException(
            $"The SQLite metrics store '{path}' is not a readable SQLite database ({e.Message}). "
            + "The file was left unchanged; move it away or point the store at another path.",
            e)
        : new IOException($"The SQLite metrics store '{path}' failed: {e.Message}", e);
}
