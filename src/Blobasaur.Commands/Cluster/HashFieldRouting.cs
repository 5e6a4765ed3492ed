namespace Blobasaur.Commands.Cluster;

/// <summary>
/// Where the fields of a hash command are, for cluster.namespace_strategy = "key": a namespaced entry is routed by its own
/// field name rather than by the namespace (as the Rust Blobasaur can), so HSET ns f v goes to the owner of f's slot, and a
/// multi-field command whose fields fall in different slots gets CROSSSLOT. Commands without fields (HLEN, HGETALL, HKEYS,
/// HVALS, HSCAN) and malformed requests fall back to the namespace, so the handler still answers with its own error.
/// </summary>
internal static class HashFieldRouting
{
    private enum Layout
    {
        Single,       // HGET ns field
        All,          // HMGET ns field [field ...]
        Pairs,        // HSET ns field value [field value ...]
        Fields,       // HTTL ns FIELDS n field [field ...]
        FieldPairs,   // HSETEX ns [options] FIELDS n field value [field value ...]
    }

    private static readonly Dictionary<string, Layout> Layouts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HGET"] = Layout.Single, ["HEXISTS"] = Layout.Single, ["HSTRLEN"] = Layout.Single, ["HSETNX"] = Layout.Single,
        ["HMGET"] = Layout.All, ["HDEL"] = Layout.All,
        ["HSET"] = Layout.Pairs, ["HMSET"] = Layout.Pairs,
        ["HEXPIRE"] = Layout.Fields, ["HPEXPIRE"] = Layout.Fields, ["HEXPIREAT"] = Layout.Fields, ["HPEXPIREAT"] = Layout.Fields,
        ["HTTL"] = Layout.Fields, ["HPTTL"] = Layout.Fields, ["HEXPIRETIME"] = Layout.Fields, ["HPEXPIRETIME"] = Layout.Fields,
        ["HPERSIST"] = Layout.Fields, ["HGETEX"] = Layout.Fields,
        ["HSETEX"] = Layout.FieldPairs,
    };

    /// <summary>The argument positions of the fields (first, last inclusive, step), or false to route by the namespace.</summary>
    public static bool TryGetFields(CommandDefinition definition, byte[][] args, out int first, out int last, out int step)
    {
        (first, last, step) = (0, 0, 1);
        if (definition.Group != CommandGroup.Hash || !Layouts.TryGetValue(definition.Name, out var layout)) return false;
        switch (layout)
        {
            case Layout.Single:
                (first, last) = (2, 2);
                break;
            case Layout.All:
                (first, last) = (2, args.Length - 1);
                break;
            case Layout.Pairs:
                (first, last, step) = (2, args.Length - 2, 2);
                break;
            default:
                step = layout == Layout.FieldPairs ? 2 : 1;
                if (!TryFindFields(args, step, out first, out last)) return false;
                break;
        }

        return first >= 2 && first <= last && last < args.Length;
    }

    // "FIELDS numfields ...": the first FIELDS token after the namespace, a positive count, and that many fields present.
    private static bool TryFindFields(byte[][] args, int step, out int first, out int last)
    {
        (first, last) = (0, 0);
        for (var i = 2; i + 1 < args.Length; i++)
        {
            if (!System.Text.Ascii.EqualsIgnoreCase(args[i], "FIELDS"u8)) continue;
            if (!Arguments.TryParseLong(args[i + 1], out var n) || n <= 0 || n > (args.Length - i - 2) / step) return false;
            first = i + 2;
            last = first + (int)(n - 1) * step;
            return true;
        }

        return false;
    }
}
