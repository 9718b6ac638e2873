package org.kamaelia.http.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kamaelia.http.handler.HttpHandler;
import org.kamaelia.http.message.ClientOrigin;
import org.kamaelia.http.message.TlsSessionInfo;
import org.kamaelia.http.spring.boot.KamaeliaHttpConfigurationException;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * TLS servers from Spring Boot SSL bundles in a real application: PEM and PKCS12 bundles, the bundle's protocol and
 * cipher options, client certificates, a bundle update while a connection is open, and a missing bundle at startup.
 * The certificates are made by a throw-away CA in each test.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class KamaeliaHttpTlsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestCertificates ca = TestCertificates.newAuthority();

    @TempDir
    Path dir;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        HttpHandler hello() {
            return request -> org.kamaelia.http.handler.HttpResponse.text(200, "hello");
        }

        /** The scheme and the client certificate's subject, as the handler sees them. */
        @Bean
        HttpHandler who() {
            return request -> {
                ClientOrigin origin = request.origin();
                String subject = origin.tlsSession()
                        .flatMap(TlsSessionInfo::peerCertificate)
                        .map(c -> c.getSubjectX500Principal().getName())
                        .orElse("anonymous");
                return org.kamaelia.http.handler.HttpResponse.text(200, origin.scheme() + " " + subject);
            };
        }
    }

    private static ConfigurableApplicationContext run(String... properties) {
        return new SpringApplicationBuilder(App.class)
                .properties("kamaelia.http.event-loops=1")
                .properties(properties)
                .run();
    }

    /** A server {@code name} on a free loopback port with routes /hello and /who, serving bundle {@code bundle}. */
    private static String[] server(String name, String bundle, String... more) {
        String prefix = "kamaelia.http.servers." + name + ".";
        String[] base = {
            prefix + "port=0",
            prefix + "address=127.0.0.1",
            prefix + "ssl.bundle=" + bundle,
            prefix + "routes[0].prefix=/hello",
            prefix + "routes[0].handler=hello",
            prefix + "routes[1].prefix=/who",
            prefix + "routes[1].handler=who"
        };
        return concat(base, more);
    }

    /** A PEM bundle {@code name} with a new server certificate, and trust in the CA for client certificates. */
    private String[] pemBundle(String name, TestCertificates.Issued server, String... more) throws IOException {
        TestCertificates.Pem pem = server.writeTo(dir, name + "-" + server.serial(), ca.ca());
        Path trust = ca.writeCaTo(dir.resolve("ca.crt"));
        String prefix = "spring.ssl.bundle.pem." + name + ".";
        String[] base = {
            prefix + "keystore.certificate=" + pem.certificateLocation(),
            prefix + "keystore.private-key=" + pem.privateKeyLocation(),
            prefix + "truststore.certificate=file:" + trust.toAbsolutePath()
        };
        return concat(base, more);
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    private static int port(ConfigurableApplicationContext context, String server) {
        return context.getBean(KamaeliaHttpServers.class)
                .server(server)
                .orElseThrow()
                .port();
    }

    private static HttpResponse<String> get(SSLContext tls, int port, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
        return client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                        .timeout(TIMEOUT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHttpsFromAPemBundleToJavaNetHttpAndSaysHttpsInItsStartLine(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext context =
                run(concat(pemBundle("web", ca.server("web")), server("web", "web")))) {
            int port = port(context, "web");
            HttpResponse<String> response = get(ca.clientContext(null), port, "/who");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("https anonymous");
            assertThat(response.sslSession())
                    .hasValueSatisfying(
                            session -> assertThat(session.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));
            assertThat(output.getOut())
                    .contains("Kamaelia HTTP server 'web' started on 127.0.0.1:" + port + " (https)");
        }
    }

    @Test
    void servesTheProtocolsAndCiphersOfTheBundleOptions() throws Exception {
        String suite = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
        try (ConfigurableApplicationContext context = run(concat(
                pemBundle(
                        "web",
                        ca.server("web"),
                        "spring.ssl.bundle.pem.web.options.enabled-protocols=TLSv1.2",
                        "spring.ssl.bundle.pem.web.options.ciphers=" + suite),
                server("web", "web")))) {
            HttpResponse<String> response = get(ca.clientContext(null), port(context, "web"), "/hello");
            assertThat(response.body()).isEqualTo("hello");
            assertThat(response.sslSession()).hasValueSatisfying(session -> {
                assertThat(session.getProtocol()).isEqualTo("TLSv1.2");
                assertThat(session.getCipherSuite()).isEqualTo(suite);
            });
        }
    }

    @Test
    void servesHttpsFromAPkcs12Bundle() throws Exception {
        TestCertificates.Issued server = ca.server("p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", server.keys().getPrivate(), "secret".toCharArray(), new Certificate[] {
            server.certificate(), ca.ca()
        });
        Path file = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "secret".toCharArray());
        }
        try (ConfigurableApplicationContext context = run(concat(
                new String[] {
                    "spring.ssl.bundle.jks.p12.keystore.location=file:" + file.toAbsolutePath(),
                    "spring.ssl.bundle.jks.p12.keystore.password=secret",
                    "spring.ssl.bundle.jks.p12.keystore.type=PKCS12"
                },
                server("web", "p12")))) {
            HttpResponse<String> response = get(ca.clientContext(null), port(context, "web"), "/hello");
            assertThat(response.body()).isEqualTo("hello");
            assertThat(serialOf(response)).isEqualTo(server.serial());
        }
    }

    @Test
    void clientAuthNeedRefusesAClientWithoutACertificateAndLetsOneWithACertificateIn() throws Exception {
        try (ConfigurableApplicationContext context = run(concat(
                pemBundle("mutual", ca.server("mutual")),
                server("mutual", "mutual", "kamaelia.http.servers.mutual.ssl.client-auth=need")))) {
            int port = port(context, "mutual");
            assertThatThrownBy(() -> get(ca.clientContext(null), port, "/who")).isInstanceOf(IOException.class);
            HttpResponse<String> response = get(ca.clientContext(ca.client("alice")), port, "/who");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("https CN=alice");
        }
    }

    @Test
    void clientAuthWantLetsAClientWithoutACertificateIn() throws Exception {
        try (ConfigurableApplicationContext context = run(concat(
                pemBundle("mutual", ca.server("mutual")),
                server("mutual", "mutual", "kamaelia.http.servers.mutual.ssl.client-auth=want")))) {
            int port = port(context, "mutual");
            assertThat(get(ca.clientContext(null), port, "/who").body()).isEqualTo("https anonymous");
            assertThat(get(ca.clientContext(ca.client("bob")), port, "/who").body())
                    .isEqualTo("https CN=bob");
        }
    }

    @Test
    void actuatorLinksOnATlsServerStartWithHttps() throws Exception {
        try (ConfigurableApplicationContext context =
                run(concat(pemBundle("web", ca.server("web")), server("web", "web"), new String[] {
                    "kamaelia.http.management-server=web", "management.endpoints.web.exposure.include=health"
                }))) {
            int port = port(context, "web");
            HttpResponse<String> discovery = get(ca.clientContext(null), port, "/actuator");
            assertThat(discovery.statusCode()).isEqualTo(200);
            JsonNode links = JSON.readTree(discovery.body()).get("_links");
            assertThat(links.get("self").get("href").asString()).isEqualTo("https://127.0.0.1:" + port + "/actuator");
            assertThat(links.get("health").get("href").asString())
                    .isEqualTo("https://127.0.0.1:" + port + "/actuator/health");
        }
    }

    @Test
    void theKamaeliaEndpointListsAnOpenTlsConnectionWithItsAddressesSessionAndClientCertificate() throws Exception {
        try (ConfigurableApplicationContext context = run(concat(
                pemBundle("mutual", ca.server("mutual")),
                server("mutual", "mutual", "kamaelia.http.servers.mutual.ssl.client-auth=want"),
                new String[] {
                    "kamaelia.http.servers.ops.port=0",
                    "kamaelia.http.servers.ops.address=127.0.0.1",
                    "kamaelia.http.management-server=ops",
                    "management.endpoints.web.exposure.include=kamaelia"
                }))) {
            int port = port(context, "mutual");
            try (SSLSocket open = connect(ca.clientContext(ca.client("carol")), port)) {
                assertThat(exchange(open, "/hello")).isEqualTo("HTTP/1.1 200 hello");
                String client = "127.0.0.1:" + open.getLocalPort();

                JsonNode listed = null;
                HttpClient plain = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(TIMEOUT)
                        .build();
                HttpResponse<String> answer = plain.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + port(context, "ops") + "/actuator/kamaelia/mutual"))
                                .timeout(TIMEOUT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                for (JsonNode c : JSON.readTree(answer.body()).get("connections")) {
                    if (c.get("client").asString().equals(client)) {
                        listed = c;
                    }
                }
                assertThat(listed)
                        .as("the open connection from " + client + " in " + answer.body())
                        .isNotNull();
                assertThat(listed.get("scheme").asString()).isEqualTo("https");
                assertThat(listed.get("local").asString()).isEqualTo("127.0.0.1:" + port);
                assertThat(listed.path("peer").isNull() || listed.path("peer").isMissingNode())
                        .as("no proxy between client and server: no peer of its own")
                        .isTrue();
                JsonNode tls = listed.get("tls");
                assertThat(tls.get("protocol").asString())
                        .isEqualTo(open.getSession().getProtocol());
                assertThat(tls.get("cipherSuite").asString())
                        .isEqualTo(open.getSession().getCipherSuite());
                assertThat(tls.get("clientCertificate").asString()).isEqualTo("CN=carol");
                assertThat(answer.body()).doesNotContain("BEGIN CERTIFICATE");
            }
        }
    }

    @Test
    void aBundleUpdateGivesNewConnectionsTheNewCertificateWhileAnOpenConnectionGoesOn() throws Exception {
        TestCertificates.Issued first = ca.server("first");
        TestCertificates.Issued second = ca.server("second");
        try (ConfigurableApplicationContext context = run(concat(pemBundle("web", first), server("web", "web")))) {
            int port = port(context, "web");
            SSLContext client = ca.clientContext(null);
            try (SSLSocket open = connect(client, port)) {
                assertThat(exchange(open, "/hello")).isEqualTo("HTTP/1.1 200 hello");
                assertThat(serialOf(open)).isEqualTo(first.serial());

                TestCertificates.Pem pem = second.writeTo(dir, "second", ca.ca());
                context.getBean(SslBundleRegistry.class)
                        .updateBundle(
                                "web",
                                SslBundle.of(new PemSslStoreBundle(
                                        PemSslStoreDetails.forCertificate(pem.certificateLocation())
                                                .withPrivateKey(pem.privateKeyLocation()),
                                        null)));

                BigInteger seen = awaitNewConnectionSerial(client, port, second.serial());
                assertThat(seen).isEqualTo(second.serial());
                // the connection opened before the update is the same TCP connection, still served, with its session
                assertThat(exchange(open, "/hello")).isEqualTo("HTTP/1.1 200 hello");
                assertThat(serialOf(open)).isEqualTo(first.serial());
            }
        }
    }

    @Test
    void aBundleUpdateThatCannotServeTlsIsLoggedAndTheServerKeepsItsCertificate(CapturedOutput output)
            throws Exception {
        TestCertificates.Issued first = ca.server("first");
        try (ConfigurableApplicationContext context = run(concat(pemBundle("web", first), server("web", "web")))) {
            int port = port(context, "web");
            TestCertificates.Pem pem = ca.server("second").writeTo(dir, "second", ca.ca());
            context.getBean(SslBundleRegistry.class)
                    .updateBundle(
                            "web",
                            SslBundle.of(
                                    new PemSslStoreBundle(
                                            PemSslStoreDetails.forCertificate(pem.certificateLocation())
                                                    .withPrivateKey(pem.privateKeyLocation()),
                                            null),
                                    null,
                                    SslOptions.of(new String[] {"TLS_NO_SUCH_SUITE"}, null)));
            assertThat(output.getOut())
                    .contains("Kamaelia HTTP server 'web' keeps its TLS settings: the update of SSL bundle 'web'"
                            + " cannot serve TLS: cipher suite TLS_NO_SUCH_SUITE is not supported");
            try (SSLSocket fresh = connect(ca.clientContext(null), port)) {
                assertThat(exchange(fresh, "/hello")).isEqualTo("HTTP/1.1 200 hello");
                assertThat(serialOf(fresh)).isEqualTo(first.serial());
            }
        }
    }

    @Test
    void reloadsWhenTheBundleFilesChangeWithReloadOnUpdate() throws Exception {
        TestCertificates.Issued first = ca.server("first");
        TestCertificates.Issued second = ca.server("second");
        TestCertificates.Pem live = first.writeTo(dir, "live", ca.ca());
        try (ConfigurableApplicationContext context = run(concat(
                new String[] {
                    "spring.ssl.bundle.watch.file.quiet-period=200ms",
                    "spring.ssl.bundle.pem.web.reload-on-update=true",
                    "spring.ssl.bundle.pem.web.keystore.certificate=" + live.certificateLocation(),
                    "spring.ssl.bundle.pem.web.keystore.private-key=" + live.privateKeyLocation()
                },
                server("web", "web")))) {
            int port = port(context, "web");
            SSLContext client = ca.clientContext(null);
            try (SSLSocket open = connect(client, port)) {
                assertThat(exchange(open, "/hello")).isEqualTo("HTTP/1.1 200 hello");
                assertThat(serialOf(open)).isEqualTo(first.serial());
                // both files replaced within the watcher's quiet period, so it reads them as one change
                TestCertificates.Pem next = second.writeTo(dir, "next", ca.ca());
                Files.move(next.privateKey(), live.privateKey(), StandardCopyOption.REPLACE_EXISTING);
                Files.move(next.certificate(), live.certificate(), StandardCopyOption.REPLACE_EXISTING);

                assertThat(awaitNewConnectionSerial(client, port, second.serial()))
                        .isEqualTo(second.serial());
                assertThat(exchange(open, "/hello")).isEqualTo("HTTP/1.1 200 hello");
                assertThat(serialOf(open)).isEqualTo(first.serial());
            }
        }
    }

    @Test
    void explainsAMissingBundleByItsKey(CapturedOutput output) throws Exception {
        String[] properties = concat(pemBundle("web", ca.server("web")), server("api", "wbe"));
        assertThatThrownBy(() -> run(properties)).hasRootCauseInstanceOf(KamaeliaHttpConfigurationException.class);
        assertThat(output.toString())
                .contains("APPLICATION FAILED TO START")
                .contains("Invalid Kamaelia HTTP configuration: kamaelia.http.servers.api.ssl.bundle: no SSL bundle"
                        + " named 'wbe' (there are [web]).")
                .contains("Define the bundle under spring.ssl.bundle.pem.wbe")
                .contains("or set kamaelia.http.servers.api.ssl.bundle to the name of an existing bundle.");
    }

    /** New connections until one presents {@code expected}, within the deadline; the last serial seen. */
    private static BigInteger awaitNewConnectionSerial(SSLContext client, int port, BigInteger expected)
            throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.multipliedBy(2).toNanos();
        BigInteger seen;
        do {
            try (SSLSocket fresh = connect(client, port)) {
                assertThat(exchange(fresh, "/hello")).isEqualTo("HTTP/1.1 200 hello");
                seen = serialOf(fresh);
            }
        } while (!seen.equals(expected) && System.nanoTime() < deadline);
        return seen;
    }

    private static SSLSocket connect(SSLContext client, int port) throws IOException {
        SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        socket.startHandshake();
        return socket;
    }

    private static BigInteger serialOf(SSLSocket socket) throws IOException {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }

    private static BigInteger serialOf(HttpResponse<?> response) throws IOException {
        return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
    }

    /** One keep-alive request on {@code socket}: the status line's version and code, then the body. */
    private static String exchange(SSLSocket socket, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection in the response head: " + head);
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int length = -1;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(
                        line.substring("content-length:".length()).trim());
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length in " + head);
        }
        byte[] body = in.readNBytes(length);
        String[] status = lines[0].split(" ", 3);
        return status[0] + " " + status[1] + " " + new String(body, StandardCharsets.UTF_8);
    }
}
