using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Egov.Audit;
using Egov.Platform.Access;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Egov.Reliability.Tests;

/// <summary>
/// Two nodes, one database (docs/deployment.md): two real hosts on one PostgreSQL behind Debian's nginx, many clients at
/// once. No lost update, no duplicate code, a background job never applied twice, sessions and forms that survive
/// switching node. EGOV_TWO_NODE_ROUNDS scales the load (./test.sh: 3; scripts/reliability.sh: 30).
/// </summary>
public partial class TwoNodeTests(TwoNodeDeployment nodes, ITestOutputHelper output) : IClassFixture<TwoNodeDeployment>
{
    private static int Rounds => TwoNodeDeployment.Rounds;

    [Fact]
    public async Task Receptions_through_nginx_get_unique_gapless_codes_and_one_audit_chain()
    {
        using var client = await nodes.ApiClientAsync(nodes.Proxy.Address, "motcua.xa1");
        var acknowledged = new ConcurrentDictionary<string, string>();   // code → applicant name
        var perClient = 4 * Rounds;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perClient; i++)
            {
                var name = $"Nguyễn Văn Hai Nút {w}-{i}";
                var code = await TwoNodeDeployment.ReceivedCodeAsync(client, nodes.CommuneId, name);
                Assert.True(acknowledged.TryAdd(code, name), $"Code {code} was given twice.");
            }
        })));
        Assert.Equal(8 * perClient, acknowledged.Count);

        // Every dossier of the commune (this test's and the others'), day by day: numbers 1..n, none twice, none missing.
        var codes = (await nodes.ColumnAsync("SELECT \"Code\" FROM os_dossiers WHERE \"Code\" LIKE @p0", TwoNodeDeployment.CommuneCode + "-%"))
            .Cast<string>().ToList();
        Assert.Empty(acknowledged.Keys.Except(codes));
        foreach (var day in codes.GroupBy(c => c[..c.LastIndexOf('-')]))
            Assert.Equal(Enumerable.Range(1, day.Count()), day.Select(c => int.Parse(c[(c.LastIndexOf('-') + 1)..])).Order());
        foreach (var (code, name) in acknowledged)
            Assert.Equal(name, await nodes.ScalarAsync<string>("SELECT \"ApplicantName\" FROM os_dossiers WHERE \"Code\" = @p0", code));

        // Both nodes took their share, and appended to one audit chain without forking it.
        var served = nodes.Proxy.RequestsPerUpstream();
        output.WriteLine($"{acknowledged.Count} receptions; requests per node: {string.Join(", ", served.Select(s => $"{s.Key} {s.Value}"))}");
        foreach (var node in new[] { nodes.NodeA, nodes.NodeB })
            Assert.True(served.GetValueOrDefault($"127.0.0.1:{node.Address.Port}") > 0, $"nginx sent nothing to {node.Address}.");
        await using var services = nodes.Database.BuildServices();
        await using var scope = services.CreateScopeAs(new SystemCaller("test"));
        var verification = await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync();
        Assert.True(verification.Intact, $"The audit chain is broken: {verification}");
    }

    [Fact]
    public async Task Concurrent_actions_on_the_same_dossiers_let_one_win_per_version_and_lose_nothing()
    {
        using var officer = await nodes.ApiClientAsync(nodes.Proxy.Address, "motcua.xa1");
        var codes = new List<string>();
        for (var i = 0; i < 3; i++) codes.Add(await TwoNodeDeployment.ReceivedCodeAsync(officer, nodes.CommuneId, $"Trần Thị Đồng Thời {i}"));
        var assignee = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{codes[0]}/assignees"))[0].GetProperty("userId").GetGuid();

        const int clients = 6;
        var rounds = 3 * Rounds;
        var wins = new ConcurrentBag<(string Code, int Version, string Comment)>();
        var refusals = new ConcurrentBag<string>();
        await Task.WhenAll(codes.Select(code => Task.Run(async () =>
        {
            for (var round = 0; round < rounds; round++)
            {
                // Every client reads the dossier, then all act at once, each sending the version it read.
                var read = 0;
                var allRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
                {
                    var version = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("version").GetInt32();
                    if (Interlocked.Increment(ref read) == clients) allRead.SetResult();
                    await allRead.Task.WaitAsync(TimeSpan.FromSeconds(30));
                    var comment = $"vòng {round} người {c}";
                    using var response = await officer.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/phan_cong", new { version, assigneeId = assignee, comment });
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.IsSuccessStatusCode)
                    {
                        Assert.Equal(version + 1, JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt32());
                        wins.Add((code, version, comment));
                    }
                    else
                    {
                        // A refusal the client can act on: 409 problem details asking to reload.
                        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{(int)response.StatusCode} {body}");
                        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                        Assert.Equal(409, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
                        refusals.Add(code);
                    }
                })));
            }
        })));

        output.WriteLine($"{codes.Count} dossiers × {rounds} rounds × {clients} clients: {wins.Count} applied, {refusals.Count} refused with 409.");
        Assert.All(wins.GroupBy(w => (w.Code, w.Version)), g => Assert.Single(g));
        Assert.True(refusals.Count > 0, "No client ever lost a race: the test did not test concurrency.");
        foreach (var code in codes)
        {
            var dossier = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
            var history = dossier.GetProperty("history").EnumerateArray().ToList();
            var assignments = history.Where(h => h.GetProperty("action").GetString() == "phan_cong").Select(h => h.GetProperty("comment").GetString()!).ToList();
            var won = wins.Where(w => w.Code == code).Select(w => w.Comment).ToList();
            // Every acknowledged action is in the history once, and nothing that was refused is.
            Assert.Equal(won.Order(), assignments.Order());
            Assert.True(won.Count >= rounds, $"{code}: fewer successes ({won.Count}) than rounds ({rounds}).");
            Assert.Equal(1 + won.Count, dossier.GetProperty("version").GetInt32());
            Assert.Equal(Enumerable.Range(1, history.Count), history.Select(h => h.GetProperty("sequence").GetInt32()));
        }
    }

    [Fact]
    public async Task The_same_idempotency_key_sent_to_both_nodes_creates_one_dossier_and_applies_one_action()
    {
        // One token for both nodes: issued by node A, accepted by node B (the keys are in the database).
        var token = await nodes.TokenAsync(nodes.NodeA.Address, "motcua.xa1");
        using var a = new HttpClient { BaseAddress = nodes.NodeA.Address, Timeout = TimeSpan.FromSeconds(60) };
        using var b = new HttpClient { BaseAddress = nodes.NodeB.Address, Timeout = TimeSpan.FromSeconds(60) };
        foreach (var client in new[] { a, b }) client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        for (var i = 0; i < 4 * Rounds; i++)
        {
            // A client whose first attempt timed out on node A retries on node B with the same key, both in flight at once.
            var key = Guid.NewGuid().ToString();
            var name = $"Lê Văn Thử Lại {i}";
            var responses = await Task.WhenAll(TwoNodeDeployment.ReceiveAsync(a, nodes.CommuneId, name, key),
                TwoNodeDeployment.ReceiveAsync(b, nodes.CommuneId, name, key));
            var answered = new List<(HttpStatusCode Status, string Code)>();
            foreach (var response in responses)
                using (response)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
                    answered.Add((response.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()!));
                }
            Assert.Single(answered.Select(x => x.Code).Distinct());
            Assert.Single(answered, x => x.Status == HttpStatusCode.Created);
            Assert.Equal(1L, await nodes.ScalarAsync<long>("SELECT COUNT(*) FROM os_dossiers WHERE \"IdempotencyKey\" = @p0", key));
            var code = answered[0].Code;

            var actionKey = Guid.NewGuid().ToString();
            var acted = await Task.WhenAll(new[] { a, b }.Select(async client =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/dossiers/{code}/actions/chuyen_tham_dinh")
                {
                    Content = JsonContent.Create(new { comment = "Chuyển thẩm định " + i }),
                };
                request.Headers.Add("Idempotency-Key", actionKey);
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
                return JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt32();
            }));
            Assert.Equal([2, 2], acted);
            var history = (await a.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/history")).EnumerateArray().ToList();
            Assert.Equal(["receive", "chuyen_tham_dinh"], history.Select(h => h.GetProperty("action").GetString()));
        }
    }

    [Fact]
    public async Task An_overdue_step_is_escalated_once_while_both_nodes_race_for_the_job()
    {
        using var officer = await nodes.ApiClientAsync(nodes.Proxy.Address, "motcua.xa1");
        var codes = new List<string>();
        for (var i = 0; i < 2 + Rounds; i++) codes.Add(await TwoNodeDeployment.ReceivedCodeAsync(officer, nodes.CommuneId, $"Phạm Văn Quá Hạn {i}"));
        var ids = new List<Guid>();
        foreach (var code in codes) ids.Add(await nodes.ScalarAsync<Guid>("SELECT \"Id\" FROM os_dossiers WHERE \"Code\" = @p0", code));

        // The reception step was due 30 days ago: past both default rules (tell the leader at once; move the step to the
        // leader after 16 working hours), so each dossier must get one notice and one "escalate" entry, whichever node runs.
        await nodes.ExecuteAsync("UPDATE os_dossiers SET \"StepDueAt\" = now() at time zone 'utc' - interval '30 days' WHERE \"Code\" = ANY(@p0)",
            new object[] { codes.ToArray() });
        var runs = new HashSet<(string Holder, DateTime Started, DateTime Finished)>();
        async Task ObserveLeaseAsync()
        {
            foreach (var row in await nodes.RowsAsync(
                "SELECT \"LastHolder\", \"LastStartedAt\", \"LastFinishedAt\" FROM plat_job_leases WHERE \"Name\" = 'onestop.escalation' AND \"LastHolder\" IS NOT NULL"))
                runs.Add(((string)row[0], (DateTime)row[1], (DateTime)row[2]));
        }
        var until = DateTime.UtcNow.AddSeconds(60);
        while (await EscalatedCountAsync(ids) < ids.Count)
        {
            Assert.True(DateTime.UtcNow < until, $"Not every overdue step was escalated within a minute.\n{nodes.NodeA.RecentOutput}\n{nodes.NodeB.RecentOutput}");
            await ObserveLeaseAsync();
            await Task.Delay(100);
        }
        // Several more passes on both nodes: nothing is applied again.
        for (var settle = DateTime.UtcNow.AddSeconds(4 * TwoNodeDeployment.JobInterval.TotalSeconds); DateTime.UtcNow < settle; await Task.Delay(100))
            await ObserveLeaseAsync();

        foreach (var (code, id) in codes.Zip(ids))
        {
            var history = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/history")).EnumerateArray().ToList();
            Assert.Single(history, h => h.GetProperty("action").GetString() == "escalate");
            Assert.Equal(1L, await nodes.ScalarAsync<long>("SELECT COUNT(*) FROM plat_notifications WHERE \"DedupeKey\" LIKE @p0", $"escalation:{id:N}:%"));
            Assert.Equal(2L, await nodes.ScalarAsync<long>("SELECT COUNT(*) FROM os_escalations WHERE \"DossierId\" = @p0", id));
            Assert.Equal("leader", await nodes.ScalarAsync<string>("SELECT \"StepRole\" FROM os_dossiers WHERE \"Id\" = @p0", id));
        }

        // The lease is in plat_job_leases, held by one of the two nodes; the runs seen never overlapped.
        var lease = (await nodes.RowsAsync("SELECT \"Holder\", \"LeasedUntil\", \"LastOutcome\", \"LastHolder\" FROM plat_job_leases WHERE \"Name\" = 'onestop.escalation'")).Single();
        Assert.Equal("succeeded", lease[2]);
        var pids = new[] { nodes.NodeA.Pid, nodes.NodeB.Pid }.Select(p => $":{p}:").ToList();
        Assert.All(runs, r => Assert.Contains(pids, p => r.Holder.Contains(p)));
        var ordered = runs.OrderBy(r => r.Started).ToList();
        for (var i = 1; i < ordered.Count; i++)
            Assert.True(ordered[i].Started >= ordered[i - 1].Finished, $"Two runs overlapped: {ordered[i - 1]} and {ordered[i]}.");
        output.WriteLine($"{runs.Count} escalation passes seen: " +
            string.Join(", ", runs.GroupBy(r => pids.First(p => r.Holder.Contains(p))).Select(g => $"node pid{g.Key.Trim(':')} {g.Count()}")));
        Assert.True(runs.Count >= 3, "Too few passes were seen for the test to mean anything.");
    }

    private async Task<long> EscalatedCountAsync(IReadOnlyList<Guid> ids) => await nodes.ScalarAsync<long>(
        "SELECT COUNT(DISTINCT \"DossierId\") FROM os_dossier_events WHERE \"Action\" = 'escalate' AND \"DossierId\" = ANY(@p0)", new object[] { ids.ToArray() });

    [Fact]
    public async Task Sessions_tokens_and_forms_survive_switching_node()
    {
        var cookies = new CookieContainer();
        HttpClient Browser(HttpMessageHandler handler, Uri address) => new(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        using var handlerA = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var handlerB = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var onA = Browser(handlerA, nodes.NodeA.Address);
        using var onB = Browser(handlerB, nodes.NodeB.Address);

        // The sign-in form as node A renders it (antiforgery cookie and token), posted to node B.
        var login = await onA.GetStringAsync("/account/login");
        using (var signIn = await onB.PostAsync("/account/login", Form(login,
            ("_handler", "login"), ("Input.UserName", "motcua.xa1"), ("Input.Password", nodes.PasswordOf("motcua.xa1")))))
        {
            Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"Sign-in on node B with node A's form: {(int)signIn.StatusCode} {await signIn.Content.ReadAsStringAsync()}");
            Assert.Contains(cookies.GetCookies(nodes.NodeA.Address).Cast<Cookie>(), c => c.Name == "egov.auth");
        }

        // The session cookie node B issued works on both nodes, for pages and the API.
        foreach (var node in new[] { onA, onB })
        {
            using var workspace = await node.GetAsync("/workspace");
            Assert.True(workspace.StatusCode == HttpStatusCode.OK, $"{node.BaseAddress}workspace: {(int)workspace.StatusCode} {workspace.Headers.Location}");
            using var api = await node.GetAsync("/api/v1/dossiers?mine=false");
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        }

        // A dossier page's action form rendered by node A, submitted to node B with A's antiforgery token.
        using var officer = await nodes.ApiClientAsync(nodes.NodeA.Address, "motcua.xa1", issuer: nodes.NodeB.Address);
        var code = await TwoNodeDeployment.ReceivedCodeAsync(officer, nodes.CommuneId, "Đỗ Thị Chuyển Nút");
        var assignee = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/assignees"))[0].GetProperty("userId").GetString()!;
        var page = await onA.GetStringAsync($"/dossiers/{code}");
        using (var act = await onB.PostAsync($"/dossiers/{code}", Form(page, ("_handler", "act-phan_cong"), ("Input.Version", "1"),
            ("Input.AssigneeId", assignee), ("Input.Comment", "Phân công qua nút B"))))
        {
            Assert.True(act.StatusCode == HttpStatusCode.Redirect, $"{(int)act.StatusCode} {await act.Content.ReadAsStringAsync()}");
            Assert.Equal($"/dossiers/{code}?done=phan_cong", act.Headers.Location?.PathAndQuery);
        }
        var history = await onA.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/history");
        Assert.Equal("Phân công qua nút B", history.EnumerateArray().Last().GetProperty("comment").GetString());
    }

    /// <summary>The page's form fields as a browser posts them: the antiforgery token from the page, then the given fields.</summary>
    private static FormUrlEncodedContent Form(string html, params (string Name, string Value)[] fields)
    {
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, "The page has no antiforgery token.");
        return new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
