using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using IndieGent.Sdk;
using IndieGent.Sdk.Marketplace;
using Spectre.Console;

namespace IndieGent.Cli.Commands;

/// <summary><c>marketplace search|call</c>, through the SDK's <see cref="MarketplaceClient"/>.</summary>
public static class MarketplaceCommands
{
    public static Command Build(CliContext cli)
    {
        var marketplace = new Command("marketplace", "Paid services anyone with a key can find, and agents call with their key alone.");
        marketplace.Subcommands.Add(Search(cli));
        marketplace.Subcommands.Add(Call(cli));
        return marketplace;
    }

    private static IndieGentAgent Agent(Session session)
    {
        var credentials = session.Credentials();
        return IndieGentAgent.ForPlatform(credentials.Gateway, credentials.ApiKey);
    }

    private static Command Search(CliContext cli)
    {
        var text = new Argument<string?>("query") { Description = "Words to look for (optional).", Arity = ArgumentArity.ZeroOrOne };
        var category = new Option<string?>("--category") { Description = "Only this category (e.g. travel)." };
        var kind = new Option<string?>("--kind") { Description = "proxied (called through IndieGent) or external (called at its own URL)." };
        kind.AcceptOnlyFromAmong(MarketplaceService.Proxied, MarketplaceService.External);
        var maxPrice = new Option<string?>("--max-price") { Description = "At most this price per call, in USDC." };
        var limit = new Option<int?>("--limit") { Description = "How many." };
        var command = new Command("search", "Search the marketplace's services.") { text, category, kind, maxPrice, limit };
        cli.Action(command, async (parse, session, ct) =>
        {
            using var agent = Agent(session);
            var query = new MarketplaceQuery
            {
                Text = parse.GetValue(text),
                Category = parse.GetValue(category),
                Kind = parse.GetValue(kind),
                MaxPrice = parse.GetValue(maxPrice) is { } p ? Usdc.Parse(p, "--max-price") : null,
                Limit = parse.GetValue(limit),
            };
            var page = await session.Terminal.WaitAsync("Searching", () => agent.Marketplace.SearchAsync(query, ct));
            session.Terminal.Result(page, () =>
            {
                var table = new Table().AddColumns("Service", "Name", "Category", "Kind", "Price (USDC)", "Calls", "Success", "Rating");
                foreach (var s in page.Services)
                {
                    table.AddRow(s.Slug, Terminal.Escape(s.Name), Terminal.Escape(s.Category), s.Kind,
                        s.MinPrice != s.Price ? $"{Usdc.Format(s.MinPrice)}–{Usdc.Format(s.Price)}" : Usdc.Format(s.Price),
                        s.Stats.Calls.ToString(CultureInfo.InvariantCulture),
                        s.Stats.SuccessRate is { } rate ? rate.ToString("P0", CultureInfo.InvariantCulture) : "—",
                        s.Rating.Average is { } stars ? $"{stars:0.0} ({s.Rating.Count})" : "—");
                }

                table.Caption($"{page.Services.Count} of {page.Total}");
                session.Terminal.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Call(CliContext cli)
    {
        var slug = new Argument<string>("service") { Description = "The service's slug (see `marketplace search`)." };
        var path = new Argument<string>("path") { Description = "The path and query at the service, e.g. /search?from=AMS.", DefaultValueFactory = _ => "/" };
        var request = new RequestOptions();
        var idempotency = new Option<string?>("--idempotency-key") { Description = "Names the call: the same key is the same call, charged once (default: a new one)." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show the charge and the answer's status and headers on standard error." };
        var command = new Command("call", "Call a marketplace service with the agent's key (agent key): charged under the agent's spending controls, " +
                                          "voided if the provider fails. The answer's body is printed.") { slug, path, idempotency, verbose };
        request.AddTo(command);
        cli.Action(command, async (parse, session, ct) =>
        {
            var relative = parse.GetValue(path)!;
            if (!relative.StartsWith('/'))
                relative = "/" + relative;
            using var agent = Agent(session);
            using var message = request.Build(parse, new Uri(relative, UriKind.Relative), session.Host);
            var service = parse.GetValue(slug)!;
            using var answer = await session.Terminal.WaitAsync($"Calling {service}",
                () => agent.Marketplace.CallAsync(service, message, parse.GetValue(idempotency), ct));
            var charge = $"{answer.ChargeStatus}{(answer.ChargedAmount is { } amount ? $" {Usdc.Format(amount)} USDC" : "")}";
            if (session.Terminal.IsJson)
            {
                var body = await answer.Content.ReadAsByteArrayAsync(ct);
                session.Terminal.WriteJson(new JsonObject
                {
                    ["service"] = service,
                    ["status"] = (int)answer.StatusCode,
                    ["callId"] = answer.CallId?.ToString(),
                    ["chargeStatus"] = answer.ChargeStatus.ToString(),
                    ["chargedAmount"] = answer.ChargedAmount?.ToString(CultureInfo.InvariantCulture),
                    ["body"] = Encoding.UTF8.GetString(body),
                });
                return ExitCodes.Ok;
            }

            if (parse.GetValue(verbose))
            {
                session.Terminal.Errors.MarkupLine($"[grey]< {(int)answer.StatusCode} {Markup.Escape(answer.Response.ReasonPhrase ?? "")}[/]");
                foreach (var (name, values) in answer.Response.Headers.Concat(answer.Content.Headers))
                    session.Terminal.Errors.MarkupLine($"[grey]< {Markup.Escape(name)}: {Markup.Escape(string.Join(", ", values))}[/]");
            }

            await answer.Content.CopyToAsync(session.Terminal.RawOut, ct);
            await session.Terminal.RawOut.FlushAsync(ct);
            session.Terminal.Note($"[grey]call {answer.CallId}: {Markup.Escape(charge)}[/]");
            return ExitCodes.Ok;
        });
        return command;
    }
}
