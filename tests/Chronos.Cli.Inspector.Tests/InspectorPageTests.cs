using System.Collections.ObjectModel;
using System.Text.Json.Nodes;
using OpenQA.Selenium;

namespace Chronos.Cli.Inspector.Tests;

/// <summary>
/// The inspector's page in headless chromium over a SQLite store seeded through IStorage: each view shows what was
/// stored, the waterfall is drawn to scale and nested, the diff marks the keys that changed, stored markup stays text.
/// Each view is saved as a screenshot (TestResults/inspector/NAME.png).
/// </summary>
public sealed class InspectorPageTests(InspectorFixture inspector) : IClassFixture<InspectorFixture>
{
    private Browser Browser => inspector.Browser;

    private static string Session(string id, string tab) => $"#session?agent={InspectorSeed.Agent}&id={Uri.EscapeDataString(id)}&tab={tab}";

    [BrowserFact]
    public void TheSessionsViewListsTheSeededSessionsNewestFirst()
    {
        Browser.Open(inspector.Address);
        var ids = Browser.Driver.FindElements(By.CssSelector("#sessions tr.session-row")).Select(r => r.GetDomAttribute("data-id")).ToList();
        Assert.Equal(InspectorSeed.SessionIdsNewestFirst, ids);
        Assert.Equal("sqlite: dev.db", Browser.Driver.FindElement(By.Id("backend")).Text);
        Browser.Screenshot("sessions");
    }

    [BrowserFact]
    public void StoredMarkupIsShownAsTextAndNeverRuns()
    {
        Browser.Open(inspector.Address);
        var row = Browser.Driver.FindElement(By.CssSelector("#sessions tr.session-row"));
        Assert.Equal(InspectorSeed.Hostile, row.FindElement(By.CssSelector("td a")).Text);
        Assert.Contains(InspectorSeed.HostileNote, row.Text, StringComparison.Ordinal);
        Assert.Empty(Browser.Driver.FindElements(By.CssSelector("main img, main script")));

        Browser.Open(inspector.View(Session(InspectorSeed.Hostile, "timeline")));
        Assert.Equal("Session " + InspectorSeed.Hostile, Browser.Driver.FindElement(By.Id("session-id")).Text);
        Assert.Equal(InspectorSeed.HostileNote, JsonNode.Parse(Browser.Driver.FindElement(By.Id("session-metadata")).Text)!["note"]!.GetValue<string>());
        Assert.Equal(InspectorSeed.HostileNote, Browser.Driver.FindElement(By.CssSelector("#timeline li.event .badge")).Text);
        Assert.Empty(Browser.Driver.FindElements(By.CssSelector("main img, main script")));
        Assert.Null(Browser.Script("return window.__pwned ?? null"));
        Assert.Equal(1L, Browser.Script("return document.scripts.length"));   // inspector.js alone
        Browser.Screenshot("hostile-session");
    }

    [BrowserFact]
    public void TheTimelineShowsTheLedgerInOrder()
    {
        Browser.Open(inspector.View(Session(InspectorSeed.Planning, "timeline")));
        var events = Browser.Driver.FindElements(By.CssSelector("#timeline li.event"));
        Assert.Equal(Enumerable.Range(1, InspectorSeed.PlanningEvents).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            events.Select(e => e.GetDomAttribute("data-seq")));
        Assert.Contains("event 6", events[^1].Text, StringComparison.Ordinal);
        Assert.Contains("chat_summary", events[^1].Text, StringComparison.Ordinal);
        Assert.Contains("(+5.000 s)", events[^1].Text, StringComparison.Ordinal);
        Browser.Screenshot("timeline");
    }

