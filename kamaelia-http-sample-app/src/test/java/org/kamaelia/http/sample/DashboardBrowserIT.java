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
 * fetches the figures and draws them; after requests are made the figures must have changed, and a live
 * connection's component graph must be drawn. Without Chromium the test is skipped locally and fails in CI.
 */
@SpringBootTest(
        properties = {
            "kamaelia.http.servers.api.port=0",
            "kamaelia.http.servers.site.port=0",
            "kamaelia.http.servers.management.port=0",
            "kamaelia.http.servers.secure.port=0"
        })
@Timeout(120)
class DashboardBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Autowired
    KamaeliaHttpServers servers;

    private int port(String server) {
        return servers.server(server).orElseThrow().port();
    }

    private static String renderedDom(String url) throws IOException, InterruptedException {
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
                        "--virtual-time-budget=2500",
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

    @Test
    void figuresChangeAfterRequestsAndALiveConnectionIsDrawn() throws Exception {
        String page = "http://127.0.0.1:" + port("site") + "/dashboard.html";
        String before = renderedDom(page);
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

            String after = renderedDom(page);
            assertThat(figure(after, "api", "requests")).isGreaterThanOrEqualTo(requests + 6);
            assertThat(figure(after, "api", "active")).isGreaterThanOrEqualTo(1);
            assertThat(framing(after, "api", "chunked")).isGreaterThan(chunked);
            assertThat(after).contains("class=\"component\"").contains("Ticker").contains("HttpRequestHandler");
            assertThat(framing(after, "api", "close")).isGreaterThanOrEqualTo(close);
        }
    }
}
