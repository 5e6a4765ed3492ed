namespace Blobasaur.Commands.Observability;

/// <summary>
/// /health/ready and blobasaur_ready: ready when the storage engine is open and, in cluster mode, the cluster layer reports
/// cluster_state:ok. The reason says which part is missing, for the 503 body and the logs.
/// </summary>
public static class Readiness
{
    public static (bool Ready, string Reason) Check(ServerContext server)
    {
        if (server.Store is null) return (false, "storage not open");
        if (server.ShutdownToken.IsCancellationRequested) return (false, "shutting down");
        if (server.Config.Cluster.Enabled)
        {
            if (server.Cluster is not { } cluster) return (false, "cluster layer not started");
            try
            {
                if (!cluster.View.IsOk) return (false, "cluster_state:fail");
            }
            catch (NotSupportedException)
            {
                return (false, "cluster layer not ready");
            }
        }

        return (true, "ok");
    }
}
