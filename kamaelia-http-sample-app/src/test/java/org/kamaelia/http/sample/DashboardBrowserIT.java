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
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The dashboard in a real headless browser (Debian's Chromium, installed by .ci/run): the page's script runs,
 * fetches the figures and draws them; after requests are made the figures must have changed, each server's rate
 * chart must gain points as polling goes on, and a live connection's component graph must be drawn with
 * arrowheads and the queued messages on its linkages, a full inbox marked; each server's open connections are
 * listed with the client (the one a PROXY header named), the proxy, the local address, the scheme and the TLS
 * session. Without Chromium the test is skipped
 * locally and fails in CI.
 */
@SpringBootTest(
        properties = {
            "kamaelia.http.servers.api.port=0",
            "kamaelia.http.servers.site.port=0",
            "kamaelia.http.servers.management.port=0",
            "kamaelia.http.servers.secure.port=0",
            "kamaelia.http.servers.proxied.port=0",
            "kamaelia.http.servers.proxied-secure.port=0",
            // a client below reads nothing on purpose, to fill the server's write queue; it must not be cut meanwhile
            "kamaelia.http.servers.api.limits.min-response-rate.bytes-per-second=0"
        })
@ActiveProfiles("proxied") // its servers read a PROXY header: the page shows the client it names, and the proxy
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

    /** The row of the connection from {@code client} in {@code server}'s connection table. */
    private static String connectionRow(String dom, String server, String client) {
        Matcher table = Pattern.compile("<table data-connections=\"" + Pattern.quote(server) + "\">.*?</table>")
                .matcher(dom);
        assertThat(table.find()).as("connection table of " + server).isTrue();
        Matcher row = Pattern.compile("<tr data-connection=\"[0-9]+\"><td data-field=\"client\">"
                        + Pattern.quote(client) + "</td>.*?</tr>")
                .matcher(table.group());
        assertThat(row.find())
                .as("the connection from " + client + " in " + table.group())
                .isTrue();
        return row.group();
    }

    /** The text of the cell {@code field} in a connection row. */
    private static String cell(String row, String field) {
        Matcher m =
                Pattern.compile("<td data-field=\"" + field + "\">([^<]*)</td>").matcher(row);
        assertThat(m.find()).as(field + " in " + row).isTrue();
        return m.group(1);
    }

    /** TLS that trusts only the sample's checked-in, test-only certificate. */
    private static SSLContext sampleTrust() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = DashboardBrowserIT.class.getResourceAsStream("/tls/test-only-localhost.crt")) {
            trust.setCertificateEntry(
                    "sample", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    /** Reads one response with a Content-Length from a connection that stays open; returns its status line. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the response head: " + head);
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?im)^content-length: *([0-9]+)").matcher(head);
        assertThat(length.find()).as("Content-Length in " + head).isTrue();
        in.readNBytes(Integer.parseInt(length.group(1)));
        return head.substring(0, head.indexOf("\r\n"));
    }

    private static final String KEEP_ALIVE_HELLO = "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n";

    @Test
    void eachServersOpenConnectionsAreListedWithClientProxyLocalAddressSchemeAndTls() throws Exception {
        try (SSLSocket secure = (SSLSocket) sampleTrust().getSocketFactory().createSocket("127.0.0.1", port("secure"));
                Socket proxied = new Socket()) {
            secure.setSoTimeout(10_000);
            secure.getOutputStream().write(KEEP_ALIVE_HELLO.getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(secure.getInputStream())).startsWith("HTTP/1.1 200");
            proxied.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port("proxied")), 5000);
            proxied.setSoTimeout(10_000);
            proxied.getOutputStream()
                    .write(("PROXY TCP4 203.0.113.7 192.0.2.1 51234 443\r\n" + KEEP_ALIVE_HELLO)
                            .getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(proxied.getInputStream())).startsWith("HTTP/1.1 200");

            String dom = renderedDom("http://127.0.0.1:" + port("site") + "/dashboard.html", 2500);

            String overTls = connectionRow(dom, "secure", "127.0.0.1:" + secure.getLocalPort());
            assertThat(cell(overTls, "scheme")).isEqualTo("https");
            assertThat(cell(overTls, "local")).isEqualTo("127.0.0.1:" + port("secure"));
            assertThat(cell(overTls, "peer")).isEqualTo("\u2014");
            assertThat(cell(overTls, "tls"))
                    .isEqualTo(secure.getSession().getProtocol() + " "
                            + secure.getSession().getCipherSuite());

            String relayed = connectionRow(dom, "proxied", "203.0.113.7:51234");
            assertThat(cell(relayed, "peer")).isEqualTo("127.0.0.1:" + proxied.getLocalPort());
            assertThat(cell(relayed, "local")).isEqualTo("127.0.0.1:" + port("proxied"));
            assertThat(cell(relayed, "scheme")).isEqualTo("http");
            assertThat(cell(relayed, "tls")).isEqualTo("\u2014");
        }
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
            String streaming = connectionRow(after, "api", "127.0.0.1:" + ticker.getLocalPort());
            assertThat(cell(streaming, "local")).isEqualTo("127.0.0.1:" + port("api"));
            assertThat(cell(streaming, "scheme")).isEqualTo("http");
            assertThat(cell(streaming, "activity")).startsWith("responding");
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
