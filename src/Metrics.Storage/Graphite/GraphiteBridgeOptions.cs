using System.Globalization;

namespace Prometheus.Distributed;

/// <summary>Where and how <see cref="GraphiteBridge"/> pushes the aggregated metrics.</summary>
public sealed class GraphiteBridgeOptions
{
    /// <summary>The carbon line receiver as <c>host:port</c>, e.g. <c>127.0.0.1:2003</c>. Required.</summary>
    public string? Address { get; set; }

    /// <summary>How often to push. Default 10 seconds.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// True to send labels as Graphite tags (<c>name;label=value value timestamp</c>, carbon 1.1+); false (default) to
    /// fold them into the dotted path (<c>name.label.value value timestamp</c>), as the Python client's bridge does.
    /// </summary>
    public bool Tags { get; set; }

    /// <summary>A path prefix, e.g. <c>shop.prod</c>, put before every metric name with a dot. Null by default.</summary>
    public string? Prefix { get; set; }

    /// <summary>How long one push (read, connect and send) may take. Default 5 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between attempts while pushes keep failing. Default 1 minute (or the interval when longer).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Every problem with these options, each naming the setting.</summary>
    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!TryParseAddress(out _, out _))
        {
            errors.Add($"Address must be host:port with a port from 1 to 65535, e.g. 127.0.0.1:2003; it is '{Address}'.");
        }

        if (Interval <= TimeSpan.Zero)
        {
            errors.Add($"Interval must be positive; it is {Interval}.");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            errors.Add($"Timeout must be positive; it is {Timeout}.");
        }

        if (MaxBackoff <= TimeSpan.Zero)
        {
            errors.Add($"MaxBackoff must be positive; it is {MaxBackoff}.");
        }

        if (Prefix is not null && (Prefix.Length == 0 || Prefix.Any(c => char.IsWhiteSpace(c) || c == ';')))
        {
            errors.Add($"Prefix, when set, must be non-empty without white space or ';'; it is '{Prefix}'.");
        }

        return errors;
    }

    /// <summary>Splits <see cref="Address"/> at its last colon.</summary>
    internal bool TryParseAddress(out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        var colon = Address?.LastIndexOf(':') ?? -1;
        if (Address is null || colon <= 0)
        {
            return false;
        }

        host = Address[..colon].Trim('[', ']');
        return int.TryParse(Address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port is > 0 and <= 65535;
    }
}
