package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kamaelia.http.component.Scheduler;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.spring.boot.KamaeliaHttpConfigurationException;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.kamaelia.http.spring.boot.server.KamaeliaHttpServersLifecycle;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** The servers' life in real applications: default address, startup log, threads, pausing, shutdown, failures. */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class KamaeliaHttpLifecycleIT {
    private static final String KEEP_ALIVE = "kamaelia-http-keep-alive";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        HttpHandler hello() {
            return request -> org.kamaelia.http.handler.HttpResponse.text(200, "hello");
        }
    }

    private static ConfigurableApplicationContext run(String... properties) {
        return new SpringApplicationBuilder(App.class)
                .properties("kamaelia.http.event-loops=1")
                .properties(properties)
                .run();
    }

    private static String[] api(String... more) {
        String[] base = {
            "kamaelia.http.servers.api.port=0",
            "kamaelia.http.servers.api.routes[0].prefix=/hello",
            "kamaelia.http.servers.api.routes[0].handler=hello"
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static int port(ConfigurableApplicationContext context, String server) {
        return context.getBean(KamaeliaHttpServers.class)
                .server(server)
                .orElseThrow()
                .port();
    }

    private static String get(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    /** Other tests in this JVM may keep contexts (and their keep-alive threads) cached: compare by identity. */
    private static Set<Thread> keepAliveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(KEEP_ALIVE) && thread.isAlive())
                .collect(Collectors.toSet());
    }

    @Test
    void listensOnAllInterfacesUnlessAnAddressIsSet() throws Exception {
        try (ConfigurableApplicationContext context = run(api())) {
            InetSocketAddress bound = context.getBean(KamaeliaHttpServers.class)
                    .server("api")
                    .orElseThrow()
                    .localAddress();
            assertThat(bound.getAddress().isAnyLocalAddress())
                    .as("bound to %s", bound)
                    .isTrue();
            assertThat(get(bound.getPort())).isEqualTo("200 hello");
        }
        try (ConfigurableApplicationContext context = run(api("kamaelia.http.servers.api.address=127.0.0.1"))) {
            InetSocketAddress bound = context.getBean(KamaeliaHttpServers.class)
                    .server("api")
                    .orElseThrow()
                    .localAddress();
            assertThat(bound.getAddress().isLoopbackAddress())
                    .as("bound to %s", bound)
                    .isTrue();
        }
    }

    @Test
    void logsEachServerItStartsWithItsAddressAndPort(CapturedOutput output) {
        try (ConfigurableApplicationContext context = run(api(
                "kamaelia.http.servers.local.port=0",
                "kamaelia.http.servers.local.address=127.0.0.1",
                "kamaelia.http.servers.local.routes[0].prefix=/",
                "kamaelia.http.servers.local.routes[0].handler=hello"))) {
            assertThat(output.getOut())
                    .contains("Kamaelia HTTP server 'api' started on 0.0.0.0:" + port(context, "api") + " (http)")
                    .contains(
                            "Kamaelia HTTP server 'local' started on 127.0.0.1:" + port(context, "local") + " (http)");
        }
    }

    @Test
    void keepsTheJvmAliveOnlyWhileAServerRuns() {
        Set<Thread> before = keepAliveThreads();
        try (ConfigurableApplicationContext context = run()) {
            assertThat(context.getBean(KamaeliaHttpServers.class).entries()).isEmpty();
            assertThat(keepAliveThreads()).as("no server, no keep-alive thread").isEqualTo(before);
        }
        try (ConfigurableApplicationContext context = run(api())) {
            assertThat(keepAliveThreads()).hasSize(before.size() + 1);
        }
        assertThat(keepAliveThreads()).isEqualTo(before);
    }

    @Test
    void configuresNothingWhenDisabled() {
        Set<Thread> before = keepAliveThreads();
        try (ConfigurableApplicationContext context = run(api("kamaelia.http.enabled=false"))) {
            assertThat(context.getBeansOfType(KamaeliaHttpServers.class)).isEmpty();
            assertThat(context.getBeansOfType(Scheduler.class)).isEmpty();
            assertThat(context.getBeansOfType(KamaeliaHttpServersLifecycle.class))
                    .isEmpty();
            assertThat(context.containsBean("kamaeliaActuator")).isFalse();
            assertThat(keepAliveThreads()).isEqualTo(before);
        }
    }

    @Test
    void goesOnServingWhileTheContextIsPaused() throws Exception {
        try (ConfigurableApplicationContext context = run(api())) {
            int port = port(context, "api");
            context.pause();
            assertThat(context.getBean(KamaeliaHttpServersLifecycle.class).isRunning())
                    .isTrue();
            assertThat(get(port)).isEqualTo("200 hello");
            context.restart();
            assertThat(port(context, "api")).isEqualTo(port);
            assertThat(get(port)).isEqualTo("200 hello");
        }
    }

    @Test
    void theShutdownPhaseTimeoutBoundsTheDrainDelay() {
        Duration drainDelay = Duration.ofSeconds(30);
        ConfigurableApplicationContext context = run(api(
                "kamaelia.http.shutdown.drain-delay=" + drainDelay.toSeconds() + "s",
                "spring.lifecycle.timeout-per-shutdown-phase=500ms"));
        int port = port(context, "api");
        long closing = System.nanoTime();
        context.close();
        Duration took = Duration.ofNanos(System.nanoTime() - closing);
        assertThat(took)
                .as("close waited for the phase timeout, not the drain delay")
                .isLessThan(Duration.ofSeconds(15));
        // the abandoned drain was cut short when the context went on closing: nothing listens any more
        assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        }
    }

    @Test
    void explainsAPortInUse(CapturedOutput output) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> run(
                            "kamaelia.http.servers.api.port=" + port,
                            "kamaelia.http.servers.api.address=127.0.0.1",
                            "kamaelia.http.servers.api.routes[0].prefix=/hello",
                            "kamaelia.http.servers.api.routes[0].handler=hello"))
                    .hasRootCauseInstanceOf(java.net.BindException.class);
            assertThat(output.toString())
                    .contains("APPLICATION FAILED TO START")
                    .contains("Kamaelia HTTP server 'api' could not start: port " + port
                            + " (kamaelia.http.servers.api.port) is already in use.")
                    .contains("Stop the process that listens on port " + port
                            + ", or set kamaelia.http.servers.api.port to another port (0 picks a free one).");
        }
    }

    @Test
    void explainsAConfigurationMistakeByItsKey(CapturedOutput output) {
        assertThatThrownBy(() -> run(
                        "kamaelia.http.servers.api.port=0",
                        "kamaelia.http.servers.api.routes[0].prefix=/hello",
                        "kamaelia.http.servers.api.routes[0].handler=helo"))
                .hasRootCauseInstanceOf(KamaeliaHttpConfigurationException.class);
        assertThat(output.toString())
                .contains("APPLICATION FAILED TO START")
                .contains("Invalid Kamaelia HTTP configuration: kamaelia.http.servers.api.routes[0].handler: no bean"
                        + " named 'helo'.")
                .contains("Define a bean named 'helo'")
                .contains("or set kamaelia.http.servers.api.routes[0].handler to the name of an existing one.");
    }
}
