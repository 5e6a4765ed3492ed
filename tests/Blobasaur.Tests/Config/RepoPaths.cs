namespace Blobasaur.Tests.Config;

internal static class RepoPaths
{
    /// <summary>The folder holding Blobasaur.sln, found by walking up from the test binary; null when run outside the repository.</summary>
    public static readonly string? Root = Find();

    public static string File(string relative) =>
        Path.Combine(Root ?? throw new DirectoryNotFoundException("Blobasaur.sln not found above " + AppContext.BaseDirectory), relative);

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Blobasaur.sln")))
                return dir.FullName;
        }
        return null;
    }
}
