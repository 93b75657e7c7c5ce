using System.Net;
using System.Net.Sockets;

namespace Prometheus.Distributed.Testing.Servers;

/// <summary>Picks distinct free loopback TCP ports by letting the OS assign them.</summary>
public static class FreePorts
{
    /// <summary>Returns <paramref name="count"/> distinct ports free at the time of the call.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
