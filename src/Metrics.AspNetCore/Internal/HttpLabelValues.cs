using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>Label values of the HTTP metrics from cached strings, so a request allocates none.</summary>
internal static class HttpLabelValues
{
    private const int FirstCachedCode = 100;

    private static readonly string[] StatusCodeTexts = CreateStatusCodeTexts();

    /// <summary>The status code as text: "200", ...; cached for 100 to 599.</summary>
    public static string StatusCode(int code) =>
        code is >= FirstCachedCode and < 600 ? StatusCodeTexts[code - FirstCachedCode] : code.ToString(CultureInfo.InvariantCulture);

    /// <summary>The method in upper case when it is a standard one, else <c>OTHER</c> (bounds the series a client can create).</summary>
    public static string Method(string method) => HttpMethods.GetCanonicalizedValue(method) switch
    {
        var m when ReferenceEquals(m, HttpMethods.Get) => HttpMethods.Get,
        var m when ReferenceEquals(m, HttpMethods.Post) => HttpMethods.Post,
        var m when ReferenceEquals(m, HttpMethods.Put) => HttpMethods.Put,
        var m when ReferenceEquals(m, HttpMethods.Delete) => HttpMethods.Delete,
        var m when ReferenceEquals(m, HttpMethods.Patch) => HttpMethods.Patch,
        var m when ReferenceEquals(m, HttpMethods.Head) => HttpMethods.Head,
        var m when ReferenceEquals(m, HttpMethods.Options) => HttpMethods.Options,
        var m when ReferenceEquals(m, HttpMethods.Trace) => HttpMethods.Trace,
        var m when ReferenceEquals(m, HttpMethods.Connect) => HttpMethods.Connect,
        _ => "OTHER",
    };

    private static string[] CreateStatusCodeTexts()
    {
        var texts = new string[600 - FirstCachedCode];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = (i + FirstCachedCode).ToString(CultureInfo.InvariantCulture);
        }

        return texts;
    }
}
