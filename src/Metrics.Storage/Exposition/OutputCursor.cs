using System.Buffers;
using System.Text;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// Writes exposition text into an <see cref="IBufferWriter{T}"/> through the span it last got from it, as
/// <c>Utf8JsonWriter</c> does: one <c>GetSpan</c>/<c>Advance</c> per few kilobytes instead of per name and value.
/// Call <see cref="Commit"/> when done; what was written before is not visible to the buffer writer until then.
/// </summary>
internal ref struct OutputCursor
{
    // The least asked of the buffer writer when the span runs out: a scrape body's segment, a pipe's block.
    private const int MinimumSpan = 4096;

    private static readonly SearchValues<char> LabelValueSpecials = SearchValues.Create("\\\"\n");
    private static readonly SearchValues<char> TextHelpSpecials = SearchValues.Create("\\\n");
    private static readonly SearchValues<byte> Utf8LabelValueSpecials = SearchValues.Create("\\\"\n"u8);

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _used;

    /// <summary>A cursor writing into <paramref name="output"/>.</summary>
    public OutputCursor(IBufferWriter<byte> output)
    {
        _output = output;
        _span = default;
        _used = 0;
    }

    /// <summary>Appends bytes that are already UTF-8 (literals such as <c>"# TYPE "u8</c>).</summary>
    public void Write(scoped ReadOnlySpan<byte> utf8)
    {
        Reserve(utf8.Length);
        utf8.CopyTo(_span[_used..]);
        _used += utf8.Length;
    }

    /// <summary>Appends one ASCII byte.</summary>
    public void Write(byte ascii)
    {
        Reserve(1);
        _span[_used++] = ascii;
    }

    /// <summary>Appends text as UTF-8, unchanged (names, already valid).</summary>
    public void Write(scoped ReadOnlySpan<char> text)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        _used += Encoding.UTF8.GetBytes(text, _span[_used..]);
    }

    /// <summary>
    /// Appends a metric name (<paramref name="name"/> then <paramref name="suffix"/>): bare when it is a legacy name,
    /// otherwise in double quotes, escaped like a label value (the UTF-8 syntax of both text formats).
    /// </summary>
    public void WriteMetricName(string name, string suffix)
    {
        if (ExpositionNames.IsValidMetricName(name, suffix))
        {
            Write(name);
            Write(suffix);
            return;
        }

        Write((byte)'"');
        WriteEscaped(name, escapeQuote: true);
        WriteEscaped(suffix, escapeQuote: true);
        Write((byte)'"');
    }

    /// <summary>Appends a label name: bare when it is a legacy name, otherwise quoted like <see cref="WriteMetricName"/>.</summary>
    public void WriteLabelName(string name)
    {
        if (ExpositionNames.IsValidLabelName(name))
        {
            Write(name);
            return;
        }

        Write((byte)'"');
        WriteEscaped(name, escapeQuote: true);
        Write((byte)'"');
    }

    /// <summary>
    /// Appends text as UTF-8 with <c>\</c> → <c>\\</c> and newline → <c>\n</c>, and, when
    /// <paramref name="escapeQuote"/>, <c>"</c> → <c>\"</c> (label values in both formats, help in OpenMetrics).
    /// Everything else, non-ASCII included, is written as raw UTF-8.
    /// </summary>
    public void WriteEscaped(string text, bool escapeQuote)
    {
        var specials = escapeQuote ? LabelValueSpecials : TextHelpSpecials;
        var rest = text.AsSpan();
        int next;
        while ((next = rest.IndexOfAny(specials)) >= 0)
        {
            Write(rest[..next]);
            WriteEscape(rest[next]);
            rest = rest[(next + 1)..];
        }

        Write(rest);
    }

    /// <summary>Appends a label value held as UTF-8, escaped as <see cref="WriteEscaped(string, bool)"/> escapes label values.</summary>
    public void WriteEscaped(scoped ReadOnlySpan<byte> utf8)
    {
        int next;
        while ((next = utf8.IndexOfAny(Utf8LabelValueSpecials)) >= 0)
        {
            Write(utf8[..next]);
            WriteEscape((char)utf8[next]);
            utf8 = utf8[(next + 1)..];
        }

        Write(utf8);
    }

    /// <summary>Appends a sample value in Go style (see <see cref="FloatFormatter.WriteGo"/>).</summary>
    public void WriteValue(double value)
    {
        Reserve(FloatFormatter.MaxLength);
        _used += FloatFormatter.WriteGo(value, _span[_used..]);
    }

    /// <summary>Hands what was written to the buffer writer.</summary>
    public void Commit()
    {
        if (_used > 0)
        {
            _output.Advance(_used);
        }

        _span = default;
        _used = 0;
    }

    private void WriteEscape(char special) => Write(special switch
    {
        '\\' => "\\\\"u8,
        '"' => "\\\""u8,
        _ => "\\n"u8,
    });

    private void Reserve(int count)
    {
        if (_span.Length - _used >= count)
        {
            return;
        }

        Commit();
        _span = _output.GetSpan(Math.Max(count, MinimumSpan));
    }
}
