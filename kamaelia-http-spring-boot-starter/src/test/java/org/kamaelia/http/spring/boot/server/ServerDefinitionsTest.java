package org.kamaelia.http.spring.boot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kamaelia.http.compress.Compression;
import org.kamaelia.http.compress.ContentCoding;
import org.kamaelia.http.handler.BlockingHandler;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.handler.RequestHandlerFactory;
import org.kamaelia.http.handler.Router;
import org.kamaelia.http.proxy.TrustedProxies;
import org.kamaelia.http.server.HttpServer;
import org.kamaelia.http.spring.boot.KamaeliaHttpConfigurationException;
import org.kamaelia.http.spring.boot.KamaeliaHttpProperties;
import org.kamaelia.http.spring.boot.KamaeliaHttpRoute;
import org.kamaelia.http.spring.boot.KamaeliaHttpServerCustomizer;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.core.io.DefaultResourceLoader;

/** The rules that turn {@code kamaelia.http.*} properties into server definitions, bound as Boot binds them. */
class ServerDefinitionsTest {
    private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    private final ServerDefinitions definitions = new ServerDefinitions(beans, new DefaultResourceLoader());

    ServerDefinitionsTest() {
        HttpHandler hello = request -> org.kamaelia.http.handler.HttpResponse.text(200, "hello");
        BlockingHandler blocking = (head, body, response) -> {};
        RequestHandlerFactory factory = head -> null;
        beans.registerSingleton("hello", hello);
        beans.registerSingleton("blocking", blocking);
        beans.registerSingleton("factory", factory);
        beans.registerSingleton("notAHandler", "oops");
    }

    private static KamaeliaHttpProperties properties(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        KamaeliaHttpProperties properties = new KamaeliaHttpProperties();
        new Binder(new MapConfigurationPropertySource(map)).bind("kamaelia.http", Bindable.ofInstance(properties));
        return properties;
    }

    private List<KamaeliaHttpServers.Definition> define(KamaeliaHttpProperties properties) {
        return definitions.define(properties, List.of(), List.of());
    }

