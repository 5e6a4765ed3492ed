using Blobasaur.Config;
using Blobasaur.Tests.Config;

namespace Blobasaur.Tests.Security;

public sealed class SecurityConfigTests
{
    private static BlobasaurConfig Load(string toml, Dictionary<string, string?>? environment = null) =>
        ConfigLoader.LoadText(toml, "test.toml", environment ?? ConfigLoaderTests.NoEnvironment);

    private const string Digest = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";

    [Fact]
    public void Users_are_read_from_arrays_of_tables()
    {
        var config = Load($"""
            [[users]]
            name = "app"
            password_sha256 = "{Digest.ToUpperInvariant()}"
            commands = ["+@read", "-@admin"]
            keys = ["app:*"]

            [[users]]
            name = "ops"
            password_sha256 = ["{Digest}", "{new string('0', 64)}"]
            enabled = false
            """);

        Assert.Equal(2, config.Users.Count);
        Assert.Equal("app", config.Users[0].Name);
        Assert.Equal([Digest], config.Users[0].PasswordSha256);
        Assert.Equal(["+@read", "-@admin"], config.Users[0].Commands);
        Assert.Equal(["app:*"], config.Users[0].Keys);
        Assert.True(config.Users[0].Enabled);
        Assert.False(config.Users[1].Enabled);
        Assert.Equal(2, config.Users[1].PasswordSha256.Count);
    }

    [Theory]
    [InlineData("[[users]]\nname = \"a\"\npassword_sha256 = \"abc\"\n")]
    [InlineData("[[users]]\nname = \"a b\"\n")]
    [InlineData("[[users]]\nname = \"a\"\npassword = \"plain\"\n")]
    [InlineData("[[users]]\nname = \"a\"\n[[users]]\nname = \"a\"\n")]
    public void Bad_users_stop_startup_naming_the_key(string toml)
    {
        var ex = Assert.Throws<ConfigException>(() => Load(toml));

        Assert.Equal("users", ex.Key);
        Assert.Contains("test.toml:", ex.Message);
    }

    [Fact]
    public void Requirepass_and_protected_mode_come_from_the_environment_too()
    {
        var config = Load("", new Dictionary<string, string?>
        {
            ["BLOBASAUR_SERVER_REQUIREPASS"] = "s3cret",
            ["BLOBASAUR_SERVER_PROTECTED_MODE"] = "no",
        });

        Assert.Equal("s3cret", config.Server.RequirePass);
        Assert.False(config.Server.ProtectedMode);
        Assert.True(new BlobasaurConfig().Server.ProtectedMode);
    }

    [Fact]
    public void Requirepass_and_a_default_user_table_conflict()
    {
        var ex = Assert.Throws<ConfigException>(() => Load("[server]\nrequirepass = \"x\"\n[[users]]\nname = \"default\"\nnopass = true\n"));

        Assert.Contains("keep only one", ex.Message);
    }

    [Fact]
    public void Tls_needs_its_files()
    {
        var noCert = Assert.Throws<ConfigException>(() => Load("[tls]\nenabled = true\n"));
        var noCa = Assert.Throws<ConfigException>(() =>
            Load("[tls]\nenabled = true\ncert_file = \"a.crt\"\nkey_file = \"a.key\"\nauth_clients = \"yes\"\n"));
        var ok = Load("[tls]\nenabled = true\naddr = \"0.0.0.0:6380\"\ncert_file = \"a.crt\"\nkey_file = \"a.key\"\n");

        Assert.Equal("tls.cert_file", noCert.Key);
        Assert.Equal("tls.ca_file", noCa.Key);
        Assert.Equal(TlsClientAuth.No, ok.Tls.AuthClients);
        Assert.Equal("0.0.0.0:6380", ok.Tls.Addr);
        Assert.Null(ok.Tls.Port);
    }

    [Fact]
    public void Tls_port_is_read_and_range_checked()
    {
        Assert.Equal(6390, Load("[tls]\nport = 6390\n").Tls.Port);
        var ex = Assert.Throws<ConfigException>(() => Load("[tls]\nport = 70000\n"));
        Assert.Equal("tls.port", ex.Key);
    }

    [Fact]
    public void Users_cannot_come_from_the_environment()
    {
        var ex = Assert.Throws<ConfigException>(() => Load("", new Dictionary<string, string?> { ["BLOBASAUR_USERS"] = "app" }));

        Assert.Contains("only be set in a config file", ex.Message);
    }
}
