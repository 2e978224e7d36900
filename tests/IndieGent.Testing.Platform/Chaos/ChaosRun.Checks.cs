using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using IndieGent.Chain;
using EvmCredentialTypes = IndieGent.Payments.Protocol.Evm.EvmCredentialTypes;
using Nethereum.Hex.HexTypes;
using Npgsql;

namespace IndieGent.Testing.Platform.Chaos;

/// <summary>The end of a chaos run: quiescence, then every invariant checked.</summary>
public sealed partial class ChaosRun
{
    private async Task<ChaosReport> CheckAsync(IReadOnlyList<PaymentPlatform.AgentCreated> agents, CancellationToken ct)
    {
        var report = new ChaosReport();
        // Quiescence: credentials the merchant could not use get their turn; waiting approvals are approved; every payment reaches an end.
        var statuses = new Dictionary<Guid, string>();
        var quiet = Stopwatch.StartNew();
        // Long enough for every credential the merchants never used to expire (at most the authorization's 10 minutes).
        while (quiet.Elapsed < TimeSpan.FromMinutes(12) && !ct.IsCancellationRequested)
        {
            var retry = new HashSet<(string, LoadKind)>();
            while (_unsettled.TryDequeue(out var unsettled))
                retry.Add(unsettled);
            await SettleAllAsync(retry);
            var authorized = new HashSet<(string, LoadKind)>();
            await ApproveWaitingAsync();
            await platform.MineAsync(2);
            foreach (var (id, (agent, kind)) in _payments)
            {
                if (statuses.TryGetValue(id, out var known) && Terminal.Contains(known))
                    continue;
                try
                {
                    using var client = platform.Client(agent.ApiKey, "gateway#2");
                    client.Timeout = TimeSpan.FromSeconds(10);
                    var view = await client.GetFromJsonAsync<PaymentPlatform.PaymentView>($"/v1/payments/{id}", ct);
                    statuses[id] = view!.Status;
                    _views[id] = view;
                    if (view.Status == "Authorized" && view.Credential is { } credential)
                        authorized.Add((credential, kind));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Asked again on the next pass.
                }
            }

            await SettleAllAsync(authorized);
            var ended = statuses.Values.Count(Terminal.Contains);
            log.WriteLine($"chaos: {ended} of {_payments.Count} payments ended after {quiet.Elapsed.TotalSeconds:0} s of quiet" +
                          (ended < _payments.Count ? $" ({string.Join(", ", statuses.Values.Where(v => !Terminal.Contains(v)).GroupBy(v => v).Select(g => $"{g.Count()} {g.Key}"))})" : ""));
            // Quiet also means every deposit made until the end is credited: each wallet's ledger has caught up with the chain.
            if (statuses.Count == _payments.Count && ended == _payments.Count && await LedgersCaughtUpAsync(agents, ct))
                break;
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }

        foreach (var status in statuses.Values.GroupBy(s => s))
            report.Payments[status.Key] = status.Count();
        foreach (var (id, status) in statuses.Where(s => !Terminal.Contains(s.Value)))
        {
            var view = _views.GetValueOrDefault(id);
            var credential = view?.Credential;
            report.Violation($"payment {id} ({_payments[id].Kind}) is still {status} after the platform was left to settle: " +
                             $"tx {view?.TxHash ?? "none"}, credential {(credential is null ? "none" : _settled.ContainsKey(credential) ? "submitted and mined" : "not mined")}" +
                             (credential is not null && _settleFailures.TryGetValue(credential, out var why) ? $", submissions failed: {why}" : "") +
                             LogEvidence(id));
        }
        // Every payment that failed, with why and what its records and the chain say: the evidence an invariant below may need.
        foreach (var (id, view) in _views.Where(v => v.Value.Status == "Failed"))
            log.WriteLine($"chaos: payment {id} ({_payments[id].Kind}) failed: {view.Reason}, tx {view.TxHash ?? "none"}" +
                          await RecordEvidenceAsync(id, ct) + LogEvidence(id));
        foreach (var id in _payments.Keys.Where(id => !statuses.ContainsKey(id)))
            report.Violation($"payment {id} could not be read");

        // One payment per idempotency key, whatever Gateway and however often it was asked.
        foreach (var (key, ids) in _paymentsByKey.Where(p => p.Value.Distinct().Count() > 1))
            report.Violation($"idempotency key {key} became {ids.Distinct().Count()} payments: {string.Join(", ", ids.Distinct())}");

        // Each wallet's ledger equals the chain (marketplace calls stay in the agent's wallet until a sweep); nothing is left held.
        long agentsHold = 0;
        foreach (var agent in agents)
        {
            using var client = platform.Client(agent.ApiKey, "gateway#2");
            var wallet = (await client.GetFromJsonAsync<PaymentPlatform.WalletView>("/v1/wallet", ct))!;
            var onChain = (long)await platform.Token.BalanceOfAsync(EvmAddress.Parse(agent.Agent.WalletAddress), ct);
            if (wallet.Posted + wallet.MarketplaceUnswept != onChain)
                report.Violation($"agent {agent.Agent.Name}: the ledger posts {wallet.Posted} (+ {wallet.MarketplaceUnswept} unswept), the chain holds {onChain}");
            if (wallet.Pending != 0)
                report.Violation($"agent {agent.Agent.Name}: {wallet.Pending} still held after every payment ended");
            agentsHold += onChain;
        }

        using (var client = platform.Client(_operatorKey, "gateway#2"))
        {
            var treasury = (await client.GetFromJsonAsync<TreasuryView>("/v1/treasury", ct))!;
            var onChain = (long)await platform.Token.BalanceOfAsync(EvmAddress.Parse(_treasuryAddress), ct);
            if (treasury.Posted != onChain || treasury.Pending != 0)
                report.Violation($"the treasury: the ledger posts {treasury.Posted} ({treasury.Pending} held), the chain holds {onChain}");
            agentsHold += onChain;
        }

        // The merchants received exactly what settled; money only moved between the operator's wallets and the merchants.
        var settled = new Dictionary<LoadKind, (long Amount, int Count)>();
        foreach (var (id, (agent, kind)) in _payments.Where(p => statuses.GetValueOrDefault(p.Key) == "Settled"))
        {
            using var client = platform.Client(agent.ApiKey, "gateway#2");
            var amount = (await client.GetFromJsonAsync<PaymentPlatform.PaymentView>($"/v1/payments/{id}", ct))!.Amount;
            settled[kind] = (settled.GetValueOrDefault(kind).Amount + amount, settled.GetValueOrDefault(kind).Count + 1);
        }

        foreach (var (kind, (amount, count)) in settled.OrderBy(s => s.Key))
            report.Payments[$"Settled ({kind})"] = count;
        var received = (long)await platform.Token.BalanceOfAsync(_merchant.Recipient, ct);
        var merchantSettled = settled.Where(s => s.Key is LoadKind.Authorization or LoadKind.Hash or LoadKind.Transaction).Sum(s => s.Value.Amount);
        if (received != merchantSettled)
            report.Violation($"the merchant received {received} on chain; its settled payments total {merchantSettled}");
        var (apiReceived, partnerReceived) = ((long)await platform.Token.BalanceOfAsync(_apiMerchant, ct), (long)await platform.Token.BalanceOfAsync(_partner, ct));
        var (permit2Settled, permit2Count) = settled.GetValueOrDefault(LoadKind.Permit2);
        if (apiReceived + partnerReceived != permit2Settled || partnerReceived != permit2Count * PartnerShare)
            report.Violation($"the paid API and its partner received {apiReceived} and {partnerReceived} on chain; {permit2Count} settled permit2 payments total {permit2Settled}");
        // No token went anywhere else: everything minted is in the operator's wallets or the merchants'.
        report.Deposits = _minted.Values.Sum();
        var supply = (long)await platform.Token.TotalSupplyAsync(ct);
        if (agentsHold + received + apiReceived + partnerReceived != supply)
            report.Violation($"the operator's wallets hold {agentsHold} and the merchants {received + apiReceived + partnerReceived} of the {supply} minted");

        // The chain the books are compared with must be one a node could have.
        await CheckChainAsync([.. agents.Select(a => a.Agent.WalletAddress), _treasuryAddress, platform.Relayer.ToString()], report, ct);

        // No signature the Ledger did not reserve for, no saga left in a waiting state.
        await using (var wallet = new NpgsqlConnection(platform.Setting("ConnectionStrings:walletdb", "wallet")))
        await using (var ledger = new NpgsqlConnection(platform.Setting("ConnectionStrings:ledgerdb", "ledger")))
        {
            await wallet.OpenAsync(ct);
            await ledger.OpenAsync(ct);
            var signed = await IdsAsync(wallet, "select id from wallet.mt_doc_signingclaim", ct);
            var reserved = await IdsAsync(ledger, "select id from ledger.mt_doc_paymentstate where data->>'CurrentState' not in ('Denied')", ct);
            reserved.UnionWith(await IdsAsync(ledger, "select id from ledger.mt_doc_transferstate", ct));
            foreach (var id in signed.Except(reserved))
                report.Violation($"the Wallet signed for payment {id}, which the Ledger never reserved for");
            var open = await IdsAsync(ledger,
                "select id from ledger.mt_doc_paymentstate where data->>'CurrentState' not in ('Settled', 'Denied', 'Failed', 'Expired')", ct);
            foreach (var id in open)
                report.Violation($"saga {id} is still open");
            foreach (var id in await IdsAsync(ledger, "select id from ledger.mt_doc_transferstate where data->>'CurrentState' not in ('Completed', 'Failed')", ct))
                report.Violation($"transfer saga {id} is still open");
            report.Signatures = signed.Count;
        }

        return report;
    }

