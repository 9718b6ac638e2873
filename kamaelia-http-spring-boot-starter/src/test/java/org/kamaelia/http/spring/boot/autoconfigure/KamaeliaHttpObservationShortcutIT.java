package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.kamaelia.http.spring.boot.metrics.KamaeliaServerRequestObservationContext;
import org.kamaelia.http.spring.boot.metrics.ObservationShortcut;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Timing requests without an observation each ({@link ObservationShortcut}) in a real context with a real server:
 * taken when only meter handlers are registered, and then making the very meters the observation path makes (names,
 * tags, counts; Boot's common key values and its enable switch honoured); not taken when another handler would see
 * the observations, nor when switched off.
 */
@Timeout(60)
class KamaeliaHttpObservationShortcutIT {
    private static final Set<String> PATHS = Set.of("/hello", "/fail", "/missing");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ObservationAutoConfiguration.class,
                    MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class,
                    KamaeliaHttpMetricsAutoConfiguration.class,
                    KamaeliaHttpAutoConfiguration.class))
            .withUserConfiguration(Handlers.class)
            .withPropertyValues(
                    "kamaelia.http.event-loops=1",
                    "kamaelia.http.servers.api.port=0",
                    "kamaelia.http.servers.api.address=127.0.0.1",
                    "kamaelia.http.servers.api.routes[0].prefix=/hello",
                    "kamaelia.http.servers.api.routes[0].handler=hello",
                    "kamaelia.http.servers.api.routes[1].prefix=/fail",
                    "kamaelia.http.servers.api.routes[1].handler=fail");

    /** A failure of the application's own: its name must reach the exception and error tags. */
    static final class QuotaExceeded extends RuntimeException {
        QuotaExceeded() {
            super("quota");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {
        @Bean
        HttpHandler hello() {
            return request -> org.kamaelia.http.handler.HttpResponse.text(200, "Hello");
        }

        @Bean
        HttpHandler fail() {
            return request -> {
                throw new QuotaExceeded();
            };
        }
    }

    /** A handler that is not a meter handler, as a tracing or logging handler would be. */
    @Configuration(proxyBeanMethods = false)
    static class OtherHandler {
        static final ConcurrentLinkedQueue<String> SEEN = new ConcurrentLinkedQueue<>();

        @Bean
        ObservationHandler<KamaeliaServerRequestObservationContext> recordingHandler() {
            return new ObservationHandler<>() {
                @Override
                public boolean supportsContext(Observation.Context context) {
                    return context instanceof KamaeliaServerRequestObservationContext;
                }

                @Override
                public void onStop(KamaeliaServerRequestObservationContext context) {
                    SEEN.add(context.route() + " " + context.status());
                }
            };
        }
    }

    private static void send(AssertableApplicationContext context) throws Exception {
        int port = context.getBean(KamaeliaHttpServers.class)
                .server("api")
                .orElseThrow()
                .port();
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String path : PATHS) {
            for (int i = 0; i < 3; i++) {
                client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        }
        MeterRegistry meters = context.getBean(MeterRegistry.class);
        await(
                "nine timed requests",
                () -> meters.find("http.server.requests").timers().stream()
                                .mapToLong(Timer::count)
                                .sum()
                        == 9);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.onSpinWait();
        }
    }

    /** Every http.server.requests meter, by its id (name and tags), with its count. */
    private static Map<String, Long> requestMeters(AssertableApplicationContext context) {
        Map<String, Long> meters = new TreeMap<>();
        for (Meter meter : context.getBean(MeterRegistry.class).getMeters()) {
            Meter.Id id = meter.getId();
            if (id.getName().startsWith("http.server.requests")) {
                long count = meter instanceof Timer timer ? timer.count() : -1;
                meters.put(id.getName() + id.getTags(), count);
            }
        }
        return meters;
    }

    private Map<String, Long> metersAfterRequests(boolean shortcut, boolean expectShortcut, String... properties) {
        Map<String, Long> result = new TreeMap<>();
        runner.withPropertyValues("kamaelia.http.observations.shortcut=" + shortcut)
                .withPropertyValues(properties)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    send(context);
                    assertThat(context.getBean(ObservationShortcut.class).applies())
                            .as(context.getBean(ObservationShortcut.class)
                                    .decision()
                                    .reason())
                            .isEqualTo(expectShortcut);
                    result.putAll(requestMeters(context));
                });
        return result;
    }

    @Test
    void withOnlyMeterHandlersTheShortcutMakesTheMetersTheObservationsMake() {
        String activeTimer = "kamaelia.http.observations.long-task-timer=true";
        Map<String, Long> observed = metersAfterRequests(false, false, activeTimer);
        Map<String, Long> direct = metersAfterRequests(true, true, activeTimer);
        assertThat(direct).isEqualTo(observed);
        assertThat(direct.keySet())
                .anyMatch(id -> id.contains("tag(exception=QuotaExceeded)") && id.contains("tag(error=QuotaExceeded)"))
                .anyMatch(id -> id.contains("tag(uri=NOT_FOUND)") && id.contains("tag(status=404)"))
                .anyMatch(id -> id.contains("tag(uri=/hello)") && id.contains("tag(status=200)"))
                .anyMatch(id -> id.startsWith("http.server.requests.active"));
    }

    @Test
    void theLongTaskTimerIsLeftOutUnlessAskedForOnBothPaths() {
        Map<String, Long> observed = metersAfterRequests(false, false);
        Map<String, Long> direct = metersAfterRequests(true, true);
        assertThat(direct).isEqualTo(observed);
        assertThat(direct).hasSize(3);
        assertThat(direct.keySet()).noneMatch(id -> id.startsWith("http.server.requests.active"));
        assertThat(metersAfterRequests(
                                true,
                                true,
                                "kamaelia.http.observations.long-task-timer=true",
                                "management.metrics.observations.ignored-meters=long-task-timer")
                        .keySet())
                .as("Boot's ignored meters win over the request for it")
                .noneMatch(id -> id.startsWith("http.server.requests.active"));
    }

    @Test
    void bootsCommonKeyValuesTagEveryTimerOnBothPaths() {
        Map<String, Long> observed = metersAfterRequests(false, false, "management.observations.key-values.region=eu");
        Map<String, Long> direct = metersAfterRequests(true, true, "management.observations.key-values.region=eu");
        assertThat(direct).isEqualTo(observed);
        assertThat(direct.keySet()).hasSize(3).allMatch(id -> id.contains("tag(region=eu)"));
    }

    @Test
    void bootsEnableSwitchStopsTheTimerOnBothPaths() {
        runner.withPropertyValues("management.observations.enable.http.server.requests=false")
                .run(context -> {
                    int port = context.getBean(KamaeliaHttpServers.class)
                            .server("api")
                            .orElseThrow()
                            .port();
                    HttpResponse<String> response = HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(context.getBean(ObservationShortcut.class).decision())
                            .satisfies(decision -> {
                                assertThat(decision.applies()).isTrue();
                                assertThat(decision.timed()).isFalse();
                            });
                    assertThat(requestMeters(context)).isEmpty();
                });
    }

    @Test
    void anotherObservationHandlerKeepsTheObservations() {
        OtherHandler.SEEN.clear();
        runner.withUserConfiguration(OtherHandler.class).run(context -> {
            send(context);
            ObservationShortcut.Decision decision =
                    context.getBean(ObservationShortcut.class).decision();
            assertThat(decision.applies()).isFalse();
            assertThat(decision.reason()).contains("observation handler");
            await("the other handler saw every request", () -> OtherHandler.SEEN.size() == 9);
            assertThat(OtherHandler.SEEN).contains("/hello 200", "/fail 500", "none 404");
        });
    }
}
