using System.Text;

namespace Blobasaur.Testing;

/// <summary>A decoded reply as the tests see it. <see cref="ToString"/> gives a compact form for assertions:
/// "+OK", "-ERR ...", ":5", "hello" (bulk), "(nil)", "[a, b]", "{k: v}", "=txt:...", ",1.5", "#t".</summary>
public sealed record RespValue(char Type, byte[]? Bytes, IReadOnlyList<RespValue>? Items, string? Text)
{
    public bool IsNull => Type == '_' || (Type is '$' or '*' && Bytes is null && Items is null);

    public string AsString() => Bytes is not null ? Encoding.UTF8.GetString(Bytes) : Text ?? "";

    public override string ToString() => Type switch
    {
        '+' or '-' or ':' or ',' or '#' or '(' => (Type == '#' ? "#" : Type.ToString()) + Text,
        '$' => Bytes is null ? "(nil)" : Encoding.UTF8.GetString(Bytes),
        '=' => "=" + Encoding.UTF8.GetString(Bytes!),
        '_' => "(nil)",
        '*' or '~' or '>' => Items is null ? "(nil)" : "[" + string.Join(", ", Items) + "]",
        '%' => "{" + string.Join(", ", Pairs(Items!)) + "}",
        _ => $"?{Type}",
    };

    private static IEnumerable<string> Pairs(IReadOnlyList<RespValue> items)
    {
        for (var i = 0; i + 1 < items.Count; i += 2) yield return $"{items[i]}: {items[i + 1]}";
    }
}
