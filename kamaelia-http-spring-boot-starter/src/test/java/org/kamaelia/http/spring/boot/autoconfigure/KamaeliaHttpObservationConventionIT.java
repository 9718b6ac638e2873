package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.kamaelia.http.spring.boot.metrics.DefaultKamaeliaServerRequestObservationConvention;
import org.kamaelia.http.spring.boot.metrics.KamaeliaServerRequestObservationContext;
import org.kamaelia.http.spring.boot.metrics.KamaeliaServerRequestObservationConvention;
import org.kamaelia.http.spring.boot.metrics.ObservedRequestHandlers;
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
 * The observation's convention and name in a real context with a real server: Boot's
 * {@code management.observations.http.server.requests.name}, a convention bean replacing the default, and no
 * per-request wrapping without Boot's observation registry.
 */
@Timeout(60)
class KamaeliaHttpObservationConventionIT {
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
                    "kamaelia.http.servers.api.routes[0].handler=hello");

    @Configuration(proxyBeanMethods = false)
    static class Handlers {
        @Bean
        HttpHandler hello() {
            return request -> org.kamaelia.http.handler.HttpResponse.text(200, "Hello");
        }
    }

    /** A user's convention: another name and a key of its own, on top of the default keys. */
    @Configuration(proxyBeanMethods = false)
    static class TenantConvention {
        @Bean
        KamaeliaServerRequestObservationConvention tenantConvention() {
            return new DefaultKamaeliaServerRequestObservationConvention("tenant.requests") {
                @Override
                public KeyValues getLowCardinalityKeyValues(KamaeliaServerRequestObservationContext context) {
                    String tenant = context.head()
                            .flatMap(head -> head.headers().first("X-Tenant"))
                            .orElse("none");
                    return super.getLowCardinalityKeyValues(context).and(KeyValue.of("tenant", tenant));
                }
            };
        }
    }

    private static void get(AssertableApplicationContext context, String path) throws Exception {
        int port = context.getBean(KamaeliaHttpServers.class)
                .server("api")
                .orElseThrow()
                .port();
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("X-Tenant", "blue")
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.onSpinWait();
        }
    }

    @Test
    void theObservationNamePropertyNamesTheTimer() {
        runner.withPropertyValues("management.observations.http.server.requests.name=kamaelia.server.requests")
                .run(context -> {
                    get(context, "/hello");
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    await(
                            "the renamed timer",
                            () -> meters.find("kamaelia.server.requests")
                                            .tag("uri", "/hello")
                                            .timer()
                                    != null);
                    assertThat(meters.find("http.server.requests").timer()).isNull();
                    assertThat(context)
                            .getBean(DefaultKamaeliaServerRequestObservationConvention.class)
                            .extracting(DefaultKamaeliaServerRequestObservationConvention::getName)
                            .isEqualTo("kamaelia.server.requests");
                });
    }

    @Test
    void aConventionBeanReplacesTheDefault() {
        runner.withUserConfiguration(TenantConvention.class).run(context -> {
            assertThat(context)
                    .getBeans(KamaeliaServerRequestObservationConvention.class)
                    .hasSize(1);
            get(context, "/hello");
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            await("the user's timer", () -> meters.find("tenant.requests").timer() != null);
            Timer timer = meters.get("tenant.requests").timer();
            assertThat(timer.getId().getTag("tenant")).isEqualTo("blue");
            assertThat(timer.getId().getTag("uri")).isEqualTo("/hello");
            assertThat(timer.getId().getTag("status")).isEqualTo("200");
            assertThat(timer.count()).isEqualTo(1);
            assertThat(meters.find("http.server.requests").timer()).isNull();
        });
    }

    @Test
    void withoutBootsObservationRegistryNoFactoryIsWrapped() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
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
                        "kamaelia.http.servers.api.routes[0].handler=hello")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ObservedRequestHandlers.class);
                    get(context, "/hello");
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    await(
                            "the timer of the starter's own registry",
                            () -> meters.find("http.server.requests")
                                            .tag("uri", "/hello")
                                            .timer()
                                    != null);
                });
    }
}
