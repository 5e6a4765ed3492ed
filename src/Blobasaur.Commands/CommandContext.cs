using System.Text;
using Blobasaur.Protocol;

namespace Blobasaur.Commands;

/// <summary>What a handler sees: the arguments, its connection's state, the server's services.</summary>
public sealed class CommandContext(byte[][] args, ClientState client, ServerContext server, CommandDefinition definition, CancellationToken cancellation)
{
    public byte[][] Args { get; } = args;
    public int Count => Args.Length;
    public ClientState Client { get; } = client;
    public ServerContext Server { get; } = server;
    public CommandDefinition Definition { get; } = definition;
    public CancellationToken Cancellation { get; } = cancellation;

    public byte[] Arg(int index) => Args[index];

    public string ArgString(int index) => Encoding.UTF8.GetString(Args[index]);

    /// <summary>Case-insensitive comparison of an argument with an ASCII keyword (option names, subcommands).</summary>
    public bool ArgIs(int index, string keyword) => Ascii.EqualsIgnoreCase(Args[index], keyword);

    public bool TryGetLong(int index, out long value) => Arguments.TryParseLong(Args[index], out value);
}
