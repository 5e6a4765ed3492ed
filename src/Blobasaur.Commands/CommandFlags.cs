namespace Blobasaur.Commands;

/// <summary>Command flags with Redis's meaning; their names appear in COMMAND replies (see redis src/commands.def).</summary>
[Flags]
public enum CommandFlags
{
    None = 0,
    Write = 1 << 0,
    ReadOnly = 1 << 1,
    DenyOom = 1 << 2,
    Admin = 1 << 3,
    NoScript = 1 << 4,
    Loading = 1 << 5,
    Stale = 1 << 6,
    Fast = 1 << 7,
    NoAuth = 1 << 8,
    SkipMonitor = 1 << 9,
    SkipSlowlog = 1 << 10,
    /// <summary>Key positions cannot be taken from first/last/step alone.</summary>
    MovableKeys = 1 << 11,
}

/// <summary>Command groups as in COMMAND DOCS; they also give the ACL category (@string, @hash, ...).</summary>
public enum CommandGroup
{
    Connection,
    Server,
    Generic,
    String,
    Hash,
    Cluster,
}
