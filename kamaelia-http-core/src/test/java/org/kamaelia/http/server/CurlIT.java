package org.kamaelia.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;

/** Each framing as curl sees it on the wire (curl is installed by .ci/run). */
@Timeout(60)
class CurlIT {
    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = HttpServer.builder()
                .port(0)
                .eventLoops(1)
                .route("/hello", Handlers.function(r -> HttpResponse.text(200, "Hello, World!")), Set.of("GET", "HEAD"))
                .route("/stream", head -> new TestHandlers.Stream(3, 4))
                .route("/ticker", head -> new TestHandlers.Ticker(Duration.ofMillis(10)))
                .start();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(2));
    }

    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "5"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Test
    void contentLengthForAKnownLength() throws Exception {
        String out = curl("-i", url("/hello"));
        assertThat(out)
                .startsWith("HTTP/1.1 200 OK")
                .contains("Content-Length: 13")
                .endsWith("Hello, World!");
    }

    @Test
    void chunkedForAnUnknownLengthOnHttp11() throws Exception {
        String raw = curl("--raw", "-i", url("/stream"));
        assertThat(raw)
                .contains("Transfer-Encoding: chunked")
                .contains("4\r\naaaa\r\n")
                .endsWith("0\r\n\r\n");
        assertThat(curl(url("/stream"))).isEqualTo("aaaabbbbcccc");
    }

    @Test
    void closeDelimitedForAnUnknownLengthOnHttp10() throws Exception {
        String out = curl("-i", "--http1.0", url("/stream"));
        assertThat(out)
                .contains("Connection: close")
                .doesNotContain("Transfer-Encoding")
                .endsWith("aaaabbbbcccc");
    }

    @Test
    void closeDelimitedForAnEndlessStream() throws Exception {
        String out = curl("-i", "--max-time", "1", url("/ticker"));
        assertThat(out)
                .contains("Connection: close")
                .doesNotContain("Transfer-Encoding")
                .contains("tick 0\n");
    }
}
