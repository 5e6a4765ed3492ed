namespace Blobasaur.Commands;

/// <summary>
/// Figures CLIENT LIST reports for one connection (qbuf, omem, tot-net-in/out, tot-cmds). The connection's own loop is the only
/// writer and updates them once per read or flush, never per byte; readers (CLIENT LIST on another connection) see plain
/// values that may be one read old.
/// </summary>
public sealed class ConnectionFigures
{
    private long _queryBuffer, _outputBuffer, _netIn, _netOut, _commands;

    /// <summary>Bytes received and not yet parsed into a command.</summary>
    public long QueryBuffer => Volatile.Read(ref _queryBuffer);

    /// <summary>Reply bytes written but not yet flushed to the socket.</summary>
    public long OutputBuffer => Volatile.Read(ref _outputBuffer);

    public long NetIn => Volatile.Read(ref _netIn);
    public long NetOut => Volatile.Read(ref _netOut);
    public long Commands => Volatile.Read(ref _commands);

    public void Received(long bytes) => Volatile.Write(ref _netIn, _netIn + bytes);

    public void Unparsed(long bytes) => Volatile.Write(ref _queryBuffer, bytes);

    public void Buffered(long bytes) => Volatile.Write(ref _outputBuffer, bytes);

    public void Sent(long bytes)
    {
        Volatile.Write(ref _netOut, _netOut + bytes);
        Volatile.Write(ref _outputBuffer, 0);
    }

    public void Executed() => Volatile.Write(ref _commands, _commands + 1);
}
