package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * The drain delay in a real application closing: readiness is refused first (the management server answers 503),
 * the servers go on answering on new and on kept-alive connections for the whole delay, and only then stop.
 */
@Timeout(60)
class KamaeliaHttpDrainDelayIT {
    private static final Duration DRAIN_DELAY = Duration.ofSeconds(3);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        final List<ReadinessState> readiness = new CopyOnWriteArrayList<>();
        volatile long refusedAt;

        @Bean
        HttpHandler hello() {
            return request -> org.kamaelia.http.handler.HttpResponse.text(200, "hello");
        }

        @EventListener
        void availability(AvailabilityChangeEvent<ReadinessState> event) {
            if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
                refusedAt = System.nanoTime();
            }
            readiness.add(event.getState());
        }
    }

    @Test
    void refusesReadinessThenServesForTheDelayThenStops() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .properties(
                        "kamaelia.http.event-loops=1",
                        "kamaelia.http.servers.api.port=0",
                        "kamaelia.http.servers.api.routes[0].prefix=/hello",
                        "kamaelia.http.servers.api.routes[0].handler=hello",
                        "kamaelia.http.servers.management.port=0",
                        "kamaelia.http.servers.management.routes[0].prefix=/actuator",
                        "kamaelia.http.servers.management.routes[0].handler=kamaeliaActuator",
                        "management.endpoints.web.exposure.include=health",
                        "management.endpoint.health.probes.enabled=true",
                        "kamaelia.http.shutdown.drain-delay=" + DRAIN_DELAY.toMillis() + "ms",
                        "kamaelia.http.shutdown.grace-period=2s")
                .run();
        try {
            closeDuringTheDelay(context);
        } finally {
            context.close();
        }
    }

    private static void closeDuringTheDelay(ConfigurableApplicationContext context) throws Exception {
        App app = context.getBean(App.class);
        KamaeliaHttpServers servers = context.getBean(KamaeliaHttpServers.class);
        int api = servers.server("api").orElseThrow().port();
        int management = servers.server("management").orElseThrow().port();
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        assertThat(readinessStatus(client, management)).isEqualTo(200);

        try (Socket kept = connect(api)) {
            // a kept-alive connection, idle when the shutdown begins, as a balancer's pooled one would be
            assertThat(exchange(kept)).isEqualTo("200 hello");

            CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
            await("readiness refused", () -> app.refusedAt != 0);

            // During the delay: still serving as before, on the idle connection and on new ones, and the
            // management server answers the readiness probe with 503 rather than refusing the connection.
            assertThat(readinessStatus(client, management)).isEqualTo(503);
            assertThat(exchange(kept)).isEqualTo("200 hello");
            try (Socket fresh = connect(api)) {
                assertThat(exchange(fresh)).isEqualTo("200 hello");
            }
            assertThat(exchange(kept)).isEqualTo("200 hello");
            long lastAnswered = System.nanoTime();
            assertThat(servers.entries().get("api").state()).isEqualTo(KamaeliaHttpServers.State.DRAINING);
            assertThat(closing)
                    .as("the context still closing: the servers have not stopped")
                    .isNotDone();

            closing.get(DRAIN_DELAY.toSeconds() + 15, TimeUnit.SECONDS);
            long stopped = System.nanoTime();
            assertThat(app.readiness).last().isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            assertThat(lastAnswered).isGreaterThan(app.refusedAt);
            assertThat(Duration.ofNanos(stopped - app.refusedAt)).isGreaterThanOrEqualTo(DRAIN_DELAY);
            assertThat(servers.entries().get("api").state()).isEqualTo(KamaeliaHttpServers.State.STOPPED);

            // After it: the kept connection has been closed by the server, and nothing listens any more.
            assertThat(kept.getInputStream().read()).isEqualTo(-1);
        }
        assertThatThrownBy(() -> connect(api).close()).isInstanceOf(ConnectException.class);
    }

    private static int readinessStatus(HttpClient client, int port) throws Exception {
        return client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(10_000);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** GET /hello on {@code socket}, kept alive; returns the status code and body. */
    private static String exchange(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes of head");
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n", -1)) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(
                        line.substring("content-length:".length()).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return text.substring(9, 12) + " " + new String(body, StandardCharsets.UTF_8);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.onSpinWait();
        }
    }
}
