package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.observe.access.AccessLogTraceIds;
import org.kamaelia.http.server.HttpServer;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The access-log keys in a real application context with real servers: the lines reach the SLF4J logger
 * {@code org.kamaelia.http.access} (read back with a Logback appender), and a wrong format stops the start.
 */
@Timeout(60)
class KamaeliaHttpAccessLogIT {
    private static final Pattern COMBINED =
            Pattern.compile("(\\S+) - - \\[[^\\]]+\\] \"([^\"]*)\" (\\d{3}) (\\d+) \"([^\"]*)\" \"([^\"]*)\"");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KamaeliaHttpAutoConfiguration.class))
            .withUserConfiguration(Handlers.class)
            .withPropertyValues(
                    "kamaelia.http.event-loops=1",
                    "kamaelia.http.shutdown.grace-period=1s",
                    "kamaelia.http.servers.api.port=0",
                    "kamaelia.http.servers.api.address=127.0.0.1",
                    "kamaelia.http.servers.api.routes[0].prefix=/hello",
                    "kamaelia.http.servers.api.routes[0].handler=hello");

    private final Logger accessLogger = (Logger) LoggerFactory.getLogger("org.kamaelia.http.access");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @Configuration(proxyBeanMethods = false)
    static class Handlers {
        @Bean
        HttpHandler hello() {
            return request -> org.kamaelia.http.handler.HttpResponse.text(200, "Hello!");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Tracing {
        @Bean
        AccessLogTraceIds traceIds() {
            return (connection, head) -> head.headers().first("X-B3-TraceId");
        }
    }

    @BeforeEach
    void capture() {
        appender.start();
        accessLogger.addAppender(appender);
    }

    @AfterEach
    void release() {
        accessLogger.detachAppender(appender);
        appender.stop();
    }

    @Test
    void writesCombinedLinesToTheAccessLoggerWhenEnabled() {
        runner.withPropertyValues("kamaelia.http.servers.api.access-log.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    int port = port(context.getBean(KamaeliaHttpServers.class));
                    assertThat(get(port, "/hello?x=1", "starter-test/2")).isEqualTo(200);

                    ILoggingEvent event = awaitEvents(1).get(0);
                    assertThat(event.getLoggerName()).isEqualTo("org.kamaelia.http.access");
                    assertThat(event.getLevel()).isEqualTo(Level.INFO);
                    Matcher line = COMBINED.matcher(event.getFormattedMessage());
                    assertThat(line.matches()).as(event.getFormattedMessage()).isTrue();
                    assertThat(line.group(1)).isEqualTo("127.0.0.1");
                    assertThat(line.group(2)).isEqualTo("GET /hello?x=1 HTTP/1.1");
                    assertThat(line.group(3)).isEqualTo("200");
                    assertThat(Long.parseLong(line.group(4))).isGreaterThan("Hello!".length());
                    assertThat(line.group(5)).isEqualTo("-");
                    assertThat(line.group(6)).isEqualTo("starter-test/2");
                });
    }

    @Test
    void writesJsonWithTheTraceIdOfAnAccessLogTraceIdsBean() {
        runner.withUserConfiguration(Tracing.class)
                .withPropertyValues(
                        "kamaelia.http.servers.api.access-log.enabled=true",
                        "kamaelia.http.servers.api.access-log.format=json")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    int port = port(context.getBean(KamaeliaHttpServers.class));
                    HttpResponse<String> response = HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                                            .header("X-B3-TraceId", "80f198ee56343ba864fe8b2a57d3eff7")
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);

                    String line = awaitEvents(1).get(0).getFormattedMessage();
                    assertThat(line)
                            .startsWith("{\"time\":\"")
                            .contains(
                                    "\"method\":\"GET\",\"target\":\"/hello\",\"version\":\"HTTP/1.1\",\"status\":200")
                            .endsWith(",\"trace_id\":\"80f198ee56343ba864fe8b2a57d3eff7\"}");
                });
    }

    @Test
    void writesAPatternAndNothingForServersWithoutAnAccessLog() {
        runner.withPropertyValues(
                        "kamaelia.http.servers.api.access-log.enabled=true",
                        "kamaelia.http.servers.api.access-log.format=%m %U %s %{User-Agent}i",
                        "kamaelia.http.servers.quiet.port=0",
                        "kamaelia.http.servers.quiet.address=127.0.0.1",
                        "kamaelia.http.servers.quiet.routes[0].prefix=/hello",
                        "kamaelia.http.servers.quiet.routes[0].handler=hello")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    KamaeliaHttpServers servers = context.getBean(KamaeliaHttpServers.class);
                    assertThat(servers.server("quiet").orElseThrow().accessLog())
                            .isEmpty();
                    assertThat(get(servers.server("quiet").orElseThrow().port(), "/hello", "quiet"))
                            .isEqualTo(200);
                    assertThat(get(port(servers), "/hello/x", "loud")).isEqualTo(200);

                    List<ILoggingEvent> events = awaitEvents(1);
                    assertThat(events.get(0).getFormattedMessage()).isEqualTo("GET /hello/x 200 loud");
                });
    }

    @Test
    void isOffByDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(KamaeliaHttpServers.class)
                            .server("api")
                            .orElseThrow()
                            .accessLog())
                    .isEmpty();
        });
    }

    @Test
    void failsFastOnAnUnknownPatternCodeNamingTheKey() {
        runner.withPropertyValues(
                        "kamaelia.http.servers.api.access-log.enabled=true",
                        "kamaelia.http.servers.api.access-log.format=%h %Q")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("kamaelia.http.servers.api.access-log.format")
                        .hasMessageContaining("'%Q'"));
    }

    private static int port(KamaeliaHttpServers servers) {
        Optional<HttpServer> api = servers.server("api");
        return api.orElseThrow().port();
    }

    private static int get(int port, String path, String agent) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("User-Agent", agent)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    /** The captured events once there are {@code count}, waiting on the condition for up to ten seconds. */
    private List<ILoggingEvent> awaitEvents(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            // the appender appends under its own lock, on the access log's writer thread
            synchronized (appender) {
                if (appender.list.size() >= count) {
                    return new ArrayList<>(appender.list);
                }
            }
            assertThat(System.nanoTime() - deadline)
                    .as("%d access log events in time", count)
                    .isNegative();
            LockSupport.parkNanos(1_000_000); // a pause between checks of the condition, not a wait for a time
        }
    }
}
