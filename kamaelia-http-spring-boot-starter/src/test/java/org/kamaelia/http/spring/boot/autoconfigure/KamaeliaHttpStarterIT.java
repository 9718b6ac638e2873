package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.ResponseHead;
import org.kamaelia.http.spring.boot.KamaeliaHttpServerStartedEvent;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.kamaelia.http.spring.boot.server.KamaeliaHttpServersLifecycle;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/** The starter in a real application context, with real sockets and a real meter registry. */
@SpringBootTest(
        classes = KamaeliaHttpStarterIT.App.class,
        properties = {
            "kamaelia.http.event-loops=1",
            "kamaelia.http.servers.api.port=0",
            "kamaelia.http.servers.api.routes[0].prefix=/hello",
            "kamaelia.http.servers.api.routes[0].handler=hello",
            "kamaelia.http.servers.api.routes[1].prefix=/stream",
            "kamaelia.http.servers.api.routes[1].handler=stream",
            "kamaelia.http.servers.api.routes[2].prefix=/ticker",
            "kamaelia.http.servers.api.routes[2].handler=ticker",
            "kamaelia.http.shutdown.grace-period=2s"
        })
@Timeout(60)
class KamaeliaHttpStarterIT {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        static final Map<String, Integer> PORTS = new ConcurrentHashMap<>();
        static volatile ReadinessState readiness;

        @Bean
        HttpHandler hello() {
            return request -> HttpResponse.text(200, "Hello, World!");
        }

        @Bean
        RequestHandlerFactory stream() {
            return head -> new HandlerComponent() {
                private int step;

                @Override
                protected void react() {
                    inbox.clear();
                    switch (step++) {
                        case 0 -> outbox.send(ResponseHead.status(200).build());
                        case 1 -> outbox.send(ByteChunk.utf8("part"));
                        case 2 -> outbox.send(EndOfResponse.INSTANCE);
                        default -> {
                            return;
                        }
                    }
                    wake();
                }
            };
        }

        @Bean
        RequestHandlerFactory ticker() {
            return head -> new HandlerComponent() {
                @Override
                protected void react() {
                    if (inbox.poll() != null) {
                        outbox.send(ResponseHead.status(200).endless().build());
                        outbox.send(ByteChunk.utf8("tick\n"));
                    }
                }
            };
        }

        @EventListener
        void started(KamaeliaHttpServerStartedEvent event) {
            PORTS.put(event.getServerName(), event.getPort());
        }

        @EventListener
        void availability(AvailabilityChangeEvent<ReadinessState> event) {
            readiness = event.getState();
        }
    }

    @Autowired
    MeterRegistry registry;

    @Autowired
    ConfigurableApplicationContext context;

    private int port() {
        return App.PORTS.get("api");
    }

    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private double responses(String framing) {
        var counter = registry.find("kamaelia.http.responses")
                .tag("server", "api")
                .tag("framing", framing)
                .functionCounters();
        // one counter per completed=true/false
        return counter.stream()
                .mapToDouble(io.micrometer.core.instrument.FunctionCounter::count)
                .sum();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.onSpinWait();
        }
    }

    @Test
    void publishesTheBoundPortAndCountsEachFramingOnTheWire() throws Exception {
        assertThat(App.PORTS).containsKey("api");
        double contentLength = responses("content-length");
        double chunked = responses("chunked");
        double close = responses("close");

        assertThat(exchange("GET /hello HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"))
                .contains("Content-Length: 13")
                .endsWith("Hello, World!");
        assertThat(exchange("GET /stream HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"))
                .contains("Transfer-Encoding: chunked")
                .endsWith("4\r\npart\r\n0\r\n\r\n");
        assertThat(exchange("GET /stream HTTP/1.0\r\n\r\n"))
                .contains("Connection: close")
                .endsWith("part");

        await(
                "framing counters moved",
                () -> responses("content-length") == contentLength + 1
                        && responses("chunked") == chunked + 1
                        && responses("close") == close + 1);
        assertThat(registry.get("kamaelia.http.connections.opened")
                        .tag("server", "api")
                        .functionCounter()
                        .count())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void countsAClientThatGoesAwayWithItsReason() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write("GET /ticker HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(in.read()).isEqualTo('H');
            socket.setSoLinger(true, 0);
        }
        await("reset counted", () -> {
            var counter = registry.find("kamaelia.http.connections.closed")
                    .tag("server", "api")
                    .tag("reason", "reset")
                    .functionCounter();
            var client = registry.find("kamaelia.http.connections.closed")
                    .tag("server", "api")
                    .tag("reason", "client")
                    .functionCounter();
            return (counter != null && counter.count() >= 1) || (client != null && client.count() >= 1);
        });
        await("abandoned response counted", () -> {
            var counter = registry.find("kamaelia.http.responses")
                    .tag("server", "api")
                    .tag("framing", "close")
                    .tag("completed", "false")
                    .functionCounter();
            return counter != null && counter.count() >= 1;
        });
    }

    @Test
    void refusesReadinessWhileDraining() {
        KamaeliaHttpServersLifecycle lifecycle = context.getBean(KamaeliaHttpServersLifecycle.class);
        KamaeliaHttpServers servers = context.getBean(KamaeliaHttpServers.class);
        assertThat(servers.entries().get("api").state()).isEqualTo(KamaeliaHttpServers.State.RUNNING);
        lifecycle.stop();
        assertThat(App.readiness).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        assertThat(servers.entries().get("api").state()).isEqualTo(KamaeliaHttpServers.State.STOPPED);
        lifecycle.start(); // leave the shared context as the other tests expect it
        assertThat(servers.entries().get("api").state()).isEqualTo(KamaeliaHttpServers.State.RUNNING);
    }
}