    private static String[] api(String... more) {
        List<String> all = new ArrayList<>(List.of(
                "kamaelia.http.servers.api.port", "0",
                "kamaelia.http.servers.api.routes[0].prefix", "/hello",
                "kamaelia.http.servers.api.routes[0].handler", "hello"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private void assertRejected(KamaeliaHttpProperties properties, String key, String problem) {
        assertThatThrownBy(() -> define(properties))
                .isInstanceOfSatisfying(KamaeliaHttpConfigurationException.class, e -> {
                    assertThat(e.getKey()).isEqualTo(key);
                    assertThat(e.getProblem()).contains(problem);
                    assertThat(e.getMessage()).startsWith(key + ": ");
                    assertThat(e.getAction()).isNotBlank();
                });
    }

    @Test
    void definesOneServerPerNameInConfigurationOrderWithRoutesLongestPrefixFirst() {
        List<KamaeliaHttpServers.Definition> defined = define(properties(
                "kamaelia.http.servers.site.port", "0",
                "kamaelia.http.servers.site.routes[0].prefix", "/",
                "kamaelia.http.servers.site.routes[0].handler", "factory",
                "kamaelia.http.servers.site.routes[1].prefix", "/api/v1",
                "kamaelia.http.servers.site.routes[1].handler", "blocking",
                "kamaelia.http.servers.site.routes[1].methods", "get, post",
                "kamaelia.http.servers.site.routes[2].prefix", "/api",
                "kamaelia.http.servers.site.routes[2].handler", "hello",
                "kamaelia.http.servers.api.port", "0",
                "kamaelia.http.servers.api.routes[0].prefix", "/hello",
                "kamaelia.http.servers.api.routes[0].handler", "hello"));

        assertThat(defined).extracting(KamaeliaHttpServers.Definition::name).containsExactly("site", "api");
        assertThat(defined.get(0).routes()).extracting(Router.Route::prefix).containsExactly("/api/v1", "/api", "/");
        assertThat(defined.get(0).routes().get(0).methods()).containsExactlyInAnyOrder("GET", "POST");
        assertThat(defined.get(0).routes().get(1).methods()).isEmpty();
    }

    @Test
    void aStaticRouteAnswersGetAndHeadUnlessToldOtherwise(@TempDir Path files) {
        List<KamaeliaHttpServers.Definition> defined = define(properties(
                "kamaelia.http.servers.files.port", "0",
                "kamaelia.http.servers.files.routes[0].prefix", "/",
                "kamaelia.http.servers.files.routes[0].static-location", files.toString()));

        assertThat(defined.get(0).routes().get(0).methods()).containsExactlyInAnyOrder("GET", "HEAD");
    }

    @Test
    void leavesOutDisabledServers() {
        assertThat(define(properties(api(
                        "kamaelia.http.servers.off.enabled", "false",
                        "kamaelia.http.servers.off.port", "0"))))
                .extracting(KamaeliaHttpServers.Definition::name)
                .containsExactly("api");
    }

    @Test
    void addsRouteBeansToTheirServerAndAppliesCustomizersByName() {
        List<String> customized = new ArrayList<>();
        KamaeliaHttpServerCustomizer customizer = (name, builder) -> customized.add(name);
        List<KamaeliaHttpServers.Definition> defined = definitions.define(
                properties(api()),
                List.of(new KamaeliaHttpRoute("api", "/ticker", head -> null, Set.of("GET"))),
                List.of(customizer));

        assertThat(defined.get(0).routes()).extracting(Router.Route::prefix).contains("/ticker", "/hello");
        assertThat(customized).isEmpty();
        assertThat(defined.get(0).builder().get()).isNotNull();
        assertThat(customized).containsExactly("api");
    }

    @Test
    void rejectsAServerNameThatIsNotLowerCaseWordsAndDashes() {
        assertRejected(
                properties("kamaelia.http.servers.Api_1.port", "0"),
                "kamaelia.http.servers.Api_1",
                "lower-case letters, digits and '-'");
    }

    @Test
    void requiresAPort() {
        assertRejected(
                properties(
                        "kamaelia.http.servers.api.routes[0].prefix", "/",
                        "kamaelia.http.servers.api.routes[0].handler", "hello"),
                "kamaelia.http.servers.api.port",
                "a port is required");
    }

    @Test
    void rejectsAPortOutOfRange() {
        assertRejected(
                properties(api("kamaelia.http.servers.api.port", "65536")),
                "kamaelia.http.servers.api.port",
                "out of range");
    }

    @Test
    void rejectsTwoServersOnOnePortButAllowsManyOnPortZero() {
        assertRejected(
                properties(
                        "kamaelia.http.servers.a.port", "8080",
                        "kamaelia.http.servers.a.routes[0].prefix", "/",
                        "kamaelia.http.servers.a.routes[0].handler", "hello",
                        "kamaelia.http.servers.b.port", "8080",
                        "kamaelia.http.servers.b.routes[0].prefix", "/",
                        "kamaelia.http.servers.b.routes[0].handler", "hello"),
                "kamaelia.http.servers.b.port",
                "already used by server 'a'");
        assertThat(define(properties(
                        "kamaelia.http.servers.a.port", "0",
                        "kamaelia.http.servers.a.routes[0].prefix", "/",
                        "kamaelia.http.servers.a.routes[0].handler", "hello",
                        "kamaelia.http.servers.b.port", "0",
                        "kamaelia.http.servers.b.routes[0].prefix", "/",
                        "kamaelia.http.servers.b.routes[0].handler", "hello")))
                .hasSize(2);
    }

    @Test
    void requiresRoutes() {
        assertRejected(
                properties("kamaelia.http.servers.api.port", "0"), "kamaelia.http.servers.api.routes", "no routes");
    }

    @Test
    void requiresEachRouteToHaveAPrefixStartingWithASlash() {
        assertRejected(
                properties(api(
                        "kamaelia.http.servers.api.routes[1].prefix",
                        "hello",
                        "kamaelia.http.servers.api.routes[1].handler",
                        "hello")),
                "kamaelia.http.servers.api.routes[1].prefix",
                "starts with '/'");
    }

    @Test
    void requiresExactlyOneOfHandlerAndStaticLocation() {
        assertRejected(
                properties(api("kamaelia.http.servers.api.routes[0].static-location", "classpath:/static/")),
                "kamaelia.http.servers.api.routes[0]",
                "exactly one of 'handler' and 'static-location'");
        assertRejected(
                properties("kamaelia.http.servers.api.port", "0", "kamaelia.http.servers.api.routes[0].prefix", "/"),
                "kamaelia.http.servers.api.routes[0]",
                "exactly one of 'handler' and 'static-location'");
    }

    @Test
    void requiresTheHandlerToBeAHandlerBean() {
        assertRejected(
                properties(api("kamaelia.http.servers.api.routes[0].handler", "missing")),
                "kamaelia.http.servers.api.routes[0].handler",
                "no bean named 'missing'");
        assertRejected(
                properties(api("kamaelia.http.servers.api.routes[0].handler", "notAHandler")),
                "kamaelia.http.servers.api.routes[0].handler",
                "java.lang.String, not a RequestHandlerFactory, HttpHandler or BlockingHandler");
    }

    @Test
    void rejectsAStaticLocationThatIsNotADirectory(@TempDir Path files) {
        assertRejected(
                properties(
                        "kamaelia.http.servers.api.port", "0",
                        "kamaelia.http.servers.api.routes[0].prefix", "/",
                        "kamaelia.http.servers.api.routes[0].static-location",
                                files.resolve("nowhere").toString()),
                "kamaelia.http.servers.api.routes[0].static-location",
                "is not a directory");
    }

    @Test
    void rejectsAPrefixRoutedTwiceEvenWithATrailingSlash() {
        assertRejected(
                properties(api(
                        "kamaelia.http.servers.api.routes[1].prefix", "/hello/",
                        "kamaelia.http.servers.api.routes[1].handler", "hello")),
                "kamaelia.http.servers.api.routes[1].prefix",
                "prefix /hello is routed twice");
    }

    @Test
    void rejectsARouteBeanForAnUnknownServerOrOnAPrefixTheProperiesRoute() {
        assertThatThrownBy(() -> definitions.define(
                        properties(api()),
                        List.of(new KamaeliaHttpRoute("nope", "/x", head -> null, Set.of())),
                        List.of()))
                .isInstanceOfSatisfying(
                        KamaeliaHttpConfigurationException.class,
                        e -> assertThat(e.getKey()).isEqualTo("kamaelia.http.servers.nope"));
        assertThatThrownBy(() -> definitions.define(
                        properties(api()),
                        List.of(new KamaeliaHttpRoute("api", "/hello", head -> null, Set.of())),
                        List.of()))
                .isInstanceOfSatisfying(
                        KamaeliaHttpConfigurationException.class,
                        e -> assertThat(e.getKey()).isEqualTo("kamaelia.http.servers.api (KamaeliaHttpRoute bean)"));
    }

    @Test
    void checksLimitsTimeoutsRatesKeepAliveAndConnectionsByTheirKeys() {
        assertRejected(
                properties(api("kamaelia.http.servers.api.limits.max-request-line", "15B")),
                "kamaelia.http.servers.api.limits.max-request-line",
                "between 16B and 2GB");
        assertRejected(
                properties(api("kamaelia.http.servers.api.limits.max-header-count", "0")),
                "kamaelia.http.servers.api.limits.max-header-count",
                "must be positive");
        assertRejected(
                properties(api("kamaelia.http.servers.api.limits.min-request-body-rate.grace-period", "0s")),
                "kamaelia.http.servers.api.limits.min-request-body-rate.grace-period",
                "must be positive");
        assertRejected(
                properties(api("kamaelia.http.servers.api.keep-alive.max-requests", "0")),
                "kamaelia.http.servers.api.keep-alive.max-requests",
                "must be positive");
        assertRejected(
                properties(api("kamaelia.http.servers.api.max-connections", "0")),
                "kamaelia.http.servers.api.max-connections",
                "must be positive");
        assertThatThrownBy(() -> define(properties(api("kamaelia.http.servers.api.timeouts.idle", "-1s"))))
                .isInstanceOfSatisfying(
                        KamaeliaHttpConfigurationException.class,
                        e -> assertThat(e.getKey()).isEqualTo("kamaelia.http.servers.api.timeouts"));
    }

    @Test
    void checksCompressionByItsKeys() {
        assertRejected(
                properties(api("kamaelia.http.servers.api.compression.level", "10")),
                "kamaelia.http.servers.api.compression.level",
                "1 to 9");
        assertRejected(
                properties(api("kamaelia.http.servers.api.compression.min-response-size", "-1B")),
                "kamaelia.http.servers.api.compression.min-response-size",
                "must not be negative");
        assertRejected(
                properties(api(
                        "kamaelia.http.servers.api.compression.enabled", "true",
                        "kamaelia.http.servers.api.compression.mime-types", "json")),
                "kamaelia.http.servers.api.compression.mime-types",
                "media type");
        assertRejected(
                properties(api("kamaelia.http.servers.api.compression.codings", "zstd, br")),
                "kamaelia.http.servers.api.compression.codings",
                "'br' is not one of gzip, deflate, zstd");
        assertRejected(
                properties(api("kamaelia.http.servers.api.compression.codings", "")),
                "kamaelia.http.servers.api.compression.codings",
                "at least one coding");
        assertRejected(
                properties(api("kamaelia.http.servers.api.compression.zstd-level", "20")),
                "kamaelia.http.servers.api.compression.zstd-level",
                "1 to 19");
    }

    @Test
    void bindsTheCodingsInTheirOrderAndTheZstdLevel() {
        assertThat(compressionOf(api()).codings())
                .containsExactly(ContentCoding.GZIP, ContentCoding.DEFLATE); // zstd is never on by default
        Compression compression = compressionOf(api(
                "kamaelia.http.servers.api.compression.codings", "ZSTD, gzip",
                "kamaelia.http.servers.api.compression.zstd-level", "3"));
        assertThat(compression.codings()).containsExactly(ContentCoding.ZSTD, ContentCoding.GZIP);
        assertThat(compression.zstdLevel()).isEqualTo(3);
    }

    private static Compression compressionOf(String... keyValues) {
        return ServerDefinitions.compression(
                "kamaelia.http.servers.api.compression",
                properties(keyValues).getServers().get("api").getCompression());
    }

    @Test
    void negotiatesZstdOnlyWhenListed() throws Exception {
        String[] zstdFirst = api(
                "kamaelia.http.servers.api.compression.enabled", "true",
                "kamaelia.http.servers.api.compression.min-response-size", "0KB",
                "kamaelia.http.servers.api.compression.codings", "zstd, gzip, deflate");
        assertThat(Compression.zstdAvailable()).isTrue(); // zstd-jni is a test dependency of this module
        assertThat(contentEncodingOfHello("gzip, deflate, br, zstd", zstdFirst)).hasValue("zstd");
        assertThat(contentEncodingOfHello("gzip", zstdFirst)).hasValue("gzip");
        assertThat(contentEncodingOfHello(
                        "gzip, deflate, br, zstd",
                        api(
                                "kamaelia.http.servers.api.compression.enabled", "true",
                                "kamaelia.http.servers.api.compression.min-response-size", "0KB")))
                .hasValue("gzip");
    }

    @Test
    void compressesOnlyWhenEnabledWithTheConfiguredSizeAndTypes() throws Exception {
        assertThat(contentEncodingOfHello(api())).isEmpty(); // off by default, as Boot's server.compression
        assertThat(contentEncodingOfHello(api("kamaelia.http.servers.api.compression.enabled", "true")))
                .isEmpty(); // "hello" is below the default 2KB
        assertThat(contentEncodingOfHello(api(
                        "kamaelia.http.servers.api.compression.enabled", "true",
                        "kamaelia.http.servers.api.compression.min-response-size", "0KB")))
                .hasValue("gzip");
        assertThat(contentEncodingOfHello(api(
                        "kamaelia.http.servers.api.compression.enabled", "true",
                        "kamaelia.http.servers.api.compression.min-response-size", "0KB",
                        "kamaelia.http.servers.api.compression.mime-types", "application/json")))
                .isEmpty();
    }

    private java.util.Optional<String> contentEncodingOfHello(String... keyValues) throws Exception {
        return contentEncodingOfHello("gzip", keyValues);
    }

    private java.util.Optional<String> contentEncodingOfHello(String acceptEncoding, String... keyValues)
            throws Exception {
        HttpServer server = define(properties(keyValues)).get(0).builder().get().start();
        try {
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpResponse<byte[]> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/hello"))
                            .header("Accept-Encoding", acceptEncoding)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.headers().firstValue("Content-Encoding");
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void bindsTheTlsAndProxyKeysAndTheirDefaults() {
        KamaeliaHttpProperties.Server defaults = properties(api()).getServers().get("api");
        assertThat(defaults.getSsl().getBundle()).isNull();
        assertThat(defaults.getSsl().getClientAuth()).isEqualTo(KamaeliaHttpProperties.ClientAuth.NONE);
        assertThat(defaults.getSsl().getHandshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.getForwarded()).isEqualTo(KamaeliaHttpProperties.Forwarded.NONE);
        assertThat(defaults.getTrustedProxies()).isEqualTo(TrustedProxies.DEFAULT_RANGES);
        assertThat(defaults.isProxyProtocol()).isFalse();

        KamaeliaHttpProperties.Server set = properties(api(
                        "kamaelia.http.servers.api.ssl.bundle", "web",
                        "kamaelia.http.servers.api.ssl.client-auth", "need",
                        "kamaelia.http.servers.api.ssl.handshake-timeout", "3s",
                        "kamaelia.http.servers.api.forwarded", "native",
                        "kamaelia.http.servers.api.trusted-proxies", "10.1.0.0/16, 192.0.2.7",
                        "kamaelia.http.servers.api.proxy-protocol", "true"))
                .getServers()
                .get("api");
        assertThat(set.getSsl().getBundle()).isEqualTo("web");
        assertThat(set.getSsl().getClientAuth()).isEqualTo(KamaeliaHttpProperties.ClientAuth.NEED);
        assertThat(set.getSsl().getHandshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(set.getForwarded()).isEqualTo(KamaeliaHttpProperties.Forwarded.NATIVE);
        assertThat(set.getTrustedProxies()).containsExactly("10.1.0.0/16", "192.0.2.7");
        assertThat(set.isProxyProtocol()).isTrue();
    }

    @Test
    void rejectsABundleNameWhenThereAreNoSslBundles() {
        assertRejected(
                properties(api("kamaelia.http.servers.api.ssl.bundle", "web")),
                "kamaelia.http.servers.api.ssl.bundle",
                "SSL bundle 'web' is named but the application has no SslBundles bean");
    }

    @Test
    void rejectsABundleThatDoesNotExistAndNamesThoseThatDo() {
        DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
        registry.registerBundle("web", SslBundle.of(SslStoreBundle.NONE));
        beans.registerSingleton("sslBundleRegistry", registry);
        assertRejected(
                properties(api("kamaelia.http.servers.api.ssl.bundle", "wbe")),
                "kamaelia.http.servers.api.ssl.bundle",
                "no SSL bundle named 'wbe' (there are [web])");
    }

    @Test
    void rejectsABundleWhoseOptionsCannotServeTls() {
        DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
        registry.registerBundle(
                "old", SslBundle.of(SslStoreBundle.NONE, null, SslOptions.of(null, new String[] {"TLSv1.1"})));
        registry.registerBundle(
                "odd",
                SslBundle.of(SslStoreBundle.NONE, null, SslOptions.of(new String[] {"TLS_NO_SUCH_SUITE"}, null)));
        beans.registerSingleton("sslBundleRegistry", registry);
        assertRejected(
                properties(api("kamaelia.http.servers.api.ssl.bundle", "old")),
                "kamaelia.http.servers.api.ssl.bundle",
                "SSL bundle 'old' cannot serve TLS: TLSv1.1 is refused");
        assertRejected(
                properties(api("kamaelia.http.servers.api.ssl.bundle", "odd")),
                "kamaelia.http.servers.api.ssl.bundle",
                "cipher suite TLS_NO_SUCH_SUITE is not supported");
    }

    @Test
    void rejectsAHandshakeTimeoutThatIsNotPositive() {
        assertRejected(
                properties(api(
                        "kamaelia.http.servers.api.ssl.bundle", "web",
                        "kamaelia.http.servers.api.ssl.handshake-timeout", "0s")),
                "kamaelia.http.servers.api.ssl.handshake-timeout",
                "must be positive");
    }

    @Test
    void rejectsATrustedProxyThatIsNotAnAddressRangeByItsIndex() {
        assertRejected(
                properties(api(
                        "kamaelia.http.servers.api.forwarded", "native",
                        "kamaelia.http.servers.api.trusted-proxies[0]", "10.0.0.0/8",
                        "kamaelia.http.servers.api.trusted-proxies[1]", "proxy.example")),
                "kamaelia.http.servers.api.trusted-proxies[1]",
                "not an address literal: proxy.example");
        assertRejected(
                properties(api(
                        "kamaelia.http.servers.api.forwarded", "native",
                        "kamaelia.http.servers.api.trusted-proxies[0]", "10.0.0.0/33")),
                "kamaelia.http.servers.api.trusted-proxies[0]",
                "prefix length out of range");
    }
}
