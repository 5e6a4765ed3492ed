using Blobasaur.Cli;

return await CliApp.RunAsync(args);
