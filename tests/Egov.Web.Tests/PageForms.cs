using System.Net;
using System.Text.RegularExpressions;

namespace Egov.Web.Tests;

/// <summary>Pages as a browser without JavaScript uses them: GET the HTML, POST a form with its antiforgery token.</summary>
public static partial class PageForms
{
    public static async Task<string> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {html}");
        return html;
    }

    /// <summary>Posts a page's form as a browser does: the antiforgery token of a fresh GET and the form's handler name.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string handler, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await PageAsync(client, url);
        var token = Token().Match(page);
        Assert.True(token.Success, "no antiforgery token on " + url);
        var body = new List<KeyValuePair<string, string>>(fields)
        {
            new("_handler", handler), new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)),
        };
        return await client.PostAsync(url, new FormUrlEncodedContent(body));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
