using System.Security.Cryptography;
using System.Text;
using Blobasaur.Config;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Security;

/// <summary>
/// A server with requirepass and three ACL users: "app" (reads, SET, HSET on app:* keys), "ops" (everything but @admin and
/// FLUSHALL, every key) and "off" (disabled).
/// </summary>
public sealed class SecuredServer : TestServer
{
    public const string Password = "s3cret-default";
    public const string AppPassword = "app-pw";
    public const string OpsPassword = "ops-pw";

    public static string Sha(string password) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));

    protected override BlobasaurConfig Configure(BlobasaurConfig config) => config with
    {
        Server = config.Server with { RequirePass = Password },
        Users =
        [
            new UserConfig { Name = "app", PasswordSha256 = [Sha(AppPassword)], Commands = ["-@all", "+@read", "+set", "+hset"], Keys = ["app:*"] },
            new UserConfig { Name = "ops", PasswordSha256 = [Sha(OpsPassword)], Commands = ["+@all", "-@admin", "-flushall"], Keys = ["*"] },
            new UserConfig { Name = "off", Enabled = false, PasswordSha256 = [Sha(OpsPassword)], Commands = ["allcommands"], Keys = ["allkeys"] },
        ],
    };

    public async Task<RespConnection> ConnectAsAsync(string user, string password)
    {
        var connection = await ConnectAsync();
        var reply = await connection.SendAsync("AUTH", user, password);
        if (reply != "+OK") throw new InvalidOperationException($"AUTH {user} failed: {reply}");
        return connection;
    }
}
