package org.kamaelia.http.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouterTest {
    /** A factory whose answer names it, so a test sees which route was taken. */
    private static RequestHandlerFactory named(String name) {
        return Handlers.function(request -> HttpResponse.text(200, name));
    }

    private static HandlerExchange.Answer get(Router router, String method, String target) {
        return HandlerExchange.run(router, method + " " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    private static final Router ROUTER = Router.builder()
            .route("/", named("root"))
            .route("/api", named("api"))
            .route("/api/v2/", named("v2"))
            .route("/static", named("static"), Set.of("GET", "HEAD"))
            .build();

    static Stream<Arguments> prefixes() {
        return Stream.of(
                Arguments.of("/", "root"),
                Arguments.of("/index.html", "root"),
                Arguments.of("/api", "api"),
                Arguments.of("/api/", "api"),
                Arguments.of("/api/users", "api"),
                Arguments.of("/apix", "root"), // segment boundary: /api does not match /apix
                Arguments.of("/api-docs", "root"),
                Arguments.of("/api/v2", "v2"), // the longest prefix wins, whatever the order of the routes
                Arguments.of("/api/v2/items", "v2"),
                Arguments.of("/api/v20", "api"),
                Arguments.of("/api/v2x/items", "api"),
                Arguments.of("/api?x=/api/v2", "api"), // the query is not the path
                Arguments.of("/API", "root"), // paths are case-sensitive
                Arguments.of("/static/site.css", "static"),
                Arguments.of("/staticfiles", "root"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("prefixes")
    void routesToTheLongestWholeSegmentPrefix(String target, String route) {
        HandlerExchange.Answer answer = get(ROUTER, "GET", target);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo(route);
        assertThat(answer.ended()).isTrue();
    }

    @Test
    void tellsTheHandlerWhichRouteItServes() {
        assertThat(ROUTER.create(HandlerExchange.head("GET /api/v2/x HTTP/1.1\r\nHost: x\r\n\r\n"))
                        .route())
                .isEqualTo("/api/v2");
        assertThat(ROUTER.create(HandlerExchange.head("GET /apix HTTP/1.1\r\nHost: x\r\n\r\n"))
                        .route())
                .isEqualTo("/");
    }

    @Test
    void listsItsRoutesLongestPrefixFirstWithoutTrailingSlashes() {
        assertThat(ROUTER.routes()).extracting(Router.Route::prefix).containsExactly("/api/v2", "/static", "/api", "/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/apix", "/api/x", "/nothing/here"})
    void answers404WithoutAMatchingRoute(String target) {
        Router router = Router.builder().route("/api/v2", named("v2")).build();
        HandlerExchange.Answer answer = get(router, "GET", target);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.ended()).isTrue();
    }

    @Test
    void escapesThePathInTheNotFoundPage() {
        Router router = Router.builder().route("/api", named("api")).build();
        HandlerExchange.Answer answer = get(router, "GET", "/%3Cscript%3E");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.text()).doesNotContain("<script>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "BREW"})
    void answersOtherMethodsOfARouteWithMethodsWith405AndAllow(String method) {
        HandlerExchange.Answer answer = get(ROUTER, method, "/static/site.css");
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
        assertThat(answer.ended()).isTrue();
    }

    @Test
    void answersOptionsOnARouteWithMethodsWith204AndAllow() {
        HandlerExchange.Answer answer = get(ROUTER, "OPTIONS", "/static/site.css");
        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void passesOptionsToARouteThatDeclaresIt() {
        Router router = Router.builder()
                .route("/x", named("x"), Set.of("OPTIONS", "GET"))
                .build();
        HandlerExchange.Answer answer = get(router, "OPTIONS", "/x");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("x");
    }

    @Test
    void listsAllowedMethodsInAStableOrderWithExtensionsSortedAfterTheStandardOnes() {
        Router router = Router.builder()
                .route("/x", named("x"), Set.of("PURGE", "DELETE", "GET", "BREW", "POST"))
                .build();
        HandlerExchange.Answer answer = get(router, "PUT", "/x");
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.header("Allow")).isEqualTo("GET, POST, DELETE, BREW, PURGE, OPTIONS");
    }

    @Test
    void aRouteWithoutMethodsTakesEveryMethod() {
        for (String method : new String[] {"GET", "POST", "DELETE", "OPTIONS", "BREW"}) {
            assertThat(get(ROUTER, method, "/api/x").text()).as(method).isEqualTo("api");
        }
    }

    @Test
    void theMethodCheckUsesTheMatchedRouteNotAShorterOne() {
        Router router = Router.builder()
                .route("/", named("root"))
                .route("/ro", named("ro"), Set.of("GET"))
                .build();
        assertThat(get(router, "POST", "/ro/x").status()).isEqualTo(405);
        assertThat(get(router, "POST", "/rox").text()).isEqualTo("root");
    }

    @Test
    void refusesAPrefixWithoutLeadingSlashAndDuplicatePrefixes() {
        assertThatThrownBy(() -> Router.builder().route("api", named("api")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Router.builder().route("/api", named("a")).route("/api/", named("b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/api");
    }

    @Test
    void normalisesTrailingSlashesButKeepsTheRootPrefix() {
        assertThat(new Router.Route("/a///", named("a"), Set.of()).prefix()).isEqualTo("/a");
        assertThat(new Router.Route("/", named("a"), Set.of()).prefix()).isEqualTo("/");
        assertThat(new Router.Route("//", named("a"), Set.of()).prefix()).isEqualTo("/");
    }
}
