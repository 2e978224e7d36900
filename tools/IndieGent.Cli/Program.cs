using IndieGent.Cli;

return await IndieGentCli.RunAsync(args, CliHost.FromProcess());
