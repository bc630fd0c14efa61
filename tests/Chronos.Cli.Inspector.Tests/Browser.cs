using Chronos.Storage.Conformance;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Chronos.Cli.Inspector.Tests;

/// <summary>
/// Debian's chromium, headless, driven through Debian's chromedriver (given by path, so Selenium never looks for or
/// downloads a driver or a browser of its own).
/// </summary>
internal sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    /// <summary>Where screenshots go: TestResults/inspector under the test's output folder.</summary>
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "inspector");

    private readonly ChromeDriver _driver;

    public Browser()
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        // --no-sandbox: the tests run as root here (CI too), where chromium's sandbox refuses to start.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900",
            "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-sync", "--disable-default-apps", "--hide-scrollbars");
        _driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public IWebDriver Driver => _driver;

    /// <summary>Opens <paramref name="url"/> and waits until the page has drawn that view (body[data-ready] is its hash).</summary>
    public void Open(Uri url)
    {
        _driver.Navigate().GoToUrl(url);
        var expected = string.IsNullOrEmpty(url.Fragment) ? "#" : url.Fragment;
        WaitFor(() => (string?)_driver.ExecuteScript("return document.body.dataset.ready || null") == expected, $"the view {expected}");
    }

    public void WaitFor(Func<bool> condition, string what)
    {
        var end = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > end) throw new TimeoutException($"the page never showed {what}; it shows: {_driver.FindElement(By.TagName("body")).Text}");
            Thread.Sleep(50);
        }
    }

    public object? Script(string script, params object[] arguments) => _driver.ExecuteScript(script, arguments);

    public string Screenshot(string name)
    {
        Directory.CreateDirectory(Screenshots);
        var path = Path.Combine(Screenshots, name + ".png");
        _driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    /// <summary>Why browser tests are skipped (no chromium and servers not required), or null when they run.</summary>
    public static string? SkipReason =>
        File.Exists(ChromiumPath) && File.Exists(DriverPath) || TestServers.AreRequired
            ? null
            : $"install chromium and chromium-driver to run (tools/test-servers/test-servers.sh servers_install does)";

    public void Dispose() => _driver.Quit();
}

/// <summary>A test that needs the headless browser: skipped without it, failing without it under CHRONOS_REQUIRE_SERVERS=1.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() => Skip = Browser.SkipReason!;

    /// <summary>A browser test that also needs the server in <paramref name="serverVariable"/> (see <see cref="TestServers"/>).</summary>
    public BrowserFactAttribute(string serverVariable) => Skip = Browser.SkipReason ?? TestServers.SkipReason(serverVariable)!;
}
