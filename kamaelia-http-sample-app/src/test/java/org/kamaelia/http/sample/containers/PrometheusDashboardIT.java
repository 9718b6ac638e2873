package org.kamaelia.http.sample.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.lifecycle.Startables;

/**
 * The Grafana dashboard checked by a real Prometheus: the packaged sample app and Debian's Prometheus on one network,
 * Prometheus scraping the app's management server every second with the scrape configuration of docs/dashboards. The
 * test sends the API server a request of each framing (Content-Length on a kept-alive connection, then
 * {@code Connection: close}; chunked; HTTP/1.0 close-delimited; a request body; a 404; a malformed request), twice,
 * then sends Prometheus every query of docs/dashboards/*.json as Grafana would and expects each to answer with a
 * number.
 *
 * <p>The variables are given what Grafana's "All" gives ({@code $application}, {@code $instance}: every value of their
 * own {@code label_values} query), except {@code $server}, which is the API server alone: the management server is
 * scraped every second, so its own requests would answer the request panels even if the API traffic left no trace.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PrometheusDashboardIT {
    private static final Path DASHBOARDS = Path.of("../docs/dashboards");
    private static final Path METRICS_DOC = Path.of("../docs/metrics.md");

    /** A tag of this test's own, so another worktree's build of the sample image cannot be started instead. */
    private static final String IMAGE = "local/kamaelia-http-sample-prometheus-it";

    private static final String PROMETHEUS_IMAGE = "local/prometheus:1";
    private static final String APP_ALIAS = "app";
    private static final String TRAFFIC_SERVER = "api";

    /** Grafana's own variables: a rate window wide enough for the one-second scrapes, and the panel's range. */
    private static final Map<String, String> GRAFANA_GLOBALS =
            Map.of("__rate_interval", "1m", "__interval", "15s", "__range", "5m");

    /** Requests of each round that reach a route or the 404 (the malformed one is refused before any route). */
    private static final int ROUTED_REQUESTS_PER_ROUND = 6;

    private static Network network;
    private static GenericContainer<?> app;
    private static GenericContainer<?> prometheus;
    private static PrometheusApi api;

    @BeforeAll
    static void startAndSendTraffic() throws Exception {
        SampleContainers.requireDocker();
        network = Network.newNetwork();
        // with every meter docs/metrics.md lists, the long task timer (asked for, not on by default) included
        app = SampleContainers.app(SampleContainers.image(IMAGE), network, APP_ALIAS)
                .withEnv("KAMAELIA_HTTP_OBSERVATIONS_LONGTASKTIMER", "true");
        prometheus = new GenericContainer<>(PROMETHEUS_IMAGE)
                .withNetwork(network)
                .withExposedPorts(9090)
                .withCopyToContainer(Transferable.of(prometheusConfig()), "/etc/prometheus/prometheus.yml")
                .waitingFor(Wait.forHttp("/-/ready").forPort(9090).forStatusCode(200));
        Startables.deepStart(app, prometheus).get(120, TimeUnit.SECONDS);
        api = new PrometheusApi("http://" + prometheus.getHost() + ":" + prometheus.getMappedPort(9090));

        // The first round registers the meters made at first use (request timers with their buckets, parse
        // errors); the second moves them between two scrapes, which a rate needs, since Prometheus does not take a
        // series it sees for the first time as having started from zero.
        int sent = 0;
        for (int round = 1; round <= 2; round++) {
            sendEachFraming(app.getHost(), app.getMappedPort(8081));
            sent += ROUTED_REQUESTS_PER_ROUND;
            int expected = sent;
            Poll.until(
                    "Prometheus has scraped the requests of round " + round + " (" + expected + ")",
                    Duration.ofSeconds(30),
                    () -> requestsSeenByPrometheus() >= expected);
        }
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.stop();
        }
        if (app != null) {
            app.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void everyDashboardQueryAnswersWithData() throws Exception {
        GrafanaDashboards dashboards = GrafanaDashboards.load(DASHBOARDS);
        assertThat(dashboards.panelsWithoutQueries())
                .as("panels with no query to check")
                .isEmpty();
        assertThat(dashboards.targets()).as("queries in " + DASHBOARDS).isNotEmpty();

        Map<String, String> values = variableValues(dashboards);
        // Substituted before polling, so a query using an undefined variable fails here, not as a retried probe.
        Map<GrafanaDashboards.Target, String> queries = new LinkedHashMap<>();
        for (GrafanaDashboards.Target target : dashboards.targets()) {
            queries.put(target, GrafanaDashboards.substitute(target.expr(), values));
        }
        // Some series (bytes, counted when a connection closes) may reach Prometheus a scrape after the requests
        // did: ask again until every query answers or the deadline passes, then report those that never did.
        AtomicReference<List<String>> unanswered = new AtomicReference<>();
        try {
            Poll.until("every dashboard query answers with data", Duration.ofSeconds(30), () -> {
                unanswered.set(unanswered(queries));
                return unanswered.get().isEmpty();
            });
        } catch (AssertionError e) {
            if (unanswered.get() == null) {
                throw e; // not one round of queries completed: nothing to report query by query
            }
        }
        assertThat(unanswered.get())
                .as("dashboard queries without data (variables: %s)", values)
                .isEmpty();
    }

    @Test
    void metricsDocNamesEveryKamaeliaAndRequestSeriesFamilyOfAScrape() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> scrape = client.send(
                HttpRequest.newBuilder(URI.create(
                                "http://" + app.getHost() + ":" + app.getMappedPort(8082) + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);

        Set<String> scraped = new TreeSet<>();
        Matcher type = Pattern.compile("(?m)^# TYPE (\\S+) \\S+$").matcher(scrape.body());
        while (type.find()) {
            String family = type.group(1);
            if (family.startsWith("kamaelia_http_") || family.startsWith("http_server_requests")) {
                scraped.add(family);
            }
        }
        assertThat(documentedPrometheusNames())
                .as("the Prometheus column of " + METRICS_DOC + " against the families of a scrape after traffic")
                .containsExactlyInAnyOrderElementsOf(scraped);
    }

    /**
     * Each variable's values from its {@code label_values} query, as Grafana computes them in order (a variable's
     * query may use the ones before it), put as Grafana's "All" would put them; {@code $server} is the API server.
     */
    private static Map<String, String> variableValues(GrafanaDashboards dashboards) throws Exception {
        Map<String, String> values = new LinkedHashMap<>(GRAFANA_GLOBALS);
        for (GrafanaDashboards.Variable variable : dashboards.variables()) {
            List<String> found = api.labelValues(
                    variable.label(), variable.match().map(m -> GrafanaDashboards.substitute(m, values)));
            assertThat(found)
                    .as(
                            "dashboard '%s', variable $%s: values of %s on %s",
                            variable.dashboard(), variable.name(), variable.label(), variable.match())
                    .isNotEmpty();
            if (variable.name().equals("server")) {
                assertThat(found).as("servers Prometheus knows").contains(TRAFFIC_SERVER);
                values.put(variable.name(), TRAFFIC_SERVER);
            } else {
                values.put(variable.name(), GrafanaDashboards.regexOf(found));
            }
        }
        return values;
    }

    /** The queries that do not answer with a number yet, each with its panel and the PromQL sent. */
    private static List<String> unanswered(Map<GrafanaDashboards.Target, String> queries) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<GrafanaDashboards.Target, String> query : queries.entrySet()) {
            String promql = query.getValue();
            try {
                List<PrometheusApi.Sample> samples = api.query(promql);
                if (samples.isEmpty()) {
                    problems.add(query.getKey() + ": no series: " + promql);
                } else if (samples.stream().noneMatch(PrometheusApi.Sample::hasNumber)) {
                    problems.add(query.getKey() + ": only NaN " + samples + ": " + promql);
                }
            } catch (IOException e) {
                problems.add(query.getKey() + ": " + e.getMessage() + ": " + promql);
            }
        }
        return problems;
    }

    private static double requestsSeenByPrometheus() throws IOException, InterruptedException {
        List<PrometheusApi.Sample> samples =
                api.query("sum(http_server_requests_seconds_count{server=\"" + TRAFFIC_SERVER + "\"})");
        return samples.isEmpty() ? 0 : Double.parseDouble(samples.get(0).value());
    }

    /** docs/dashboards/prometheus.yml, pointed at the app container and scraping every second. */
    private static String prometheusConfig() throws IOException {
        String documented = Files.readString(DASHBOARDS.resolve("prometheus.yml"));
        String config = documented
                .replace("\"127.0.0.1:8082\"", "\"" + APP_ALIAS + ":8082\"")
                .replace("scrape_interval: 5s", "scrape_interval: 1s\n    scrape_timeout: 1s");
        if (!config.contains(APP_ALIAS + ":8082") || !config.contains("scrape_interval: 1s")) {
            throw new IllegalStateException("docs/dashboards/prometheus.yml no longer has the target"
                    + " \"127.0.0.1:8082\" and \"scrape_interval: 5s\" this test replaces:\n" + documented);
        }
        return config;
    }

    /** One request of each framing, and the kinds of failure the dashboard counts, each with its answer checked. */
    private static void sendEachFraming(String host, int port) throws IOException {
        // Content-Length, twice on one connection: kept alive after the first, closed as the second asks
        try (RawHttpConnection connection = new RawHttpConnection(host, port)) {
            connection.send("GET /hello HTTP/1.1\r\nHost: app\r\n\r\n");
            connection.readUntil("Hello, World!");
            connection.send("GET /hello HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\r\n");
            String both = connection.readToEnd();
            assertThat(both.split("HTTP/1\\.1 200 ", -1)).as(both).hasSize(3);
            assertThat(both).containsIgnoringCase("content-length: 13");
        }
        String chunked = exchange(host, port, "GET /stream?parts=4&size=100 HTTP/1.1\r\nHost: app\r\n\r\n");
        assertThat(status(chunked)).isEqualTo(200);
        assertThat(chunked).containsIgnoringCase("transfer-encoding: chunked");

        String closeDelimited = exchange(host, port, "GET /stream?parts=4&size=100 HTTP/1.0\r\n\r\n");
        assertThat(status(closeDelimited)).isEqualTo(200);
        assertThat(closeDelimited)
                .doesNotContainIgnoringCase("transfer-encoding")
                .doesNotContainIgnoringCase("content-length")
                .endsWith("x".repeat(400));

        String echo = exchange(
                host,
                port,
                "POST /echo HTTP/1.1\r\nHost: app\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
                        + "Connection: close\r\n\r\nhello");
        assertThat(status(echo)).isEqualTo(200);
        assertThat(echo).endsWith("\r\n\r\nhello");

        String notFound = exchange(host, port, "GET /no-such-route HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\r\n");
        assertThat(status(notFound)).isEqualTo(404);

        // a field line without a colon (RFC 9112 section 5): refused while parsing
        String malformed = exchange(host, port, "GET /hello HTTP/1.1\r\nHost: app\r\nno colon here\r\n\r\n");
        assertThat(status(malformed)).isEqualTo(400);
    }

    /**
     * Sends {@code request} on a connection of its own and reads until the server closes it: the server closes after
     * a {@code Connection: close} request, an HTTP/1.0 request without keep-alive and a refused request; the chunked
     * request is kept alive, so the end of its last chunk is waited for instead.
     */
    private static String exchange(String host, int port, String request) throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(host, port)) {
            connection.send(request);
            boolean keptAlive = request.startsWith("GET /stream") && request.contains("HTTP/1.1\r\n");
            return keptAlive ? connection.readUntil("\r\n0\r\n\r\n") : connection.readToEnd();
        }
    }

    private static int status(String response) {
        Matcher statusLine = Pattern.compile("^HTTP/1\\.[01] (\\d{3}) ").matcher(response);
        assertThat(statusLine.find()).as("a status line: " + response).isTrue();
        return Integer.parseInt(statusLine.group(1));
    }

    /** The names in the "Prometheus" column of the meter table of docs/metrics.md (suffixes like {@code _sum} left out). */
    private static Set<String> documentedPrometheusNames() throws IOException {
        List<String> lines = Files.readAllLines(METRICS_DOC);
        int header = -1;
        for (int i = 0; i < lines.size() && header < 0; i++) {
            if (lines.get(i).startsWith("| meter |")) {
                header = i;
            }
        }
        assertThat(header).as("the meter table of " + METRICS_DOC).isNotNegative();
        List<String> columns = cells(lines.get(header));
        int column = columns.indexOf("in Prometheus");
        assertThat(column).as("an \"in Prometheus\" column in " + columns).isNotNegative();
        Set<String> names = new TreeSet<>();
        Pattern name = Pattern.compile("`([a-z][a-z0-9_]*)`");
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            Matcher matcher = name.matcher(cells(lines.get(i)).get(column));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        for (String cell : row.substring(1, row.lastIndexOf('|')).split("\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }
}