    // The test chain itself: every block below the head there and on its parent, and each of the platform's senders with as
    // many transactions in blocks as the nonces it used. A chain that is not (anvil's snapshot taken while it mined a block
    // made one) would make the books look wrong for what no node does; the report then says so.
    private async Task CheckChainAsync(IReadOnlyList<string> senders, ChaosReport report, CancellationToken ct)
    {
        var chain = new Nethereum.Web3.Web3(platform.Anvil.RpcUrl);
        var head = (long)(await chain.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        var blocks = new Nethereum.RPC.Eth.DTOs.BlockWithTransactions?[head + 1];
        await Parallel.ForEachAsync(Enumerable.Range(0, (int)head + 1), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (number, _) => blocks[number] = await chain.Eth.Blocks.GetBlockWithTransactionsByNumber.SendRequestAsync(new HexBigInteger(number)));
        var sent = senders.Select(s => s.ToLowerInvariant()).Distinct().ToDictionary(s => s, _ => 0L);
        var (missing, unlinked) = (0, 0);
        for (var number = 0; number <= head; number++)
        {
            if (blocks[number] is not { } block)
            {
                missing++;
                continue;
            }

            if (number > 0 && blocks[number - 1] is { } parent && !string.Equals(block.ParentHash, parent.BlockHash, StringComparison.OrdinalIgnoreCase))
                unlinked++;
            foreach (var transaction in block.Transactions)
            {
                if (sent.TryGetValue(transaction.From.ToLowerInvariant(), out var count))
                    sent[transaction.From.ToLowerInvariant()] = count + 1;
            }
        }

        if (missing + unlinked > 0)
            report.Violation($"the test chain: {missing} of its {head + 1} blocks missing, {unlinked} not on their parent");
        foreach (var (sender, count) in sent)
        {
            var used = (long)(await chain.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender, Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest())).Value;
            if (used != count)
                report.Violation($"the test chain: {sender} has used {used} nonces, and {count} of its transactions are in blocks");
        }
    }

