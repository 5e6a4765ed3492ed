namespace Blobasaur.Testing;

/// <summary>Bounded polling instead of fixed sleeps (as redis's wait_for_condition).</summary>
public static class Eventually
{
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(20);
        }

        return await condition();
    }
}
