package org.kamaelia.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kamaelia.http.handler.Handlers;
import org.kamaelia.http.handler.HttpResponse;

/** A function handler answering with {@link HttpResponse#file}: streamed whole, HEAD without body, 404 if missing. */
@Timeout(60)
class FunctionFileResponseIT {
    @TempDir
    Path dir;

    @Test
    void streamsTheFileAndAnswersHeadAndMissingFiles() throws Exception {
        byte[] data = new byte[300_000];
        new Random(11).nextBytes(data);
        Path file = Files.write(dir.resolve("data.bin"), data);
        Path missing = dir.resolve("missing.bin");
        try (HttpServer server = HttpServer.builder()
                .port(0)
                .eventLoops(1)
                .route("/file", Handlers.function(r -> HttpResponse.file(200, "application/octet-stream", file)))
                .route("/missing", Handlers.function(r -> HttpResponse.file(200, "text/plain", missing)))
                .start()) {
            try (RawHttpClient c = new RawHttpClient(server.port())) {
                RawHttpClient.Response whole =
                        c.send("GET /file HTTP/1.1\r\nHost: h\r\n\r\n").read();
                assertThat(whole.status()).isEqualTo(200);
                assertThat(whole.framing()).isEqualTo("content-length");
                assertThat(whole.header("Content-Type")).contains("application/octet-stream");
                assertThat(whole.body()).isEqualTo(data);

                RawHttpClient.Response head =
                        c.send("HEAD /file HTTP/1.1\r\nHost: h\r\n\r\n").read(true);
                assertThat(head.header("Content-Length")).contains("300000");

                RawHttpClient.Response gone =
                        c.send("GET /missing HTTP/1.1\r\nHost: h\r\n\r\n").read();
                assertThat(gone.status()).isEqualTo(404);
                // the connection is still usable after each of them
                assertThat(c.send("GET /file HTTP/1.1\r\nHost: h\r\n\r\n")
                                .read()
                                .body())
                        .isEqualTo(data);
            }
            server.stop(Duration.ofSeconds(2));
        }
    }
}
