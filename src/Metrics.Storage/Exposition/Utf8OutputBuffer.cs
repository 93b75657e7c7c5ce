using System.Buffers;
using System.Text;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// A pooled byte buffer the format writers append UTF-8 text to, drained to the response stream whenever it passes
/// <see cref="FlushThreshold"/>, so a scrape never holds the whole body.
/// </summary>
internal sealed class Utf8OutputBuffer : IDisposable
{
    /// <summary>The size past which <see cref="IsFull"/> asks for a drain.</summary>
    public const int FlushThreshold = 16 * 1024;

    private static readonly SearchValues<char> LabelValueSpecials = SearchValues.Create("\\\"\n");
    private static readonly SearchValues<char> TextHelpSpecials = SearchValues.Create("\\\n");

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(FlushThreshold * 2);
    private int _length;

    /// <summary>True once the buffered bytes reached <see cref="FlushThreshold"/>.</summary>
    public bool IsFull => _length >= FlushThreshold;

    /// <summary>Appends bytes that are already UTF-8 (literals such as <c>"# TYPE "u8</c>).</summary>
    public void Write(ReadOnlySpan<byte> utf8)
    {
        Reserve(utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_length));
        _length += utf8.Length;
    }

    /// <summary>Appends one ASCII byte.</summary>
    public void Write(byte ascii)
    {
        Reserve(1);
        _buffer[_length++] = ascii;
    }

    /// <summary>Appends text as UTF-8, unchanged (names, already valid).</summary>
    public void Write(ReadOnlySpan<char> text)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
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
            Write(rest[next] switch
            {
                '\\' => "\\\\"u8,
                '"' => "\\\""u8,
                _ => "\\n"u8,
            });
            rest = rest[(next + 1)..];
        }

        Write(rest);
    }

    /// <summary>Appends a sample value in Go style (see <see cref="FloatFormatter.WriteGo"/>).</summary>
    public void WriteValue(double value)
    {
        Reserve(FloatFormatter.MaxLength);
        _length += FloatFormatter.WriteGo(value, _buffer.AsSpan(_length));
    }

    /// <summary>Writes the buffered bytes to <paramref name="output"/> and empties the buffer.</summary>
    public async ValueTask DrainAsync(Stream output, CancellationToken cancellationToken)
    {
        if (_length > 0)
        {
            await output.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
            _length = 0;
        }
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _length = 0;
        }
    }

    private void Reserve(int count)
    {
        if (_length + count <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
