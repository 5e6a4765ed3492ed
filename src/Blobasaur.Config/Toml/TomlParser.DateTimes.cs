namespace Blobasaur.Config.Toml;

// Dates and times (RFC 3339 with TOML's relaxations: a space or 't' may separate date and time, local forms omit the offset).
// Fractions beyond 100 ns (7 digits) are truncated, as toml-test asks, never rounded.
public sealed partial class TomlParser
{
    private static TomlNode ParseDateTime(string token, TomlPosition at)
    {
        var date = ParseDate(token, at);
        if (token.Length == 10)
            return new TomlLocalDate(date, at);
        if (token[10] is not ('T' or 't' or ' ') || token.Length == 11)
            throw BadDateTime(token, at, "expected 'T' or a space and then a time after the date");
        var i = 11;
        var time = ParseTime(token, ref i, at);
        var local = date.ToDateTime(time);
        if (i == token.Length)
            return new TomlLocalDateTime(local, at);
        if (token[i] is 'Z' or 'z' && i + 1 == token.Length)
            return new TomlOffsetDateTime(local, TimeSpan.Zero, at);
        if (token[i] is '+' or '-' && i + 6 == token.Length && token[i + 3] == ':'
            && TryTwoDigits(token, i + 1, out var hours) && TryTwoDigits(token, i + 4, out var minutes))
        {
            if (hours > 23 || minutes > 59)
                throw BadDateTime(token, at, "the offset must be between -23:59 and +23:59");
            var offset = new TimeSpan(hours, minutes, 0);
            return new TomlOffsetDateTime(local, token[i] == '-' ? -offset : offset, at);
        }
        throw BadDateTime(token, at, "expected 'Z' or an offset like +02:00 or -07:30 after the time");
    }

    private static TimeOnly ParseLocalTime(string token, TomlPosition at)
    {
        var i = 0;
        var time = ParseTime(token, ref i, at);
        if (i != token.Length)
            throw BadDateTime(token, at, "a local time has no offset or trailing text");
        return time;
    }

    // YYYY-MM-DD, a real calendar date.
    private static DateOnly ParseDate(string token, TomlPosition at)
    {
        if (token.Length < 10 || token[4] != '-' || token[7] != '-'
            || !TryTwoDigits(token, 0, out var century) || !TryTwoDigits(token, 2, out var yy)
            || !TryTwoDigits(token, 5, out var month) || !TryTwoDigits(token, 8, out var day))
            throw BadDateTime(token, at, "a date is written YYYY-MM-DD");
        var year = century * 100 + yy;
        if (year == 0)
            throw BadDateTime(token, at, "year 0000 is not supported (.NET dates start at year 1)");
        if (month is < 1 or > 12)
            throw BadDateTime(token, at, "the month must be from 01 to 12");
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
            throw BadDateTime(token, at, $"{year:D4}-{month:D2} has no day {day:D2}");
        return new DateOnly(year, month, day);
    }

    // HH:MM:SS[.fraction] starting at i; leaves i after the last character of the time.
    private static TimeOnly ParseTime(string token, ref int i, TomlPosition at)
    {
        if (token.Length < i + 8 || token[i + 2] != ':' || token[i + 5] != ':'
            || !TryTwoDigits(token, i, out var hour) || !TryTwoDigits(token, i + 3, out var minute)
            || !TryTwoDigits(token, i + 6, out var second))
            throw BadDateTime(token, at, "a time is written HH:MM:SS, with seconds (TOML 1.0 requires them)");
        if (hour > 23 || minute > 59)
            throw BadDateTime(token, at, "the hour must be from 00 to 23 and the minute from 00 to 59");
        if (second > 59)
        {
            // RFC 3339 allows a leap second (60), but TimeOnly cannot hold it; say so rather than shift the value.
            throw BadDateTime(token, at, second == 60 ? "leap seconds are not supported" : "the second must be from 00 to 59");
        }
        i += 8;
        long ticks = 0;
        if (i < token.Length && token[i] == '.')
        {
            i++;
            var start = i;
            var scale = TimeSpan.TicksPerSecond;
            for (; i < token.Length && TomlReader.IsDigit(token[i]); i++)
            {
                scale /= 10;
                ticks += (token[i] - '0') * scale;
            }
            if (i == start)
                throw BadDateTime(token, at, "a decimal point in the seconds must be followed by digits");
        }
        return new TimeOnly(new TimeOnly(hour, minute, second).Ticks + ticks);
    }

    private static bool TryTwoDigits(string s, int i, out int value)
    {
        value = 0;
        if (i + 1 >= s.Length || !TomlReader.IsDigit(s[i]) || !TomlReader.IsDigit(s[i + 1]))
            return false;
        value = (s[i] - '0') * 10 + (s[i + 1] - '0');
        return true;
    }

    private static TomlException BadDateTime(string token, TomlPosition at, string why) =>
        TomlReader.Error($"invalid date-time '{token}': {why}", at);
}
