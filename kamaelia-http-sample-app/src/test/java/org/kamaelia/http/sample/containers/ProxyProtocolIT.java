package org.kamaelia.http.sample.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.ContainerNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HAProxy in front of the packaged sample app, writing a PROXY protocol version 2 header ({@code send-proxy-v2}) on
 * every connection to the app's two servers of the {@code proxied} profile: a TCP frontend to the clear-text one, and
 * a TLS frontend to the TLS one, HAProxy verifying the app's certificate. {@code /whoami} must name the client as
 * HAProxy saw it, not HAProxy itself: the test connects through Docker's published port, so HAProxy's client is the
 * network's gateway (where docker-proxy connects from), while the app's TCP peer is HAProxy's own address. A client
 * that reaches those ports directly, without a header, is closed unanswered and counted.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ProxyProtocolIT {
    /** A tag of this test's own, so another worktree's build of the sample image cannot be started instead. */
    private static final String IMAGE = "local/kamaelia-http-sample-proxy-protocol-it";

    private static final String APP_ALIAS = "app";
    private static final int MANAGEMENT = 8082;
    /** The {@code proxied} and {@code proxied-secure} servers of application-proxied.yml. */
    private static final int PROXIED = 9081;

    private static final int PROXIED_SECURE = 9443;
    private static final int PLAIN_FRONT = 8000;
    private static final int TLS_FRONT = 8443;

    private static final String CERTIFICATE = "/tls/test-only-localhost.crt";
    private static final String KEY = "/tls/test-only-localhost.key";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * Two paths to the app, both with {@code send-proxy-v2} on the server line:
     *
     * <ul>
     *   <li>{@code plain}: a TCP frontend whose bytes go as they are to the clear-text {@code proxied} server, after
     *       the header.
     *   <li>{@code tls}: HAProxy ends the client's TLS with the app's test-only certificate (an HTTP frontend) and
     *       opens TLS again to {@code proxied-secure}, verifying the app's certificate against that same certificate
     *       as its CA. HAProxy 2.6 sends no SNI by default, so {@code verifyhost} gives the name to check: the
     *       certificate names {@code localhost} and 127.0.0.1, not the container's alias. The header goes before
     *       the TLS handshake, where the app's decoder (below TLS) expects it.
     * </ul>
     *
     * Each frontend logs its connections to stdout, the client's {@code ip:port} first: the test finds there the
     * address {@code /whoami} named ({@code logasap} logs a TCP session when it reaches the server, not when the
     * kept-alive connection closes). No health checks: a check would be one more connection with a header the test
     * did not send. The app is ready before HAProxy starts.
     */
    private static final String HAPROXY_CONFIG = """
            global
              log stdout format raw local0
            defaults
              log global
              timeout connect 2s
              timeout client 30s
              timeout server 30s
            frontend plain
              mode tcp
              option tcplog
              option logasap
              bind *:8000
              default_backend proxied
            frontend tls
              mode http
              option httplog
              bind *:8443 ssl crt /etc/haproxy/front.pem
              default_backend proxied-secure
            backend proxied
              mode tcp
              server app app:9081 send-proxy-v2
            backend proxied-secure
              mode http
              server app app:9443 send-proxy-v2 ssl verify required ca-file /etc/haproxy/app-ca.crt verifyhost localhost
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Network network;
    private static GenericContainer<?> app;
    private static GenericContainer<?> haproxy;
    /** HAProxy's address on the test network: the TCP peer the app sees. */
    private static String haproxyAddress;
    /** The test network's gateway: where HAProxy's clients come from when the test connects to a published port. */
    private static String gateway;

    @BeforeAll
    static void start() throws Exception {
        SampleContainers.requireDocker();
        network = Network.newNetwork();
        app = SampleContainers.app(SampleContainers.image(IMAGE), network, APP_ALIAS)
                .withEnv("SPRING_PROFILES_ACTIVE", "proxied")
                .withExposedPorts(MANAGEMENT, PROXIED, PROXIED_SECURE);
        app.start();
        String certificate = resource(CERTIFICATE);
        haproxy = new GenericContainer<>(SampleContainers.BASE)
                .withNetwork(network)
                .withExposedPorts(PLAIN_FRONT, TLS_FRONT)
                .withCopyToContainer(Transferable.of(HAPROXY_CONFIG), "/etc/haproxy/test.cfg")
                .withCopyToContainer(Transferable.of(certificate + resource(KEY)), "/etc/haproxy/front.pem")
                .withCopyToContainer(Transferable.of(certificate), "/etc/haproxy/app-ca.crt")
                .withCommand("haproxy", "-f", "/etc/haproxy/test.cfg", "-db")
                .waitingFor(Wait.forHttp("/hello").forPort(PLAIN_FRONT).forStatusCode(200));
        haproxy.start();
        Collection<ContainerNetwork> networks =
                haproxy.getContainerInfo().getNetworkSettings().getNetworks().values();
        assertThat(networks).as("HAProxy's networks").hasSize(1);
        ContainerNetwork testNetwork = networks.iterator().next();
        haproxyAddress = testNetwork.getIpAddress();
        gateway = testNetwork.getGateway();
        assertThat(gateway)
                .as("the gateway, where the test's connections reach HAProxy from")
                .isNotBlank()
                .isNotEqualTo(haproxyAddress);
    }

    @AfterAll
    static void stop() {
        if (haproxy != null) {
            haproxy.stop();
        }
        if (app != null) {
            app.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void aTcpFrontendWithSendProxyV2ShowsTheClientHaproxySawNotHaproxy() throws Exception {
        int front = haproxy.getMappedPort(PLAIN_FRONT);
        JsonNode who = whoami(plainClient(), "http://" + haproxy.getHost() + ":" + front);

        assertThat(who.get("client").asString()).as("client in %s", who).matches(addressOf(gateway));
        assertHaproxyLogged(who.get("client").asString());
        assertThat(who.get("peer").asString()).as("peer in %s", who).matches(addressOf(haproxyAddress));
        assertThat(who.get("scheme").asString()).isEqualTo("http");
        assertThat(who.get("host").asString()).isEqualTo(haproxy.getHost() + ":" + front);
        assertThat(who.get("tls").isNull()).as("tls in %s", who).isTrue();
    }

    @Test
    void aTlsBackendWithSendProxyV2ShowsTheClientHaproxySawOverHttps() throws Exception {
        int front = haproxy.getMappedPort(TLS_FRONT);
        JsonNode who = whoami(clientTrustingTheSampleCertificate(), "https://" + haproxy.getHost() + ":" + front);

        assertThat(who.get("client").asString()).as("client in %s", who).matches(addressOf(gateway));
        assertHaproxyLogged(who.get("client").asString());
        assertThat(who.get("peer").asString()).as("peer in %s", who).matches(addressOf(haproxyAddress));
        // the scheme of the app's own connection from HAProxy: TLS, which HAProxy verified
        assertThat(who.get("scheme").asString()).isEqualTo("https");
        assertThat(who.get("host").asString()).isEqualTo(haproxy.getHost() + ":" + front);
        assertThat(who.get("tls").get("protocol").asString()).isIn("TLSv1.3", "TLSv1.2");
    }

    @Test
    void aDirectConnectionWithoutAProxyHeaderIsClosedUnansweredAndCounted() throws Exception {
        assertThat(rejections("proxied"))
                .as("refused headers before the direct connection")
                .isZero();
        assertThat(rejections("proxied-secure")).isZero();

        String answer =
                answerTo(app.getHost(), app.getMappedPort(PROXIED), "GET /whoami HTTP/1.1\r\nHost: app\r\n\r\n");
        assertThat(answer)
                .as("what the clear-text server answered a request without a header")
                .isEmpty();
        Poll.until(
                "the clear-text server counts one missing header",
                Duration.ofSeconds(10),
                () -> rejections("proxied") >= 1);

        // a TLS client's first bytes are its ClientHello, not a header: refused before any handshake
        assertThatThrownBy(() -> handshake(app.getHost(), app.getMappedPort(PROXIED_SECURE)))
                .as("a TLS handshake straight to the TLS server")
                .isInstanceOf(IOException.class);
        Poll.until(
                "the TLS server counts one missing header",
                Duration.ofSeconds(10),
                () -> rejections("proxied-secure") >= 1);
        assertThat(rejections("proxied-secure")).as("one connection, one count").isEqualTo(1);
        assertThat(rejections("proxied"))
                .as("the clear-text server's count, unchanged")
                .isEqualTo(1);
    }

    private static JsonNode whoami(HttpClient client, String origin) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(origin + "/whoami"))
                        .timeout(TIMEOUT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("status; HAProxy said: %s", haproxy.getLogs())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** HAProxy logs {@code client} as a client of its own: the app names exactly the client HAProxy had. */
    private static void assertHaproxyLogged(String client) {
        Poll.until(
                "HAProxy logs a connection from " + client,
                Duration.ofSeconds(10),
                () -> haproxy.getLogs().lines().anyMatch(line -> line.startsWith(client + " ")));
    }

    /** {@code kamaelia.http.proxy.rejections} of {@code server} for a missing header, from the app's Actuator. */
    private static long rejections(String server) throws Exception {
        URI uri = URI.create("http://" + app.getHost() + ":" + app.getMappedPort(MANAGEMENT)
                + "/actuator/metrics/kamaelia.http.proxy.rejections?tag=server:" + server + "&tag=reason:missing");
        HttpResponse<String> response = plainClient()
                .send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
        JsonNode count = JSON.readTree(response.body()).get("measurements").get(0);
        assertThat(count.get("statistic").asString()).isEqualTo("COUNT");
        return (long) count.get("value").asDouble();
    }

    /**
     * What the server sent back on a connection carrying exactly {@code request}, until it closed the connection (a
     * reset counts as a close: the server may drop it with the request unread).
     */
    private static String answerTo(String host, int port, String request) throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(host, port)) {
            connection.send(request);
            try {
                return connection.readToEnd();
            } catch (SocketException reset) {
                return connection.receivedSoFar();
            }
        }
    }

    /** One TLS handshake on one connection (no client retry that would make a second), trusting the sample. */
    private static void handshake(String host, int port) throws Exception {
        try (Socket tcp = new Socket()) {
            tcp.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            tcp.setSoTimeout((int) TIMEOUT.toMillis());
            try (SSLSocket tls = (SSLSocket) sampleTrust().getSocketFactory().createSocket(tcp, host, port, false)) {
                tls.startHandshake();
            }
        }
    }

    /** {@code ip:port} with that exact IPv4 address and any port. */
    private static String addressOf(String ip) {
        return Pattern.quote(ip) + ":\\d+";
    }

    private static HttpClient plainClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
    }

    /** A client that trusts only the sample's checked-in, test-only certificate (which names localhost). */
    private static HttpClient clientTrustingTheSampleCertificate() throws Exception {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .sslContext(sampleTrust())
                .build();
    }

    /** TLS that trusts only the sample's certificate. */
    private static SSLContext sampleTrust() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = ProxyProtocolIT.class.getResourceAsStream(CERTIFICATE)) {
            trust.setCertificateEntry(
                    "sample", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ProxyProtocolIT.class.getResourceAsStream(name)) {
            assertThat(in).as("classpath resource " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
