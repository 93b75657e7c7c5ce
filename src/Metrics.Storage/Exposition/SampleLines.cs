using System.Buffers;
using System.Text;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// The bytes every sample line of one family starts its parts with, prepared once per family: the sample name per
/// suffix (bare, or <c>{"quoted"</c> when outside the legacy set) and <c>name="</c> per label name.
/// </summary>
/// <param name="family">The family being written.</param>
internal sealed class SampleLines(FamilySnapshot family)
{
    private readonly byte[]?[] _heads = new byte[]?[FamilyShape.Suffixes.Length];
    private readonly bool[] _quoted = new bool[FamilyShape.Suffixes.Length];
    private readonly byte[]?[] _labelStarts = new byte[]?[family.LabelNames.Count];

    /// <summary>The family.</summary>
    public FamilySnapshot Family => family;

    /// <summary>How a sample name with suffix <paramref name="suffix"/> starts: <c>name_suffix</c>, or <c>{"name.suffix"</c>.</summary>
    public ReadOnlySpan<byte> Head(int suffix) => _heads[suffix] ?? Prepare(suffix);

    /// <summary>True when the sample name with suffix <paramref name="suffix"/> is written quoted inside the braces.</summary>
    public bool IsQuoted(int suffix)
    {
        _ = Head(suffix);
        return _quoted[suffix];
    }

    /// <summary><c>name="</c> for label name <paramref name="name"/> (quoted when outside the legacy set).</summary>
    public ReadOnlySpan<byte> LabelStart(int name) => _labelStarts[name] ??= Render(static (ref OutputCursor cursor, string text) =>
    {
        cursor.WriteLabelName(text);
        cursor.Write("=\""u8);
    }, family.LabelNames[name]);

    private byte[] Prepare(int suffix)
    {
        var text = FamilyShape.Suffixes[suffix];
        _quoted[suffix] = !ExpositionNames.IsValidMetricName(family.Name, text);
        return _heads[suffix] = _quoted[suffix]
            ? Render(static (ref OutputCursor cursor, string name) =>
            {
                cursor.Write((byte)'{');
                cursor.WriteMetricName(name, string.Empty);
            }, family.Name + text)
            : Encoding.UTF8.GetBytes(family.Name + text);
    }

    private static byte[] Render(Part part, string text)
    {
        var buffer = new ArrayBufferWriter<byte>(text.Length + 8);
        var cursor = new OutputCursor(buffer);
        part(ref cursor, text);
        cursor.Commit();
        return buffer.WrittenSpan.ToArray();
    }

    private delegate void Part(ref OutputCursor cursor, string text);
}
