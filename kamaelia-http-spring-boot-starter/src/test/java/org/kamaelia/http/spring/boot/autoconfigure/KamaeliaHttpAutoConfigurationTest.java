package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.component.Scheduler;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.spring.boot.KamaeliaHttpObserverFactory;
import org.kamaelia.http.spring.boot.KamaeliaHttpRoute;
import org.kamaelia.http.spring.boot.KamaeliaHttpServerCustomizer;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.kamaelia.http.spring.boot.actuate.KamaeliaHttpEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class KamaeliaHttpAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    KamaeliaHttpAutoConfiguration.class,
                    KamaeliaHttpMetricsAutoConfiguration.class,
                    KamaeliaHttpEndpointAutoConfiguration.class,
                    KamaeliaHttpHealthAutoConfiguration.class))
            .withUserConfiguration(Handlers.class)
            .withPropertyValues("kamaelia.http.event-loops=1");

    @Configuration(proxyBeanMethods = false)
    static class Handlers {
        @Bean
        HttpHandler hello() {
            return request -> org.kamaelia.http.handler.HttpResponse.text(200, "Hello from " + request.path());
        }

        @Bean
        String notAHandler() {
            return "oops";
        }
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void startsEachConfiguredServerOnItsOwnPortAndServesItsRoutes() {
        runner.withPropertyValues(
                        "kamaelia.http.servers.api.port=0",
                        "kamaelia.http.servers.api.routes[0].prefix=/hello",
                        "kamaelia.http.servers.api.routes[0].handler=hello",
                        "kamaelia.http.servers.other.port=0",
                        "kamaelia.http.servers.other.routes[0].prefix=/",
                        "kamaelia.http.servers.other.routes[0].handler=hello")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(KamaeliaHttpServers.class);
                    KamaeliaHttpServers servers = context.getBean(KamaeliaHttpServers.class);
                    assertThat(servers.entries()).containsOnlyKeys("api", "other");
                    int api = servers.server("api").orElseThrow().port();
                    int other = servers.server("other").orElseThrow().port();
                    assertThat(api).isNotEqualTo(other);
                    assertThat(get(api, "/hello")).isEqualTo("200 Hello from /hello");
                    assertThat(get(api, "/nope")).startsWith("404");
                    assertThat(get(other, "/x")).isEqualTo("200 Hello from /x");
                });
    }

    @Test
    void addsRoutesFromBeansAndAppliesCustomizersInOrder() {
        runner.withPropertyValues("kamaelia.http.servers.api.port=0")
                .withBean(
                        "extraRoute",
                        KamaeliaHttpRoute.class,
                        () -> new KamaeliaHttpRoute(
                                "api",
                                "/code",
                                org.kamaelia.http.handler.Handlers.function(
                                        r -> org.kamaelia.http.handler.HttpResponse.text(200, "from code")),
                                Set.of("GET")))
                .withBean(KamaeliaHttpServerCustomizer.class, () -> (name, builder) -> builder.serverHeader("Kamaelia"))
                .run(context -> {
                    int port = context.getBean(KamaeliaHttpServers.class)
                            .server("api")
                            .orElseThrow()
                            .port();
                    HttpResponse<String> response = HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/code"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    assertThat(response.body()).isEqualTo("from code");
                    assertThat(response.headers().firstValue("server")).contains("Kamaelia");
                });
    }

    @Test
    void backsOffWhenTheUserDefinesTheServers() {
        runner.withPropertyValues("kamaelia.http.servers.api.port=0")
                .withBean(
                        "myServers",
                        KamaeliaHttpServers.class,
                        () -> new KamaeliaHttpServers(List.of(), Scheduler.start("mine", 1), List.of()))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .getBean(KamaeliaHttpServers.class)
                        .satisfies(servers -> assertThat(servers.entries()).isEmpty()));
    }

    @Test
    void bindsMetricsOnlyWhenAMeterRegistryExists() {
        String[] api = {
            "kamaelia.http.servers.api.port=0",
            "kamaelia.http.servers.api.routes[0].prefix=/",
            "kamaelia.http.servers.api.routes[0].handler=hello"
        };
        runner.withPropertyValues(api)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(KamaeliaHttpObserverFactory.class));
        // Boot's metrics auto-configuration binds MeterBinder beans, such as the starter's, to the registry
        runner.withPropertyValues(api)
                .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context).hasSingleBean(KamaeliaHttpObserverFactory.class);
                    int port = context.getBean(KamaeliaHttpServers.class)
                            .server("api")
                            .orElseThrow()
                            .port();
                    get(port, "/x");
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("kamaelia.http.requests")
                                    .tag("server", "api")
                                    .tag("framing", "content-length")
                                    .functionTimer()
                                    .count())
                            .isEqualTo(1);
                    // the endpoint, health and dashboard read the same statistics the meters read
                    assertThat(context.getBean(KamaeliaHttpServers.class)
                                    .entries()
                                    .get("api")
                                    .statistics()
                                    .requests())
                            .isEqualTo(1);
                    assertThat(registry.get("http.server.requests")
                                    .tag("uri", "/")
                                    .tag("status", "200")
                                    .timer()
                                    .count())
                            .isEqualTo(1);
                });
    }

    @Test
    void worksWithoutMicrometerAndWithoutActuatorOnTheClasspath() {
        runner.withPropertyValues(
                        "kamaelia.http.servers.api.port=0",
                        "kamaelia.http.servers.api.routes[0].prefix=/",
                        "kamaelia.http.servers.api.routes[0].handler=hello")
                .withClassLoader(
                        new FilteredClassLoader(MeterRegistry.class, Endpoint.class, CompositeHealthContributor.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(KamaeliaHttpServers.class);
                    assertThat(context).doesNotHaveBean(KamaeliaHttpObserverFactory.class);
                    assertThat(context).doesNotHaveBean(KamaeliaHttpEndpoint.class);
                    int port = context.getBean(KamaeliaHttpServers.class)
                            .server("api")
                            .orElseThrow()
                            .port();
                    assertThat(get(port, "/")).startsWith("200");
                });
    }

    @Test
    void offersTheEndpointAndHealthWhenActuatorIsPresent() {
        runner.withPropertyValues(
                        "kamaelia.http.servers.api.port=0",
                        "kamaelia.http.servers.api.routes[0].prefix=/",
                        "kamaelia.http.servers.api.routes[0].handler=hello",
                        "management.endpoints.jmx.exposure.include=*",
                        "spring.jmx.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasBean("kamaeliaHttpHealthContributor");
                    assertThat(context).hasSingleBean(KamaeliaHttpEndpoint.class);
                    KamaeliaHttpEndpoint endpoint = context.getBean(KamaeliaHttpEndpoint.class);
                    assertThat(endpoint.servers()).containsKey("api");
                    assertThat(endpoint.servers().get("api").state()).isEqualTo("RUNNING");
                });
    }

    private void assertFailsWith(String message, String... properties) {
        runner.withPropertyValues(properties)
                .run(context ->
                        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(message));
    }

    @Test
    void failsFastOnARouteToAMissingBean() {
        assertFailsWith(
                "kamaelia.http.servers.api.routes[0].handler: no bean named 'helo'",
                "kamaelia.http.servers.api.port=0",
                "kamaelia.http.servers.api.routes[0].prefix=/",
                "kamaelia.http.servers.api.routes[0].handler=helo");
    }

    @Test
    void failsFastOnABeanOfTheWrongType() {
        assertFailsWith(
                "kamaelia.http.servers.api.routes[0].handler: bean 'notAHandler' is a java.lang.String",
                "kamaelia.http.servers.api.port=0",
                "kamaelia.http.servers.api.routes[0].prefix=/",
                "kamaelia.http.servers.api.routes[0].handler=notAHandler");
    }

    @Test
    void failsFastOnTwoServersOnOnePort() {
        assertFailsWith(
                "kamaelia.http.servers.b.port: port 18123 is already used by server 'a'",
                "kamaelia.http.servers.a.port=18123",
                "kamaelia.http.servers.a.routes[0].prefix=/",
                "kamaelia.http.servers.a.routes[0].handler=hello",
                "kamaelia.http.servers.b.port=18123",
                "kamaelia.http.servers.b.routes[0].prefix=/",
                "kamaelia.http.servers.b.routes[0].handler=hello");
    }

    @Test
    void failsFastOnAServerWithNoRoutes() {
        assertFailsWith(
                "kamaelia.http.servers.api.routes: server 'api' has no routes", "kamaelia.http.servers.api.port=0");
    }

    @Test
    void failsFastOnInvalidValues() {
        assertFailsWith(
                "kamaelia.http.servers.api.port: port 70000 is out of range", "kamaelia.http.servers.api.port=70000");
        assertFailsWith(
                "kamaelia.http.servers.api.routes[0].prefix: a prefix is required and starts with '/'",
                "kamaelia.http.servers.api.port=0",
                "kamaelia.http.servers.api.routes[0].prefix=hello",
                "kamaelia.http.servers.api.routes[0].handler=hello");
        assertFailsWith(
                "kamaelia.http.servers.api.timeouts: timeouts must be positive",
                "kamaelia.http.servers.api.port=0",
                "kamaelia.http.servers.api.timeouts.idle=0s",
                "kamaelia.http.servers.api.routes[0].prefix=/",
                "kamaelia.http.servers.api.routes[0].handler=hello");
        assertFailsWith(
                "kamaelia.http.servers.api.port: a port is required", "kamaelia.http.servers.api.routes[0].prefix=/");
        assertFailsWith(
                "kamaelia.http.shutdown.drain-delay: must be zero or positive",
                "kamaelia.http.shutdown.drain-delay=-1s",
                "kamaelia.http.servers.api.port=0",
                "kamaelia.http.servers.api.routes[0].prefix=/",
                "kamaelia.http.servers.api.routes[0].handler=hello");
    }
}
