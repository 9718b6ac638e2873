package org.kamaelia.http.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The dashboard in a real headless browser (Debian's Chromium, installed by .ci/run): the page's script runs,
 * fetches the figures and draws them; after requests are made the figures must have changed, each server's rate
 * chart must gain points as polling goes on, and a live connection's component graph must be drawn with
 * arrowheads and the queued messages on its linkages, a full inbox marked. Without Chromium the test is skipped
 * locally and fails in CI.
 */
@SpringBootTest(
        properties = {
            "kamaelia.http.servers.api.port=0",
            "kamaelia.http.servers.site.port=0",
            "kamaelia.http.servers.management.port=0",
            "kamaelia.http.servers.secure.port=0",
            // a client below reads nothing on purpose, to fill the server's write queue; it must not be cut meanwhile
            "kamaelia.http.servers.api.limits.min-response-rate.bytes-per-second=0"
        })
@Timeout(120)
class DashboardBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Autowired
    KamaeliaHttpServers servers;

    private int port(String server) {
        return servers.server(server).orElseThrow().port();
    }

    /**
     * The page's DOM after {@code budgetMillis} of the browser's virtual time: the page polls once a second of it,
     * so a longer budget means more samples.
     */
    private static String renderedDom(String url, int budgetMillis) throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("Chromium is missing: .ci/run should have installed it");
            }
            Assumptions.abort("no Chromium at " + CHROMIUM + "; .ci/run installs it");
        }
        Path profile = Files.createTempDirectory("chromium-profile");
        Process process = new ProcessBuilder(List.of(
                        CHROMIUM.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--virtual-time-budget=" + budgetMillis,
                        "--dump-dom",
                        url))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] dom;
        try (InputStream in = process.getInputStream()) {
            dom = in.readAllBytes();
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("chromium finished")
                .isTrue();
        return new String(dom, StandardCharsets.UTF_8);
    }

    /** The number shown for {@code figure} in the card of {@code server}. */
    private static long figure(String dom, String server, String figure) {
        int card = dom.indexOf("data-server=\"" + server + "\"");
        assertThat(card).as("card of " + server + " drawn").isNotNegative();
        Matcher m = Pattern.compile("data-figure=\"" + figure + "\">([0-9.]+)<").matcher(dom);
        assertThat(m.find(card)).as(figure + " drawn for " + server).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private static long framing(String dom, String server, String kind) {
        int card = dom.indexOf("data-server=\"" + server + "\"");
        Matcher m = Pattern.compile("data-framing=\"" + kind + "\">\\s*" + Pattern.quote(kind) + ": ([0-9]+)<")
                .matcher(dom);
        assertThat(m.find(card)).as(kind + " count drawn for " + server).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The opening tag and content of {@code server}'s rate chart. */
    private static String chart(String dom, String server) {
        Matcher m = Pattern.compile(
                        "<svg[^>]*data-chart=\"rates\"[^>]*data-server=\"" + server + "\".*?</svg>", Pattern.DOTALL)
                .matcher(dom);
        assertThat(m.find()).as("rate chart drawn for " + server).isTrue();
        return m.group();
    }

    /** The tag of the series {@code name} in a chart. */
    private static String seriesTag(String chart, String name) {
        Matcher m = Pattern.compile("<[a-z]+ [^>]*data-series=\"" + name + "\"[^>]*>")
                .matcher(chart);
        assertThat(m.find()).as("series " + name + " drawn").isTrue();
        return m.group();
    }

    private static String attributeText(String tag, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(tag);
        assertThat(m.find()).as(name + " in " + tag).isTrue();
        return m.group(1);
    }

    private static long attribute(String tag, String name) {
        return Long.parseLong(attributeText(tag, name));
    }

    @Test
    void figuresChangeAfterRequestsAndALiveConnectionIsDrawn() throws Exception {
        String page = "http://127.0.0.1:" + port("site") + "/dashboard.html";
        String before = renderedDom(page, 2500);
        long requests = figure(before, "api", "requests");
        long chunked = framing(before, "api", "chunked");
        long close = framing(before, "api", "close");

        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 5; i++) {
            client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port("api") + "/hello"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port("api") + "/stream?parts=2&size=3"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        try (Socket ticker = new Socket()) {
            ticker.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port("api")), 5000);
            ticker.setSoTimeout(10_000);
            ticker.getOutputStream().write("GET /ticker HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(ticker.getInputStream().read()).isEqualTo('H');

            String after = renderedDom(page, 4500);
            assertThat(figure(after, "api", "requests")).isGreaterThanOrEqualTo(requests + 6);
            assertThat(figure(after, "api", "active")).isGreaterThanOrEqualTo(1);
            assertThat(framing(after, "api", "chunked")).isGreaterThan(chunked);
            assertThat(after).contains("class=\"component\"").contains("Ticker").contains("HttpRequestHandler");
            assertThat(framing(after, "api", "close")).isGreaterThanOrEqualTo(close);

            // the rate charts: one per server, gaining a point a poll; the page's own polls are the site's requests
            assertThat(chart(after, "api")).contains("data-series=\"requests\"").contains("data-series=\"chunked\"");
            long samplesBefore = attribute(chart(before, "site"), "data-samples");
            String site = chart(after, "site");
            assertThat(attribute(site, "data-samples")).isGreaterThan(samplesBefore);
            String siteRequests = seriesTag(site, "requests");
            assertThat(attribute(siteRequests, "data-points")).isEqualTo(attribute(site, "data-samples") - 1);
            assertThat(Double.parseDouble(attributeText(siteRequests, "data-peak")))
                    .isPositive();

            // the graph: arrowheads on the linkages and the queued messages of each inbox a linkage feeds
            assertThat(after).contains("<marker id=\"arrow\"").contains("marker-end=\"url(#arrow)\"");
            assertThat(Pattern.compile("class=\"queue-label[^\"]*\"[^>]*data-queued=\"[0-9]+\"")
                            .matcher(after)
                            .results()
                            .count())
                    .as("queued-count labels on linkages")
                    .isGreaterThanOrEqualTo(3);
        }
    }
}
