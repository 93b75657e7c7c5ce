using System.Text;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Text;

namespace Prometheus.Distributed.Tests.Exposition;

public sealed class GoFloatWriterTests
{
    [Fact]
    public void Writes_the_same_text_as_FloatFormatter_FormatGo()
    {
        var random = new Random(20240601);
        var values = new List<double>
        {
            0, -0d, 1, -1, 0.1, 0.25, 1e6, -1e6, 999999, 123456.5, 1234567, 1e-4, 1e-5, 0.00012345, 1e21, 1e-300,
            double.MaxValue, double.MinValue, double.Epsilon, 1700000000.123, 5e-324, 100, 1e15, 1e16,
        };
        for (var i = 0; i < 20_000; i++)
        {
            values.Add(BitConverter.Int64BitsToDouble(random.NextInt64()));
            values.Add(Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-8, 12)), random.Next(0, 8)));
            values.Add(random.Next(-2_000_000, 2_000_000));
        }

        Span<byte> buffer = stackalloc byte[GoFloatWriter.MaxLength];
        foreach (var value in values)
        {
            var written = GoFloatWriter.Write(value, buffer);

            Assert.Equal(FloatFormatter.FormatGo(value), Encoding.ASCII.GetString(buffer[..written]));
        }
    }
}
