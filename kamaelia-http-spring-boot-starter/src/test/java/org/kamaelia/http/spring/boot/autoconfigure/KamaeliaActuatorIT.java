package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Actuator over Kamaelia as Boot serves it: access levels, response caching, path mapping, a management port, a
 * named management server, the request's own host in links, the statuses of bad requests, and the {@code kamaelia}
 * endpoint's connection list and graph. Each test starts an application with no other web server and talks to it
 * over 127.0.0.1.
 */
@Timeout(60)
class KamaeliaActuatorIT {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        HttpHandler hello() {
            return request -> org.kamaelia.http.handler.HttpResponse.text(200, "hello");
        }

        @Bean
        CounterEndpoint counterEndpoint() {
            return new CounterEndpoint();
        }
    }

    /** A custom endpoint that counts how often its read runs, with a write that needs a parameter and a delete. */
    @Endpoint(id = "counter")
    static class CounterEndpoint {
        private final AtomicInteger reads = new AtomicInteger();
        private final AtomicInteger total = new AtomicInteger();

        @ReadOperation
        public Count read() {
            return new Count(reads.incrementAndGet(), total.get());
        }

        @WriteOperation
        public void add(int amount) {
            total.addAndGet(amount);
        }

        @DeleteOperation
        public void reset() {
            total.set(0);
        }

        int reads() {
            return reads.get();
        }
    }

    /**
     * What the counter endpoint reads.
     *
     * @param reads how many times the read operation ran, this one included
     * @param total the sum of what was added
     */
    record Count(int reads, int total) {}

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ConfigurableApplicationContext context;

    @AfterEach
    void close() {
        if (context != null) {
            context.close();
        }
    }

    private KamaeliaHttpServers start(String... properties) {
        context = new SpringApplicationBuilder(App.class)
                .properties(
                        "kamaelia.http.event-loops=1",
                        "kamaelia.http.servers.app.port=0",
                        "kamaelia.http.servers.app.address=127.0.0.1",
                        "kamaelia.http.servers.app.routes[0].prefix=/hello",
                        "kamaelia.http.servers.app.routes[0].handler=hello",
                        "management.endpoints.web.exposure.include=*")
                .properties(properties)
                .run();
        return context.getBean(KamaeliaHttpServers.class);
    }

    /** The app server with Actuator mounted on it, the simplest way to reach it. */
    private KamaeliaHttpServers startOnApp(String... properties) {
        String[] all = new String[properties.length + 1];
        all[0] = "kamaelia.http.management-server=app";
        System.arraycopy(properties, 0, all, 1, properties.length);
        return start(all);
    }

    private int port(String server) {
        return context.getBean(KamaeliaHttpServers.class)
                .server(server)
                .orElseThrow()
                .port();
    }

    private HttpResponse<String> send(String server, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(server) + path))
                .timeout(Duration.ofSeconds(10));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String server, String path) throws Exception {
        return send(server, "GET", path, null);
    }

    // --- access

    @Test
    void accessNoneHidesTheEndpointAsBootDoes() throws Exception {
        startOnApp("management.endpoint.counter.access=none");
        assertThat(get("app", "/actuator/counter").statusCode()).isEqualTo(404);
        assertThat(send("app", "POST", "/actuator/counter", "{\"amount\":1}").statusCode())
                .isEqualTo(404);
        assertThat(get("app", "/actuator").body()).doesNotContain("\"counter\"").contains("\"health\"");
        assertThat(get("app", "/actuator/health").statusCode()).isEqualTo(200);
    }

    @Test
    void readOnlyAccessAnswersReadsAndRefusesWrites() throws Exception {
        startOnApp("management.endpoint.counter.access=read-only");
        assertThat(get("app", "/actuator/counter").statusCode()).isEqualTo(200);
        HttpResponse<String> write = send("app", "POST", "/actuator/counter", "{\"amount\":1}");
        assertThat(write.statusCode()).isEqualTo(405);
        assertThat(write.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(send("app", "DELETE", "/actuator/counter", null).statusCode())
                .isEqualTo(405);
        assertThat(context.getBean(CounterEndpoint.class).total.get()).isZero();
    }

    @Test
    void unrestrictedAccessAllowsWritesAndDeletes() throws Exception {
        startOnApp();
        assertThat(send("app", "POST", "/actuator/counter", "{\"amount\":5}").statusCode())
                .isEqualTo(204);
        assertThat(JSON.readTree(get("app", "/actuator/counter").body())
                        .get("total")
                        .asInt())
                .isEqualTo(5);
        assertThat(send("app", "DELETE", "/actuator/counter", null).statusCode())
                .isEqualTo(204);
        assertThat(context.getBean(CounterEndpoint.class).total.get()).isZero();
    }

    @Test
    void defaultAccessAppliesToEndpointsWithoutTheirOwn() throws Exception {
        startOnApp("management.endpoints.access.default=none", "management.endpoint.health.access=read-only");
        assertThat(get("app", "/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("app", "/actuator/counter").statusCode()).isEqualTo(404);
        assertThat(get("app", "/actuator/kamaelia").statusCode()).isEqualTo(404);
    }

    @Test
    void maxPermittedAccessCapsWhatAnEndpointAsksFor() throws Exception {
        startOnApp(
                "management.endpoints.access.max-permitted=read-only",
                "management.endpoint.counter.access=unrestricted");
        assertThat(get("app", "/actuator/counter").statusCode()).isEqualTo(200);
        assertThat(send("app", "POST", "/actuator/counter", "{\"amount\":1}").statusCode())
                .isEqualTo(405);
    }

    // --- caching and path mapping

    @Test
    void cachesAReadWithinItsTimeToLive() throws Exception {
        startOnApp("management.endpoint.counter.cache.time-to-live=1h");
        String first = get("app", "/actuator/counter").body();
        String second = get("app", "/actuator/counter").body();
        assertThat(second).isEqualTo(first);
        assertThat(context.getBean(CounterEndpoint.class).reads()).isEqualTo(1);
    }

    @Test
    void invokesEveryReadWithoutATimeToLive() throws Exception {
        startOnApp();
        get("app", "/actuator/counter");
        get("app", "/actuator/counter");
        assertThat(context.getBean(CounterEndpoint.class).reads()).isEqualTo(2);
    }

    @Test
    void pathMappingMovesAnEndpoint() throws Exception {
        startOnApp("management.endpoints.web.path-mapping.health=healthcheck");
        assertThat(get("app", "/actuator/healthcheck").statusCode()).isEqualTo(200);
        assertThat(get("app", "/actuator/health").statusCode()).isEqualTo(404);
        JsonNode links = JSON.readTree(get("app", "/actuator").body()).get("_links");
        assertThat(links.get("health").get("href").asString())
                .isEqualTo("http://127.0.0.1:" + port("app") + "/actuator/healthcheck");
        // Boot's own view of where the endpoint is agrees
        assertThat(context.getBean(PathMappedEndpoints.class).getPath(EndpointId.of("health")))
                .isEqualTo("/actuator/healthcheck");
    }

    // --- links

    @Test
    void selfLinksUseTheHostTheRequestWasSentTo() throws Exception {
        startOnApp();
        JsonNode links = JSON.readTree(get("app", "/actuator").body()).get("_links");
        assertThat(links.get("self").get("href").asString()).isEqualTo("http://127.0.0.1:" + port("app") + "/actuator");
        try (Socket socket = socket("app")) {
            RawResponse response = exchange(socket, "GET /actuator HTTP/1.1\r\nHost: example.test:8443\r\n\r\n");
            assertThat(response.status()).isEqualTo(200);
            assertThat(JSON.readTree(response.body())
                            .get("_links")
                            .get("counter")
                            .get("href")
                            .asString())
                    .isEqualTo("http://example.test:8443/actuator/counter");
        }
    }

    // --- where Actuator is served

    @Test
    void managementPortMakesAServerOfItsOwnWithTheBasePaths() throws Exception {
        KamaeliaHttpServers servers = start(
                "management.server.port=0",
                "management.server.address=127.0.0.1",
                "management.server.base-path=/manage");
        assertThat(servers.entries()).containsKeys("app", "management");
        assertThat(servers.server("management").orElseThrow().localAddress().getAddress())
                .isEqualTo(InetAddress.getByName("127.0.0.1"));
        HttpResponse<String> health = get("management", "/manage/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(JSON.readTree(get("management", "/manage/actuator").body())
                        .get("_links")
                        .get("self")
                        .get("href")
                        .asString())
                .isEqualTo("http://127.0.0.1:" + port("management") + "/manage/actuator");
        assertThat(get("management", "/actuator/health").statusCode()).isEqualTo(404);
        assertThat(get("app", "/actuator/health").statusCode()).isEqualTo(404);
        assertThat(get("app", "/manage/actuator/health").statusCode()).isEqualTo(404);
        assertThat(get("app", "/hello").body()).isEqualTo("hello");
        assertThat(context.getEnvironment().getProperty("local.management.port", Integer.class))
                .isEqualTo(port("management"));
    }

    @Test
    void managementPortMinusOneServesNoEndpoints() throws Exception {
        KamaeliaHttpServers servers = start("management.server.port=-1");
        assertThat(servers.entries()).containsOnlyKeys("app");
        assertThat(get("app", "/actuator/health").statusCode()).isEqualTo(404);
    }

    @Test
    void managementServerMountsActuatorOnANamedServerUnderTheBasePath() throws Exception {
        startOnApp("management.endpoints.web.base-path=/ops", "management.endpoints.web.discovery.enabled=false");
        assertThat(get("app", "/ops/health").statusCode()).isEqualTo(200);
        assertThat(send("app", "HEAD", "/ops/health", null).statusCode()).isEqualTo(200);
        assertThat(get("app", "/ops").statusCode()).as("no links document").isEqualTo(404);
        assertThat(get("app", "/actuator/health").statusCode()).isEqualTo(404);
        assertThat(get("app", "/hello").body()).isEqualTo("hello");
    }

    @Test
    void refusesAManagementServerThatIsNotConfigured() {
        assertThatThrownBy(() -> start("kamaelia.http.management-server=nope"))
                .hasStackTraceContaining("kamaelia.http.management-server: no enabled server called 'nope'");
    }

    @Test
    void refusesAManagementPortAndAManagementServerTogether() {
        assertThatThrownBy(() -> start("kamaelia.http.management-server=app", "management.server.port=0"))
                .hasStackTraceContaining("management.server.port");
    }

    @Test
    void refusesAManagementPortThatAnotherServerUses() throws Exception {
        int taken;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            taken = probe.getLocalPort();
        }
        int port = taken;
        assertThatThrownBy(() -> start("kamaelia.http.servers.app.port=" + port, "management.server.port=" + port))
                .hasStackTraceContaining(
                        "management.server.port: port " + port + " is the port of Kamaelia server" + " 'app'");
    }

    // --- bad requests

    @Test
    void answersBadRequestsWithBootsStatusesAndAShortBody() throws Exception {
        startOnApp();
        HttpResponse<String> missing = send("app", "POST", "/actuator/counter", "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("amount").hasSizeLessThan(300);

        HttpResponse<String> invalid = send("app", "POST", "/actuator/counter", "{\"amount\":\"many\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("amount").hasSizeLessThan(300);

        HttpResponse<String> notJson = send("app", "POST", "/actuator/counter", "amount=1");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).hasSizeLessThan(300);

        HttpResponse<String> notJsonType = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port("app") + "/actuator/counter"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notJsonType.statusCode()).isEqualTo(415);

        HttpResponse<String> wrongMethod = send("app", "PUT", "/actuator/health", "{}");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(wrongMethod.body()).hasSizeLessThan(300);

        assertThat(send("app", "POST", "/actuator", "{}").statusCode()).isEqualTo(405);
        assertThat(get("app", "/actuator/nope").statusCode()).isEqualTo(404);
        assertThat(context.getBean(CounterEndpoint.class).total.get()).isZero();
    }

    // --- the kamaelia endpoint

    @Test
    void kamaeliaEndpointListsAnOpenConnectionAndItsComponentGraph() throws Exception {
        startOnApp();
        try (Socket socket = socket("app")) {
            RawResponse hello = exchange(socket, "GET /hello HTTP/1.1\r\nHost: test\r\n\r\n");
            assertThat(hello.body()).isEqualTo("hello");
            String remote = "127.0.0.1:" + socket.getLocalPort();

            // the connection stays open (keep-alive); it is idle once its response is written
            JsonNode connection = await("the kept-alive connection listed as idle", () -> {
                JsonNode servers =
                        JSON.readTree(get("app", "/actuator/kamaelia").body());
                for (JsonNode c : servers.get("app").get("connections")) {
                    if (c.get("client").asString().equals(remote)
                            && c.get("activity").asString().equals("idle")) {
                        return Optional.of(c);
                    }
                }
                return Optional.empty();
            });
            long id = connection.get("id").asLong();
            assertThat(id).isPositive();
            assertThat(connection.get("requestsServed").asInt()).isEqualTo(1);
            assertThat(connection.get("ageMillis").asLong()).isNotNegative();
            assertThat(connection.get("scheme").asString()).isEqualTo("http");
            assertThat(connection.get("local").asString()).isEqualTo("127.0.0.1:" + port("app"));
            assertThat(connection.path("tls").isNull() || connection.path("tls").isMissingNode())
                    .as("no TLS session in clear text")
                    .isTrue();

            HttpResponse<String> graphResponse = get("app", "/actuator/kamaelia/app/" + id);
            assertThat(graphResponse.statusCode()).isEqualTo(200);
            JsonNode graph = JSON.readTree(graphResponse.body());
            List<String> types = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (JsonNode component : graph.get("components")) {
                types.add(component.get("type").asString());
                ids.add(component.get("id").asLong());
                assertThat(component.get("boxes")).isNotEmpty();
                for (JsonNode box : component.get("boxes")) {
                    assertThat(box.get("name").asString()).isNotBlank();
                    assertThat(box.get("direction").asString()).isIn("in", "out");
                    assertThat(box.get("description").asString()).isNotBlank();
                }
            }
            assertThat(types).anyMatch(t -> t.endsWith(".TcpConnection")).anyMatch(t -> t.endsWith(".HttpParser"));
            assertThat(graph.get("linkages")).isNotEmpty();
            for (JsonNode linkage : graph.get("linkages")) {
                assertThat(ids).contains(linkage.get("fromComponent").asLong());
                assertThat(linkage.get("fromBox").asString()).isNotBlank();
                assertThat(linkage.get("toBox").asString()).isNotBlank();
            }
        }
        assertThat(get("app", "/actuator/kamaelia/app/999999999").statusCode()).isEqualTo(404);
        assertThat(get("app", "/actuator/kamaelia/nope").statusCode()).isEqualTo(404);
    }

    // --- helpers

    private Socket socket(String server) throws IOException {
        Socket socket = new Socket("127.0.0.1", port(server));
        socket.setSoTimeout((int) DEADLINE.toMillis());
        return socket;
    }

    /**
     * Polls {@code probe} until it gives a value or the deadline passes; the pause between polls only paces them,
     * the condition is what is waited for.
     */
    private static <T> T await(String what, ThrowingSupplier<Optional<T>> probe) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** A {@link Supplier} that may throw. */
    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /**
     * One response read off a raw connection.
     *
     * @param status its status code
     * @param body its body (Content-Length framed)
     */
    record RawResponse(int status, String body) {}

    /** Sends {@code request} and reads one Content-Length framed response, leaving the connection open. */
    private static RawResponse exchange(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(
                        header.substring("content-length:".length()).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        assertThat(body).as("a body of %d bytes", length).hasSize(length);
        return new RawResponse(status, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
