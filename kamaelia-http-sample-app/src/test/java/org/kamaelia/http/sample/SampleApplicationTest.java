package org.kamaelia.http.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Starts the sample on free ports and makes one real request per server. */
@SpringBootTest(
        properties = {
            "kamaelia.http.servers.api.port=0",
            "kamaelia.http.servers.site.port=0",
            "kamaelia.http.servers.management.port=0",
            "kamaelia.http.servers.secure.port=0"
        })
@Timeout(60)
class SampleApplicationTest {
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Autowired
    KamaeliaHttpServers servers;

    private HttpResponse<String> get(String server, String path) throws Exception {
        int port = servers.server(server).orElseThrow().port();
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void apiAnswersHelloAndRefusesOtherMethods() throws Exception {
        HttpResponse<String> hello = get("api", "/hello");
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("Hello, World!");
        assertThat(hello.headers().firstValue("content-type")).contains("text/plain; charset=utf-8");
        int port = servers.server("api").orElseThrow().port();
        HttpResponse<String> delete = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("allow")).contains("GET, HEAD, OPTIONS");
        HttpResponse<String> echo = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo"))
                        .header("Content-Type", "text/x-sample")
                        .POST(HttpRequest.BodyPublishers.ofString("ping"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(echo.body()).isEqualTo("ping");
        assertThat(echo.headers().firstValue("content-type")).contains("text/x-sample");
        assertThat(get("api", "/stream?parts=3&size=5").body()).hasSize(15);
    }

    @Test
    void siteServesStaticFilesAndDashboardData() throws Exception {
        assertThat(get("site", "/").body()).contains("Kamaelia HTTP");
        assertThat(get("site", "/dashboard.html").statusCode()).isEqualTo(200);
        HttpResponse<String> data = get("site", "/dashboard/data");
        assertThat(data.headers().firstValue("content-type")).contains("application/json");
        assertThat(data.body())
                .contains("\"name\":\"api\"")
                .contains("\"name\":\"site\"")
                .contains("\"chunked\":");
    }

    @Test
    void managementServesActuatorOverKamaelia() throws Exception {
        HttpResponse<String> health = get("management", "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("content-type"))
                .contains("application/vnd.spring-boot.actuator.v3+json");
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("kamaeliaHttp");
        assertThat(get("management", "/actuator/health/liveness").body()).contains("\"status\":\"UP\"");
        assertThat(get("management", "/actuator").body()).contains("\"_links\"").contains("/actuator/prometheus");
        get("api", "/hello");
        HttpResponse<String> prometheus = get("management", "/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(prometheus.body())
                .contains("kamaelia_http_responses_total")
                .contains("http_server_requests_seconds");
        assertThat(get("management", "/actuator/kamaelia").body())
                .contains("\"api\"")
                .contains("\"RUNNING\"");
        assertThat(get("management", "/actuator/metrics/kamaelia.http.requests").statusCode())
                .isEqualTo(200);
        assertThat(get("management", "/actuator/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void siteCompressesForClientsThatAsk() throws Exception {
        int port = servers.server("site").orElseThrow().port();
        HttpResponse<byte[]> coded = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/assets/dashboard.js"))
                        .header("Accept-Encoding", "gzip")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<String> plain = get("site", "/assets/dashboard.js");
        assertThat(coded.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(coded.headers().firstValue("vary")).contains("Accept-Encoding");
        assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
        assertThat(plain.headers().firstValue("vary")).contains("Accept-Encoding");
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(coded.body()))) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(plain.body());
        }
        assertThat(coded.body().length).isLessThan(plain.body().length());
    }

    @Test
    void sitePrefersZstdForClientsThatTakeIt() throws Exception {
        int port = servers.server("site").orElseThrow().port();
        HttpResponse<byte[]> coded = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/assets/dashboard.js"))
                        .header("Accept-Encoding", "gzip, deflate, br, zstd") // equal weights: the server's order
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<String> plain = get("site", "/assets/dashboard.js");
        assertThat(coded.headers().firstValue("content-encoding")).contains("zstd");
        assertThat(coded.headers().firstValue("vary")).contains("Accept-Encoding");
        try (var in = new com.github.luben.zstd.ZstdInputStream(new java.io.ByteArrayInputStream(coded.body()))) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(plain.body());
        }
        assertThat(coded.body().length).isLessThan(plain.body().length());
    }
}