    [BrowserFact]
    public void TheWaterfallDrawsOneBarPerSpanNestedUnderItsParentAndToScale()
    {
        Browser.Open(inspector.View(Session(InspectorSeed.Planning, "traces")));
        var rows = Browser.Driver.FindElements(By.CssSelector("#waterfall .wf-row[data-id]"));
        Assert.Equal(InspectorSeed.Spans.Length, Browser.Driver.FindElements(By.CssSelector("#waterfall .wf-bar")).Count);
        // Depth-first: each child right under its parent, siblings by start time.
        Assert.Equal(["t-run", "t-model", "t-tool", "t-http"], rows.Select(r => r.GetDomAttribute("data-id")));

        var total = InspectorSeed.Spans.Max(s => s.EndMs) - InspectorSeed.Spans.Min(s => s.StartMs);
        var geometry = new Dictionary<string, (double Left, double Width, double Indent)>();
        foreach (var row in rows)
        {
            var id = row.GetDomAttribute("data-id")!;
            var measured = (ReadOnlyCollection<object>)Browser.Script("""
                const row = arguments[0], track = row.querySelector('.wf-track').getBoundingClientRect();
                const bar = row.querySelector('.wf-bar').getBoundingClientRect(), label = row.querySelector('.wf-label');
                return [bar.left - track.left, bar.width, track.width, parseFloat(getComputedStyle(label).paddingLeft)];
                """, row)!;
            var (left, width, trackWidth, indent) = (Number(measured[0]), Number(measured[1]), Number(measured[2]), Number(measured[3]));
            var span = InspectorSeed.Spans.Single(s => s.Id == id);
            Assert.InRange(left, trackWidth * span.StartMs / total - 1.5, trackWidth * span.StartMs / total + 1.5);
            Assert.InRange(width, trackWidth * (span.EndMs - span.StartMs) / total - 1.5, trackWidth * (span.EndMs - span.StartMs) / total + 1.5);
            geometry[id] = (left, width, indent);
        }
        foreach (var span in InspectorSeed.Spans.Where(s => s.Parent is not null))
        {
            var (child, parent) = (geometry[span.Id], geometry[span.Parent!]);
            Assert.True(child.Indent > parent.Indent, $"{span.Id} is not indented under {span.Parent}: {child.Indent} <= {parent.Indent}");
            Assert.True(child.Left >= parent.Left - 0.5 && child.Left + child.Width <= parent.Left + parent.Width + 0.5, $"{span.Id}'s bar leaves {span.Parent}'s");
        }
        Assert.Equal(geometry["t-model"].Indent, geometry["t-tool"].Indent);   // siblings at the same depth
        Browser.Screenshot("waterfall");
    }

    [BrowserFact]
    public void TheDiffOfTwoCheckpointsMarksTheChangedAddedAndRemovedKeys()
    {
        Browser.Open(inspector.View(Session(InspectorSeed.Planning, "checkpoints")));
        Assert.Equal(["cp-2", "cp-1"], Browser.Driver.FindElements(By.CssSelector("#checkpoints tr.checkpoint-row")).Select(r => r.GetDomAttribute("data-id")));
        Browser.Screenshot("checkpoints");

        Browser.Driver.FindElement(By.Id("compare")).Click();   // from the older to the newest, as preselected
        Browser.WaitFor(() => ((string?)Browser.Script("return document.body.dataset.ready"))?.StartsWith("#diff", StringComparison.Ordinal) == true, "the diff");
        var marked = Browser.Driver.FindElements(By.CssSelector("#diff tr.diff-row"))
            .ToDictionary(r => r.GetDomAttribute("data-path")!, r => (Kind: r.GetDomAttribute("data-kind"), Class: r.GetDomAttribute("class"), r.Text));
        Assert.Equal(["$.step", "$.plan.city", "$.notes[1]", "$.draft", "$.done"], marked.Keys);
        Assert.Equal("changed", marked["$.plan.city"].Kind);
        Assert.Contains("changed", marked["$.plan.city"].Class, StringComparison.Ordinal);
        Assert.Contains("\"Paris\"", marked["$.plan.city"].Text, StringComparison.Ordinal);
        Assert.Contains("\"Lyon\"", marked["$.plan.city"].Text, StringComparison.Ordinal);
        Assert.Equal("changed", marked["$.step"].Kind);
        Assert.Equal("added", marked["$.notes[1]"].Kind);
        Assert.Equal("added", marked["$.done"].Kind);
        Assert.Equal("removed", marked["$.draft"].Kind);
        // The marking is visible, not only a class: a changed row is drawn in another colour than the table.
        Assert.NotEqual(Browser.Script("return getComputedStyle(document.querySelector('#diff thead tr')).backgroundColor"),
            Browser.Script("return getComputedStyle(document.querySelector('#diff tr.changed')).backgroundColor"));
        Browser.Screenshot("diff");
    }

    [BrowserFact]
    public void TheCheckpointViewShowsItsStoredState()
    {
        Browser.Open(inspector.View($"#checkpoint?agent={InspectorSeed.Agent}&session={InspectorSeed.Planning}&id=cp-2"));
        var state = JsonNode.Parse(Browser.Driver.FindElement(By.Id("checkpoint-state")).Text);
        Assert.True(JsonNode.DeepEquals(InspectorSeed.SecondState, state), state?.ToJsonString());
        Browser.Screenshot("checkpoint");
    }

    private static double Number(object value) => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
}
