using Microsoft.Data.Sqlite;

namespace Prometheus.Distributed.Tests.Hostile;

/// <summary>Whatever another writer puts in the tables of a real SQLite file, every scrape stays valid for promtool.</summary>
public sealed class HostileSqliteContentsTests
{
    [Theory]
    [MemberData(nameof(HostileScrapes.Seeds), MemberType = typeof(HostileScrapes))]
    public async Task Random_rows_written_by_others_never_make_a_scrape_invalid(int seed)
    {
        using var folder = new TempFolder();
        var path = folder.File("metrics.db");
        var content = new HostileContent(seed);
        var metrics = DistributedMetrics.Create(o =>
        {
            o.UseSqlite(path);
            o.ScrapeCacheDuration = TimeSpan.Zero;
            o.FlushInterval = TimeSpan.FromHours(1);
        });
        await using (metrics)
        {
            await HostileScrapes.WriteOwnMetricsAsync(metrics);
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            var own = await OwnRowsAsync(connection);

            for (var round = 0; round < HostileScrapes.Rounds; round++)
            {
                for (var i = 0; i < HostileScrapes.EntriesPerRound; i++)
                {
                    await WriteOneAsync(connection, content, own);
                }

                await HostileScrapes.AssertScrapesAreValidAsync(metrics, content, round);
            }

            // Reads never change what is stored: the app's own rows are as it wrote them.
            var after = await OwnRowsAsync(connection);
            Assert.All(own, row => Assert.Equal(row.Value, after[row.Key]));
        }
    }

    private static async Task WriteOneAsync(SqliteConnection connection, HostileContent content, Dictionary<string, object> own)
    {
        var random = content.Random;
        var family = content.FamilyName();
        using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$key", family);
        command.Parameters.AddWithValue("$subkey", random.Next(8) == 0 ? content.Field() : System.Text.Encoding.UTF8.GetString(content.Field()));
        switch (random.Next(10))
        {
            case 0 when !HostileScrapes.OwnFamilies.Contains(family):
                command.CommandText = "INSERT OR REPLACE INTO metrics_metadata(metric_key, metadata) VALUES ($key, $json)";
                command.Parameters.AddWithValue("$json", content.MetadataJson());
                break;
            case 1:
                command.CommandText = "INSERT OR REPLACE INTO metrics_exemplars(metric_key, subkey, exemplar) VALUES ($key, $subkey, $json)";
                command.Parameters.AddWithValue("$json", content.ExemplarJson());
                break;
            case 2:
                command.CommandText =
                    "INSERT OR REPLACE INTO metrics_instance_values(metric_key, subkey, instance_id, value) VALUES ($key, $subkey, 'other', $value)";
                command.Parameters.AddWithValue("$value", content.SqliteValue());
                break;
            default:
                if (own.ContainsKey(family + "|" + command.Parameters["$subkey"].Value))
                {
                    return;
                }

                command.CommandText = "INSERT OR REPLACE INTO metrics(metric_key, subkey, value) VALUES ($key, $subkey, $value)";
                command.Parameters.AddWithValue("$value", content.SqliteValue());
                break;
        }

        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<Dictionary<string, object>> OwnRowsAsync(SqliteConnection connection)
    {
        var rows = new Dictionary<string, object>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT metric_key, subkey, value FROM metrics WHERE metric_key IN ('"
            + string.Join("','", HostileScrapes.OwnFamilies) + "')";
        using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows[reader.GetString(0) + "|" + reader.GetString(1)] = reader.GetValue(2);
        }

        return rows;
    }
}
