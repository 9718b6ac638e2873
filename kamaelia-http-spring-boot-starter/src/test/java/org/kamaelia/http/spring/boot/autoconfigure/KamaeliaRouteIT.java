package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.handler.HttpRequest;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.spring.boot.KamaeliaRoute;
import org.kamaelia.http.spring.boot.LocalKamaeliaPort;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;

/** {@code @KamaeliaRoute} on handler beans and on bean methods, beside YAML routes, over real HTTP. */
@SpringBootTest(
        classes = KamaeliaRouteIT.App.class,
        properties = {
            "kamaelia.http.event-loops=1",
            "kamaelia.http.servers.api.port=0",
            "kamaelia.http.servers.api.routes[0].prefix=/yaml",
            "kamaelia.http.servers.api.routes[0].handler=yaml",
            "kamaelia.http.servers.admin.port=0",
            "kamaelia.http.servers.admin.routes[0].prefix=/yaml",
            "kamaelia.http.servers.admin.routes[0].handler=yaml"
        })
@Timeout(60)
class KamaeliaRouteIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({FactoryRoute.class, Clock.class, Items.class, LazyRoutes.class})
    static class App {
        static final AtomicReference<String> HANDLER_THREAD = new AtomicReference<>();

        @Bean
        @KamaeliaRoute(server = "api", path = "/hello", methods = "GET")
        HttpHandler hello() {
            return request -> {
                HANDLER_THREAD.set(Thread.currentThread().getName());
                return HttpResponse.text(200, "hello from a bean");
            };
        }

        @Bean
        HttpHandler yaml() {
            return request -> HttpResponse.text(200, "from yaml");
        }
    }

    /** A factory bean routed by its class. */
    @KamaeliaRoute(server = "api", path = "/factory/")
    static class FactoryRoute implements RequestHandlerFactory {
        @Override
        public HandlerComponent create(RequestHead head) {
            return Handlers.function(request -> HttpResponse.text(200, "factory " + request.path()))
                    .create(head);
        }
    }

    /** Handler methods. */
    static class Clock {
        static final AtomicReference<String> METHOD_THREAD = new AtomicReference<>();

        @KamaeliaRoute(
                server = "api",
                path = "/time",
                methods = {"GET"})
        HttpResponse now(HttpRequest request) {
            METHOD_THREAD.set(Thread.currentThread().getName());
            return HttpResponse.text(200, "time at " + request.path());
        }

        @KamaeliaRoute(server = "api", path = "/echo", methods = "POST")
        @KamaeliaRoute(server = "admin", path = "/echo", methods = "POST")
        HttpResponse echo(RequestHead head, HttpRequest request) {
            return HttpResponse.text(201, head.method() + " " + request.bodyText());
        }

        @KamaeliaRoute(server = "api", path = "/head")
        HttpResponse head(RequestHead head) {
            return HttpResponse.text(200, "head " + head.method() + " " + head.path());
        }
    }

    /** Two methods sharing a path with different methods. */
    static class Items {
        @KamaeliaRoute(server = "api", path = "/items", methods = "GET")
        HttpResponse list() {
            return HttpResponse.text(200, "all items");
        }

        @KamaeliaRoute(server = "api", path = "/items", methods = "post")
        HttpResponse add(HttpRequest request) {
            return HttpResponse.text(201, "added " + request.bodyText());
        }
    }

    /** A lazy bean, which must stay unmade until its route is asked for. */
    @Lazy
    static class LazyRoutes {
        static final AtomicInteger MADE = new AtomicInteger();

        LazyRoutes() {
            MADE.incrementAndGet();
        }

        @KamaeliaRoute(server = "api", path = "/lazy")
        HttpResponse lazy() {
            return HttpResponse.text(200, "lazy");
        }
    }

    @LocalKamaeliaPort("api")
    int apiPort;

    @LocalKamaeliaPort("admin")
    int adminPort;

    @Test
    void annotatedHandlerBeanServesItsPath() throws Exception {
        java.net.http.HttpResponse<String> response = send(apiPort, "GET", "/hello", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello from a bean");
    }

    @Test
    void annotatedFactoryClassServesItsPathAndBelow() throws Exception {
        java.net.http.HttpResponse<String> response = send(apiPort, "GET", "/factory/x", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("factory /factory/x");
    }

    @Test
    void annotatedMethodRunsOffTheEventLoop() throws Exception {
        assertThat(send(apiPort, "GET", "/hello", null).statusCode()).isEqualTo(200);
        java.net.http.HttpResponse<String> response = send(apiPort, "GET", "/time", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("time at /time");
        assertThat(App.HANDLER_THREAD.get()).startsWith("kamaelia-http-loop-");
        assertThat(Clock.METHOD_THREAD.get()).isNotNull().doesNotStartWith("kamaelia-http-loop-");
    }

    @Test
    void repeatedAnnotationRoutesOneMethodOnTwoServers() throws Exception {
        for (int port : new int[] {apiPort, adminPort}) {
            java.net.http.HttpResponse<String> response = send(port, "POST", "/echo", "ping");
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.body()).isEqualTo("POST ping");
        }
    }

    @Test
    void methodTakingOnlyTheHeadAnswersAnyMethod() throws Exception {
        java.net.http.HttpResponse<String> response = send(apiPort, "PUT", "/head/7", "ignored body");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("head PUT /head/7");
    }

    @Test
    void otherMethodsGet405WithAllow() throws Exception {
        java.net.http.HttpResponse<String> onBean = send(apiPort, "DELETE", "/hello", null);
        assertThat(onBean.statusCode()).isEqualTo(405);
        assertThat(onBean.headers().firstValue("Allow")).hasValue("GET, OPTIONS");
        java.net.http.HttpResponse<String> onMethod = send(apiPort, "POST", "/time", "x");
        assertThat(onMethod.statusCode()).isEqualTo(405);
        assertThat(onMethod.headers().firstValue("Allow")).hasValue("GET, OPTIONS");
    }

    @Test
    void twoMethodsShareAPathByMethod() throws Exception {
        assertThat(send(apiPort, "GET", "/items", null).body()).isEqualTo("all items");
        java.net.http.HttpResponse<String> added = send(apiPort, "POST", "/items", "pen");
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(added.body()).isEqualTo("added pen");
        java.net.http.HttpResponse<String> put = send(apiPort, "PUT", "/items", "pen");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST, OPTIONS");
    }

    @Test
    void yamlRoutesStillServeBesideAnnotations() throws Exception {
        assertThat(send(apiPort, "GET", "/yaml", null).body()).isEqualTo("from yaml");
        assertThat(send(adminPort, "GET", "/yaml", null).body()).isEqualTo("from yaml");
        assertThat(send(adminPort, "GET", "/hello", null).statusCode()).isEqualTo(404);
    }

    @Test
    void lazyBeanIsMadeAtItsFirstRequest() throws Exception {
        assertThat(LazyRoutes.MADE).hasValue(0);
        java.net.http.HttpResponse<String> response = send(apiPort, "GET", "/lazy", null);
        assertThat(response.body()).isEqualTo("lazy");
        assertThat(LazyRoutes.MADE).hasValue(1);
    }

    private static java.net.http.HttpResponse<String> send(int port, String method, String path, String body)
            throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path))
                .timeout(TIMEOUT)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                .build();
        return CLIENT.send(request, BodyHandlers.ofString());
    }
}
