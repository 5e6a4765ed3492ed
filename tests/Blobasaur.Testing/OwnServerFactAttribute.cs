using Xunit;

namespace Blobasaur.Testing;

/// <summary>
/// A test that only makes sense on our in-process server (it reads or changes its state, or checks behaviour where we differ
/// from Redis on purpose). Skipped when BLOBASAUR_TEST_TARGET points the tests at another server.
/// </summary>
public sealed class OwnServerFactAttribute : FactAttribute
{
    public OwnServerFactAttribute()
    {
        if (TestServer.ExternalTarget is not null) Skip = "needs the in-process server (BLOBASAUR_TEST_TARGET is set)";
    }
}

/// <summary>The <see cref="TheoryAttribute"/> form of <see cref="OwnServerFactAttribute"/>.</summary>
public sealed class OwnServerTheoryAttribute : TheoryAttribute
{
    public OwnServerTheoryAttribute()
    {
        if (TestServer.ExternalTarget is not null) Skip = "needs the in-process server (BLOBASAUR_TEST_TARGET is set)";
    }
}