    // What every instance logged about a payment (the last lines), one per line.
    private string LogEvidence(Guid id) =>
        string.Concat(platform.AllLogLines().Where(l => l.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase) &&
                !l.Contains(" scope: ", StringComparison.Ordinal)).TakeLast(30)
            .Select(l => Environment.NewLine + "    " + (l.Length > 400 ? l[..400] : l)));

    // A payment's transaction as Settlement recorded it and as the Wallet signed it, and where the chain has each version now.
    private async Task<string> RecordEvidenceAsync(Guid id, CancellationToken ct)
    {
        var evidence = new System.Text.StringBuilder();
        var hashes = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var settlement = new NpgsqlConnection(platform.Setting("ConnectionStrings:settlementdb", "settlement")))
        {
            await settlement.OpenAsync(ct);
            foreach (var table in new[] { "settlement.mt_doc_outgoingtransfer", "settlement.mt_doc_relayedtransfer" })
                await RecordAsync(settlement, table, id, "Settlement", evidence, hashes, ct);
        }

        await using (var wallet = new NpgsqlConnection(platform.Setting("ConnectionStrings:walletdb", "wallet")))
        {
            await wallet.OpenAsync(ct);
            foreach (var table in new[] { "wallet.mt_doc_issuedtransaction", "wallet.mt_doc_issuedrelay" })
                await RecordAsync(wallet, table, id, "Wallet", evidence, hashes, ct);
        }

        var chain = new Nethereum.Web3.Web3(platform.Anvil.RpcUrl);
        foreach (var hash in hashes)
        {
            var receipt = await chain.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash);
            evidence.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}    version {hash}: ")
                .Append(receipt is null ? "not mined" : $"mined in block {receipt.BlockNumber.Value}, status {receipt.Status?.Value}");
        }

        return evidence.ToString();
    }

    private static async Task RecordAsync(NpgsqlConnection connection, string table, Guid id, string service, System.Text.StringBuilder evidence,
        SortedSet<string> hashes, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select data::text from {table} where id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        try
        {
            if (await command.ExecuteScalarAsync(ct) is not string json)
                return;
            // The raw transactions are long and say nothing the hashes do not.
            var record = System.Text.Json.Nodes.JsonNode.Parse(json)!;
            foreach (var version in record["Versions"]?.AsArray() ?? [])
            {
                if (version is System.Text.Json.Nodes.JsonObject fields)
                {
                    if ((string?)(fields["Hash"] ?? fields["TxHash"]) is { } hash)
                        hashes.Add(hash);
                    foreach (var raw in fields.Where(f => f.Key.StartsWith("Raw", StringComparison.Ordinal)).Select(f => f.Key).ToList())
                        fields.Remove(raw);
                }
            }

            evidence.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}    {service} {table}: {record.ToJsonString()}");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // That kind of record was never written in this run.
        }
    }

    // The merchants use what they hold, several at once (each may wait up to its timeout).
    private Task SettleAllAsync(IEnumerable<(string Credential, LoadKind Kind)> credentials) =>
        Parallel.ForEachAsync(credentials, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (c, _) => await SettleAsync(c.Credential, c.Kind));

    private async Task<bool> LedgersCaughtUpAsync(IReadOnlyList<PaymentPlatform.AgentCreated> agents, CancellationToken ct)
    {
        foreach (var agent in agents)
        {
            try
            {
                using var client = platform.Client(agent.ApiKey, "gateway#2");
                client.Timeout = TimeSpan.FromSeconds(10);
                var wallet = (await client.GetFromJsonAsync<PaymentPlatform.WalletView>("/v1/wallet", ct))!;
                if (wallet.Posted + wallet.MarketplaceUnswept != (long)await platform.Token.BalanceOfAsync(EvmAddress.Parse(agent.Agent.WalletAddress), ct) ||
                    wallet.Pending != 0)
                    return false;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }

        try
        {
            // The treasury too: its top-ups settled, none held.
            using var client = platform.Client(_operatorKey, "gateway#2");
            client.Timeout = TimeSpan.FromSeconds(10);
            var treasury = (await client.GetFromJsonAsync<TreasuryView>("/v1/treasury", ct))!;
            return treasury.Pending == 0 && treasury.Posted == (long)await platform.Token.BalanceOfAsync(EvmAddress.Parse(_treasuryAddress), ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<HashSet<Guid>> IdsAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new HashSet<Guid>();
        while (await reader.ReadAsync(ct))
            ids.Add(reader.GetGuid(0));
        return ids;
    }
}
