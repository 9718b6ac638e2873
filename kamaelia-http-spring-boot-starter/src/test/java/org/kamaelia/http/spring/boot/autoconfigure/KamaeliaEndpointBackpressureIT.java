package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code kamaelia} endpoint's per-connection graph shows backpressure: for a client that asks for an endless
 * stream and reads nothing, the graph's inboxes carry their queued messages, weight, capacity and full flag, and a
 * linkage leads into the full one.
 */
@Timeout(60)
class KamaeliaEndpointBackpressureIT {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        RequestHandlerFactory flood() {
            return head -> new Flood();
        }
    }

    /** Sends 16 KiB chunks for ever, as fast as its outbox has room: the producer a slow reader holds back. */
    static final class Flood extends HandlerComponent {
        private static final byte[] PART = new byte[16 * 1024];

        static {
            Arrays.fill(PART, (byte) 'x');
        }

        private boolean headSent;

        @Override
        protected void react() {
            inbox.clear();
            if (!headSent) {
                outbox.send(ResponseHead.status(200)
                        .header("Content-Type", "application/octet-stream")
                        .endless()
                        .build());
                headSent = true;
            }
            while (outbox.hasRoom()) {
                outbox.send(ByteChunk.wrap(PART));
            }
        }
    }

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ConfigurableApplicationContext context;

    @AfterEach
    void close() {
        if (context != null) {
            context.close();
        }
    }

    private int port() {
        return context.getBean(KamaeliaHttpServers.class)
                .server("app")
                .orElseThrow()
                .port();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void aConnectionWhoseClientReadsNothingShowsAFullInboxAndTheLinkageIntoIt() throws Exception {
        context = new SpringApplicationBuilder(App.class)
                .properties(
                        "kamaelia.http.event-loops=1",
                        "kamaelia.http.servers.app.port=0",
                        "kamaelia.http.servers.app.address=127.0.0.1",
                        "kamaelia.http.servers.app.routes[0].prefix=/flood",
                        "kamaelia.http.servers.app.routes[0].handler=flood",
                        // the client below reads nothing on purpose; it must not be cut while the test looks
                        "kamaelia.http.servers.app.limits.min-response-rate.bytes-per-second=0",
                        "kamaelia.http.management-server=app",
                        "management.endpoints.web.exposure.include=kamaelia")
                .run();
        try (Socket reader = new Socket()) {
            reader.setReceiveBufferSize(4096); // small, so the server's write queue fills soon
            reader.setSoTimeout((int) DEADLINE.toMillis());
            reader.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
            reader.getOutputStream()
                    .write("GET /flood HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = reader.getInputStream();
            assertThat(in.read()).as("the response has started").isEqualTo('H');
            String remote = "127.0.0.1:" + reader.getLocalPort();

            long id = await("the flooded connection listed", () -> {
                        for (JsonNode c : get("/actuator/kamaelia").get("app").get("connections")) {
                            if (c.get("client").asString().equals(remote)) {
                                return Optional.of(c.get("id").asLong());
                            }
                        }
                        return Optional.empty();
                    })
                    .longValue();

            // the kernel's buffers fill first, then the connection's write queue: wait for it to be full
            FullInbox full = await("an inbox of the connection's graph reported full", () -> {
                JsonNode graph = get("/actuator/kamaelia/app/" + id);
                for (JsonNode component : graph.get("components")) {
                    for (JsonNode box : component.get("boxes")) {
                        if (box.get("full").asBoolean()) {
                            return Optional.of(
                                    new FullInbox(graph, component.get("id").asLong(), box));
                        }
                    }
                }
                return Optional.empty();
            });
            JsonNode box = full.box();
            assertThat(box.get("direction").asString()).isEqualTo("in");
            assertThat(box.get("queued").asInt()).isPositive();
            assertThat(box.get("capacity").asLong()).isPositive();
            assertThat(box.get("weight").asLong())
                    .isGreaterThanOrEqualTo(box.get("capacity").asLong());
            boolean linkageIntoIt = false;
            for (JsonNode linkage : full.graph().get("linkages")) {
                linkageIntoIt |= linkage.get("toComponent").asLong() == full.component()
                        && linkage.get("toBox")
                                .asString()
                                .equals(box.get("name").asString());
            }
            assertThat(linkageIntoIt).as("a linkage feeds the full inbox").isTrue();

            // an outbox holds nothing: its figures are zero and it is never full
            for (JsonNode component : full.graph().get("components")) {
                for (JsonNode b : component.get("boxes")) {
                    if (b.get("direction").asString().equals("out")) {
                        assertThat(b.get("queued").asInt()).isZero();
                        assertThat(b.get("full").asBoolean()).isFalse();
                    }
                }
            }
        }
    }

    /**
     * A full inbox found in a graph.
     *
     * @param graph the graph it was found in
     * @param component the id of the component owning it
     * @param box its description
     */
    record FullInbox(JsonNode graph, long component, JsonNode box) {}

    /**
     * Polls {@code probe} until it gives a value or the deadline passes; the pause between polls only paces them,
     * the condition is what is waited for.
     */
    private static <T> T await(String what, KamaeliaActuatorIT.ThrowingSupplier<Optional<T>> probe) throws Exception {
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
}
