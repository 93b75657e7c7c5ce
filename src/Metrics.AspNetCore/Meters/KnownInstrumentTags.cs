namespace Prometheus.Distributed.AspNetCore.Meters;

/// <summary>
/// The tag keys of the framework's well-known instruments, after the .NET built-in metrics reference (learn.microsoft.com
/// "ASP.NET Core metrics", "System.Net metrics", ".NET runtime metrics"): their metrics are declared with these labels
/// whatever tags the first measurement carries, so every instance declares the same family. Instruments not listed
/// (those without tags, and any added by later framework versions) take the tag keys of their first measurement.
/// </summary>
internal static class KnownInstrumentTags
{
    private static readonly string[] KestrelConnection = ["network.transport", "network.type", "server.address", "server.port"];

    private static readonly Dictionary<(string Meter, string Instrument), string[]> Tags = new()
    {
        [("Microsoft.AspNetCore.Hosting", "http.server.request.duration")] =
            ["aspnetcore.request.is_unhandled", "error.type", "http.request.method", "http.response.status_code", "http.route",
             "network.protocol.name", "network.protocol.version", "url.scheme"],
        [("Microsoft.AspNetCore.Hosting", "http.server.active_requests")] = ["http.request.method", "url.scheme"],

        [("Microsoft.AspNetCore.Server.Kestrel", "kestrel.active_connections")] = KestrelConnection,
        [("Microsoft.AspNetCore.Server.Kestrel", "kestrel.rejected_connections")] = KestrelConnection,
        [("Microsoft.AspNetCore.Server.Kestrel", "kestrel.queued_connections")] = KestrelConnection,
        [("Microsoft.AspNetCore.Server.Kestrel", "kestrel.upgraded_connections")] = KestrelConnection,
        [("Microsoft.AspNetCore.Server.Kestrel", "kestrel.active_tls_handshakes")] = KestrelConnection,
        [("Microsoft.AspNetCore.Server.Kestrel", "kestrel.queued_requests")] =
            ["network.protocol.name", "network.protocol.version", .. KestrelConnection],
        [("Microsoft.AspNetCore.Server.Kestrel", "kestrel.connection.duration")] =
            ["error.type", "network.protocol.name", "network.protocol.version", .. KestrelConnection, "tls.protocol.version"],
        [("Microsoft.AspNetCore.Server.Kestrel", "kestrel.tls_handshake.duration")] =
            ["error.type", .. KestrelConnection, "tls.protocol.version"],

        [("System.Net.Http", "http.client.request.duration")] =
            ["error.type", "http.request.method", "http.response.status_code", "network.protocol.version", "server.address",
             "server.port", "url.scheme"],
        [("System.Net.Http", "http.client.request.time_in_queue")] =
            ["http.request.method", "network.protocol.version", "server.address", "server.port", "url.scheme"],
        [("System.Net.Http", "http.client.active_requests")] = ["http.request.method", "server.address", "server.port", "url.scheme"],
        [("System.Net.Http", "http.client.open_connections")] =
            ["http.connection.state", "network.peer.address", "network.protocol.version", "server.address", "server.port", "url.scheme"],
        [("System.Net.Http", "http.client.connection.duration")] =
            ["network.peer.address", "network.protocol.version", "server.address", "server.port", "url.scheme"],

        [("System.Runtime", "dotnet.process.cpu.time")] = ["cpu.mode"],
        [("System.Runtime", "dotnet.gc.collections")] = ["gc.heap.generation"],
        [("System.Runtime", "dotnet.gc.last_collection.heap.size")] = ["gc.heap.generation"],
        [("System.Runtime", "dotnet.gc.last_collection.heap.fragmentation.size")] = ["gc.heap.generation"],
        [("System.Runtime", "dotnet.exceptions")] = ["error.type"],
    };

    /// <summary>The tag keys of a well-known instrument, or null for any other instrument.</summary>
    public static string[]? Of(string meter, string instrument) => Tags.GetValueOrDefault((meter, instrument));
}
