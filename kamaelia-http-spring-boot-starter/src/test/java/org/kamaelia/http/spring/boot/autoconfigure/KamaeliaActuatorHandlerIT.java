package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

/** Actuator's web endpoints served by the kamaeliaActuator handler over a real socket, with no other server. */
@SpringBootTest(
        classes = KamaeliaActuatorHandlerIT.App.class,
        properties = {
            "kamaelia.http.event-loops=1",
            "kamaelia.http.observations.long-task-timer=true",
            "kamaelia.http.servers.app.port=0",
            "kamaelia.http.servers.app.routes[0].prefix=/hello",
            "kamaelia.http.servers.app.routes[0].handler=hello",
            "kamaelia.http.servers.management.port=0",
            "kamaelia.http.servers.management.routes[0].prefix=/actuator",
            "kamaelia.http.servers.management.routes[0].handler=kamaeliaActuator",
            "management.endpoints.web.exposure.include=health,prometheus,kamaelia"
        })
@Timeout(60)
class KamaeliaActuatorHandlerIT {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        HttpHandler hello() {
            return request -> org.kamaelia.http.handler.HttpResponse.text(200, "hello");
        }
    }

    @Autowired
    KamaeliaHttpServers servers;

    private HttpResponse<String> get(String server, String path) throws Exception {
        int port = servers.server(server).orElseThrow().port();
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersHealthWithActuatorJson() throws Exception {
        HttpResponse<String> health = get("management", "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("content-type"))
                .contains("application/vnd.spring-boot.actuator.v3+json");
        assertThat(health.body()).startsWith("{").contains("\"status\":\"UP\"");
    }

    @Test
    void answersPrometheusWithTheServersMeters() throws Exception {
        assertThat(get("app", "/hello").body()).isEqualTo("hello");
        HttpResponse<String> scrape = get("management", "/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(scrape.body())
                .contains("kamaelia_http_requests_seconds_count{")
                .contains("server=\"app\"")
                .contains("http_server_requests_seconds_count{");
    }

    @Autowired
    io.micrometer.core.instrument.MeterRegistry registry;

    @Autowired
    org.kamaelia.http.spring.boot.metrics.KamaeliaRequestMeterObservationHandler requestMeters;

    @Test
    void recordsHttpServerRequestsThroughKamaeliasOwnMeterHandler() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get("app", "/hello").statusCode()).isEqualTo(200);
        }
        // Boot's observation auto-configuration puts the Kamaelia handler first among the meter handlers: the
        // timer it made is the one that counted, with the tags Micrometer's default handler would give.
        assertThat(requestMeters.timersMade()).isPositive();
        assertThat(registry.get("http.server.requests")
                        .tag("server", "app")
                        .tag("uri", "/hello")
                        .tag("method", "GET")
                        .tag("status", "200")
                        .tag("outcome", "SUCCESS")
                        .tag("error", "none")
                        .timer()
                        .count())
                .isGreaterThanOrEqualTo(3);
        assertThat(registry.get("http.server.requests.active")
                        .tag("server", "app")
                        .longTaskTimer()
                        .activeTasks())
                .isZero();
    }

    @Test
    void honoursTheExposureList() throws Exception {
        assertThat(get("management", "/actuator/kamaelia").statusCode()).isEqualTo(200);
        assertThat(get("management", "/actuator/env").statusCode()).isEqualTo(404);
        assertThat(get("management", "/actuator").body()).contains("\"health\"").doesNotContain("\"env\"");
    }
}
