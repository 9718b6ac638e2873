package org.kamaelia.http.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /whoami} on the API in clear text and on the {@code secure} server over TLS, from the sample's own
 * test-only certificate: the client's address, the scheme, the host, the TCP peer and the TLS session.
 */
@SpringBootTest(
        properties = {
            "kamaelia.http.servers.api.port=0",
            "kamaelia.http.servers.site.port=0",
            "kamaelia.http.servers.management.port=0",
            "kamaelia.http.servers.secure.port=0"
        })
@Timeout(60)
class WhoAmITest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String LOOPBACK_WITH_PORT = "127\\.0\\.0\\.1:\\d+";

    private final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    KamaeliaHttpServers servers;

    private JsonNode whoami(HttpClient client, String scheme, String server, String... headers) throws Exception {
        int port = servers.server(server).orElseThrow().port();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + "/whoami"))
                .timeout(TIMEOUT);
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        return json.readTree(response.body());
    }

    private static HttpClient plain() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
    }

    /** A client that trusts only the sample's checked-in, test-only certificate. */
    private static HttpClient trustingTheSampleCertificate() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = WhoAmITest.class.getResourceAsStream("/tls/test-only-localhost.crt")) {
            trust.setCertificateEntry(
                    "sample", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .sslContext(context)
                .build();
    }

    @Test
    void answersTheClientAndNoTlsInClearText() throws Exception {
        JsonNode who = whoami(plain(), "http", "api");
        int port = servers.server("api").orElseThrow().port();
        assertThat(who.get("client").asString()).matches(LOOPBACK_WITH_PORT);
        assertThat(who.get("peer").asString()).isEqualTo(who.get("client").asString());
        assertThat(who.get("scheme").asString()).isEqualTo("http");
        assertThat(who.get("host").asString()).isEqualTo("127.0.0.1:" + port);
        assertThat(who.get("tls").isNull()).as("tls in %s", who).isTrue();
    }

    @Test
    void answersTheTlsSessionOverHttpsOnTheSecureServer() throws Exception {
        JsonNode who = whoami(trustingTheSampleCertificate(), "https", "secure");
        int port = servers.server("secure").orElseThrow().port();
        assertThat(who.get("client").asString()).matches(LOOPBACK_WITH_PORT);
        assertThat(who.get("peer").asString()).isEqualTo(who.get("client").asString());
        assertThat(who.get("scheme").asString()).isEqualTo("https");
        assertThat(who.get("host").asString()).isEqualTo("127.0.0.1:" + port);
        assertThat(who.get("tls").get("protocol").asString()).isIn("TLSv1.3", "TLSv1.2");
        assertThat(who.get("tls").get("cipherSuite").asString()).startsWith("TLS_");
    }

    @Test
    void showsTheForwardedClientWhenTheProxyIsOnLoopback() throws Exception {
        JsonNode who = whoami(
                plain(),
                "http",
                "api",
                "X-Forwarded-For",
                "203.0.113.7",
                "X-Forwarded-Proto",
                "https",
                "X-Forwarded-Host",
                "api.example");
        assertThat(who.get("client").asString()).startsWith("203.0.113.7:");
        assertThat(who.get("scheme").asString()).isEqualTo("https");
        assertThat(who.get("host").asString()).isEqualTo("api.example");
        assertThat(who.get("peer").asString()).matches(LOOPBACK_WITH_PORT);
        assertThat(who.get("tls").isNull()).isTrue();
    }
}
