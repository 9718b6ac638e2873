package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.handler.HttpRequest;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.spring.boot.KamaeliaRoute;
import org.kamaelia.http.spring.boot.KamaeliaRouteException;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Each way a {@code @KamaeliaRoute} can be wrong stops a real application at startup, and Boot's failure report
 * names the annotation, where it sits, and the fix.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class KamaeliaRouteFailureIT {

    @Configuration(proxyBeanMethods = false)
    static class YamlHandler {
        @Bean
        HttpHandler yaml() {
            return request -> HttpResponse.text(200, "from yaml");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(YamlHandler.class)
    static class UnknownServer {
        @Bean
        @KamaeliaRoute(server = "nope", path = "/x")
        HttpHandler stray() {
            return request -> HttpResponse.text(200, "x");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({YamlHandler.class, YamlConflict.Routes.class})
    static class YamlConflict {
        static class Routes {
            @KamaeliaRoute(server = "api", path = "/yaml/", methods = "GET")
            HttpResponse shadow(HttpRequest request) {
                return HttpResponse.text(200, "shadow");
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({YamlHandler.class, TwoAnnotations.Routes.class})
    static class TwoAnnotations {
        static class Routes {
            @KamaeliaRoute(server = "api", path = "/same", methods = "GET")
            HttpResponse first() {
                return HttpResponse.text(200, "first");
            }

            @KamaeliaRoute(
                    server = "api",
                    path = "/same",
                    methods = {"POST", "get"})
            HttpResponse second() {
                return HttpResponse.text(200, "second");
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({YamlHandler.class, BadSignature.Routes.class})
    static class BadSignature {
        static class Routes {
            @KamaeliaRoute(server = "api", path = "/text")
            String text(HttpRequest request) {
                return "not a response";
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(YamlHandler.class)
    static class NotAHandler {
        @Bean
        @KamaeliaRoute(server = "api", path = "/greeting")
        String greeting() {
            return "hello";
        }
    }

    @Test
    void unknownServer(CapturedOutput output) {
        assertFailsWith(UnknownServer.class, "server 'nope' is not configured (configured: [api])");
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("Invalid Kamaelia HTTP route: @KamaeliaRoute(server = \"nope\", path = \"/x\") on bean"
                        + " 'stray': server 'nope' is not configured")
                .contains("Configure a server called 'nope' (at least kamaelia.http.servers.nope.port)");
    }

    @Test
    void pathAlsoRoutedByYaml(CapturedOutput output) {
        assertFailsWith(
                YamlConflict.class,
                "path /yaml of server 'api' is also routed by kamaelia.http.servers.api.routes[0].prefix");
        assertThat(output)
                .contains("Invalid Kamaelia HTTP route: @KamaeliaRoute(server = \"api\", path = \"/yaml/\","
                        + " methods = {\"GET\"}) on method Routes.shadow(HttpRequest) of bean")
                .contains("remove kamaelia.http.servers.api.routes[0] or change its prefix");
    }

    @Test
    void samePathAndMethodFromTwoAnnotations(CapturedOutput output) {
        assertFailsWith(TwoAnnotations.class, "method GET on path /same of server 'api' is also routed by");
        assertThat(output)
                .contains("on method Routes.second() of bean")
                .contains("is also routed by @KamaeliaRoute(server = \"api\", path = \"/same\", methods = {\"GET\"})"
                        + " on method Routes.first()")
                .contains("give the two annotations methods that do not overlap");
    }

    @Test
    void unsupportedMethodSignature(CapturedOutput output) {
        assertFailsWith(
                BadSignature.class, "unsupported signature: the method returns java.lang.String, not HttpResponse");
        assertThat(output)
                .contains("Invalid Kamaelia HTTP route: @KamaeliaRoute(server = \"api\", path = \"/text\") on method"
                        + " Routes.text(HttpRequest)")
                .contains("Declare the method as 'HttpResponse name(HttpRequest request)'");
    }

    @Test
    void annotatedBeanThatIsNoHandler(CapturedOutput output) {
        assertFailsWith(
                NotAHandler.class,
                "bean 'greeting' is a java.lang.String, not a RequestHandlerFactory, HttpHandler or BlockingHandler");
        assertThat(output).contains("Put @KamaeliaRoute on a bean of one of those types");
    }

    private static void assertFailsWith(Class<?> application, String problem) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(application)
                        .web(WebApplicationType.NONE)
                        .properties(
                                "kamaelia.http.event-loops=1",
                                "kamaelia.http.servers.api.port=0",
                                "kamaelia.http.servers.api.routes[0].prefix=/yaml",
                                "kamaelia.http.servers.api.routes[0].handler=yaml")
                        .run()
                        .close())
                .hasRootCauseInstanceOf(KamaeliaRouteException.class)
                .rootCause()
                .hasMessageContaining(problem);
    }
}
